/** Stable codes of judge failures: the model kept answering in the wrong shape, or the call failed. */
export type JudgeErrorCode = 'JUDGE_MALFORMED_OUTPUT' | 'JUDGE_CALL_FAILED';

/** A judge that could not grade a run; the runner reports it per case instead of inventing scores. */
export class JudgeError extends Error {
  readonly code: JudgeErrorCode;

  constructor(code: JudgeErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'JudgeError';
    this.code = code;
  }
}

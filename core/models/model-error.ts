/** Stable codes of model failures; `server/` maps them to what a client may see. */
export type ModelErrorCode =
  | 'MODEL_OVERLOADED'
  | 'MODEL_RATE_LIMITED'
  | 'MODEL_STREAM_CUT'
  | 'MODEL_TIMEOUT'
  | 'MODEL_AUTH'
  | 'MODEL_BAD_REQUEST'
  | 'MODEL_ABORTED'
  | 'MODEL_ERROR';

/** A model call that failed, with a stable `code` the machine and the server act on. */
export class ModelError extends Error {
  readonly code: ModelErrorCode;
  readonly status: number | undefined;

  constructor(code: ModelErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ModelError';
    this.code = code;
    this.status = options.status;
  }
}

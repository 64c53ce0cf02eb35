/**
 * An error the product expects and can explain: a stable `code` for programs, a message for people,
 * optional `details` (field errors). Only `server/` decides which HTTP status a code maps to.
 */
export class SegOpsError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'SegOpsError';
    this.code = code;
    this.details = details;
  }
}

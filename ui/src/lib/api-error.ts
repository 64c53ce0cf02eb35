/** One problem the server found in a request body, e.g. a segment definition (`path` is a JSON path). */
export interface ApiProblem {
  path: string;
  message: string;
}

/** A failed dashboard request: the HTTP status plus the server's `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: ApiProblem[];

  constructor(status: number, code: string, message: string, details: ApiProblem[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Whether the user must log in (no or a stale session). */
  get unauthorized(): boolean {
    return this.status === 401;
  }
}

/** Reads an error response into an ApiError, whatever its body (JSON error, text, nothing). */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const { error } = JSON.parse(text) as { error?: { code?: string; message?: string; details?: ApiProblem[] } };
    if (error?.message) return new ApiError(res.status, error.code ?? `HTTP_${res.status}`, error.message, error.details ?? []);
  } catch {
    // not JSON: fall through to the status line
  }
  return new ApiError(res.status, `HTTP_${res.status}`, text.trim().slice(0, 300) || `${res.status} ${res.statusText}`.trim());
}

/** Turns anything thrown by a request into an ApiError (network failures get status 0). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(0, 'NETWORK_ERROR', `The server could not be reached (${message}).`);
}

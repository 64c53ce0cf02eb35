import { errorFromResponse, toApiError } from './api-error.ts';

/** Options of one JSON request. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls a dashboard route with the session cookie and returns its JSON (undefined for 202/204).
 * Throws an ApiError on a non-2xx status or a network failure; an abort rethrows the AbortError.
 */
export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal } = options;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw toApiError(error);
  }
  if (!res.ok) throw await errorFromResponse(res);
  if (res.status === 202 || res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

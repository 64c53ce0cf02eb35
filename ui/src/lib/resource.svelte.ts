import { toApiError, type ApiError } from './api-error.ts';

/**
 * One request's state for a page: data, error and loading as `$state`. `reload()` aborts the previous
 * request; `quiet` keeps the current data on screen while refreshing (auto-refresh).
 */
export class Resource<T> {
  data = $state.raw<T | undefined>();
  error = $state.raw<ApiError | undefined>();
  loading = $state(false);
  #load: (signal: AbortSignal) => Promise<T>;
  #controller: AbortController | undefined;

  constructor(load: (signal: AbortSignal) => Promise<T>) {
    this.#load = load;
  }

  async reload(options: { quiet?: boolean } = {}): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    if (!options.quiet) this.loading = true;
    try {
      const data = await this.#load(controller.signal);
      if (controller.signal.aborted) return;
      this.data = data;
      this.error = undefined;
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = toApiError(error);
    } finally {
      if (this.#controller === controller) this.loading = false;
    }
  }

  /** Stops the request in flight (the page is leaving). */
  dispose(): void {
    this.#controller?.abort();
  }
}

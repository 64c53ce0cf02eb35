import type { ApiError, ApiProblem } from './api-error.ts';
import { toApiError } from './api-error.ts';
import { requestJson } from './api.ts';
import type { SegmentDetail, SegmentPreview } from './api-types.ts';
import { builderReducer, emptyBuilder, problemsByCondition, toDefinition, type BuilderAction, type BuilderState } from './builder-reducer.ts';

/** How long the builder waits after the last edit before it asks for a preview count. */
export const PREVIEW_DELAY_MS = 400;

/**
 * The segment builder's state: a thin Svelte binding over `builderReducer`, plus the debounced live preview
 * (POST /api/segments/preview) and saving. Validation problems from either are filed under their conditions.
 */
export class SegmentBuilder {
  state = $state.raw<BuilderState>(emptyBuilder);
  preview = $state.raw<SegmentPreview | undefined>();
  previewing = $state(false);
  /** A preview failure that is not a validation problem (network, server). */
  previewError = $state.raw<ApiError | undefined>();
  problems = $state.raw<ApiProblem[]>([]);
  saving = $state(false);
  saveError = $state.raw<ApiError | undefined>();
  byCondition = $derived(problemsByCondition(this.problems.filter((problem) => !isField(problem))));
  fieldProblems = $derived(this.problems.filter(isField));
  #segmentId: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #controller: AbortController | undefined;

  /** A builder for a new segment, or for editing segment `segmentId`. */
  constructor(segmentId?: string) {
    this.#segmentId = segmentId;
  }

  dispatch(action: BuilderAction): void {
    const before = this.state.definition;
    this.state = builderReducer(this.state, action);
    if (this.state.definition !== before) this.schedulePreview();
  }

  /** Asks for a preview after a pause in the edits. */
  schedulePreview(delay = PREVIEW_DELAY_MS): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refreshPreview(), delay);
  }

  async refreshPreview(): Promise<void> {
    this.#controller?.abort();
    if (this.state.definition.conditions.length === 0) {
      this.preview = undefined;
      this.problems = [];
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    this.previewing = true;
    try {
      this.preview = await requestJson<SegmentPreview>('/api/segments/preview', {
        method: 'POST',
        body: { definition: toDefinition(this.state) },
        signal: controller.signal,
      });
      this.problems = [];
      this.previewError = undefined;
    } catch (error) {
      if (controller.signal.aborted) return;
      const failure = toApiError(error);
      this.preview = undefined;
      this.problems = failure.details;
      this.previewError = failure.details.length > 0 ? undefined : failure;
    } finally {
      if (this.#controller === controller) this.previewing = false;
    }
  }

  /** Saves the segment (POST for a new one, PUT for an edit); returns it, or undefined when the server refused. */
  async save(): Promise<SegmentDetail | undefined> {
    this.saving = true;
    this.saveError = undefined;
    const { name, description } = this.state;
    const body = { name: name.trim(), description: description.trim() || undefined, definition: toDefinition(this.state) };
    try {
      const { segment } = this.#segmentId
        ? await requestJson<{ segment: SegmentDetail }>(`/api/segments/${encodeURIComponent(this.#segmentId)}`, { method: 'PUT', body })
        : await requestJson<{ segment: SegmentDetail }>('/api/segments', { method: 'POST', body });
      return segment;
    } catch (error) {
      const failure = toApiError(error);
      this.saveError = failure;
      this.problems = failure.details;
      return undefined;
    } finally {
      this.saving = false;
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#controller?.abort();
  }
}

function isField(problem: ApiProblem): boolean {
  return /^(name|description|status)\b/.test(problem.path);
}

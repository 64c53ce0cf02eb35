import type { SegmentDefinition } from '../../../core/segments/dsl.ts';

/** The sessionStorage key under which CreateSegmentCTA hands a draft to the builder. */
export const DRAFT_KEY = 'segops.segmentDraft';

/** A segment drafted by the copilot: its definition and the suggested name and description. */
export interface SegmentDraft {
  definition: SegmentDefinition;
  name?: string;
  description?: string;
}

/** Stores a draft for /segments/new (one draft at a time; a newer one replaces it). */
export function saveDraft(storage: Storage, draft: SegmentDraft): void {
  storage.setItem(DRAFT_KEY, JSON.stringify(draft));
}

/** The stored draft, or undefined when there is none or it is not a definition (the builder then starts empty). */
export function readDraft(storage: Storage): SegmentDraft | undefined {
  const text = storage.getItem(DRAFT_KEY);
  if (text === null) return undefined;
  try {
    const draft = JSON.parse(text) as Partial<SegmentDraft> | null;
    const definition = draft?.definition;
    if (!definition || (definition.match !== 'all' && definition.match !== 'any') || !Array.isArray(definition.conditions)) return undefined;
    return {
      definition,
      ...(typeof draft.name === 'string' ? { name: draft.name } : {}),
      ...(typeof draft.description === 'string' ? { description: draft.description } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Forgets the draft once the segment is saved. */
export function clearDraft(storage: Storage): void {
  storage.removeItem(DRAFT_KEY);
}

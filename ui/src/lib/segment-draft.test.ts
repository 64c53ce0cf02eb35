import { describe, expect, it } from 'vitest';
import { clearDraft, DRAFT_KEY, readDraft, saveDraft } from './segment-draft.ts';
import { MemoryStorage } from './test-support.ts';

const definition = {
  match: 'all' as const,
  conditions: [{ type: 'event' as const, event: 'Order Completed', performed: true, window: { type: 'relative' as const, last: 7, unit: 'days' as const } }],
};

describe('segment draft in sessionStorage', () => {
  it('round-trips the definition with the suggested name and description', () => {
    const storage = new MemoryStorage();
    saveDraft(storage, { definition, name: 'Recent buyers', description: 'Bought this week' });
    expect(storage.getItem(DRAFT_KEY)).toContain('Order Completed');
    expect(readDraft(storage)).toEqual({ definition, name: 'Recent buyers', description: 'Bought this week' });
  });

  it('is gone once cleared', () => {
    const storage = new MemoryStorage();
    saveDraft(storage, { definition });
    clearDraft(storage);
    expect(readDraft(storage)).toBeUndefined();
  });

  it('ignores a stored value that is not a definition', () => {
    const storage = new MemoryStorage();
    for (const text of ['{not json', 'null', '{"definition":{"match":"some","conditions":[]}}', '{"definition":{"match":"all"}}']) {
      storage.setItem(DRAFT_KEY, text);
      expect(readDraft(storage)).toBeUndefined();
    }
    storage.setItem(DRAFT_KEY, JSON.stringify({ definition, name: 42 }));
    expect(readDraft(storage)).toEqual({ definition });
  });
});

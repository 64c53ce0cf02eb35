import { afterEach, describe, expect, it, vi } from 'vitest';
import { Copilot, OPEN_CONVERSATION_KEY } from './copilot.svelte.ts';
import { fixtureText } from './test-support.ts';

afterEach(() => vi.unstubAllGlobals());

describe('Copilot', () => {
  it('streams a question into a finished turn and refreshes the history', async () => {
    const fetch = vi.fn(async (url: string) =>
      url === '/api/copilot/chat'
        ? new Response(fixtureText('high-ltv-run.sse'))
        : Response.json({ conversations: [{ id: 'conv_42', title: 'High LTV', updated_at: '2026-11-03T10:00:00Z' }] }),
    );
    vi.stubGlobal('fetch', fetch);
    const copilot = new Copilot();
    await copilot.ask('  How many users are in the High LTV segment?  ');
    expect(copilot.chat.turns[0]).toMatchObject({ question: 'How many users are in the High LTV segment?', status: 'done' });
    expect(copilot.busy).toBe(false);
    await vi.waitFor(() => expect(copilot.history).toHaveLength(1));
  });

  it('stop cancels the run on the server, aborts the stream and marks the turn stopped', async () => {
    const started = 'data: {"type":"RUN_STARTED","threadId":"c1","runId":"run_9","timestamp":1,"metadata":{"runId":"run_9","seq":1}}\n\n';
    const calls: Array<{ url: string; method?: string }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, method: init.method });
      if (url !== '/api/copilot/chat') return new Response(null, { status: url.endsWith('/cancel') ? 202 : 200 });
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(started));
          init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body);
    });
    const copilot = new Copilot();
    const answering = copilot.ask('Which segments are the largest?');
    await vi.waitFor(() => expect(copilot.chat.turns[0]?.runId).toBe('run_9'));
    copilot.stop();
    await answering;
    expect(calls).toContainEqual({ url: '/api/copilot/runs/run_9/cancel', method: 'POST' });
    expect(copilot.chat.turns[0].status).toBe('cancelled');
  });

  it('shows a 401 as a turn that asks to log in', async () => {
    vi.stubGlobal('fetch', async () => new Response('{"error":{"code":"UNAUTHORIZED","message":"authentication required"}}', { status: 401 }));
    const copilot = new Copilot();
    await copilot.ask('List my event schemas');
    expect(copilot.chat.turns[0]).toMatchObject({ status: 'error', error: { code: 'UNAUTHORIZED' } });
  });

  it('reopens the open conversation after a reload of the tab, and forgets one that is gone', async () => {
    const storage = new Map<string, string>();
    vi.stubGlobal('sessionStorage', {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
      removeItem: (key: string) => void storage.delete(key),
    });
    vi.stubGlobal('fetch', async (url: string) =>
      url === '/api/copilot/chat' ? new Response(fixtureText('high-ltv-run.sse')) : Response.json({ conversations: [] }),
    );
    const before = new Copilot();
    await before.ask('How many users are in the High LTV segment?');
    const id = before.chat.conversationId!;
    expect(storage.get(OPEN_CONVERSATION_KEY)).toBe(id);

    const turns = [{ runId: 'run_1', question: 'How many users are in the High LTV segment?', status: 'done', events: [] }];
    vi.stubGlobal('fetch', async (url: string) => Response.json({ conversation: { id, title: 't' }, turns }));
    const reloaded = new Copilot();
    await reloaded.restore();
    expect(reloaded.chat.conversationId).toBe(id);
    expect(reloaded.chat.turns.map((t) => t.question)).toEqual(['How many users are in the High LTV segment?']);

    vi.stubGlobal('fetch', async () => new Response('{"error":{"code":"NOT_FOUND","message":"gone"}}', { status: 404 }));
    await new Copilot().restore();
    expect(storage.has(OPEN_CONVERSATION_KEY)).toBe(false);
    reloaded.newConversation();
    expect(storage.has(OPEN_CONVERSATION_KEY)).toBe(false);
  });
});

import type { ServerResponse } from 'node:http';
import { Router } from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import type { RunEvent } from '../../core/agent/events.ts';
import { formatSse } from '../../core/agent/sse.ts';
import { SegOpsError } from '../../core/errors.ts';
import { hashToken, requestToken } from '../auth.ts';
import { readJson } from '../body.ts';
import type { CopilotService } from '../copilot/copilot-service.ts';
import { rateLimit } from '../rate-limit.ts';
import { runMessagesRoute } from './run-messages.ts';
import { replayRun } from './run-replay.ts';

/** Our short chat body. */
const ShortChat = z.object({
  message: z.string().trim().min(1, 'message must not be empty').max(4000, 'message must be at most 4,000 characters'),
  conversationId: z.string().min(1).max(100).optional(),
  machine: z.string().min(1).max(50).optional(),
});

/** AG-UI's RunAgentInput, as `@ag-ui/client`'s HttpAgent posts it. */
const RunAgentInput = z.object({
  threadId: z.string().min(1).max(100),
  runId: z.string().min(1).max(100),
  messages: z.array(z.looseObject({ role: z.string(), content: z.unknown().optional() })).min(1),
  tools: z.array(z.unknown()).optional(),
  context: z.array(z.unknown()).optional(),
  state: z.unknown().optional(),
  forwardedProps: z.unknown().optional(),
});

/** Options of the copilot routes (tests shorten the keep-alive and tighten the limit; benchmarks lift it). */
export interface CopilotRouteOptions {
  keepAliveMs?: number;
  /** Chats per minute per token (bursts up to 20, or this when lower); `Infinity` turns the limit off. */
  rateLimitPerMinute?: number;
}

/** The copilot's HTTP surface: chat (SSE), cancel, replay/resume, conversations and runs. */
export function copilotRoutes(copilot: CopilotService, options: CopilotRouteOptions = {}): Router {
  const router = new Router({ prefix: '/api/copilot' });
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const perMinute = options.rateLimitPerMinute ?? 60;
  const limit =
    perMinute === Infinity
      ? (_ctx: Context, next: Next) => next()
      : rateLimit({ capacity: Math.min(20, perMinute), perMinute, key: (ctx) => hashToken(requestToken(ctx) ?? ctx.ip) });

  router.post('/chat', limit, async (ctx) => {
    const prepared = await copilot.prepare({ workspaceId: ctx.state.workspaceId, ...parseChat(await readJson(ctx, 64_000)) });
    const res = openStream(ctx);
    const client = new AbortController();
    let finished = false;
    res.on('close', () => {
      if (!finished) client.abort(new Error('the client disconnected'));
    });
    // A client that left while the chat was being prepared closed its socket before the listener was there.
    if (ctx.req.socket.destroyed) client.abort(new Error('the client disconnected'));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
    let last: RunEvent | undefined;
    try {
      await copilot.run(prepared, (event) => write(res, (last = event)), client.signal);
    } catch (error) {
      ctx.app.emit('error', error, ctx);
      // The run's own events end with RUN_FINISHED or RUN_ERROR; only a failure before or during the
      // stream (not in storing it afterwards) gets a closing RUN_ERROR here, numbered after the last event.
      if (last?.type !== 'RUN_FINISHED' && last?.type !== 'RUN_ERROR') {
        write(res, runError(prepared.runId, (last?.metadata.seq ?? 0) + 1));
      }
    } finally {
      finished = true;
      clearInterval(keepAlive);
      res.end();
    }
  });

  router.post('/runs/:id/cancel', async (ctx) => {
    if (!copilot.hub.cancel(ctx.state.workspaceId, ctx.params.id)) {
      const run = await copilot.runs.get(ctx.state.workspaceId, ctx.params.id);
      throw new SegOpsError('CONFLICT', `run '${run.id}' is not running (it is ${run.status})`);
    }
    ctx.status = 202;
    ctx.body = { runId: ctx.params.id, status: 'cancelling' };
  });

  router.get('/runs/:id/events', async (ctx) => {
    const workspaceId = ctx.state.workspaceId;
    const after = afterParam(ctx);
    const runId: string = ctx.params.id;
    if (ctx.accepts('text/event-stream', 'application/json') === 'application/json') {
      const run = await copilot.runs.get(workspaceId, runId);
      ctx.body = { run, events: await copilot.runs.events(workspaceId, run.id, after) };
      return;
    }
    // A run live on this server is followed at once: its row may not be stored yet when a client resumes early.
    if (!copilot.hub.isLive(workspaceId, runId)) await copilot.runs.get(workspaceId, runId);
    const res = openStream(ctx);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
    try {
      await replayRun(copilot, res, { workspaceId, runId, after });
    } catch (error) {
      ctx.app.emit('error', error, ctx);
    } finally {
      clearInterval(keepAlive);
      res.end();
    }
  });

  router.get('/runs', async (ctx) => {
    const q = ctx.query;
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    ctx.body = {
      runs: await copilot.runs.list(ctx.state.workspaceId, {
        status: str(q.status),
        model: str(q.model),
        machine: str(q.machine),
        conversationId: str(q.conversationId),
        slowerThanMs: str(q.slow) ? Number(q.slow) || 5000 : undefined,
        errorsOnly: q.errors === 'true' || q.errors === '1',
        limit: Math.trunc(Number(q.limit)) || 50,
      }),
    };
  });

  router.get('/runs/:id/messages', runMessagesRoute(copilot));

  router.get('/runs/:id', async (ctx) => {
    ctx.body = { run: await copilot.runs.get(ctx.state.workspaceId, ctx.params.id) };
  });

  router.get('/conversations', async (ctx) => {
    ctx.body = { conversations: await copilot.conversations.list(ctx.state.workspaceId) };
  });

  router.get('/conversations/:id', async (ctx) => {
    const workspaceId = ctx.state.workspaceId;
    const conversation = await copilot.conversations.get(workspaceId, ctx.params.id);
    const runs = (await copilot.runs.list(workspaceId, { conversationId: conversation.id, limit: 200 })).reverse();
    const turns = await Promise.all(
      runs.map(async (run) => ({ runId: run.id, question: run.question, status: run.status, events: await copilot.runs.events(workspaceId, run.id) })),
    );
    ctx.body = { conversation, turns };
  });

  router.delete('/conversations/:id', async (ctx) => {
    await copilot.conversations.delete(ctx.state.workspaceId, ctx.params.id);
    ctx.status = 204;
  });

  // `?run=<id>` draws the machine that run used; `?machine=<name>` a named one; neither, the default machine.
  router.get('/machine-graph', async (ctx) => {
    const pick = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    const runId = pick(ctx.query.run);
    const machines = copilot.machineNames();
    if (runId !== undefined) {
      ctx.body = { machines, runId, ...(await copilot.runMachineGraph(ctx.state.workspaceId, runId)) };
      return;
    }
    const machine = pick(ctx.query.machine) ?? copilot.defaultMachine;
    ctx.body = { machines, machine, graph: copilot.machineGraph(machine) };
  });

  router.get('/live', async (ctx) => {
    const res = openStream(ctx);
    const unsubscribe = copilot.hub.feed(ctx.state.workspaceId, (event) => write(res, event));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
    await new Promise<void>((resolve) => res.on('close', resolve));
    clearInterval(keepAlive);
    unsubscribe();
  });

  return router;
}

function parseChat(body: unknown): { message: string; conversationId?: string; runId?: string; machine?: string } {
  if (body && typeof body === 'object' && 'messages' in body) {
    const parsed = RunAgentInput.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error);
    const last = [...parsed.data.messages].reverse().find((m) => m.role === 'user');
    const text = textOf(last?.content);
    if (!text) throw new SegOpsError('INVALID_INPUT', 'messages must end with a user message whose content is text');
    const props = parsed.data.forwardedProps as { machine?: unknown } | undefined;
    return {
      message: text.slice(0, 4000),
      conversationId: parsed.data.threadId,
      runId: parsed.data.runId,
      machine: typeof props?.machine === 'string' ? props.machine : undefined,
    };
  }
  const parsed = ShortChat.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

/** The text of an AG-UI user message: a string, or the text parts of a list of input contents. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content.trim();
  if (!Array.isArray(content)) return '';
  const parts = content.flatMap((part) => (part && typeof part === 'object' && part.type === 'text' && typeof part.text === 'string' ? [part.text] : []));
  return parts.join('\n').trim();
}

function invalid(error: z.ZodError): SegOpsError {
  const details = error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
  return new SegOpsError(
    'INVALID_INPUT',
    `send { "message": "your question", "conversationId"?: "…" } or an AG-UI RunAgentInput: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
    details,
  );
}

/** The largest sequence number a run's events can have (a Postgres integer). */
const MAX_SEQ = 2_147_483_647;

function afterParam(ctx: Context): number {
  const raw = ctx.query.after ?? ctx.get('last-event-id');
  if (raw === undefined || raw === '') return 0;
  const after = Number(raw);
  if (!Number.isInteger(after) || after < 0 || after > MAX_SEQ) {
    throw new SegOpsError('INVALID_INPUT', `after must be a sequence number from 0 to ${MAX_SEQ}, got '${String(raw)}'`);
  }
  return after;
}

/** Takes over the response for an event stream: headers flushed at once, no buffering or compression. */
function openStream(ctx: Context): ServerResponse {
  ctx.respond = false;
  const res = ctx.res;
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  return res;
}

function write(res: ServerResponse, event: RunEvent): void {
  if (!res.writableEnded && !res.destroyed) res.write(formatSse(event));
}

function runError(runId: string, seq: number): RunEvent {
  return { type: 'RUN_ERROR', code: 'INTERNAL', message: 'the run failed; the server log has the details', timestamp: Date.now(), metadata: { runId, seq } };
}

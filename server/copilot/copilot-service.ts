import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RunEvent } from '../../core/agent/events.ts';
import { runAgent, type RunResult } from '../../core/agent/run-agent.ts';
import type { MachineGraph } from '../../core/agent/graph.ts';
import type { MachineRegistry } from '../../core/agent/machine-registry.ts';
import type { Model, TranscriptMessage } from '../../core/models/model.ts';
import type { Registry } from '../../core/registry/index.ts';
import type { Stores } from '../../core/stores/index.ts';
import { SegOpsError } from '../../core/errors.ts';
import { ConversationStore, type StoredMessage } from './conversation-store.ts';
import { RunHub } from './run-hub.ts';
import { RunStore } from './run-store.ts';

/** One chat request, already validated. */
export interface ChatRequest {
  workspaceId: string;
  message: string;
  conversationId?: string;
  runId?: string;
  machine?: string;
}

/** A checked chat request with what its run needs. */
export interface PreparedChat extends ChatRequest {
  machineName: string;
  conversationId: string;
  runId: string;
  history: TranscriptMessage[];
  ensured: Promise<void>;
}

/** What the copilot runs with. */
export interface CopilotDeps {
  stores: Stores;
  logger: Logger;
  model: Model;
  registry: Registry;
  /** The machines a request may choose, by name; `defaultMachine` when it names none. */
  machines: MachineRegistry;
  defaultMachine: string;
  systemPrompt: (workspace: { id: string; name: string; today: string }) => string;
  clock?: () => Date;
  limits?: { maxSteps?: number; deadlineMs?: number; toolTimeoutMs?: number };
}

/** How often stored events are flushed while a run streams. */
const FLUSH_MS = 100;

/** Retries of a run's final status write that failed: from 100 ms, doubling up to 30 s, for about 15 minutes. */
const FINISH_RETRY_MS = 100;
const FINISH_RETRY_MAX_MS = 30_000;
const FINISH_RETRIES = 40;

/** How a run ended, as its row records it. */
type RunOutcome = Parameters<RunStore['finish']>[1];

/**
 * Runs the copilot for one message: streams the run events to the caller, stores them (run, events,
 * conversation messages) in Postgres, publishes them live, and lets the run be cancelled or resumed.
 */
export class CopilotService {
  readonly conversations: ConversationStore;
  readonly runs: RunStore;
  readonly hub = new RunHub();
  readonly #deps: CopilotDeps;
  readonly #workspaceNames = new Map<string, string>();

  constructor(deps: CopilotDeps) {
    this.#deps = deps;
    this.conversations = new ConversationStore(deps.stores.pg);
    this.runs = new RunStore(deps.stores.pg);
  }

  /** The names of the machines a request may choose. */
  machineNames(): string[] {
    return this.#deps.machines.names();
  }

  /** The machine runs use when a request names none. */
  get defaultMachine(): string {
    return this.#deps.defaultMachine;
  }

  /** The statechart of a machine, drawn by the inspector (default machine when `name` is undefined). */
  machineGraph(name = this.#deps.defaultMachine): MachineGraph {
    if (!this.#deps.machines.has(name)) {
      throw new SegOpsError('NOT_FOUND', `unknown machine '${name}'; choose one of ${this.machineNames().join(', ')}`);
    }
    return this.#deps.machines.graph(name);
  }

  /** The name and statechart of the machine a stored run used, so the inspector draws the run on its own machine. */
  async runMachineGraph(workspaceId: string, runId: string): Promise<{ machine: string; graph: MachineGraph }> {
    const run = await this.runs.get(workspaceId, runId);
    return { machine: run.machine, graph: this.machineGraph(run.machine) };
  }

  /** The transcript messages a run of the workspace stored, in order (NOT_FOUND for another workspace's run). */
  async runMessages(workspaceId: string, runId: string): Promise<StoredMessage[]> {
    await this.runs.get(workspaceId, runId);
    return this.conversations.runMessages(workspaceId, runId);
  }

  /** The model every run uses. */
  get model(): Model {
    return this.#deps.model;
  }

  /**
   * Checks a chat request and loads what its run needs (history of a named conversation). Errors here are
   * the caller's (unknown machine, another workspace's conversation) and come before any event is sent.
   */
  async prepare(request: ChatRequest): Promise<PreparedChat> {
    const { workspaceId } = request;
    const machineName = request.machine ?? this.#deps.defaultMachine;
    if (!this.#deps.machines.has(machineName)) {
      throw new SegOpsError('INVALID_INPUT', `unknown machine '${machineName}'; choose one of ${this.machineNames().join(', ')}`);
    }
    const conversationId = request.conversationId ?? randomUUID();
    const runId = request.runId ?? randomUUID();
    if (request.runId !== undefined && (await this.#deps.stores.pg.query('select 1 from runs where id = $1', [runId])).length > 0) {
      throw new SegOpsError('CONFLICT', `run '${runId}' already exists; send a new runId`);
    }
    // A new conversation is stored while the run starts; a named one is checked first (it may belong to
    // another workspace) and its history loaded.
    const ensured = this.conversations.ensure(workspaceId, conversationId, request.message);
    if (request.conversationId !== undefined) await ensured;
    const history = request.conversationId !== undefined ? await this.conversations.history(workspaceId, conversationId) : [];
    return { ...request, machineName, conversationId, runId, history, ensured };
  }

  /** Prepares and runs one chat turn (see `prepare` and `run`). */
  async chat(request: ChatRequest, send: (event: RunEvent) => void, signal?: AbortSignal): Promise<RunResult> {
    return this.run(await this.prepare(request), send, signal);
  }

  /**
   * Runs a prepared chat turn. `send` receives every event as it happens (RUN_STARTED first); `signal`
   * aborts the run (client gone). Resolves when the run and everything it stores are written.
   */
  async run(prepared: PreparedChat, send: (event: RunEvent) => void, signal?: AbortSignal): Promise<RunResult> {
    const { workspaceId, machineName, conversationId, runId, history, ensured } = prepared;
    const request = prepared;
    const controller = new AbortController();
    const abort = () => controller.abort(signal?.reason);
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
    this.hub.open(runId, workspaceId, controller);

    const stored = ensured.then(() =>
        this.runs.start({ id: runId, workspaceId, conversationId, machine: machineName, model: this.#deps.model.name, question: request.message }),
      );
    const pending: RunEvent[] = [];
    let writes = stored;
    // A failed write surfaces at the `await flush()` that ends the run; until then it is not an unhandled rejection.
    writes.catch(() => {});
    const flush = () => {
      const batch = pending.splice(0);
      if (batch.length > 0) {
        writes = writes.then(() => this.runs.append(runId, batch));
        writes.catch(() => {});
      }
      return writes;
    };
    const timer = setInterval(flush, FLUSH_MS);
    let outcome: RunOutcome | undefined;

    try {
      const result = await runAgent({
        model: this.#deps.model,
        registry: this.#deps.registry,
        toolContext: {
          workspaceId,
          stores: this.#deps.stores,
          clock: this.#deps.clock ?? (() => new Date()),
          logger: this.#deps.logger.child({ runId }),
        },
        system: this.#deps.systemPrompt({
          id: workspaceId,
          name: await this.#workspaceName(workspaceId),
          today: (this.#deps.clock?.() ?? new Date()).toISOString().slice(0, 10),
        }),
        history,
        userMessage: request.message,
        runId,
        threadId: conversationId,
        signal: controller.signal,
        limits: this.#deps.limits,
        machine: this.#deps.machines.get(machineName).machine,
        machineName,
        onEvent: (event) => {
          pending.push(event);
          this.hub.publish(runId, event);
          send(event);
        },
      });
      clearInterval(timer);
      await flush();
      if (result.status === 'done') await this.conversations.append(workspaceId, conversationId, runId, result.newMessages);
      outcome = { status: result.status, usage: result.usage, error: result.error?.message };
      await this.runs.finish(runId, outcome);
      return result;
    } catch (error) {
      clearInterval(timer);
      await flush().catch(() => {});
      // Once the turn's messages are stored, the run's own outcome stands; before that, it failed.
      const ending = outcome ?? { status: 'failed' as const, error: (error as Error).message };
      await this.runs.finish(runId, ending).catch(() => this.#finishLater(runId, ending));
      throw error;
    } finally {
      signal?.removeEventListener('abort', abort);
      this.hub.close(runId);
    }
  }

  /**
   * Records how a run ended once Postgres answers again (backing off to `FINISH_RETRY_MAX_MS`), so that a run
   * whose end could not be written during an outage is not left 'running' for good.
   */
  #finishLater(runId: string, outcome: RunOutcome, attempt = 0): void {
    const delayMs = Math.min(FINISH_RETRY_MS * 2 ** attempt, FINISH_RETRY_MAX_MS);
    setTimeout(() => {
      this.runs.finish(runId, outcome).catch((err) => {
        if (attempt + 1 < FINISH_RETRIES) return this.#finishLater(runId, outcome, attempt + 1);
        this.#deps.logger.error({ err, runId }, 'could not record how the run ended');
      });
    }, delayMs).unref();
  }

  async #workspaceName(workspaceId: string): Promise<string> {
    let name = this.#workspaceNames.get(workspaceId);
    if (name === undefined) {
      const [row] = await this.#deps.stores.pg.query<{ name: string }>('select name from workspaces where id = $1', [workspaceId]);
      name = row?.name ?? workspaceId;
      this.#workspaceNames.set(workspaceId, name);
    }
    return name;
  }
}

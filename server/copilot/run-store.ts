import type { RunEvent } from '../../core/agent/events.ts';
import type { Usage } from '../../core/models/model.ts';
import type { Postgres } from '../../core/stores/index.ts';
import { SegOpsError } from '../../core/errors.ts';

/** A stored run as the inspector lists it. */
export interface RunRow {
  id: string;
  conversation_id: string | null;
  machine: string;
  model: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  started_at: Date;
  finished_at: Date | null;
  usage: Usage | null;
  error: string | null;
  duration_ms: number | null;
  question: string;
}

/** Filters of the run list. */
export interface RunFilter {
  status?: string;
  model?: string;
  machine?: string;
  conversationId?: string;
  slowerThanMs?: number;
  errorsOnly?: boolean;
  limit?: number;
}

/** Runs and every event of every run, in Postgres, scoped by workspace. */
export class RunStore {
  readonly #pg: Postgres;
  constructor(pg: Postgres) {
    this.#pg = pg;
  }

  /** Records a run as running. */
  async start(run: { id: string; workspaceId: string; conversationId: string; machine: string; model: string; question: string }): Promise<void> {
    await this.#pg.query(
      'insert into runs (id, workspace_id, conversation_id, machine, model, status, question) values ($1, $2, $3, $4, $5, $6, $7)',
      [run.id, run.workspaceId, run.conversationId, run.machine, run.model, 'running', run.question],
    );
  }

  /** Appends events (a batch, in sequence order) in one statement. */
  async append(runId: string, events: readonly RunEvent[]): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [];
    const rows = events.map((event, i) => {
      values.push(runId, event.metadata.seq, event.type, JSON.stringify(event));
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
    });
    await this.#pg.query(
      `insert into run_events (run_id, seq, type, event) values ${rows.join(', ')} on conflict (run_id, seq) do nothing`,
      values,
    );
  }

  /** Records how a run ended. */
  async finish(runId: string, outcome: { status: RunRow['status']; usage?: Usage; error?: string }): Promise<void> {
    await this.#pg.query('update runs set status = $2, finished_at = now(), usage = $3, error = $4 where id = $1', [
      runId,
      outcome.status,
      outcome.usage ? JSON.stringify(outcome.usage) : null,
      outcome.error ?? null,
    ]);
  }

  /** One run of the workspace, or NOT_FOUND. */
  async get(workspaceId: string, runId: string): Promise<RunRow> {
    const [row] = await this.list(workspaceId, { limit: 1 }, runId);
    if (!row) throw new SegOpsError('NOT_FOUND', `run '${runId}' does not exist`);
    return row;
  }

  /** The workspace's runs, newest first, filtered. */
  list(workspaceId: string, filter: RunFilter = {}, runId?: string): Promise<RunRow[]> {
    const where = ['r.workspace_id = $1'];
    const params: unknown[] = [workspaceId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (runId) add('r.id = ?', runId);
    if (filter.status) add('r.status = ?', filter.status);
    if (filter.model) add('r.model = ?', filter.model);
    if (filter.machine) add('r.machine = ?', filter.machine);
    if (filter.conversationId) add('r.conversation_id = ?', filter.conversationId);
    if (filter.slowerThanMs) add('extract(epoch from (coalesce(r.finished_at, now()) - r.started_at)) * 1000 > ?', filter.slowerThanMs);
    if (filter.errorsOnly) where.push("(r.status = 'failed' or exists (select 1 from run_events e where e.run_id = r.id and e.type = 'TOOL_CALL_RESULT' and (e.event->'metadata'->>'isError') = 'true'))");
    params.push(Math.min(Math.max(filter.limit ?? 50, 1), 500));
    return this.#pg.query<RunRow>(
      `select r.id, r.conversation_id, r.machine, r.model, r.status, r.started_at, r.finished_at, r.usage, r.error,
         case when r.finished_at is null then null
              else round(extract(epoch from (r.finished_at - r.started_at)) * 1000)::int end as duration_ms,
         r.question
       from runs r where ${where.join(' and ')} order by r.started_at desc limit $${params.length}`,
      params,
    );
  }

  /** The stored events of a run after sequence number `after`, in order. */
  async events(workspaceId: string, runId: string, after = 0): Promise<RunEvent[]> {
    const rows = await this.#pg.query<{ event: RunEvent }>(
      `select e.event from run_events e join runs r on r.id = e.run_id
       where e.run_id = $1 and r.workspace_id = $2 and e.seq > $3 order by e.seq`,
      [runId, workspaceId, after],
    );
    return rows.map((row) => row.event);
  }
}

import type { MachineGraph } from '../../../core/agent/graph.ts';
import type { Usage } from '../../../core/models/model.ts';
import type { RunStatus } from './inspector-timeline.ts';

/** A stored run, as GET /api/copilot/runs and /runs/:id return it. */
export interface RunSummary {
  id: string;
  conversation_id: string | null;
  machine: string;
  model: string;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  usage: Usage | null;
  error: string | null;
  duration_ms: number | null;
  question: string;
}

/** The run list's filters (empty strings and false mean "any"). */
export interface RunFilters {
  status: '' | RunStatus;
  model: string;
  machine: string;
  conversationId: string;
  /** Only runs slower than `slowMs`. */
  slow: boolean;
  slowMs: number;
  /** Only failed runs and runs with a failed tool call. */
  errors: boolean;
}

/** No filter: the newest runs. */
export const noFilters: RunFilters = { status: '', model: '', machine: '', conversationId: '', slow: false, slowMs: 5000, errors: false };

/** The statuses a run can have, for the status filter. */
export const RUN_STATUSES: readonly RunStatus[] = ['running', 'done', 'failed', 'cancelled'];

/** The URL of the run list for these filters. */
export function runsUrl(filters: RunFilters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.model.trim()) params.set('model', filters.model.trim());
  if (filters.machine) params.set('machine', filters.machine);
  if (filters.conversationId.trim()) params.set('conversationId', filters.conversationId.trim());
  if (filters.slow) params.set('slow', String(Math.max(1, Math.round(filters.slowMs))));
  if (filters.errors) params.set('errors', '1');
  const query = params.toString();
  return `/api/copilot/runs${query ? `?${query}` : ''}`;
}

/** The URL of a run's events: replayed from storage, then followed live while the run goes on. */
export const runEventsUrl = (runId: string, after = 0): string =>
  `/api/copilot/runs/${encodeURIComponent(runId)}/events${after > 0 ? `?after=${after}` : ''}`;

/**
 * The URL of a machine's graph: the machine a run used when `run` is given, else the named machine, else the
 * server's default machine.
 */
export function machineGraphUrl(of: { run?: string; machine?: string } = {}): string {
  if (of.run) return `/api/copilot/machine-graph?run=${encodeURIComponent(of.run)}`;
  return `/api/copilot/machine-graph${of.machine ? `?machine=${encodeURIComponent(of.machine)}` : ''}`;
}

/** GET /api/copilot/machine-graph: the machine's registered name, its graph, and every machine's name. */
export interface MachineGraphResponse {
  machines: string[];
  machine: string;
  graph: MachineGraph;
}

/** The URL of a run's stored transcript messages. */
export const runMessagesUrl = (runId: string): string => `/api/copilot/runs/${encodeURIComponent(runId)}/messages`;

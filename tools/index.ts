import { createRegistry, type Registry, type Tool } from '../core/registry/index.ts';
import { displayCreateSegmentCta } from './display-create-segment-cta.ts';
import { displayEventChart } from './display-event-chart.ts';
import { displayMetricCard } from './display-metric-card.ts';
import { displaySegmentTable } from './display-segment-table.ts';
import { getSegmentDetail } from './get-segment-detail.ts';
import { listActivations } from './list-activations.ts';
import { listEventSchemas } from './list-event-schemas.ts';
import { listRecentEvents } from './list-recent-events.ts';
import { listSegments } from './list-segments.ts';
import { queryEventVolume } from './query-event-volume.ts';
import { querySegmentMembershipTrend } from './query-segment-membership-trend.ts';
import { queryTopEvents } from './query-top-events.ts';

export * from './components.ts';
export { copilotSystemPrompt, type PromptWorkspace } from './system-prompt.ts';

/** The 12 SegOps copilot tools: five Postgres, three ClickHouse, four display tools. */
export const copilotTools: Tool[] = [
  listSegments,
  getSegmentDetail,
  listActivations,
  listEventSchemas,
  listRecentEvents,
  queryTopEvents,
  queryEventVolume,
  querySegmentMembershipTrend,
  displaySegmentTable,
  displayMetricCard,
  displayEventChart,
  displayCreateSegmentCta,
];

/** A registry of the copilot tools, checked at load. */
export function createCopilotRegistry(): Registry {
  return createRegistry(copilotTools);
}

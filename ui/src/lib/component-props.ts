import type { SegmentDefinition } from '../../../core/segments/dsl.ts';

/** One day of a series (events or members). */
export interface DayCount {
  day: string;
  count: number;
}

/** One event of a ranking by volume. */
export interface RankedEvent {
  event: string;
  count: number;
}

/** Props of MetricCard (tools/components.ts emits them as they are). */
export interface MetricCardProps {
  label: string;
  value: number;
  formatted: string;
  unit?: string;
  context?: string;
  delta?: { value: number; period: string };
}

/** One row of SegmentTable. */
export interface SegmentRow {
  id?: string;
  name: string;
  type: string;
  member_count: number;
  status: string;
}

/** Props of SegmentTable. */
export interface SegmentTableProps {
  title?: string;
  rows: SegmentRow[];
}

/** Props of EventVolumeChart. */
export interface EventVolumeChartProps {
  title: string;
  metric: 'events' | 'members';
  event?: string;
  /** Daily counts; or else `ranking`, events by volume. */
  series?: DayCount[];
  ranking?: RankedEvent[];
}

/** Props of CreateSegmentCTA. */
export interface CreateSegmentCtaProps {
  suggestedName: string;
  description?: string;
  definition: SegmentDefinition;
  conditions: string[];
  preview: { count: number; sample: Array<{ user_id: string; traits?: Record<string, unknown> }> };
}

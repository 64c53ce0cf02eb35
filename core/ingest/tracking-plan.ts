import { z } from 'zod';
import type { Postgres } from '../stores/index.ts';
import type { IngestEvent, TrackingIssue } from './message.ts';

/** Checks events against their workspace's event schemas, as a tracking plan does. */
export interface TrackingPlan {
  /** Sets `issues` on each event that is not in the plan or whose properties break its JSON Schema. */
  check(workspaceId: string, events: readonly IngestEvent[]): Promise<void>;
}

interface Plan {
  names: Set<string>;
  schemas: Map<string, z.ZodType | null>;
}

const MAX_ISSUES_PER_EVENT = 10;

/**
 * A tracking plan read from `event_schemas` and cached per workspace for `ttlMs`. Track events
 * are checked by name; page and screen calls only when the plan has `Page Viewed` / `Screen Viewed`;
 * identify, group and alias are not checked. A workspace without event schemas has no plan, and
 * nothing is flagged. Flagged events are still accepted.
 */
export function trackingPlan(pg: Postgres, ttlMs = 10_000): TrackingPlan {
  const plans = new Map<string, { plan: Promise<Plan>; until: number }>();
  const load = (workspaceId: string): Promise<Plan> => {
    const cached = plans.get(workspaceId);
    if (cached && cached.until > Date.now()) return cached.plan;
    const plan = readPlan(pg, workspaceId);
    plans.set(workspaceId, { plan, until: Date.now() + ttlMs });
    plan.catch(() => {
      if (plans.get(workspaceId)?.plan === plan) plans.delete(workspaceId);
    });
    return plan;
  };
  return {
    async check(workspaceId, events) {
      if (!events.some((event) => event.event !== '')) return;
      const plan = await load(workspaceId);
      if (plan.names.size === 0) return;
      for (const event of events) {
        if (event.event === '') continue;
        if (!plan.names.has(event.event)) {
          if (event.type === 'track') {
            event.issues.push({ code: 'unknown_event', message: `event '${event.event}' is not in the tracking plan` });
          }
          continue;
        }
        event.issues.push(...propertyIssues(plan.schemas.get(event.event), event));
      }
    },
  };
}

async function readPlan(pg: Postgres, workspaceId: string): Promise<Plan> {
  const rows = await pg.query<{ name: string; properties: unknown }>(
    'select name, properties from event_schemas where workspace_id = $1',
    [workspaceId],
  );
  return { names: new Set(rows.map((row) => row.name)), schemas: new Map(rows.map((row) => [row.name, compile(row.properties)])) };
}

function compile(schema: unknown): z.ZodType | null {
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return null;
  }
}

function propertyIssues(schema: z.ZodType | null | undefined, event: IngestEvent): TrackingIssue[] {
  if (!schema) return [];
  const result = schema.safeParse(event.properties);
  if (result.success) return [];
  return result.error.issues.slice(0, MAX_ISSUES_PER_EVENT).map((issue) => {
    const path = ['properties', ...issue.path.map(String)].join('.');
    return { code: 'invalid_property', path, message: `${path}: ${issue.message}` };
  });
}

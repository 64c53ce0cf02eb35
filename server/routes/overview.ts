import { Router } from '@koa/router';
import type { Stores } from '../../core/stores/index.ts';

const DAY_MS = 86_400_000;

/**
 * `GET /api/overview`: the dashboard's KPIs (events today, active users over 7 days, segments, active
 * connectors) and 30 days of event volume, read from the ClickHouse rollups and Postgres.
 */
export function overviewRoutes(stores: Stores, clock: () => Date = () => new Date()): Router {
  const router = new Router();
  router.get('/api/overview', async (ctx) => {
    const workspaceId: string = ctx.state.workspaceId;
    const today = clock().toISOString().slice(0, 10);
    const from = new Date(Date.parse(today) - 29 * DAY_MS).toISOString().slice(0, 10);
    const weekFrom = new Date(Date.parse(today) - 6 * DAY_MS).toISOString().slice(0, 10);
    const [volume, [active], [workspace], [counts]] = await Promise.all([
      stores.ch.query<{ date: string; count: number }>(
        `SELECT toString(day) AS date, sum(count) AS count FROM event_counts_daily
         WHERE workspace_id = {ws:String} AND day BETWEEN {from:Date} AND {to:Date} GROUP BY day ORDER BY day`,
        { ws: workspaceId, from, to: today },
      ),
      stores.ch.query<{ users: number }>(
        `SELECT uniqExactMerge(users) AS users FROM active_users_daily
         WHERE workspace_id = {ws:String} AND day BETWEEN {from:Date} AND {to:Date}`,
        { ws: workspaceId, from: weekFrom, to: today },
      ),
      stores.pg.query<{ id: string; name: string }>('select id, name from workspaces where id = $1', [workspaceId]),
      stores.pg.query<{ segments: number; active_connectors: number }>(
        `select (select count(*) from segments where workspace_id = $1) as segments,
                (select count(*) from activations where workspace_id = $1 and status = 'active') as active_connectors`,
        [workspaceId],
      ),
    ]);
    const byDay = new Map(volume.map((row) => [row.date, Number(row.count)]));
    const eventVolume = Array.from({ length: 30 }, (_, i) => {
      const day = new Date(Date.parse(from) + i * DAY_MS).toISOString().slice(0, 10);
      return { day, count: byDay.get(day) ?? 0 };
    });
    ctx.body = {
      workspace: workspace ?? { id: workspaceId, name: workspaceId },
      eventsToday: byDay.get(today) ?? 0,
      activeUsers7d: Number(active?.users ?? 0),
      segments: counts.segments,
      activeConnectors: counts.active_connectors,
      eventVolume,
    };
  });
  return router;
}

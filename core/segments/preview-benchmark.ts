/**
 * Measures preview latency on a synthetic workspace: `node core/segments/preview-benchmark.ts [events] [users]`
 * (defaults 1,000,000 and 50,000). Prints the median and p95 of 20 previews per definition.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores } from '../stores/index.ts';
import type { SegmentDefinition } from './dsl.ts';
import { previewSegment } from './membership.ts';

const events = Number(process.argv[2] ?? 1_000_000);
const users = Number(process.argv[3] ?? 50_000);
const now = new Date('2026-11-01T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'segops-preview-bench-'));
const stores = await openStores({ dataDir: dir });
await stores.pg.query("insert into workspaces (id, name) values ('bench', 'Bench')");
await stores.ch.command(
  `INSERT INTO events SELECT 'bench', toString(number), 'track',
     ['Page Viewed', 'Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed', 'Product Added to Wishlist'][1 + number % 6],
     concat('user_', toString(cityHash64(number) % {users:UInt64})), '',
     {now:DateTime64(3, 'UTC')} - toIntervalSecond(cityHash64(number, 1) % (90 * 86400)), {now:DateTime64(3, 'UTC')},
     concat('{"revenue":', toString(cityHash64(number, 2) % 500), ',"category":"', ['Shoes', 'Hats', 'Bags'][1 + cityHash64(number, 3) % 3], '"}')
   FROM numbers({events:UInt64})`,
  { users, events, now },
);
await stores.ch.command(
  `INSERT INTO user_traits SELECT 'bench', concat('user_', toString(number)),
     concat('{"plan":"', ['free', 'plus', 'pro'][1 + number % 3], '","lifetime_value":', toString(cityHash64(number) % 2000), '}'),
     {now:DateTime64(3, 'UTC')} FROM numbers({users:UInt64})`,
  { users, now },
);
const definitions: Record<string, SegmentDefinition> = {
  'purchased in 7 days, never wishlisted': {
    match: 'all',
    conditions: [
      { type: 'event', event: 'Order Completed', performed: true, window: { type: 'relative', last: 7, unit: 'days' } },
      { type: 'event', event: 'Product Added to Wishlist', performed: false },
    ],
  },
  'high LTV pro with 3+ shoe orders': {
    match: 'all',
    conditions: [
      { type: 'trait', trait: 'lifetime_value', op: 'gte', value: 1000 },
      { type: 'trait', trait: 'plan', op: 'eq', value: 'pro' },
      { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 3 }, where: [{ property: 'category', op: 'eq', value: 'Shoes' }] },
    ],
  },
  'never ordered (whole universe)': { match: 'all', conditions: [{ type: 'event', event: 'Order Completed', performed: false, window: { type: 'relative', last: 30, unit: 'days' } }] },
};
for (const [name, def] of Object.entries(definitions)) {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < 21; i++) {
    const preview = await previewSegment(stores, 'bench', def, { now });
    if (i > 0) times.push(preview.elapsedMs);
    count = preview.count;
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: ${count} members, median ${times[10]} ms, p95 ${times[18]} ms (${events} events, ${users} users)`);
}
await stores.close();
rmSync(dir, { recursive: true, force: true });

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores, type Stores } from '../stores/index.ts';
import { formatDateTime } from '../stores/clickhouse.ts';
import type { Condition, ConditionValue, SegmentDefinition, TraitOp } from './dsl.ts';

/** The fixed clock of the test dataset. */
export const NOW = new Date('2026-11-01T12:00:00.000Z');
export const WORKSPACE = 'ws_test';
const DAY = 86_400_000;

export interface EventRow {
  workspace_id: string;
  message_id: string;
  type: string;
  event: string;
  user_id: string;
  anonymous_id: string;
  timestamp: string;
  received_at: string;
  properties: string;
}

export interface TraitRow {
  workspace_id: string;
  user_id: string;
  traits: string;
  updated_at: string;
}

/** A small deterministic e-commerce dataset (mulberry32 from a fixed seed) with known shapes. */
export function buildDataset(workspaceId = WORKSPACE): { events: EventRow[]; traits: TraitRow[] } {
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const events: EventRow[] = [];
  const traits: TraitRow[] = [];
  const names = ['Order Completed', 'Product Added to Wishlist', 'Page Viewed', 'Product Added'];
  for (let u = 0; u < 48; u++) {
    const user = `user_${String(u).padStart(3, '0')}`;
    const eventCount = u % 6 === 5 ? 0 : Math.floor(random() * 9);
    for (let e = 0; e < eventCount; e++) {
      const at = new Date(NOW.getTime() - Math.floor(random() * 40 * DAY) + (u === 7 && e === 0 ? 2 * DAY : 0));
      const event = pick(names);
      const properties =
        event === 'Order Completed'
          ? { revenue: Math.round(random() * 300), category: pick(['Shoes', 'Hats', "O'Brien \\ Co"]), gift: random() < 0.3 }
          : event === 'Page Viewed'
            ? { path: pick(['/home', '/sale', '/Sale/Shoes']) }
            : {};
      events.push({
        workspace_id: workspaceId,
        message_id: `${user}-${e}`,
        type: 'track',
        event,
        user_id: user,
        anonymous_id: '',
        timestamp: formatDateTime(at),
        received_at: formatDateTime(at),
        properties: JSON.stringify(properties),
      });
    }
    if (u % 8 === 3) continue;
    const base = {
      plan: pick(['free', 'plus', 'pro']),
      country: pick(['US', 'FR', 'DE']),
      signup_date: new Date(NOW.getTime() - Math.floor(random() * 400) * DAY).toISOString().slice(0, 10),
      email_opt_in: random() < 0.5,
      ...(u % 5 === 0 ? {} : { lifetime_value: Math.round(random() * 1000) }),
    };
    traits.push({
      workspace_id: workspaceId,
      user_id: user,
      traits: JSON.stringify({ ...base, plan: 'free' }),
      updated_at: formatDateTime(new Date(NOW.getTime() - 20 * DAY)),
    });
    traits.push({
      workspace_id: workspaceId,
      user_id: user,
      traits: JSON.stringify(base),
      updated_at: formatDateTime(new Date(NOW.getTime() - Math.floor(random() * 10) * DAY)),
    });
  }
  events.push({ ...events[0], message_id: 'anon-1', user_id: '', anonymous_id: 'anon' });
  return { events, traits };
}

/** Opens fresh stores in a temp dir and loads the dataset plus a workspace row in Postgres. */
export async function openSeededStores(): Promise<Stores & { dataset: ReturnType<typeof buildDataset> }> {
  const stores = await openStores({ dataDir: mkdtempSync(join(tmpdir(), 'segops-segments-')) });
  const dataset = buildDataset();
  await stores.ch.insert('events', dataset.events);
  await stores.ch.insert('user_traits', dataset.traits);
  await stores.pg.query('insert into workspaces (id, name) values ($1, $2)', [WORKSPACE, 'Test']);
  return Object.assign(stores, { dataset });
}

/**
 * An independent evaluator of the DSL over plain rows, written from the semantics (not from the SQL):
 * the oracle the compiled SQL is cross-checked against. `asOf` cuts events; traits are the latest ones
 * (user_traits keeps no history) and a user exists at `asOf` with an event or a last trait update by then.
 */
export function evaluateInJs(
  def: SegmentDefinition,
  data: { events: EventRow[]; traits: TraitRow[] },
  at: { now: Date; asOf?: Date },
  segments: Record<string, SegmentDefinition> = {},
): Set<string> {
  const evalTime = (at.asOf ?? at.now).getTime();
  const ms = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);
  const events = data.events.filter((e) => e.user_id !== '' && (!at.asOf || ms(e.timestamp) <= evalTime));
  const latest = new Map<string, { doc: Record<string, unknown>; at: number }>();
  for (const row of data.traits) {
    const t = ms(row.updated_at);
    const seen = latest.get(row.user_id);
    if (!seen || t > seen.at) latest.set(row.user_id, { doc: JSON.parse(row.traits), at: t });
  }
  const traitUsers = [...latest].filter(([, traits]) => !at.asOf || traits.at <= evalTime).map(([user]) => user);
  const users = new Set([...events.map((e) => e.user_id), ...traitUsers]);
  const compare = (doc: Record<string, unknown>, key: string, op: TraitOp, value: ConditionValue | undefined): boolean => {
    const present = Object.hasOwn(doc, key) && doc[key] !== null;
    const v = doc[key];
    const equal = () =>
      typeof value === 'number' ? typeof v === 'number' && v === value : typeof value === typeof v && v === value;
    switch (op) {
      case 'exists':
        return value === false ? !present : present;
      case 'eq':
        return present && equal();
      case 'neq':
        return !(present && equal());
      case 'gt':
        return typeof v === 'number' && v > (value as number);
      case 'gte':
        return typeof v === 'number' && v >= (value as number);
      case 'lt':
        return typeof v === 'number' && v < (value as number);
      case 'lte':
        return typeof v === 'number' && v <= (value as number);
      case 'contains':
        return typeof v === 'string' && v.toLowerCase().includes(String(value).toLowerCase());
      case 'in':
        return present && (value as unknown[]).includes(v);
      case 'before':
        return typeof v === 'string' && Date.parse(v) < Date.parse(String(value));
      case 'after':
        return typeof v === 'string' && Date.parse(v) > Date.parse(String(value));
      case 'within_last_days':
        return typeof v === 'string' && Date.parse(v) >= evalTime - (value as number) * DAY && Date.parse(v) <= evalTime;
    }
  };
  const holds = (user: string, condition: Condition): boolean => {
    switch (condition.type) {
      case 'group':
        return condition.match === 'all'
          ? condition.conditions.every((c) => holds(user, c))
          : condition.conditions.some((c) => holds(user, c));
      case 'segment':
        return matches(user, segments[condition.segment]) === condition.member;
      case 'trait':
        return compare(latest.get(user)?.doc ?? {}, condition.trait, condition.op, condition.value);
      case 'event': {
        const w = condition.window;
        const count = events.filter((e) => {
          if (e.user_id !== user || e.event !== condition.event) return false;
          const t = ms(e.timestamp);
          if (w?.type === 'absolute' && (t < Date.parse(w.from) || t >= Date.parse(w.to))) return false;
          if (w?.type === 'relative') {
            const unit = { hours: 3_600_000, days: DAY, weeks: 7 * DAY, months: NaN }[w.unit];
            if (t < evalTime - w.last * unit) return false;
          }
          const props = JSON.parse(e.properties) as Record<string, unknown>;
          return (condition.where ?? []).every((f) => compare(props, f.property, f.op, f.value));
        }).length;
        if (!condition.performed) return count === 0;
        const c = condition.count ?? { op: '>=', value: 1 };
        return { '>=': count >= c.value, '>': count > c.value, '=': count === c.value, '<=': count <= c.value, '<': count < c.value }[c.op];
      }
    }
  };
  const matches = (user: string, d: SegmentDefinition): boolean =>
    d.match === 'all' ? d.conditions.every((c) => holds(user, c)) : d.conditions.some((c) => holds(user, c));
  return new Set([...users].filter((user) => matches(user, def)));
}

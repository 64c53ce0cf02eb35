import type { Condition, SegmentDefinition, TraitOp } from './dsl.ts';

/** Strings meant to break out of SQL: quotes, backslashes, fragments, placeholders, unicode, control characters. */
export const HOSTILE_STRINGS = [
  "'; DROP TABLE events; --",
  "O'Brien \\' OR 1=1 --",
  '\\\\\'\\"',
  '{p0:String} OR 1',
  ') UNION ALL SELECT user_id FROM user_traits --',
  '`backtick` "double" $1 ?',
  'ümlaut 日本語 🎉 ٠١٢',
  'line\nbreak\ttab\r\u0000nul',
  "' || sleep(3) || '",
  '*/ SELECT 1 /*',
];

const REAL = { events: ['Order Completed', 'Page Viewed', 'Product Added'], properties: ['revenue', 'category', 'path', 'gift'], traits: ['plan', 'country', 'lifetime_value', 'signup_date', 'email_opt_in'] };

/** A seeded generator of structurally valid but hostile definitions (deep, wide, odd strings, huge numbers). */
export function hostileDefinitions(count: number, seed: number): SegmentDefinition[] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const randomText = () => {
    const alphabet = ["'", '\\', '"', '`', ';', '-', '{', '}', ':', 'é', '😀', ' ', 'x', 'Q', '\n', '%', '_'];
    return 'z' + Array.from({ length: 4 + Math.floor(random() * 12) }, () => pick(alphabet)).join('');
  };
  const text = (real: readonly string[]) => (random() < 0.4 ? pick(real) : random() < 0.5 ? pick(HOSTILE_STRINGS) : randomText());
  const hugeNumber = () => pick([0, -1, 1e15, -1e15, 0.1 + 0.2, 123456789.123, 150]);
  const valueFor = (op: TraitOp) => {
    switch (op) {
      case 'eq':
      case 'neq':
        return pick([text(['pro', 'US', 'Shoes']), hugeNumber(), random() < 0.5]);
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        return hugeNumber();
      case 'contains':
        return text(['a', 'Sale']);
      case 'in':
        return random() < 0.5 ? [text(['pro']), text(['FR'])] : [hugeNumber(), hugeNumber()];
      case 'exists':
        return pick([true, false, undefined]);
      case 'before':
      case 'after':
        return pick(['2026-01-01', '1970-01-01T00:00:00Z', '2999-12-31T23:59:59.999+05:00']);
      case 'within_last_days':
        return pick([1, 30, 36500]);
    }
  };
  const filterOps = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'exists'] as const;
  const condition = (level: number): Condition => {
    const roll = random();
    if (roll < 0.2 && level < 5) {
      return { type: 'group', match: pick(['all', 'any'] as const), conditions: Array.from({ length: 1 + Math.floor(random() * 4) }, () => condition(level + 1)) };
    }
    if (roll < 0.6) {
      const op = pick([...filterOps, 'before', 'after', 'within_last_days'] as const);
      const value = valueFor(op);
      return { type: 'trait', trait: text(REAL.traits), op, ...(value === undefined ? {} : { value }) };
    }
    return {
      type: 'event',
      event: text(REAL.events),
      performed: random() < 0.7,
      count: { op: pick(['>=', '>', '=', '<=', '<'] as const), value: pick([0, 1, 2, 1_000_000_000]) },
      window: pick([{ type: 'ever' }, { type: 'relative', last: pick([1, 7, 10000]), unit: pick(['hours', 'days', 'weeks'] as const) }, { type: 'absolute', from: '2026-10-01', to: '2026-11-01T00:00:00Z' }] as const),
      where: Array.from({ length: Math.floor(random() * 3) }, () => {
        const op = pick(filterOps);
        const value = valueFor(op);
        return { property: text(REAL.properties), op, ...(value === undefined ? {} : { value }) };
      }),
    };
  };
  return Array.from({ length: count }, () => ({
    match: pick(['all', 'any'] as const),
    conditions: Array.from({ length: 1 + Math.floor(random() * 5) }, () => condition(2)),
  }));
}

/** Every string a user wrote in a definition (names and values). */
export function userStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(userStrings);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => (['type', 'match', 'op', 'unit'].includes(key) ? [] : userStrings(v)));
  }
  return [];
}

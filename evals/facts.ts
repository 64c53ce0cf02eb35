import type { Stores } from '../core/stores/index.ts';
import type { GoldenCase, GoldenFact } from './golden-schema.ts';

/** A fact with its reference values, read from the seeded data. */
export type ResolvedFact = GoldenFact & {
  /** The first column of every row the fact's query returned. */
  values: Array<string | number>;
};

/** Where facts are resolved: the stores, the workspace and the clock of the dataset. */
export interface FactScope {
  stores: Stores;
  workspaceId: string;
  now: Date;
}

/**
 * Runs a fact's query on the dataset and keeps its first column. An empty result is an error: a fact that
 * checks nothing would let every answer pass.
 */
export async function resolveFact(fact: GoldenFact, scope: FactScope): Promise<ResolvedFact> {
  const rows =
    fact.kind === 'clickhouse'
      ? await scope.stores.ch.query(fact.sql, { ws: scope.workspaceId, today: scope.now.toISOString().slice(0, 10), now: scope.now })
      : await scope.stores.pg.query(fact.sql, postgresParams(fact.sql, scope));
  const values = rows.map((row) => normalise(Object.values(row)[0]));
  if (values.length === 0 || values.some((v) => v === '')) {
    throw new Error(`fact '${fact.name}' found no value in the seeded data; fix its query: ${fact.sql}`);
  }
  return { ...fact, values };
}

/** Resolves the facts of every case, keyed by case id. */
export async function resolveCaseFacts(cases: GoldenCase[], scope: FactScope): Promise<Map<string, ResolvedFact[]>> {
  const resolved = new Map<string, ResolvedFact[]>();
  for (const c of cases) {
    const facts: ResolvedFact[] = [];
    for (const fact of c.facts) {
      try {
        facts.push(await resolveFact(fact, scope));
      } catch (error) {
        throw new Error(`golden case ${c.id}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    resolved.set(c.id, facts);
  }
  return resolved;
}

/** Binds only the placeholders a Postgres query uses ($1 = workspace, $2 = now), as the driver wants. */
function postgresParams(sql: string, scope: FactScope): unknown[] {
  const highest = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  return [scope.workspaceId, scope.now].slice(0, highest);
}

function normalise(value: unknown): string | number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^-?\d+(?:\.\d+)?$/.test(value)) return Number(value);
  return value === null || value === undefined ? '' : String(value);
}

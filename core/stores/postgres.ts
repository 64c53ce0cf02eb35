/** A row as a driver returns it: column name to value (jsonb parsed, timestamptz as Date). */
export type Row = Record<string, unknown>;

/** Something that runs parameterised SQL (`$1`, `$2`, ...): the store itself or a transaction. */
export interface Sql {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

/** The Postgres store: `pg` against a server, or PGlite embedded in the data dir. */
export interface Postgres extends Sql {
  readonly kind: 'pg' | 'pglite';
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations only). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

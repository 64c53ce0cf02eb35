import type { ClickHouse, Postgres, Sql, Stores } from '../../core/stores/index.ts';

/** An outage injected into a live store: which calls fail, how many did, and how to end it. */
export interface StoreFault {
  /** Calls seen since the fault was injected (failed or not). */
  readonly calls: number;
  /** Calls that were failed. */
  readonly failed: number;
  /** Ends the outage: the store's own methods are put back. */
  restore(): void;
}

/** Which calls of a faulty store fail: after `after` calls (default 0), those whose SQL `matches` (default all). */
export interface FaultOptions {
  after?: number;
  matches?: (sql: string) => boolean;
  message?: string;
}

/**
 * Makes ClickHouse fail in place (the server, its health route and its tools hold this very object), as a
 * server that went away would: every call rejects with a connection error until `restore`.
 */
export function failClickHouse(ch: ClickHouse, options: FaultOptions = {}): StoreFault {
  const message = options.message ?? 'connect ECONNREFUSED 127.0.0.1:8123 (injected ClickHouse outage)';
  const fault = counter(options);
  const restore = patch(ch, {
    query: (original) => (sql: string, ...rest: unknown[]) => (fault.fails(sql) ? reject(message) : original(sql, ...rest)),
    command: (original) => (sql: string, ...rest: unknown[]) => (fault.fails(sql) ? reject(message) : original(sql, ...rest)),
    insert: (original) => (table: string, ...rest: unknown[]) => (fault.fails(`INSERT INTO ${table}`) ? reject(message) : original(table, ...rest)),
    insertJsonLines: (original) => (table: string, ...rest: unknown[]) =>
      fault.fails(`INSERT INTO ${table}`) ? reject(message) : original(table, ...rest),
  });
  return fault.handle(restore);
}

/** Makes Postgres fail in place, statements inside transactions included (a failed one rolls its transaction back). */
export function failPostgres(pg: Postgres, options: FaultOptions = {}): StoreFault {
  const message = options.message ?? 'Connection terminated unexpectedly (injected Postgres outage)';
  const fault = counter(options);
  const guard = (sql: Sql['query']) => (text: string, params?: readonly unknown[]) => (fault.fails(text) ? reject(message) : sql(text, params));
  const restore = patch(pg, {
    query: (original) => guard(original as Sql['query']),
    transaction: (original) => (fn: (tx: Sql) => Promise<unknown>) =>
      original((tx: Sql) => fn({ query: guard(tx.query.bind(tx)) as Sql['query'] })),
  });
  return fault.handle(restore);
}

/** A write statement: what no copilot tool may ever send. */
export const WRITE_SQL = /\b(insert|update|delete|upsert|merge|alter|drop|truncate|create|grant|revoke|copy|rename|attach|detach|optimize|vacuum)\b/i;

/** Every write a guarded store was asked to do, as `store: statement`. */
export interface WriteGuard {
  stores: Stores;
  writes: string[];
}

/**
 * A read-only view of the stores: reads pass through, any write (a write statement, a ClickHouse command or
 * insert, a Postgres script) is refused with an error and recorded, so a test can assert that none was tried.
 */
export function writeGuard(stores: Stores): WriteGuard {
  const writes: string[] = [];
  const refuse = (what: string) => {
    writes.push(what);
    return Promise.reject(new Error(`refused write: ${what}`));
  };
  const readOnlySql = (sql: Sql): Sql => ({
    query: (text, params) => (WRITE_SQL.test(text) ? refuse(`postgres: ${text}`) : sql.query(text, params)),
  });
  const pg: Postgres = {
    kind: stores.pg.kind,
    ...readOnlySql(stores.pg),
    transaction: (fn) => stores.pg.transaction((tx) => fn(readOnlySql(tx))),
    exec: (script) => refuse(`postgres script: ${script}`),
    close: () => refuse('postgres: close'),
  };
  const ch: ClickHouse = {
    kind: stores.ch.kind,
    query: (sql, params, options) => (WRITE_SQL.test(sql) ? refuse(`clickhouse: ${sql}`) : stores.ch.query(sql, params, options)),
    command: (sql) => refuse(`clickhouse command: ${sql}`),
    insert: (table) => refuse(`clickhouse insert into ${table}`),
    insertJsonLines: (table) => refuse(`clickhouse insert into ${table}`),
    close: () => refuse('clickhouse: close'),
  };
  return { stores: { pg, ch, close: () => refuse('stores: close') }, writes };
}

type Method = (...args: never[]) => Promise<unknown>;
type Wrappers = Record<string, (original: (...args: any[]) => Promise<any>) => Method>;

function patch(target: object, wrappers: Wrappers): () => void {
  const record = target as Record<string, unknown>;
  const saved = Object.keys(wrappers).map((key) => [key, Object.getOwnPropertyDescriptor(record, key)] as const);
  for (const [key, wrap] of Object.entries(wrappers)) {
    const original = (record[key] as (...args: unknown[]) => Promise<unknown>).bind(target);
    record[key] = wrap(original);
  }
  return () => {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(record, key, descriptor);
      else delete record[key];
    }
  };
}

function counter(options: FaultOptions) {
  let calls = 0;
  let failed = 0;
  let active = true;
  return {
    fails(sql: string): boolean {
      if (!active) return false;
      calls++;
      const fail = calls > (options.after ?? 0) && (options.matches?.(sql) ?? true);
      if (fail) failed++;
      return fail;
    },
    handle(restore: () => void): StoreFault {
      return {
        get calls() {
          return calls;
        },
        get failed() {
          return failed;
        },
        restore() {
          active = false;
          restore();
        },
      };
    },
  };
}

function reject(message: string): Promise<never> {
  return Promise.reject(new Error(message));
}

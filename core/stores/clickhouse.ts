/** Server-side query parameters, bound to `{name:Type}` placeholders. Dates bind with millisecond precision. */
export type ChParams = Record<string, unknown>;

/** Options of one ClickHouse call. */
export interface ChCallOptions {
  signal?: AbortSignal;
}

/** The ClickHouse store: `@clickhouse/client` against a server, or chDB in process. */
export interface ClickHouse {
  readonly kind: 'clickhouse' | 'chdb';
  /** Runs a SELECT and returns its rows (64-bit integers as JS numbers). */
  query<T = Record<string, unknown>>(sql: string, params?: ChParams, options?: ChCallOptions): Promise<T[]>;
  /** Runs a statement that returns no rows (DDL, INSERT ... SELECT, OPTIMIZE). */
  command(sql: string, params?: ChParams, options?: ChCallOptions): Promise<void>;
  /** Inserts rows (objects keyed by column) with FORMAT JSONEachRow. */
  insert(table: string, rows: readonly object[]): Promise<void>;
  /** Inserts a JSONEachRow payload (one JSON object per line) as it is. */
  insertJsonLines(table: string, payload: Buffer | string): Promise<void>;
  close(): Promise<void>;
}

/** Session settings both drivers apply, so that results look the same whichever runs. */
export const CLICKHOUSE_SETTINGS = {
  output_format_json_quote_64bit_integers: 0,
  date_time_output_format: 'iso',
  date_time_input_format: 'best_effort',
} as const;

/** Turns JS values into what `{name:Type}` binding expects: Dates as `YYYY-MM-DD hh:mm:ss.sss` UTC. */
export function bindableParams(params: ChParams = {}): ChParams {
  const out: ChParams = {};
  for (const [key, value] of Object.entries(params)) {
    out[key] = value instanceof Date ? formatDateTime(value) : value;
  }
  return out;
}

/** Formats a Date as a ClickHouse DateTime64(3) literal in UTC. */
export function formatDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Parses a JSONEachRow body into rows. */
export function parseJsonLines<T>(text: string): T[] {
  const rows: T[] = [];
  for (const line of text.split('\n')) if (line) rows.push(JSON.parse(line) as T);
  return rows;
}

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
  /**
   * Inserts a payload of JSON lines as it is: JSONEachRow (one object per line, the default) or
   * JSONCompactEachRow (one array of values per line, in the order of `columns`; cheaper to parse).
   */
  insertJsonLines(table: string, payload: Buffer | string, options?: JsonLinesOptions): Promise<void>;
  close(): Promise<void>;
}

/** The line format of an `insertJsonLines` payload, and the columns its values fill (all, in table order, if absent). */
export interface JsonLinesOptions {
  format?: 'JSONEachRow' | 'JSONCompactEachRow';
  columns?: readonly string[];
}

/** `INSERT INTO table (columns) FORMAT format`, refusing names that are not plain identifiers. */
export function insertClause(table: string, options: JsonLinesOptions = {}): string {
  const format = options.format ?? 'JSONEachRow';
  if (format !== 'JSONEachRow' && format !== 'JSONCompactEachRow') throw new Error(`unsupported insert format ${String(format)}`);
  for (const name of [table, ...(options.columns ?? [])]) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${JSON.stringify(name)}`);
  }
  const columns = options.columns && options.columns.length > 0 ? ` (${options.columns.join(', ')})` : '';
  return `INSERT INTO ${table}${columns} FORMAT ${format}`;
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

import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { CLICKHOUSE_SETTINGS, bindableParams, insertClause, type ClickHouse } from './clickhouse.ts';

/** Connection settings of a ClickHouse server (from `CLICKHOUSE_URL`, user, password, database). */
export interface ClickHouseServerOptions {
  url: string;
  username?: string;
  password?: string;
  database?: string;
}

/** Connects to a ClickHouse server (or cluster) over HTTP with `@clickhouse/client`. */
export async function openClickHouseClient(options: ClickHouseServerOptions): Promise<ClickHouse> {
  const client = createClient({
    url: options.url,
    username: options.username,
    password: options.password,
    database: options.database,
    clickhouse_settings: { ...CLICKHOUSE_SETTINGS },
    // failures reach the caller as thrown errors; the client's own console logging would duplicate them
    log: { level: ClickHouseLogLevel.OFF },
  });
  const ping = await client.ping();
  if (!ping.success) {
    await client.close();
    throw new Error(`ClickHouse at ${options.url} did not answer: ${String(ping.error)}`);
  }
  return {
    kind: 'clickhouse',
    async query(sql, params, callOptions) {
      const result = await client.query({
        query: sql,
        query_params: bindableParams(params),
        format: 'JSONEachRow',
        abort_signal: callOptions?.signal,
      });
      return result.json();
    },
    async command(sql, params, callOptions) {
      await client.command({ query: sql, query_params: bindableParams(params), abort_signal: callOptions?.signal });
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      await client.insert({ table, values: rows as object[], format: 'JSONEachRow' });
    },
    async insertJsonLines(table, payload, lines) {
      await client.command({
        query: `${insertClause(table, lines)}\n${payload.toString()}`,
      });
    },
    close: () => client.close(),
  };
}

import { Session } from 'chdb';
import { CLICKHOUSE_SETTINGS, bindableParams, insertClause, parseJsonLines, type ClickHouse } from './clickhouse.ts';

const settingsClause = Object.entries(CLICKHOUSE_SETTINGS)
  .map(([key, value]) => `${key} = ${typeof value === 'string' ? `'${value}'` : value}`)
  .join(', ');

/**
 * Opens chDB (ClickHouse in process) on `dir`. chDB allows one data dir per process, so the
 * caller holds the data-dir lock; every call goes through the async API to keep the event loop free.
 */
export async function openChdb(dir: string): Promise<ClickHouse> {
  const session = new Session(dir);
  await session.queryAsync(`SET ${settingsClause}`);
  const run = (sql: string, params: Record<string, unknown> | undefined, format: string, signal?: AbortSignal) =>
    params && Object.keys(params).length > 0
      ? session.queryBindAsync(sql, bindableParams(params), { format, signal })
      : session.queryAsync(sql, { format, signal });
  return {
    kind: 'chdb',
    async query(sql, params, options) {
      const result = await run(sql, params, 'JSONEachRow', options?.signal);
      return parseJsonLines(result.text());
    },
    async command(sql, params, options) {
      await run(sql, params, 'TabSeparated', options?.signal);
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      await session.insert({
        table,
        values: Buffer.from(rows.map((row) => JSON.stringify(row)).join('\n') + '\n'),
        format: 'JSONEachRow',
      });
    },
    async insertJsonLines(table, payload, lines = {}) {
      insertClause(table, lines); // the same checks as the server driver
      await session.insert({
        table,
        values: payload,
        format: lines.format ?? 'JSONEachRow',
        ...(lines.columns && lines.columns.length > 0 ? { columns: lines.columns } : {}),
      });
    },
    async close() {
      session.close();
    },
  };
}

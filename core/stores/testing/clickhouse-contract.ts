import { expect, it } from 'vitest';
import type { ClickHouse } from '../clickhouse.ts';
import { listMigrations, migrateClickHouse } from '../migrate.ts';

const HOSTILE = ["it's", 'back\\slash', "'; DROP TABLE events; --", 'tab\tnew\nline', 'ünï €😀', '{x:String}'];

/** The behaviour every ClickHouse driver must show; `open` gives a store on an empty database. */
export function clickHouseContract(open: () => ClickHouse) {
  it('migrates once, and a second run applies nothing', async () => {
    const ch = open();
    expect(await migrateClickHouse(ch)).toEqual(listMigrations('clickhouse').map((m) => m.name));
    expect(await migrateClickHouse(ch)).toEqual([]);
    const tables = await ch.query<{ name: string }>('SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name');
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['events', 'event_counts_daily', 'user_traits', 'segment_membership_daily']));
  });

  it('binds hostile strings, arrays and millisecond timestamps as server-side parameters', async () => {
    const ch = open();
    const at = new Date('2026-11-20T10:11:12.345Z');
    for (const value of HOSTILE) {
      const [row] = await ch.query<{ s: string; n: number; xs: string[]; t: string }>(
        'SELECT {s:String} AS s, length({xs:Array(String)}) AS n, {xs:Array(String)} AS xs, {t:DateTime64(3)} AS t',
        { s: value, xs: [value, 'x'], t: at },
      );
      expect(row.s).toBe(value);
      expect(row.xs).toEqual([value, 'x']);
      expect(row.n).toBe(2);
      expect(new Date(row.t).toISOString()).toBe(at.toISOString());
    }
  });

  it('inserts JSONEachRow rows, keeps the daily rollup exact, and returns 64-bit counts as numbers', async () => {
    const ch = open();
    const rows = Array.from({ length: 300 }, (_, i) => ({
      workspace_id: 'ws_contract',
      message_id: `m${i}`,
      type: 'track',
      event: i % 3 === 0 ? 'Order Completed' : 'Page Viewed',
      user_id: `u${i % 7}`,
      anonymous_id: '',
      timestamp: `2026-11-${String(10 + (i % 5)).padStart(2, '0')} 12:00:00.000`,
      received_at: '2026-11-20 00:00:00.000',
      properties: JSON.stringify({ note: HOSTILE[i % HOSTILE.length] }),
    }));
    await ch.insert('events', rows.slice(0, 150));
    await ch.insertJsonLines('events', rows.slice(150, 250).map((row) => JSON.stringify(row)).join('\n'));
    // JSONCompactEachRow: values in the order of the listed columns (here not the table's order)
    const columns = ['message_id', 'workspace_id', 'properties', 'type', 'event', 'user_id', 'anonymous_id', 'timestamp', 'received_at'] as const;
    await ch.insertJsonLines(
      'events',
      Buffer.from(rows.slice(250).map((row) => JSON.stringify(columns.map((column) => row[column]))).join('\n') + '\n'),
      { format: 'JSONCompactEachRow', columns },
    );
    await expect(ch.insertJsonLines('events', '[]', { format: 'JSONCompactEachRow', columns: ['x; DROP TABLE events'] })).rejects.toThrow(/identifier/);
    const [total] = await ch.query<{ n: number }>('SELECT count() AS n FROM events WHERE workspace_id = {ws:String}', { ws: 'ws_contract' });
    expect(total.n).toBe(300);
    const rollup = await ch.query<{ event: string; n: number }>(
      'SELECT event, sum(count) AS n FROM event_counts_daily WHERE workspace_id = {ws:String} GROUP BY event ORDER BY event',
      { ws: 'ws_contract' },
    );
    expect(rollup).toEqual([{ event: 'Order Completed', n: 100 }, { event: 'Page Viewed', n: 200 }]);
    const [users] = await ch.query<{ n: number }>(
      'SELECT uniqExactMerge(users) AS n FROM active_users_daily WHERE workspace_id = {ws:String}',
      { ws: 'ws_contract' },
    );
    expect(users.n).toBe(7);
    const notes = await ch.query<{ note: string }>(
      "SELECT DISTINCT JSONExtractString(properties, 'note') AS note FROM events WHERE workspace_id = {ws:String} ORDER BY note",
      { ws: 'ws_contract' },
    );
    expect(notes.map((n) => n.note).sort()).toEqual([...HOSTILE].sort());
  });

  it('reports a bad query as an error carrying ClickHouse\'s message', async () => {
    const ch = open();
    await expect(ch.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    await expect(ch.query('SELEC 1')).rejects.toThrow(/Syntax error/i);
    const [row] = await ch.query<{ one: number }>('SELECT 1 AS one');
    expect(row.one).toBe(1);
  });
}

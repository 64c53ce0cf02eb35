import type { Sql } from '../../core/stores/index.ts';

/**
 * Inserts `rows` into `table` with one parameterised multi-row INSERT. A column written `name::jsonb`
 * casts its parameter (pass JSON text for those).
 */
export async function insertRows(sql: Sql, table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((column) => column.split('::')[0]);
  const casts = columns.map((column) => (column.includes('::') ? `::${column.split('::')[1]}` : ''));
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const slots = row.map((value, i) => {
      params.push(value);
      return `$${params.length}${casts[i]}`;
    });
    return `(${slots.join(', ')})`;
  });
  await sql.query(`insert into ${table} (${names.join(', ')}) values ${tuples.join(', ')}`, params);
}

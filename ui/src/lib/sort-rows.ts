/** A sort order of a table: the column and its direction. */
export interface SortOrder<K extends string> {
  key: K;
  dir: 'asc' | 'desc';
}

/** Rows sorted by one column (numbers numerically, text case-insensitively; missing values last), stable. */
export function sortRows<R extends Record<K, unknown>, K extends string>(rows: readonly R[], order: SortOrder<K>): R[] {
  const sign = order.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[order.key];
      const y = b.row[order.key];
      if (x == null || y == null) return x == null && y == null ? a.index - b.index : x == null ? 1 : -1;
      const diff = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { sensitivity: 'base', numeric: true });
      return diff === 0 ? a.index - b.index : diff * sign;
    })
    .map(({ row }) => row);
}

/** The order after a click on a column header: the same column flips, a new one starts at its natural direction. */
export function toggleSort<K extends string>(current: SortOrder<K>, key: K, numeric: boolean): SortOrder<K> {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: numeric ? 'desc' : 'asc' };
}

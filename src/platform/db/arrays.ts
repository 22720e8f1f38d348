import { type SQL, sql } from 'drizzle-orm';

/**
 * Postgres arrays as one bound parameter (the one helper for this). Every element is quoted, so commas, quotes,
 * braces and backslashes in values stay values; `textArray(['a', 'b'])` is `'{"a","b"}'::text[]`.
 */
export function textArray(values: readonly string[]): SQL {
  return sql`${`{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`}::text[]`;
}

/** Whole numbers as an int[] (or bigint[]) parameter; anything not a whole number is left out, duplicates once. */
export function intArray(values: readonly number[], type: 'int' | 'bigint' = 'int'): SQL {
  const literal = `{${[...new Set(values.filter((v) => Number.isSafeInteger(v)))].join(',')}}`;
  return type === 'int' ? sql`${literal}::int[]` : sql`${literal}::bigint[]`;
}

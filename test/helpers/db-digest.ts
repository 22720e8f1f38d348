import { sql } from 'drizzle-orm';
import type { Database } from '../../src/platform/db/database';
import { rowsOf } from '../../src/platform/db/database';

/**
 * Every base table of every non-system schema, each as the sorted list of its
 * rows' hashes (md5 of the row as JSON, leaving out `ignore`d columns, keyed
 * "schema.table"). Two databases hold the same data when the maps are equal.
 */
export async function tableDigests(
  database: Database,
  ignore: Record<string, string[]> = {},
): Promise<Map<string, string[]>> {
  const tables = rowsOf<{ schema: string; name: string }>(
    await database.db.execute(sql`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
      order by 1, 2`),
  );
  const out = new Map<string, string[]>();
  for (const { schema, name } of tables) {
    const key = `${schema}.${name}`;
    const dropped = (ignore[key] ?? []).map((c) => `'${c.replace(/'/g, "''")}'`).join(', ');
    const row = dropped ? `(to_jsonb(t) - array[${dropped}]::text[])` : 'to_jsonb(t)';
    const ident = `"${schema.replace(/"/g, '""')}"."${name.replace(/"/g, '""')}"`;
    const hashes = rowsOf<{ h: string }>(
      await database.db.execute(sql.raw(`select md5(${row}::text) as h from ${ident} t`)),
    ).map((r) => r.h);
    out.set(key, hashes.sort());
  }
  return out;
}

/** Items of `part` (a multiset) that `whole` does not hold. */
export function notContained(part: string[], whole: string[]): string[] {
  const counts = new Map<string, number>();
  for (const h of whole) counts.set(h, (counts.get(h) ?? 0) + 1);
  const missing: string[] = [];
  for (const h of part) {
    const n = counts.get(h) ?? 0;
    if (n === 0) missing.push(h);
    else counts.set(h, n - 1);
  }
  return missing;
}

import { sql } from 'drizzle-orm';

import { type DbOrTx, rowsOf } from '../../platform/db/database';
import { articleUrl } from './library.search';

/**
 * For system pages: articles whose "where this applies" names the system (a vocabulary slug), or tagged with one
 * of its spellings, most recently edited first.
 */
export async function articlesForSystem(
  db: DbOrTx,
  spellings: readonly string[],
  limit = 10,
): Promise<Array<{ title: string; url: string; summary: string }>> {
  if (spellings.length === 0) return [];
  const lowered = spellings.map((s) => s.toLowerCase());
  const rows = rowsOf<{ slug: string; title: string; summary: string }>(
    await db.execute(sql`
      select a.slug, a.title, a.summary from articles a
      where coalesce(a.context->'systems', '[]'::jsonb) ?| array[${sql.join(
        spellings.map((s) => sql`${s}`),
        sql`, `,
      )}]::text[]
        or exists (select 1 from unnest(a.tags) t where lower(t) = any(array[${sql.join(
          lowered.map((s) => sql`${s}`),
          sql`, `,
        )}]::text[]))
      order by a.updated_at desc
      limit ${limit}`),
  );
  return rows.map((r) => ({ title: r.title, url: articleUrl(r.slug), summary: r.summary }));
}

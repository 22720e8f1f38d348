import { sql } from 'drizzle-orm';
import { type DbOrTx, rowsOf } from '../../platform/db/database';

/** For system pages: public workflows whose "where this applies" or a step names the system (a vocabulary slug). */
export async function workflowsForSystem(
  db: DbOrTx,
  systemSlug: string,
  limit = 10,
): Promise<Array<{ title: string; url: string; summary: string }>> {
  const rows = rowsOf<{ id: number; slug: string | null; title: string; summary: string }>(
    await db.execute(sql`
      select w.id, w.slug, w.title, w.summary from workflows w
      where w.visibility = 'public'
        and (coalesce(w.context->'systems', '[]'::jsonb) ? ${systemSlug}
          or exists (select 1 from jsonb_array_elements(w.steps) s where s->>'system' = ${systemSlug}))
      order by (w.slug is null), w.title
      limit ${limit}`),
  );
  return rows.map((r) => ({
    title: r.title,
    url: r.slug ? `/workflows/${r.slug}` : `/workflows/local/${r.id}`,
    summary: r.summary,
  }));
}

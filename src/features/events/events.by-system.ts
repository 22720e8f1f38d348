import { sql } from 'drizzle-orm';
import { type DbOrTx, rowsOf } from '../../platform/db/database';
import { eventUrl } from './events.models';

/**
 * For system pages: scheduled events not yet over whose title or summary names the system (any of its spellings,
 * whole words), soonest first. Events carry no system field, so the name is what links them.
 */
export async function eventsMentioning(
  db: DbOrTx,
  spellings: readonly string[],
  now: Date,
  limit = 5,
): Promise<Array<{ title: string; url: string; startsAt: Date }>> {
  const patterns = spellings
    .filter((s) => s.trim().length >= 3)
    .map((s) => `\\m${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\M`);
  if (patterns.length === 0) return [];
  const rows = rowsOf<{ id: number; title: string; starts_at: string | Date }>(
    await db.execute(sql`
      select e.id, e.title, e.starts_at from calendar_events e
      where e.status = 'scheduled' and coalesce(e.repeats_until, e.ends_at) >= ${now.toISOString()}
        and (e.title || ' ' || e.summary) ~* any(array[${sql.join(
          patterns.map((p) => sql`${p}`),
          sql`, `,
        )}]::text[])
      order by e.starts_at
      limit ${limit}`),
  );
  return rows.map((r) => ({ title: r.title, url: eventUrl(r.id), startsAt: new Date(r.starts_at) }));
}

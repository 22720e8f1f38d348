import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database';
import { rowsOf } from '../db/database';

/**
 * Since migration 0034 the ranking vector (`fts`) is kept in the row (STORAGE MAIN): every search reads it for each
 * candidate, and an out-of-line copy cost about five times as much to fetch (docs/decisions/040). Rows written
 * before keep their out-of-line copy until they are indexed again; this moves them, a small batch at a time, in the
 * background after a start. The vector's content is unchanged, so results and cached pages stay valid.
 *
 * Needs pg_column_toast_chunk_id (PostgreSQL 17, the embedded database); on an older server it does nothing.
 * Returns the number of rows moved.
 */
export async function moveRankingVectorsInline(
  db: DbOrTx,
  options: { stopped?: () => boolean; batch?: number; pauseMs?: number } = {},
): Promise<number> {
  const supported = rowsOf<{ ok: boolean }>(
    await db.execute(sql`select to_regprocedure('pg_column_toast_chunk_id("any")') is not null as ok`),
  )[0];
  if (!supported?.ok) return 0;
  const batch = options.batch ?? 50;
  const pause = options.pauseMs ?? 100;
  let after = 0;
  let moved = 0;
  while (!options.stopped?.()) {
    // Walks the primary key once; a row is only read, never fetched from TOAST, to find out where its vector is.
    const rows = rowsOf<{ id: number | string }>(
      await db.execute(sql`
        with due as (
          select id from search_documents where id > ${after} and pg_column_toast_chunk_id(fts) is not null
          order by id limit ${batch}
        )
        update search_documents d set fts = d.fts || ''::tsvector from due where d.id = due.id
        returning d.id`),
    );
    if (rows.length === 0) break;
    moved += rows.length;
    after = Math.max(...rows.map((r) => Number(r.id)));
    // The embedded database answers one query at a time: leave room for requests between batches.
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  return moved;
}

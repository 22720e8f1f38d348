import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db';
import type { Database } from '../db/database';
import { rowsOf } from '../db/database';
import { clearSearchCaches, indexDocument, search, type SearchDocumentInput } from './search';
import { moveRankingVectorsInline } from './search.storage';

let database: Database;

// A ranking vector of a few KB of distinct words, as an article's: moved out of the row under the old storage.
const letters = 'bcdfghjklmnpqrstvwxz';
/** Distinct made-up words (base 20 in consonants). */
const word = (i: number) => {
  let n = i * 7919 + 160_000;
  let w = '';
  while (n > 0) {
    w += letters[n % letters.length];
    n = Math.floor(n / letters.length);
  }
  return w;
};
const body = `${Array.from({ length: 260 }, (_, i) => word(i)).join(' ')} microfilm reels sent by courier delivery`;

const doc = (n: number): SearchDocumentInput => ({
  kind: 'article',
  refId: String(n),
  url: `/articles/long-${n}`,
  title: `Long document ${n}`,
  summary: 'A long note.',
  body,
  topics: [],
  docType: 'guide',
  audience: null,
  keywords: [],
  updatedAt: new Date(Date.UTC(2026, 0, 1)),
});

/** Rows whose vector sits in the TOAST table (null: the server has no pg_column_toast_chunk_id). */
async function outOfLine(): Promise<number | null> {
  const fn = rowsOf<{ ok: boolean }>(
    await database.db.execute(sql`select to_regprocedure('pg_column_toast_chunk_id("any")') is not null as ok`),
  )[0];
  if (!fn?.ok) return null;
  const row = rowsOf<{ n: number }>(
    await database.db.execute(
      sql`select count(*)::int as n from search_documents where pg_column_toast_chunk_id(fts) is not null`,
    ),
  )[0];
  return Number(row?.n ?? 0);
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

describe('ranking vector storage', () => {
  it('keeps a newly indexed vector in the row', async () => {
    await indexDocument(database.db, doc(1));
    const n = await outOfLine();
    if (n !== null) expect(n).toBe(0);
  });

  it('moves vectors written under the old storage into their rows, keeping what search finds', async () => {
    // Rows written before migration 0034: the vector stored out of line (as uncompressed as an article's is).
    await database.db.execute(sql`alter table search_documents alter column fts set storage external`);
    for (let n = 2; n <= 4; n++) await indexDocument(database.db, doc(n));
    await database.db.execute(sql`alter table search_documents alter column fts set storage main`);
    const before = await outOfLine();
    clearSearchCaches();
    const found = await search(database.db, { q: '"courier delivery" microfilm' });

    const moved = await moveRankingVectorsInline(database.db, { batch: 2, pauseMs: 0 });

    if (before === null) {
      expect(moved).toBe(0);
    } else {
      expect(before).toBe(3);
      expect(moved).toBe(3);
      expect(await outOfLine()).toBe(0);
      expect(await moveRankingVectorsInline(database.db, { pauseMs: 0 })).toBe(0);
    }
    clearSearchCaches();
    const again = await search(database.db, { q: '"courier delivery" microfilm' });
    expect(again.total).toBe(4);
    expect(again.hits.map((h) => h.refId)).toEqual(found.hits.map((h) => h.refId));
  });

  it('stops when asked', async () => {
    await database.db.execute(sql`alter table search_documents alter column fts set storage external`);
    await indexDocument(database.db, doc(5));
    await database.db.execute(sql`alter table search_documents alter column fts set storage main`);
    expect(await moveRankingVectorsInline(database.db, { stopped: () => true, pauseMs: 0 })).toBe(0);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db';
import type { Database } from '../db/database';
import { rowsOf } from '../db/database';
import { clearSearchCaches, indexDocument, removeDocument, type SearchDocumentInput } from './search';
import {
  clauseFrequencies,
  clauseFrequency,
  clauseUpperBound,
  forgetLiveTermCounts,
  lexemeFrequencies,
  refreshTermStatistics,
  TERM_STATISTICS,
} from './search.terms';

const doc = (n: number, body: string): SearchDocumentInput => ({
  kind: 'article',
  refId: String(n),
  url: `/articles/t-${n}`,
  title: `Note ${n}`,
  summary: '',
  body,
  topics: [],
  docType: 'guide',
  audience: null,
  keywords: [],
  updatedAt: new Date(Date.UTC(2026, 0, 1)),
});

describe('a clause count worked out from its lexemes', () => {
  const counts = new Map([
    ['patron', 50],
    ['user', 50],
    ['lend', 40],
    ['librari', 80],
    ['rare', 2],
  ]);

  it('treats alternatives as independent (their union), never above the corpus', () => {
    // 1 - (1 - 0.5)(1 - 0.5) = 0.75 of 100 documents.
    expect(clauseFrequency([[['patron']], [['user']]], counts, 100)).toBe(75);
    expect(clauseFrequency([[['patron', 'user']]], counts, 100)).toBe(75);
    expect(clauseFrequency([[['librari']], [['librari']], [['librari']]], counts, 100)).toBeLessThanOrEqual(100);
  });

  it('counts a term of several words by its rarest word, and an unknown lexeme as absent', () => {
    expect(clauseFrequency([[['lend'], ['librari']]], counts, 100)).toBe(40);
    expect(clauseFrequency([[['rare'], ['librari']]], counts, 100)).toBe(2);
    expect(clauseFrequency([[['nowhere']]], counts, 100)).toBe(0);
    expect(clauseFrequency([[['patron']]], counts, 0)).toBe(0);
  });

  it('bounds a clause from above by adding its parts up', () => {
    expect(clauseUpperBound([[['patron']], [['user']]], counts, 1000)).toBe(100);
    expect(clauseUpperBound([[['patron']], [['user']]], counts, 60)).toBe(60);
    expect(clauseUpperBound([[['lend'], ['librari']]], counts, 1000)).toBe(40);
  });
});

describe('word statistics kept in the database', () => {
  let database: Database;
  const stored = async () =>
    new Map(
      rowsOf<{ lexeme: string; documents: number }>(
        await database.db.execute(sql`select lexeme, documents from search_terms`),
      ).map((r) => [r.lexeme, Number(r.documents)]),
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    clearSearchCaches();
    // "librari" in all 12, "courier" in 6, "vellum" in 2 (under the storage threshold).
    for (let n = 1; n <= 12; n++) {
      const words = ['library', n <= 6 ? 'courier' : 'post', n <= 2 ? 'vellum' : 'paper'];
      await indexDocument(database.db, doc(n, `The ${words.join(' and the ')} of note ${n}.`));
    }
  });
  afterAll(async () => {
    await database.close();
  });

  it('counts every lexeme in chunks and keeps those in enough documents', async () => {
    expect(TERM_STATISTICS.storedFrom).toBeGreaterThan(2);
    const first = await refreshTermStatistics(database.db, { pauseMs: 0 });
    expect(first).toMatchObject({ refreshed: true, documents: 12 });
    const terms = await stored();
    expect(terms.get('librari')).toBe(12);
    expect(terms.get('courier')).toBe(6);
    expect(terms.get('post')).toBe(6);
    expect(terms.has('vellum')).toBe(false);
    expect(first.lexemes).toBe(terms.size);
  });

  it('does nothing until the index changes, then replaces what the previous refresh wrote', async () => {
    expect((await refreshTermStatistics(database.db, { pauseMs: 0 })).refreshed).toBe(false);
    for (let n = 1; n <= 6; n++) await removeDocument(database.db, 'article', String(n));
    const again = await refreshTermStatistics(database.db, { pauseMs: 0 });
    expect(again).toMatchObject({ refreshed: true, documents: 6 });
    const terms = await stored();
    expect(terms.get('librari')).toBe(6);
    // "courier" was only in the removed notes: its row from the earlier refresh is gone.
    expect(terms.has('courier')).toBe(false);
  });

  it('stops when asked, leaving the statistics as they were', async () => {
    await indexDocument(database.db, doc(50, 'A library courier.'));
    const stopped = await refreshTermStatistics(database.db, { pauseMs: 0, stopped: () => true });
    expect(stopped.refreshed).toBe(false);
    expect((await stored()).get('librari')).toBe(6);
  });

  it('reads stored counts, and counts at query time the lexemes the statistics lack', async () => {
    forgetLiveTermCounts();
    const counts = await lexemeFrequencies(database.db, ['librari', 'courier', 'vellum', 'absent']);
    // Stored (as of the last refresh, before note 50): 6. Not stored: counted now.
    expect(counts.get('librari')).toBe(6);
    expect(counts.get('courier')).toBe(1);
    expect(counts.get('absent')).toBe(0);
  });

  it('counts a clause exactly when it is rare enough, and estimates a common one from the statistics', async () => {
    forgetLiveTermCounts();
    const phrase = { query: "('courier' <-> 'librari')", lexemes: [[['courier'], ['librari']]] };
    const word = { query: "'librari'", lexemes: [[['librari']]] };
    // At most 6 documents by the statistics: both counted now (the phrase is in none; "library" in 7 since note 50).
    expect(await clauseFrequencies(database.db, [phrase, word], 7)).toEqual([0, 7]);
    // A word the statistics put in more documents than TERM_STATISTICS.exactBelow is not counted but estimated.
    await database.db.execute(
      sql`update search_terms set documents = ${TERM_STATISTICS.exactBelow * 10} where lexeme = 'librari'`,
    );
    forgetLiveTermCounts();
    expect(await clauseFrequencies(database.db, [word], TERM_STATISTICS.exactBelow * 20)).toEqual([
      TERM_STATISTICS.exactBelow * 10,
    ]);
  });
});

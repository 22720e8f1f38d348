import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db';
import type { Database } from '../db/database';
import {
  indexDocument,
  parseSnippet,
  removeDocument,
  type SearchDocumentInput,
  search,
  snippetWindow,
  suggest,
  withoutPhrases,
  wordsOf,
} from './search';

let database: Database;

const doc = (n: number, over: Partial<SearchDocumentInput> = {}): SearchDocumentInput => ({
  kind: 'article',
  refId: String(n),
  url: `/articles/doc-${n}`,
  title: `Document ${n}`,
  summary: 'A library note.',
  body: 'Every library processes a request for a loan.',
  topics: ['borrowing'],
  docType: 'guide',
  audience: 'new',
  keywords: [],
  updatedAt: new Date(Date.UTC(2026, 0, 1 + (n % 28))),
  ...over,
});

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  for (let n = 1; n <= 60; n++) await indexDocument(db, doc(n));
  await indexDocument(
    db,
    doc(100, {
      title: 'Copyright and the rule of five',
      summary: 'CONTU guidelines for borrowing libraries.',
      body: 'The suggestion of five limits copies from recent periodicals.',
      topics: ['copyright-licensing'],
      docType: 'guide',
    }),
  );
  await indexDocument(
    db,
    doc(101, {
      title: 'IFLA voucher scheme',
      summary: 'Paying international lenders.',
      body: 'Vouchers are reusable and never expire.',
      topics: ['international-ill'],
      docType: 'external-resource',
      audience: 'experienced',
      keywords: ['payment'],
    }),
  );
  await indexDocument(
    db,
    doc(102, {
      title: 'Library request basics',
      summary: 'How a library request moves.',
      body: 'A library request and a library loan, library library.',
      topics: ['borrowing'],
    }),
  );
  await indexDocument(
    db,
    doc(103, {
      title: 'Turnaround time',
      summary: 'Measuring how long requests take.',
      body: 'Turnaround is the time from request to delivery.',
      docType: 'glossary-term',
      topics: ['reports-assessment'],
    }),
  );
});
afterAll(() => database.close());

describe('search', () => {
  it('ranks a title match first and highlights the matched words in a snippet', async () => {
    const result = await search(database.db, { q: 'voucher' });
    expect(result.total).toBe(1);
    expect(result.hits[0]?.title).toBe('IFLA voucher scheme');
    expect(result.hits[0]?.snippet.some((s) => s.hit && /voucher/i.test(s.text))).toBe(true);
  });

  it('matches word forms (stemming) and phrases', async () => {
    expect((await search(database.db, { q: 'copies' })).hits[0]?.refId).toBe('100');
    expect((await search(database.db, { q: '"rule of five"' })).hits.map((h) => h.refId)).toEqual(['100']);
  });

  it('filters by topic, type and audience', async () => {
    const byTopic = await search(database.db, { q: 'library', topic: 'copyright-licensing' });
    expect(byTopic.hits.map((h) => h.refId)).toEqual(['100']);
    const byType = await search(database.db, { q: 'request', type: 'glossary-term' });
    expect(byType.hits.map((h) => h.refId)).toEqual(['103']);
    const byAudience = await search(database.db, { q: 'international', audience: 'experienced' });
    expect(byAudience.hits.map((h) => h.refId)).toEqual(['101']);
  });

  it('brings the document about a very common word to the top and pages the rest', async () => {
    const result = await search(database.db, { q: 'library', pageSize: 10 });
    expect(result.total).toBeGreaterThan(60);
    expect(result.hits[0]?.refId).toBe('102');
    expect(result.pageCount).toBe(Math.ceil(result.total / 10));
    const page2 = await search(database.db, { q: 'library', pageSize: 10, page: 2 });
    expect(page2.hits.map((h) => h.refId)).not.toContain('102');
  });

  it('explains a query made only of stop words instead of returning everything', async () => {
    const result = await search(database.db, { q: 'the and of' });
    expect(result.onlyStopWords).toBe(true);
    expect(result.hits).toEqual([]);
  });

  it('corrects a misspelt query when it finds nothing, and says what it searched instead', async () => {
    const result = await search(database.db, { q: 'vouchr' });
    expect(result.correctedFrom).toBe('vouchr');
    expect(result.query).toBe('voucher');
    expect(result.hits[0]?.refId).toBe('101');
  });

  it('suggests nothing when every word is known', async () => {
    expect(await suggest(database.db, 'voucher scheme')).toBeUndefined();
    expect(await suggest(database.db, 'turnarund time')).toBe('turnaround time');
  });

  it('lists documents by the filters alone when there are no words', async () => {
    const result = await search(database.db, { q: '', topic: 'international-ill' });
    expect(result.hits.map((h) => h.refId)).toEqual(['101']);
  });

  it('forgets a removed document', async () => {
    await indexDocument(database.db, doc(200, { title: 'Ephemeral zebra note' }));
    expect((await search(database.db, { q: 'zebra' })).total).toBe(1);
    await removeDocument(database.db, 'article', '200');
    expect((await search(database.db, { q: 'zebra' })).total).toBe(0);
  });

  it('finds the snippet where the words are, deep in a long document, and highlights a phrase whole', async () => {
    const filler = 'Shelving and circulation notes for the branch. '.repeat(300);
    await indexDocument(
      database.db,
      doc(300, {
        title: 'Branch notes',
        summary: '',
        body: `${filler}Keep the parchment folder flat in the courier bag. ${filler}`,
      }),
    );
    expect(filler.length).toBeGreaterThan(12_000);
    const hit = (await search(database.db, { q: 'parchment' })).hits[0];
    expect(hit?.refId).toBe('300');
    expect(hit?.snippet.filter((s) => s.hit).map((s) => s.text.toLowerCase())).toContain('parchment');
    const phrase = (await search(database.db, { q: '"courier bag"' })).hits[0];
    expect(phrase?.refId).toBe('300');
    expect(phrase?.snippet.some((s) => s.hit && /courier/i.test(s.text))).toBe(true);
    await removeDocument(database.db, 'article', '300');
  });

  it('draws title matches of a phrase by its words, yet returns only pages holding the phrase', async () => {
    await indexDocument(database.db, doc(301, { title: 'Library of the lending kind', body: 'Shelves.' }));
    await indexDocument(database.db, doc(302, { title: 'Lending library rules', body: 'Rules.' }));
    const result = await search(database.db, { q: '"lending library"' });
    expect(result.hits.map((h) => h.refId)).toEqual(['302']);
    await removeDocument(database.db, 'article', '301');
    await removeDocument(database.db, 'article', '302');
  });

  it('counts only pages with every word when pages with most of them are listed among them', async () => {
    for (let n = 400; n < 406; n++) {
      await indexDocument(database.db, doc(n, { title: `Parcel note ${n}`, body: 'A courier parcel, tracked.' }));
    }
    await indexDocument(database.db, doc(406, { title: 'Courier', body: 'Which courier to use.' }));
    const result = await search(database.db, { q: 'courier parcel' });
    expect(result.relaxed).toBe(false);
    expect(result.mixed).toBe(true);
    expect(result.hits.map((h) => h.refId)).toContain('406');
    // The count and the facets agree: the six pages holding both words.
    expect(result.total).toBe(6);
    expect(result.facets.reduce((sum, f) => sum + f.count, 0)).toBe(6);
    for (let n = 400; n <= 406; n++) await removeDocument(database.db, 'article', String(n));
  });

  it('treats hostile query text as words, never as syntax errors', async () => {
    for (const q of ["'); drop table search_documents; --", '!!! ((( ', '"unclosed', 'a & | ! b', '\\']) {
      await expect(search(database.db, { q })).resolves.toBeDefined();
    }
    expect((await search(database.db, { q: 'voucher' })).total).toBe(1);
  });
});

describe('search helpers', () => {
  it('splits snippets into highlighted and plain segments', () => {
    expect(parseSnippet('a \u0001b\u0002 c')).toEqual([
      { text: 'a ', hit: false },
      { text: 'b', hit: true },
      { text: ' c', hit: false },
    ]);
  });

  it('turns phrases into conjunctions for the title draw, leaving quoted lexemes alone', () => {
    expect(withoutPhrases("('lend' <-> 'librari') & !('a''<1>' <2> 'b')")).toBe(
      "('lend' & 'librari') & !('a''<1>' & 'b')",
    );
    expect(withoutPhrases("'loan' | 'lend'")).toBe("'loan' | 'lend'");
  });

  it('picks a snippet window that starts a little before the first query word, on a word boundary', () => {
    const text = `${'alpha '.repeat(100)}the microfilm reader ${'omega '.repeat(300)}`;
    const window = snippetWindow(text, /(?<![\p{L}\p{N}])(?:microfilm)/iu);
    expect(window).toContain('microfilm');
    expect(window.startsWith('alpha ')).toBe(true);
    expect(window.indexOf('microfilm')).toBeLessThanOrEqual(220);
    expect(snippetWindow(text, null)).toBe(text.slice(0, window.length));
  });

  it('collects distinct words of three letters or more for suggestions', () => {
    expect(wordsOf('The ILL loan, the loan; ok É')).toEqual(['the', 'ill', 'loan']);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db';
import type { Database } from '../db/database';
import { registerSearchKinds } from './kinds';
import { indexDocument, search, type SearchDocumentInput, similarDocuments, suggest, suggestTitles } from './search';

let database: Database;
let n = 0;

const doc = (over: Partial<SearchDocumentInput>): SearchDocumentInput => {
  n++;
  return {
    kind: 'article',
    refId: `e${n}`,
    url: `/articles/e${n}`,
    title: `Note ${n}`,
    summary: '',
    body: 'A plain note about routine library work.',
    topics: [],
    docType: 'guide',
    audience: null,
    keywords: [],
    updatedAt: new Date(Date.UTC(2026, 0, 1)),
    ...over,
  };
};

const urls = async (q: string, extra: Partial<Parameters<typeof search>[1]> = {}) =>
  (await search(database.db, { q, ...extra })).hits.map((h) => h.url);

beforeAll(async () => {
  database = await createTestDatabase();
  registerSearchKinds([
    { kind: 'article', label: 'Article', plural: 'Articles', curated: true, order: 1 },
    { kind: 'post', label: 'Forum thread', plural: 'Forum threads', curated: false, order: 2 },
  ]);
  const db = database.db;
  for (let i = 0; i < 20; i++) await indexDocument(db, doc({ body: `Routine note ${i} on sharing files and loans.` }));
  await indexDocument(db, doc({ url: '/shares', title: 'SHARES', body: 'The OCLC SHARES resource-sharing group.' }));
  await indexDocument(
    db,
    doc({ url: '/accents', title: 'Deutsche Nationalbibliothek', body: 'Fernleihe über die Bibliothèque.' }),
  );
  await indexDocument(
    db,
    doc({ url: '/dds', title: 'Document delivery', body: 'A document delivery service supplies copies.' }),
  );
  await indexDocument(db, doc({ url: '/catalogue', title: 'Searching the union catalogue', body: 'Find holdings.' }));
  await indexDocument(
    db,
    doc({ url: '/tat', title: 'Turnaround time', body: '', summary: '', aliases: ['TAT'], docType: 'glossary-term' }),
  );
  await indexDocument(db, doc({ url: '/members', title: 'Members only voucher ledger', visibility: 'members' }));
  await indexDocument(db, doc({ url: '/guide-q', title: 'Quokka handling', body: 'Quokka parcels need care.' }));
  for (const k of [1, 2, 3]) {
    await indexDocument(
      db,
      doc({
        kind: 'post',
        url: `/posts/${k}`,
        title: 'Quokka handling',
        body: 'Quokka parcels need care.',
        groupKey: 'thread:9',
      }),
    );
  }
});
afterAll(() => database.close());

describe('search engine', () => {
  it('matches an all-caps acronym as written, not its stemmed common word', async () => {
    expect(await urls('SHARES')).toEqual(['/shares']);
    expect((await urls('shares')).length).toBeGreaterThan(1);
  });

  it('matches whatever the accents', async () => {
    expect(await urls('bibliotheque')).toEqual(['/accents']);
    expect(await urls('Fernleihe uber')).toEqual(['/accents']);
  });

  it('expands acronyms and spelling variants from the dictionary, both ways', async () => {
    expect(await urls('DDS')).toContain('/dds');
    expect(await urls('catalog')).toContain('/catalogue');
  });

  it('falls back to any of the words, rarest first, when every word together finds too little', async () => {
    const result = await search(database.db, { q: 'quokka spaceship' });
    expect(result.relaxed).toBe(true);
    expect(result.hits[0]?.title).toBe('Quokka handling');
  });

  it('shows one hit per thread and ranks curated content above forum posts at equal relevance', async () => {
    const result = await search(database.db, { q: 'quokka' });
    expect(result.hits.map((h) => h.url)).toEqual(['/guide-q', '/posts/1']);
    expect(result.facets).toEqual(
      expect.arrayContaining([
        { kind: 'article', label: 'Articles', count: 1 },
        { kind: 'post', label: 'Forum threads', count: 1 },
      ]),
    );
  });

  it('counts a thread once in the facets and the total, however many of its posts match', async () => {
    for (let k = 1; k <= 5; k++) {
      await indexDocument(
        database.db,
        doc({
          kind: 'post',
          url: `/threads/77#p${k}`,
          title: `Re: narwhal tusks ${k}`,
          body: 'Narwhal tusks travel badly.',
          groupKey: 'thread:77',
        }),
      );
    }
    const result = await search(database.db, { q: 'narwhal' });
    expect(result.hits.map((h) => h.url)).toHaveLength(1);
    expect(result.facets).toEqual([{ kind: 'post', label: 'Forum threads', count: 1 }]);
    expect(result.total).toBe(1);
    const onlyPosts = await search(database.db, { q: 'narwhal', kind: 'post' });
    expect(onlyPosts.total).toBe(1);
  });

  it('puts an exact title or alias match first as a best bet, with a snippet even for an empty body', async () => {
    const result = await search(database.db, { q: 'TAT' });
    expect(result.bestBet?.url).toBe('/tat');
    expect(result.hits[0]?.url).toBe('/tat');
    expect(result.hits[0]?.snippet.length).toBeGreaterThan(0);
  });

  it('returns members-only documents to members alone', async () => {
    expect(await urls('ledger')).toEqual([]);
    expect(await urls('ledger', { viewer: 'member' })).toEqual(['/members']);
  });

  it('corrects spelling unless told to search exactly as typed', async () => {
    const corrected = await search(database.db, { q: 'quoka' });
    expect(corrected.correctedFrom).toBe('quoka');
    const exact = await search(database.db, { q: 'quoka', exact: true });
    expect(exact.correctedFrom).toBeUndefined();
    expect(exact.total).toBe(0);
    expect(await suggest(database.db, 'SHARES quoka')).toBe('SHARES quokka');
  });

  it('sees a change at once despite the result cache', async () => {
    expect(await urls('wombat')).toEqual([]);
    await indexDocument(database.db, doc({ url: '/wombat', title: 'Wombat crossings' }));
    expect(await urls('wombat')).toEqual(['/wombat']);
    await database.db.execute(sql`delete from search_documents where url = '/wombat'`);
  });

  it('suggests titles as the reader types, and similar documents for a new title', async () => {
    expect((await suggestTitles(database.db, 'turnar')).map((s) => s.url)).toEqual(['/tat']);
    expect((await suggestTitles(database.db, 'searching the uni')).map((s) => s.title)).toEqual([
      'Searching the union catalogue',
    ]);
    expect((await suggestTitles(database.db, 'quokka han')).map((s) => s.url)).toEqual(['/guide-q', '/posts/1']);
    const similar = await similarDocuments(database.db, 'How should I pack a quokka?', { kinds: ['post'] });
    expect(similar.map((h) => h.url)).toEqual(['/posts/1']);
  });
});

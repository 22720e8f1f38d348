import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db';
import { type Database, rowsOf } from '../db/database';
import { indexDocument, indexDocuments, search, type SearchDocumentInput } from './search';

// Two databases: one indexed document by document, one in batch; both must hold the same index.
let oneByOne: Database;
let batched: Database;

const doc = (n: number, over: Partial<SearchDocumentInput> = {}): SearchDocumentInput => ({
  kind: 'event',
  refId: String(n),
  url: `/events/${n}`,
  title: `Example workshop ${n} on ISO 18626`,
  summary: n % 2 ? 'Borrowing across borders.' : '',
  body: `Session ${n}: lending, copyright and the NCIP profile. ${'Resource sharing '.repeat(n % 3)}`,
  topics: n % 2 ? ['borrowing'] : [],
  docType: 'workshop',
  audience: n % 3 ? 'new' : null,
  keywords: ['Example Consortium', 'Workshop'],
  updatedAt: new Date(Date.UTC(2026, 0, 1 + (n % 28))),
  ...(n % 4 === 0 ? { aliases: [`Alias ${n}`], headings: ['Agenda'], groupKey: `event:${n}`, quality: 0.5 } : {}),
  ...over,
});

beforeAll(async () => {
  [oneByOne, batched] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([oneByOne?.close(), batched?.close()]);
});

async function snapshot(database: Database) {
  const docs = rowsOf(
    await database.db.execute(sql`
      select kind, ref_id, url, title, summary, body, topics, doc_type, audience, keywords, updated_at, aliases,
        headings, visibility, group_key, quality, title_keys, fts::text as fts, head_tsv::text as head_tsv
      from search_documents order by kind, ref_id`),
  );
  const words = rowsOf(await database.db.execute(sql`select word, sound, frequency from search_words order by word`));
  const version = Number(
    rowsOf<{ version: number }>(await database.db.execute(sql`select version from search_state where id = 1`))[0]
      ?.version ?? 0,
  );
  return { docs, words, version };
}

describe('indexing documents in batch', () => {
  it('holds the same documents and spelling words as indexing them one by one, with one version bump', async () => {
    // A first pass, then a second that replaces some and adds others (a re-import): words count once per
    // document each time, as one call per document counts them.
    const first = Array.from({ length: 30 }, (_, i) => doc(i + 1));
    const second = [
      ...Array.from({ length: 10 }, (_, i) => doc(i + 1, { title: `Renamed workshop ${i + 1}` })),
      doc(31),
    ];
    for (const d of [...first, ...second]) await indexDocument(oneByOne.db, d);
    const before = (await snapshot(batched)).version;
    await indexDocuments(batched.db, first);
    await indexDocuments(batched.db, second);
    const [a, b] = await Promise.all([snapshot(oneByOne), snapshot(batched)]);
    expect(b.docs).toEqual(a.docs);
    expect(b.words).toEqual(a.words);
    expect(b.docs).toHaveLength(31);
    expect(b.version).toBe(before + 2);
    const hits = await search(batched.db, { q: 'Renamed workshop 3' });
    expect(hits.hits[0]?.url).toBe('/events/3');
  });

  it('keeps the later copy when a batch names one document twice', async () => {
    await indexDocuments(batched.db, [
      doc(40, { title: 'Example first copy' }),
      doc(40, { title: 'Example last copy' }),
    ]);
    const rows = rowsOf<{ title: string }>(
      await batched.db.execute(sql`select title from search_documents where kind = 'event' and ref_id = '40'`),
    );
    expect(rows.map((r) => r.title)).toEqual(['Example last copy']);
  });

  it('stops counting a word at the frequency cap, as one call per document does', async () => {
    await batched.db.execute(
      sql`insert into search_words (word, sound, frequency) values ('capword', 'KPWRT', 998) on conflict (word) do update set frequency = 998`,
    );
    await indexDocuments(
      batched.db,
      Array.from({ length: 5 }, (_, i) => doc(100 + i, { body: 'capword capword' })),
    );
    const rows = rowsOf<{ frequency: number }>(
      await batched.db.execute(sql`select frequency from search_words where word = 'capword'`),
    );
    expect(rows[0]?.frequency).toBe(1000);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, createTestApp, createUser, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { addTopic, articleContent, articleForm, newArticle } from '../../../test/helpers/content';
import { rowsOf } from '../../platform/db/database';
import { search } from '../../platform/search/search';
import { diffArticle } from './diff';
import { articleSearchDocument } from './library.search';
import { readStarterContent } from './starter-content';

/** "Also known as": glossary terms' other names, from front matter or the editor, in search and on the pages. */
const t = await createTestApp();
afterAll(() => t.close());

let author: TestUser;

beforeAll(async () => {
  await addTopic(t);
  author = await createUser(t.database);
  await newArticle(t, author, {
    title: 'Quillfeather exchange protocol',
    summary: 'A made-up protocol for this test: how two made-up systems swap requests.',
    type: 'glossary-term',
    body: 'The Quillfeather exchange protocol moves requests between two test systems.',
    aka: ['QXP', 'Quillfeather protocol'],
  });
});

describe('also known as', () => {
  it('is in the front matter of the starter glossary, and the loader passes it on as search aliases', async () => {
    const content = await readStarterContent('content');
    const glossary = content.articles.filter((a) => a.content.type === 'glossary-term');
    const withAka = glossary.filter((a) => (a.content.aka ?? []).length > 0);
    expect(withAka.length).toBeGreaterThanOrEqual(70);
    const tat = glossary.find((a) => a.slug === 'turnaround-time');
    expect(tat?.content.aka).toEqual(['TAT', 'turn-around time']);
    const grey = glossary.find((a) => a.slug === 'grey-literature');
    expect(grey?.content.aka).toContain('gray literature');
    const doc = articleSearchDocument({
      ...grey!.content,
      id: 1,
      slug: 'grey-literature',
      revision: 1,
      bodyHtml: null,
      protected: false,
      origin: 'starter',
      createdBy: 1,
      updatedBy: 1,
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
    expect(doc.aliases).toContain('gray literature');
  });

  it('makes an exact match of another name the best bet, like the title', async () => {
    const rows = rowsOf<{ aliases: string[] }>(
      await t.database.db.execute(
        sql`select aliases from search_documents where title = 'Quillfeather exchange protocol'`,
      ),
    );
    expect(rows[0]?.aliases).toEqual(expect.arrayContaining(['QXP', 'Quillfeather protocol']));
    const result = await search(t.database.db, { q: 'QXP' });
    expect(result.bestBet?.title).toBe('Quillfeather exchange protocol');
  });

  it('shows "Also known as" on the term’s page and in the glossary', async () => {
    const anon = new TestClient(t.app);
    const page = await (await anon.get('/articles/quillfeather-exchange-protocol')).text();
    expect(page).toMatch(/<span class="also-known-as-label">Also known as:<\/span> QXP, Quillfeather protocol/);
    const glossary = await (await anon.get('/glossary')).text();
    expect(glossary).toMatch(/<span class="also-known-as-label">Also known as:<\/span> QXP, Quillfeather protocol/);
  });

  it('is edited in the article editor, kept in the revision, and searched at once', async () => {
    const client = await clientFor(t, author);
    const res = await client.post(
      '/articles/quillfeather-exchange-protocol',
      articleForm({
        title: 'Quillfeather exchange protocol',
        summary: 'A made-up protocol for this test: how two made-up systems swap requests.',
        type: 'glossary-term',
        body: 'The Quillfeather exchange protocol moves requests between two test systems.',
        aka: 'QXP, Quill-feather protocol, QEP',
        message: 'Another name',
        baseRevision: '1',
      }),
      { from: '/articles/quillfeather-exchange-protocol/edit' },
    );
    expect(res.status).toBe(303);
    const revisions = rowsOf<{ aka: string[] }>(
      await t.database.db.execute(
        sql`select r.aka from article_revisions r join articles a on a.id = r.article_id where a.slug = 'quillfeather-exchange-protocol' order by r.number`,
      ),
    );
    expect(revisions.map((r) => r.aka)).toEqual([
      ['QXP', 'Quillfeather protocol'],
      ['QXP', 'Quill-feather protocol', 'QEP'],
    ]);
    expect((await search(t.database.db, { q: 'QEP' })).bestBet?.title).toBe('Quillfeather exchange protocol');
    const editor = await (await client.get('/articles/quillfeather-exchange-protocol/edit')).text();
    expect(editor).toContain('value="QXP, Quill-feather protocol, QEP"');
    const before = articleContent({ aka: ['QXP'] });
    expect(diffArticle(before, { ...before, aka: ['QXP', 'QEP'] }).fields).toEqual([
      { field: 'aka', label: 'Also known as', before: 'QXP', after: 'QXP, QEP' },
    ]);
  });
});

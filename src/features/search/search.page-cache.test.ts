import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clientFor, createTestApp, createUser, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { newArticle } from '../../../test/helpers/content';
import { exampleWorkflow } from '../../../test/helpers/workflows';
import { indexDocument, search } from '../../platform/search/search';
import { indexWorkflow } from '../workflows/workflows.search';

// Count the engine's searches: a cached result page must not run one.
vi.mock('../../platform/search/search', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../platform/search/search')>();
  return { ...actual, search: vi.fn(actual.search) };
});
const searches = () => vi.mocked(search).mock.calls.length;

const t = await createTestApp({ seed: true });
afterAll(() => t.close());
const anon = () => new TestClient(t.app);

let author: TestUser;
let canadian: TestUser;
let noContext: TestUser;

beforeAll(async () => {
  author = await createUser(t.database);
  canadian = await createUser(t.database);
  noContext = await createUser(t.database);
  await t.database.db.execute(
    sql`insert into profiles (user_id, library_type, country, systems) values (${canadian.id}, 'public', 'canada', '{}'::text[])`,
  );
  await newArticle(t, author, { title: 'Okapi lending in the United States', context: { regions: ['united-states'] } });
  await newArticle(t, author, { title: 'Okapi lending in Canada', context: { regions: ['canada'] } });
  await newArticle(t, author, { title: 'Okapi lending anywhere' });
  const workflow = await exampleWorkflow(t.database.db, author.id, t.clock.now(), 'okapi-academic-workflow');
  await indexWorkflow(t.database.db, { ...workflow, title: 'Okapi workflow for academic libraries' });
});

async function page(path: string, client = anon()): Promise<{ html: string; res: Response }> {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return { html: await res.text(), res };
}

describe('anonymous result pages', () => {
  it('are rendered once per query and index version: a repeat runs no search', async () => {
    const before = searches();
    const first = await page('/search?q=okapi%20lending');
    expect(searches()).toBe(before + 1);
    expect(first.html).toContain('Okapi lending anywhere');
    expect(first.res.headers.get('cache-control')).toContain('public');
    // The same query written differently (spacing, an unknown parameter) is the same page.
    const again = await page('/search?q=okapi++lending&cb=1');
    expect(searches()).toBe(before + 1);
    expect(again.html).toBe(first.html);
    expect(again.res.headers.get('etag')).toBe(first.res.headers.get('etag'));
    // Other parameters are other pages.
    await page('/search?q=okapi%20lending&kind=article');
    expect(searches()).toBe(before + 2);
  });

  it('show a document as soon as it is indexed', async () => {
    expect((await page('/search?q=okapi')).html).not.toContain('Okapi transport crates');
    const before = searches();
    await newArticle(t, author, { title: 'Okapi transport crates' });
    expect((await page('/search?q=okapi')).html).toContain('Okapi transport crates');
    expect(searches()).toBe(before + 1);
  });

  it('are never served to signed-in members, who may see members-only documents', async () => {
    await indexDocument(t.database.db, {
      kind: 'article',
      refId: 'members-okapi',
      url: '/members/okapi-ledger',
      title: 'Okapi members ledger',
      summary: '',
      body: 'Okapi ledger for members.',
      topics: [],
      docType: 'guide',
      audience: null,
      keywords: [],
      updatedAt: t.clock.now(),
      visibility: 'members',
    });
    const anonymous = await page('/search?q=okapi%20ledger');
    expect(anonymous.html).not.toContain('/members/okapi-ledger');
    const member = await page('/search?q=okapi%20ledger', await clientFor(t, noContext));
    expect(member.html).toContain('/members/okapi-ledger');
    expect(member.res.headers.get('cache-control')).not.toContain('public');
    expect((await page('/search?q=okapi%20ledger')).html).not.toContain('/members/okapi-ledger');
  });
});

describe('"Show what applies to me" on the search page', () => {
  it('offers a member with a library context a labelled checkbox, and shows everything while it is off', async () => {
    const { html } = await page('/search?q=okapi', await clientFor(t, canadian));
    expect(html).toMatch(/<input id="search-fits" type="checkbox" name="fits" value="me"\/>/);
    expect(html).toMatch(/<label for="search-fits">Show what applies to me/);
    expect(html).toContain('Okapi lending in the United States');
    expect(html).toContain('Okapi workflow for academic libraries');
  });

  it('hides articles and workflows written for other libraries when ticked, and keeps it ticked across links', async () => {
    const { html } = await page('/search?q=okapi&fits=me', await clientFor(t, canadian));
    expect(html).toMatch(/<input id="search-fits" type="checkbox" name="fits" value="me" checked=""\/>/);
    expect(html).not.toContain('Okapi lending in the United States');
    expect(html).not.toContain('Okapi workflow for academic libraries');
    expect(html).toContain('Okapi lending in Canada');
    expect(html).toContain('Okapi lending anywhere');
    expect(html).toMatch(/href="\/search\?q=okapi&amp;kind=article&amp;fits=me"/);
  });

  it('is not offered to anonymous visitors or members without a context, and the parameter changes nothing for them', async () => {
    for (const client of [anon(), await clientFor(t, noContext)]) {
      const { html } = await page('/search?q=okapi&fits=me', client);
      expect(html).not.toContain('search-fits');
      expect(html).toContain('Okapi lending in the United States');
    }
  });
});

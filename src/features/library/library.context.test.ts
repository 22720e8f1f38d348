import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { addTopic, newArticle } from '../../../test/helpers/content';
import { contextProblems, fitOf, type ReaderContext } from './library.context';

const canadianPublic: ReaderContext = { libraryTypes: ['public'], regions: ['canada'], systems: [] };

describe('whether an article fits a reader', () => {
  it('fits when every field both name shares a value, and says which fields do not', () => {
    expect(fitOf({ regions: ['canada'] }, canadianPublic).fits).toBe(true);
    expect(fitOf({ libraryTypes: ['academic'], regions: ['united-states'] }, canadianPublic)).toEqual({
      fits: false,
      mismatched: ['libraryTypes', 'regions'],
    });
    expect(fitOf({ systems: ['illiad'] }, { ...canadianPublic, systems: ['tipasa'] }).mismatched).toEqual(['systems']);
  });

  it('treats a field either side leaves empty, and advice for work across borders, as fitting', () => {
    expect(fitOf({}, canadianPublic).fits).toBe(true);
    expect(fitOf({ systems: ['illiad'] }, canadianPublic).fits).toBe(true);
    expect(fitOf({ regions: ['united-states', 'international'] }, canadianPublic).fits).toBe(true);
  });
});

describe('what a best practice must say', () => {
  const body = '## Why this works\n\nEvidence.\n\n## What it costs and saves\n\nTime.';
  it('asks a best practice for where it applies and for its why and cost sections', () => {
    expect(contextProblems({ type: 'best-practice', context: {}, body: 'Just do it.' }).map((p) => p.field)).toEqual([
      'context',
      'body',
    ]);
    expect(contextProblems({ type: 'best-practice', context: { sizes: ['small'] }, body })).toEqual([]);
  });

  it('asks nothing of other kinds of article', () => {
    expect(contextProblems({ type: 'how-to', context: {}, body: 'Just do it.' })).toEqual([]);
  });
});

describe('where this applies, for readers', () => {
  let t: TestApp;
  let canadian: TestUser;
  let american: TestUser;
  let noProfile: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    await addTopic(t, 'copyright-licensing', 'Copyright & licensing');
    await addTopic(t, 'lending', 'Lending');
    const author = await createUser(t.database);
    const topicSlugs = ['copyright-licensing'];
    await newArticle(t, author, { title: 'US copyright for ILL', topicSlugs, context: { regions: ['united-states'] } });
    await newArticle(t, author, { title: 'Canadian copyright for ILL', topicSlugs, context: { regions: ['canada'] } });
    await newArticle(t, author, { title: 'Copyright basics anywhere', topicSlugs });
    await newArticle(t, author, {
      title: 'Section 108',
      type: 'glossary-term',
      topicSlugs,
      context: { regions: ['united-states'] },
    });
    canadian = await createUser(t.database);
    american = await createUser(t.database);
    noProfile = await createUser(t.database);
    await t.database.db.execute(sql`insert into profiles (user_id, library_type, country, systems) values
      (${canadian.id}, 'public', 'canada', '{}'::text[]), (${american.id}, 'academic', 'united-states', '{}'::text[])`);
  });
  afterAll(() => t.close());

  const page = async (client: TestClient, path: string) => {
    const res = await client.get(path);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('tells a reader at the top when an article was written for somewhere else, and where to look instead', async () => {
    const html = await page(await clientFor(t, canadian), '/articles/us-copyright-for-ill');
    const notice = html.indexOf('Written for libraries in the United States');
    expect(notice).toBeGreaterThan(-1);
    // First thing in the article, before its heading and text.
    expect(notice).toBeLessThan(html.indexOf('<header class="article-header"'));
    expect(html.indexOf('<article')).toBeLessThan(notice);
    expect(html).toContain('public libraries in Canada');
    expect(html).toContain('href="/topics/copyright-licensing?fits=me"');
  });

  it('says nothing when the article fits the reader, to anonymous readers, or to members without a context', async () => {
    const fits = await page(await clientFor(t, american), '/articles/us-copyright-for-ill');
    const anonymous = await page(new TestClient(t.app), '/articles/us-copyright-for-ill');
    const none = await page(await clientFor(t, noProfile), '/articles/us-copyright-for-ill');
    for (const html of [fits, anonymous, none]) expect(html).not.toContain('Written for');
  });

  it('shows what applies to the reader on a topic page when asked, and everything otherwise', async () => {
    const client = await clientFor(t, canadian);
    const all = await page(client, '/topics/copyright-licensing');
    expect(all).toContain('href="/topics/copyright-licensing?fits=me"');
    expect(all).toContain('/articles/us-copyright-for-ill"');
    const mine = await page(client, '/topics/copyright-licensing?fits=me');
    expect(mine).not.toContain('/articles/us-copyright-for-ill"');
    expect(mine).toContain('/articles/canadian-copyright-for-ill"');
    expect(mine).toContain('/articles/copyright-basics-anywhere"');
    // Glossary terms are filtered too.
    expect(mine).not.toContain('/articles/section-108"');
    expect(mine).toMatch(/more written for other libraries/);
    expect(mine).toContain('>Show everything</a>');
  });

  it('filters the list of all articles, keeps the filter across pages and forms, and ignores it for anonymous readers', async () => {
    const mine = await page(await clientFor(t, canadian), '/articles?topic=copyright-licensing&fits=me');
    expect(mine).not.toContain('/articles/us-copyright-for-ill"');
    expect(mine).toContain('/articles/canadian-copyright-for-ill"');
    expect(mine).toContain('<input type="hidden" name="fits" value="me"/>');
    const anonymous = await page(new TestClient(t.app), '/articles?topic=copyright-licensing&fits=me');
    expect(anonymous).toContain('/articles/us-copyright-for-ill"');
    expect(anonymous).not.toContain('Show what applies to me');
  });

  it('refuses a best practice without where it applies, why it works or what it costs, with the fields named', async () => {
    const client = await clientFor(t, await createUser(t.database));
    const form = {
      title: 'Answer every lender within a day',
      summary: 'Why replying to partner libraries within one working day pays for itself.',
      type: 'best-practice',
      audience: 'experienced',
      body: '## The practice\n\nReply to every lender message within one working day.',
      topicSlugs: ['lending'],
      licence: 'CC-BY-4.0',
    };
    const refused = await client.post('/articles', form, { from: '/articles/new' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Say where this applies');
    expect(html).toContain('“## Why this works” and “## What it costs and saves”');
    const accepted = await client.post(
      '/articles',
      {
        ...form,
        libraryTypes: ['academic'],
        body: `${form.body}\n\n## Why this works\n\nLenders told us.\n\n## What it costs and saves\n\nTen minutes a day.`,
      },
      { from: '/articles/new' },
    );
    expect(accepted.status).toBe(303);
  });
});

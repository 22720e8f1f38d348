import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { newArticle } from '../../../test/helpers/content';
import { makeCategory } from '../../../test/helpers/forum';
import { exampleGroup } from '../../../test/helpers/groups';
import { featureModules } from '../../modules';
import { rowsOf } from '../../platform/db/database';
import { createExpertList } from '../groups/experts.usecases';
import { requestGroup } from '../groups/groups.usecases';
import { communityModule } from '../community';

/** The search surfaces: every kind in one index, the results page, suggestions and similar threads. */
const t = await createTestApp({ seed: true });
afterAll(() => t.close());
const anon = () => new TestClient(t.app);

let owner: TestUser;
let admin: TestUser;
let member: TestUser;
let memberClient: TestClient;

beforeAll(async () => {
  owner = await createUser(t.database);
  admin = await createUser(t.database, { role: 'admin' });
  member = await createUser(t.database);
  memberClient = await clientFor(t, member);
  await newArticle(t, owner, {
    title: 'Quokkaville lending agreements',
    summary: 'How reciprocal lending agreements between Quokkaville libraries work.',
    body: '## Agreements\n\nQuokkaville libraries lend to each other without fees under a reciprocal agreement.',
  });
});

async function page(path: string, client = anon()): Promise<string> {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

describe('one index over everything', () => {
  it('finds forum categories from the starter file', async () => {
    const html = await page('/search?q=customs%20shipping');
    expect(html).toContain('href="/forum/c/international"');
  });

  it('indexes categories that existed before they were searchable, once, at start', async () => {
    const count = async (id: number) =>
      Number(
        rowsOf<{ n: number }>(
          await t.database.db.execute(
            sql`select count(*)::int as n from search_documents where kind = 'category' and ref_id = ${String(id)}`,
          ),
        )[0]?.n,
      );
    const before = await makeCategory(t.database.db, { name: 'Wombatshire Regional Forum' });
    expect(await count(before)).toBe(0);
    const start = () => communityModule.start!(t.deps, { modules: featureModules() }).then((stop) => stop());
    await start();
    expect(await count(before)).toBe(1);
    expect(await page('/search?q=Wombatshire')).toContain('Wombatshire Regional Forum');
    const later = await makeCategory(t.database.db, { name: 'Later Forum' });
    await start();
    expect(await count(later)).toBe(0);
  });

  it('finds an approved group and its expert lists, never a group still waiting for approval', async () => {
    const group = await exampleGroup(t, owner, admin, { name: 'Platypus Lending Consortium' });
    const created = await createExpertList({
      db: t.database.db,
      actor: actorFor(owner),
      now: t.clock.now(),
      groupSlug: group.slug,
      title: 'Platypus copyright experts',
      description: 'People who answer copyright questions about platypus materials.',
    });
    expect(created.ok).toBe(true);
    await requestGroup({
      db: t.database.db,
      actor: actorFor(owner),
      now: t.clock.now(),
      input: { name: 'Platypus Pending Circle', kind: 'committee', purpose: 'Waiting.', website: '' },
    });
    const html = await page('/search?q=platypus');
    expect(html).toContain(`href="/groups/${group.slug}"`);
    expect(html).toContain('href="/experts/platypus-copyright-experts"');
    expect(html).not.toContain('Platypus Pending Circle');
  });
});

describe('the results page', () => {
  it('offers a facet per kind with counts, keeping the query, the current one marked', async () => {
    const html = await page('/search?q=platypus&kind=group');
    const nav = html.match(/<nav class="search-facets" aria-label="Kinds of result">.*?<\/nav>/s)?.[0] ?? '';
    expect(nav).toMatch(
      /href="\/search\?q=platypus&amp;kind=group" aria-current="page">Groups <span class="facet-count">\(1\)/,
    );
    expect(nav).toMatch(
      /href="\/search\?q=platypus&amp;kind=expert-list">Expert lists <span class="facet-count">\(1\)/,
    );
    expect(nav).toContain('href="/search?q=platypus">Everything');
    expect(html).not.toContain('href="/experts/platypus-copyright-experts"');
  });

  it('shows an exact title match as the best bet on top', async () => {
    const html = await page('/search?q=Quokkaville%20lending%20agreements');
    const card = html.match(/<section class="best-bet".*?<\/section>/s)?.[0] ?? '';
    expect(card).toContain('Quokkaville lending agreements');
  });

  it('offers to ask the community, with the query as the title, when nothing matches', async () => {
    const html = await page('/search?q=xylophonic%20zzqq%20wombling', memberClient);
    expect(html).toContain('href="/forum/new?title=xylophonic+zzqq+wombling"');
    // Anonymous readers go through sign-in, which brings them back to the filled-in form.
    expect(await page('/search?q=xylophonic%20zzqq%20wombling')).toContain(
      'href="/sign-in?next=%2Fforum%2Fnew%3Ftitle%3Dxylophonic%2Bzzqq%2Bwombling"',
    );
    const form = await page('/forum/new?title=xylophonic+zzqq+wombling', memberClient);
    expect(form).toMatch(
      /name="title"[^>]*value="xylophonic zzqq wombling"|value="xylophonic zzqq wombling"[^>]*name="title"/,
    );
  });

  it('corrects a misspelt word next to an acronym and finds the article, offering the words as typed', async () => {
    await newArticle(t, owner, {
      title: 'The IFLA Voucher Scheme',
      summary: 'Paying for international loans with reusable IFLA vouchers.',
      body: '## Vouchers\n\nThe International Federation of Library Associations sells reusable vouchers.',
      tags: ['ifla', 'vouchers'],
    });
    const html = await page('/search?q=IFLA%20vouchr');
    expect(html).toContain('href="/articles/the-ifla-voucher-scheme"');
    expect(html).toMatch(/href="\/search\?q=IFLA\+vouchr&amp;exact=1"/);
  });

  it('lets a corrected search be run as typed, without correcting it again', async () => {
    const html = await page('/search?q=quokkavile');
    const link = html.match(/href="([^"]*exact=1[^"]*)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(link, 'search anyway link').toBeDefined();
    const again = await page(link!);
    expect(again).not.toMatch(/href="[^"]*exact=1/);
    expect(again).toContain('Ask the community');
  });
});

describe('as you type', () => {
  it('suggests titles as JSON that anonymous caches may keep', async () => {
    const res = await anon().get('/search/suggest?q=quokkav');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    const body = (await res.json()) as { suggestions: Array<{ title: string; url: string }> };
    expect(body.suggestions.map((s) => s.title)).toContain('Quokkaville lending agreements');
  });

  it('refuses an over-long query and answers a too-short one with nothing', async () => {
    expect((await anon().get(`/search/suggest?q=${'a'.repeat(101)}`)).status).toBe(400);
    const short = (await (await anon().get('/search/suggest?q=q')).json()) as { suggestions: unknown[] };
    expect(short.suggestions).toEqual([]);
  });

  it('lists similar threads and articles for a new thread title, with JavaScript and on preview without it', async () => {
    const json = (await (await memberClient.get('/search/similar?q=Quokkaville%20lending%20rules')).json()) as {
      similar: Array<{ url: string }>;
    };
    expect(json.similar.map((s) => s.url)).toContain('/articles/quokkaville-lending-agreements');
    const preview = await memberClient.post(
      '/forum/threads',
      {
        title: 'Quokkaville lending rules?',
        category: 'lending',
        kind: 'question',
        body: 'Who lends?',
        intent: 'preview',
      },
      { from: '/forum/new' },
    );
    const html = await preview.text();
    const section = html.match(/<section class="similar-threads".*?<\/section>/s)?.[0] ?? '';
    expect(section).toContain('href="/articles/quokkaville-lending-agreements"');
  });
});

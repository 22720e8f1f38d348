import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { addTopic, newArticle } from '../../../test/helpers/content';
import { exampleGroup, maintain } from '../../../test/helpers/groups';
import { search } from '../../platform/search/search';
import type { ArchiveLookup } from './archive';
import { LINK_CHECK_LIMITS } from './link-checker';
import { insertRecordIfMissing } from './records.repository';
import { resourcesModule } from './resources.module';
import { countBroken, listBroken } from './resources.repository';
import { externalLinks } from './resources.links';
import { runLinkCheck } from './resources.usecases';

let t: TestApp;
let server: http.Server;
let base = '';
let missingBack = false;

beforeAll(async () => {
  t = await createTestApp();
  server = http.createServer((req, res) => {
    if (req.url === '/ok') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<title>Lending policy</title>');
    }
    if (req.url === '/old-guide') {
      res.writeHead(410, { 'content-type': 'text/html' });
      return res.end('<title>Guide</title>');
    }
    if (req.url === '/missing' && missingBack) {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<title>Moved back</title>');
    }
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<title>Not found</title>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r) ?? r(undefined));
  await t?.close();
});

/** The one small interface, faked: an archived copy for the old guide only. */
const fakeArchive: ArchiveLookup & { asked: string[] } = {
  asked: [],
  async closest(url) {
    this.asked.push(url);
    return url.endsWith('/old-guide')
      ? { url: 'https://web.archive.org/web/2019/old-guide', timestamp: '20190301000000' }
      : null;
  },
};

/** A catalogue entry stored as a record, maintained by `groupId`. */
async function addGuide(groupId: number | null) {
  await insertRecordIfMissing(t.database.db, {
    kind: 'resource',
    ref: 'old-guide',
    data: {
      slug: 'old-guide',
      title: 'An old lending guide',
      publisher: 'Example Consortium',
      url: `${base}/old-guide`,
      format: 'guideline',
      audience: ['new'],
      licence: 'CC BY 4.0',
      cost: 'free',
      languages: ['english'],
      topics: ['lending'],
      regions: [],
      description: 'A made-up guide for the test, long enough to be a description of a resource.',
      last_checked: '2026-03-01',
      maintained_by: 'example',
    },
    maintainingGroupId: groupId,
    reviewDue: '2027-03-01',
    now: t.clock.now(),
  });
}

describe('the link check over the catalogue and article links', () => {
  it('finds the external links in stored article HTML, leaving the hub’s own', () => {
    const html =
      '<p><a href="https://example.org/a?x=1&amp;y=2">a</a> <a href="/library/x">local</a> <a href="http://localhost/library/y">own</a></p>';
    expect(externalLinks(html, 'http://localhost')).toEqual(['https://example.org/a?x=1&y=2']);
  });

  it('lands dead links in the maintaining group’s content health, with an archived copy where one exists', async () => {
    const admin = await createUser(t.database, { role: 'admin' });
    const steward = await createUser(t.database);
    const group = await exampleGroup(t, steward, admin);
    await addTopic(t);
    const article = await newArticle(t, steward, {
      title: 'Lending checklist',
      body: `See [our policy](${base}/ok) and [a moved page](${base}/missing).`,
    });
    await maintain(t, steward, group, article.slug);
    await addGuide(group.id);

    const run = await runLinkCheck({
      db: t.database.db,
      now: () => t.clock.now(),
      archive: fakeArchive,
      options: { allowHosts: [new URL(base).host], perHostGapMs: 0, timeoutMs: 2_000 },
    });
    expect(run.checked).toBe(3);
    expect(run.counts).toMatchObject({ ok: 1, gone: 1, not_found: 1 });
    expect(fakeArchive.asked.sort()).toEqual([`${base}/missing`, `${base}/old-guide`]);

    expect(await countBroken(t.database.db, group.id)).toBe(2);
    const broken = await listBroken(t.database.db, group.id, { limit: 10, offset: 0 });
    const old = broken.find((b) => b.url.endsWith('/old-guide'));
    expect(old?.archivedUrl).toBe('https://web.archive.org/web/2019/old-guide');
    expect(old?.sources.map((s) => s.href)).toEqual(['/resources/old-guide']);
    const moved = broken.find((b) => b.url.endsWith('/missing'));
    expect(moved?.sources.map((s) => s.title)).toEqual(['Lending checklist']);
    expect(moved?.archivedUrl).toBeNull();

    const member = await clientFor(t, steward);
    const health = await (await member.get(`/groups/${group.slug}/health`)).text();
    expect(health).toMatch(/Broken links<\/th>\s*<td>\s*<a href="\/resources\/links\?group=[^"]+">2/);
    const list = await member.get(`/resources/links?group=${group.slug}`);
    const listHtml = await list.text();
    expect(list.status).toBe(200);
    expect(listHtml).toContain(`${base}/old-guide`);
    expect(listHtml).toContain('href="https://web.archive.org/web/2019/old-guide"');
    expect(listHtml).toContain('Gone (410)');

    // The moved page comes back: the next run clears it; the guide stays gone, and the archive is not asked
    // again for the copy it already gave.
    missingBack = true;
    fakeArchive.asked = [];
    t.clock.advance(8 * 86_400_000);
    await runLinkCheck({
      db: t.database.db,
      now: () => t.clock.now(),
      archive: fakeArchive,
      options: { allowHosts: [new URL(base).host], perHostGapMs: 0 },
    });
    expect(await countBroken(t.database.db, group.id)).toBe(1);
    expect(fakeArchive.asked).toEqual([]);
  });

  it('as run in the hub (no allowed hosts), refuses to request the local server at all', async () => {
    t.clock.advance(8 * 86_400_000);
    const run = await runLinkCheck({
      db: t.database.db,
      now: () => t.clock.now(),
      archive: fakeArchive,
      options: { perHostGapMs: 0 },
    });
    expect(run.checked).toBe(3);
    expect(run.counts.blocked).toBe(3);
    expect(LINK_CHECK_LIMITS.perHostGapMs).toBeGreaterThan(0);
  });

  it('checks a link again only when it is due, and stops starting links when its time is up', async () => {
    const again = await runLinkCheck({
      db: t.database.db,
      now: () => t.clock.now(),
      archive: fakeArchive,
      options: { perHostGapMs: 0 },
    });
    expect(again.checked).toBe(0);
    t.clock.advance(8 * 86_400_000);
    const outOfTime = await runLinkCheck({
      db: t.database.db,
      now: () => t.clock.now(),
      archive: fakeArchive,
      options: { perHostGapMs: 0 },
      budgetMs: 0,
    });
    expect(outOfTime.checked).toBe(0);
    // The hub is stopping: no link is started, and they are all still due at the next run.
    const stopping = new AbortController();
    stopping.abort();
    const stopped = await runLinkCheck({
      db: t.database.db,
      now: () => t.clock.now(),
      archive: fakeArchive,
      options: { perHostGapMs: 0 },
      signal: stopping.signal,
    });
    expect(stopped.checked).toBe(0);
    const next = await runLinkCheck({
      db: t.database.db,
      now: () => t.clock.now(),
      archive: fakeArchive,
      options: { perHostGapMs: 0 },
    });
    expect(next.checked).toBe(3);
  });

  it('keeps the broken-links list for signed-in members', async () => {
    const res = await new TestClient(t.app).get('/resources/links');
    expect(res.status).toBe(401);
  });
});

describe('the catalogue and directory pages', () => {
  const client = () => new TestClient(t.app);
  // The pages read the records the first start loads from the content files.
  beforeAll(() => resourcesModule.seed?.(t.deps));

  it('lists the resources and filters them by format and words', async () => {
    const all = await (await client().get('/resources')).text();
    expect(all).toContain('Guidelines for Best Practice in Interlibrary Loan and Document Delivery');
    const law = await (await client().get('/resources?format=law')).text();
    expect(law).toContain('Circular 21');
    expect(law).not.toContain('IFLA Voucher Scheme');
    const words = await (await client().get('/resources?q=vouchers+IFLA')).text();
    expect(words).toContain('IFLA Voucher Scheme');
    const none = await (await client().get('/resources?q=zzzzqqq')).text();
    expect(none).toContain('No resources match these filters.');
  });

  it('shows a resource with its facts, and 404 for an unknown one', async () => {
    const page = await client().get('/resources/ifla-voucher-scheme');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('href="https://www.ifla.org/voucher-scheme/"');
    expect(html).toContain('Not checked yet');
    expect((await client().get('/resources/nothing-here')).status).toBe(404);
  });

  it('shows the lender directory by country and a country page with sources and letters', async () => {
    const index = await (await client().get('/resources/lenders')).text();
    expect(index).toContain('href="/resources/lenders/japan"');
    const japan = await (await client().get('/resources/lenders/japan')).text();
    expect(japan).toContain('National Diet Library');
    expect(japan).toContain('https://ndl.go.jp/en/library/service_lendout.html');
    expect(japan).toContain('<em>not verified</em>');
    expect(japan).toContain('Fernleihbestellung');
    expect((await client().get('/resources/lenders/atlantis')).status).toBe(404);
  });

  it('is found by the hub’s search: resources and countries', async () => {
    await resourcesModule.seed?.(t.deps);
    const r = await search(t.database.db, { q: 'IFLA voucher scheme' });
    expect(r.hits.some((h) => h.kind === 'resources' && h.url === '/resources/ifla-voucher-scheme')).toBe(true);
    const c = await search(t.database.db, { q: 'Denmark interlibrary loan' });
    expect(c.hits.some((h) => h.kind === 'lender-country' && h.url === '/resources/lenders/denmark')).toBe(true);
  });
});

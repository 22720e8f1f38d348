import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { loadStarterContent } from './starter-content';
import { ensureSystemUser } from '../accounts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const systemUserId = await ensureSystemUser(t.database.db, t.clock.now());
  await loadStarterContent({ db: t.database.db, now: t.clock.now(), contentDir: 'content', systemUserId });
});
afterAll(() => t.close());

const article = (over: Record<string, string | string[]> = {}) => ({
  title: 'Packing fragile art books',
  summary: 'How we pack oversized art books so they survive the courier.',
  type: 'how-to',
  audience: 'new',
  body: '## Materials\n\nUse two boxes and plenty of padding. Never reuse a crushed box.',
  topicSlugs: ['lending'],
  tags: 'packaging, returnables',
  licence: 'CC-BY-4.0',
  message: 'First draft',
  ...over,
});

describe('reading the library', () => {
  it('serves the home page with ways in, recent articles and every topic', async () => {
    const res = await new TestClient(t.app).get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const way of [
      'Fill a tricky request',
      'Copyright question',
      'Train new staff',
      'International lending',
      'Find a system',
    ]) {
      expect(html).toContain(way);
    }
    expect(html).toContain('Managing an ILL operation');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('answers a repeat anonymous request for an article with 304 when the ETag matches', async () => {
    const client = new TestClient(t.app);
    const first = await client.get('/articles/hard-citations');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('cache-control')).toContain('public');
    const second = await client.get('/articles/hard-citations', { 'if-none-match': etag! });
    expect(second.status).toBe(304);
  });

  it('keeps an article page under 30 KB of HTML', async () => {
    const res = await new TestClient(t.app).get('/articles/us-copyright-section-108-and-contu');
    const html = await res.text();
    expect(Buffer.byteLength(html)).toBeLessThan(30 * 1024);
    expect(html).toContain('Sources and further reading');
    // Related articles: the ones the author named, then others sharing its topics.
    const related = html.slice(html.indexOf('id="related-title"'));
    expect(related).toMatch(/<a href="\/articles\/[a-z0-9-]+">/);
  });

  it('shows a helpful 404 with a search box for an unknown article', async () => {
    const res = await new TestClient(t.app).get('/articles/no-such-thing');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('name="q"');
    expect(html).toContain('library.article_not_found');
  });
});

describe('writing articles', () => {
  it('lets a member publish, edit, diff and revert their own article', async () => {
    const user = await createUser(t.database);
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    const created = await client.post('/articles', article(), { from: '/articles/new' });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/articles\/packing-fragile-art-books\?saved=1$/);

    await client.get('/articles/packing-fragile-art-books/edit');
    const edited = await client.post(
      '/articles/packing-fragile-art-books',
      article({
        body: '## Materials\n\nUse two boxes and bubble wrap. Never reuse a crushed box.',
        baseRevision: '1',
        message: 'Bubble wrap',
      }),
    );
    expect(edited.status).toBe(303);

    const diff = await client.get('/articles/packing-fragile-art-books/diff?from=1&to=2');
    const diffHtml = await diff.text();
    expect(diffHtml).toMatch(/<ins>(<span[^>]*>\[added: <\/span>)?bubble/);
    expect(diffHtml).toMatch(/<del>(<span[^>]*>\[removed: <\/span>)?plenty/);

    await client.get('/articles/packing-fragile-art-books/history');
    const reverted = await client.post('/articles/packing-fragile-art-books/revert', {
      revision: '1',
      baseRevision: '2',
    });
    expect(reverted.status).toBe(303);
    const page = await (await client.get('/articles/packing-fragile-art-books')).text();
    expect(page).toContain('plenty of padding');
    expect(page).toContain('revision 3');
  });

  it('re-renders the editor with field errors, status 400 and the same maxlength as the schema', async () => {
    const user = await createUser(t.database);
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    const res = await client.post('/articles', article({ title: '', topicSlugs: [] }), { from: '/articles/new' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Title is required.');
    expect(html).toContain('Choose at least one topic.');
    expect(html).toMatch(/name="title"[^>]*maxlength="160"/);
    // What the person typed is kept.
    expect(html).toContain('Use two boxes and plenty of padding.');
  });

  it('says where an article applies in the vocabulary’s labels, for slugs and for values saved before the vocabulary', async () => {
    const user = await createUser(t.database);
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    const created = await client.post(
      '/articles',
      article({
        title: 'Consortial courier schedules',
        libraryTypes: ['consortium-office', 'public'],
        systems: 'WorldShare ILL, illiad',
        regions: 'USA, International',
      }),
      { from: '/articles/new' },
    );
    expect(created.status).toBe(303);
    const applies = (html: string) => html.match(/<aside class="applies".*?<\/aside>/s)?.[0] ?? '';
    const page = applies(await (await client.get('/articles/consortial-courier-schedules')).text());
    expect(page).toContain('<dt>Library types</dt><dd>Consortium or network office, Public</dd>');
    expect(page).toContain('<dt>ILL systems</dt><dd>WorldShare Interlibrary Loan, ILLiad</dd>');
    expect(page).toContain('<dt>Regions</dt><dd>United States, International (across borders)</dd>');
    // The editor offers the same values back in words, which save unchanged.
    const editor = await (await client.get('/articles/consortial-courier-schedules/edit')).text();
    expect(editor).toMatch(/name="systems"[^>]*value="WorldShare Interlibrary Loan, ILLiad"/);
    expect(editor).toMatch(/value="consortium" checked=""/);
    // Rows written before the vocabulary held labels, and "Any" for anywhere (changed before anyone reads the page).
    expect(
      (await client.post('/articles', article({ title: 'Courier schedules of old' }), { from: '/articles/new' }))
        .status,
    ).toBe(303);
    await t.database.db.execute(
      sql`update articles set context = ${JSON.stringify({ regions: ['United States', 'Any'], systems: ['Rapid'] })}::jsonb
        where slug = 'courier-schedules-of-old'`,
    );
    const old = applies(await (await new TestClient(t.app).get('/articles/courier-schedules-of-old')).text());
    expect(old).toContain('<dt>Regions</dt><dd>United States</dd>');
    expect(old).toContain('<dt>ILL systems</dt><dd>RapidILL</dd>');
  });

  it('shows the second of two simultaneous editors a conflict page and saves nothing', async () => {
    const author = await createUser(t.database);
    const editor = await createUser(t.database, { role: 'editor' });
    const a = new TestClient(t.app);
    const b = new TestClient(t.app);
    await a.signIn(author.email, author.password);
    await b.signIn(editor.email, editor.password);
    const created = await a.post('/articles', article({ title: 'Conflict test article' }), { from: '/articles/new' });
    const slug = created.headers.get('location')!.split('/')[2]!.split('?')[0]!;
    await a.get(`/articles/${slug}/edit`);
    await b.get(`/articles/${slug}/edit`);
    const tokenB = await b.csrf();
    const first = await a.post(
      `/articles/${slug}`,
      article({
        title: 'Conflict test article',
        body: 'Author text wins the race and is long enough.',
        baseRevision: '1',
      }),
    );
    expect(first.status).toBe(303);
    const second = await b.post(
      `/articles/${slug}`,
      article({
        title: 'Conflict test article',
        body: 'Editor text arrives second and is long enough.',
        baseRevision: '1',
      }),
      { csrf: tokenB },
    );
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain('Someone else changed this article');
    expect(html).toContain('Editor text arrives second');
    const current = await (await new TestClient(t.app).get(`/articles/${slug}`)).text();
    expect(current).toContain('Author text wins the race');
    expect(current).not.toContain('Editor text arrives second');
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { tokenize } from './html-scan';
import { expectInert, MARKDOWN_PAYLOADS, PAYLOADS } from './payloads';
import { addTopic, articleForm } from '../helpers/content';

/**
 * Every text field of an article carries a payload, and every page that
 * shows the article, its history or the editor is scanned. Display names and
 * the email given at sign-up are payloads too, so bylines are covered.
 */
let t: TestApp;
let author: TestClient;
const slugs: string[] = [];
const AUTHOR_NAME = '"><svg onload=alert(1)> Dana';
const AUTHOR_EMAIL = '"><img/src=x/onerror=alert(1)>@library.test';

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  await addTopic(t, 'borrowing', 'Borrowing <script>alert(1)</script>');
  author = new TestClient(t.app);
  const signUp = await author.post(
    '/sign-up',
    { email: AUTHOR_EMAIL, displayName: AUTHOR_NAME, username: 'dana', password: 'correct horse battery' },
    { from: '/sign-up' },
  );
  expect(signUp.status).toBe(303);
  // Trusted, so the new-member link limit (a payload-laden article has several links) does not stop the articles this test renders.
  await t.database.db.execute(sql`update users set role = 'editor' where username = 'dana'`);
});
afterAll(() => t.close());

/** Every user-controlled field of the editor, filled with one payload (marked so we can find it again). */
function fields(i: number, extra: Record<string, string> = {}): Record<string, string | string[]> {
  const p = PAYLOADS[i % PAYLOADS.length]!;
  const mark = `xss${i}`;
  return articleForm({
    title: `${mark} ${p}`,
    summary: `Summary ${mark} ${p}`,
    type: i % 3 === 0 ? 'glossary-term' : 'guide',
    body: `## ${mark} ${p}\n\nA paragraph with ${p} inside it.\n\n${p}\n\n- a list item ${p}\n\n${MARKDOWN_PAYLOADS}`,
    topicSlugs: ['lending', 'borrowing'],
    tags: `${p}, ${mark}`,
    // Vocabulary fields: only names from the lists are saved (a payload there is refused, below).
    systems: 'ILLiad',
    regions: 'United States, International',
    sources: `${p} | https://x.example/${mark}?q=${p} | note ${p}\nPlain title | https://ok.example/ | ${p}`,
    message: `${p} ${mark}`,
    ...extra,
  });
}

/** The error summary of a form page, to explain an unexpected 400. */
const problems = async (res: Response) =>
  (await res.clone().text()).match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? '';

async function page(client: TestClient, path: string, status = 200): Promise<string> {
  const res = await client.get(path);
  expect(res.status, path).toBe(status);
  const html = await res.text();
  expectInert(html, path);
  return html;
}

describe('payloads in every article field', () => {
  it('uses payloads short enough for every field, tags included (a comma only splits a tag in two)', () => {
    for (const p of PAYLOADS) expect(p.length, p).toBeLessThanOrEqual(40);
  });

  PAYLOADS.forEach((payload, i) => {
    it(`renders ${JSON.stringify(payload)} as inert text on every page that shows it`, async () => {
      t.clock.advance(61_000); // a fresh window of the per-person write limit
      const mark = `xss${i}`;
      const next = i + 1;

      const preview = await author.post('/articles', { ...fields(i), intent: 'preview' }, { from: '/articles/new' });
      expect(preview.status, await problems(preview)).toBe(200);
      const previewHtml = await preview.text();
      expectInert(previewHtml, 'editor preview (create)');
      expect(previewHtml).toContain('id="preview-output"');

      // A payload in a vocabulary field is refused, and the form it comes back in keeps it inert.
      const refused = await author.post(
        '/articles',
        fields(i, { systems: `${mark} ${payload}`, regions: `${payload}, ${mark}` }),
        { from: '/articles/new' },
      );
      expect(refused.status).toBe(400);
      expectInert(await refused.text(), 'editor (vocabulary fields refused)');

      const created = await author.post('/articles', fields(i), { from: '/articles/new' });
      expect(created.status, await created.clone().text()).toBe(303);
      const slug = created.headers.get('location')!.split('/')[2]!.split('?')[0]!;
      slugs.push(slug);

      const editPreview = await author.post(
        `/articles/${slug}`,
        { ...fields(next), baseRevision: '1', intent: 'preview' },
        { from: `/articles/${slug}/edit` },
      );
      expect(editPreview.status, await problems(editPreview)).toBe(200);
      expectInert(await editPreview.text(), 'editor preview (edit)');
      const revised = await author.post(`/articles/${slug}`, { ...fields(next), baseRevision: '1' });
      expect(revised.status).toBe(303);

      const live = await author.post(
        '/preview',
        { body: `${payload}\n\n${MARKDOWN_PAYLOADS}` },
        { from: `/articles/${slug}/edit` },
      );
      expect(live.status).toBe(200);
      expectInert(await live.text(), 'POST /preview');

      const anonymous = new TestClient(t.app);
      for (const client of [author, anonymous]) {
        const article = await page(client, `/articles/${slug}`);
        expect(article).toContain(`xss${next}`);
        expect(article).toContain('Sources and further reading');
        await page(client, `/articles/${slug}?saved=1`);
        const history = await page(client, `/articles/${slug}/history`);
        expect(history).toContain(mark);
        expect(await page(client, `/articles/${slug}/revisions/1`)).toContain(mark);
        await page(client, `/articles/${slug}/revisions/2`);
        const diff = await page(client, `/articles/${slug}/diff?from=1&to=2`);
        expect(diff).toContain(mark);
        expect(diff).toContain(`xss${next}`);
      }
      const editor = await page(author, `/articles/${slug}/edit`);
      // The editor shows the saved values back, escaped, inside its fields.
      const title = tokenize(editor).find(
        (tag) => tag.name === 'input' && tag.attrs.some(([k, v]) => k === 'name' && v === 'title'),
      );
      expect(title?.attrs.find(([k]) => k === 'value')?.[1]).toBe(`xss${next} ${PAYLOADS[next % PAYLOADS.length]}`);
      await page(author, `/articles/${slug}/files`);
    });
  });
});

describe('pages that list articles', () => {
  it('keeps the home page, topics, topic pages, all articles and the glossary inert', async () => {
    expect(slugs.length).toBe(PAYLOADS.length);
    for (const client of [author, new TestClient(t.app)]) {
      for (const path of [
        '/',
        '/topics',
        '/topics/lending',
        '/topics/borrowing',
        '/articles',
        '/articles?sort=title',
        '/articles?page=2',
        '/glossary',
      ]) {
        await page(client, path);
      }
    }
    const list = await page(new TestClient(t.app), '/articles?sort=title');
    expect(list).toContain('xss1');
    expect(await page(author, '/glossary')).toContain('xss');
  });

  it('keeps search results inert, snippets and titles included', async () => {
    for (const q of ['paragraph inside', 'alert', 'summary', 'list item', 'javascript', 'onerror']) {
      const html = await page(author, `/search?q=${encodeURIComponent(q)}`);
      expect(html.includes('search-hit'), q).toBe(true);
      expect(html.includes('xss'), q).toBe(true);
    }
  });
});

describe('forms shown again after a mistake', () => {
  it('keeps a rejected article (missing topic) inert when the editor is shown again', async () => {
    const res = await author.post('/articles', { ...fields(0), topicSlugs: [] }, { from: '/articles/new' });
    expect(res.status).toBe(400);
    expectInert(await res.text(), 'editor with errors');
  });

  it('refuses a javascript: source address and shows the editor again, inert', async () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '//evil.example/x',
    ]) {
      const res = await author.post('/articles', fields(1, { sources: `A source | ${url}` }), {
        from: '/articles/new',
      });
      expect(res.status, url).toBe(400);
      const html = await res.text();
      expect(html).toMatch(/Line 1: .*(the address must start with https:\/\/|is not a web address)/);
      expectInert(html, `source ${url}`);
    }
  });

  it('keeps the edit-conflict page inert', async () => {
    t.clock.advance(61_000);
    const slug = slugs[1]!;
    const res = await author.post(
      `/articles/${slug}`,
      { ...fields(4), baseRevision: '1' },
      { from: `/articles/${slug}/edit` },
    );
    expect(res.status).toBe(409);
    expectInert(await res.text(), 'conflict page');
  });
});

describe('names and addresses people choose', () => {
  it('shows the author’s display name and email inert on their account page and in the header', async () => {
    const html = await page(author, '/account');
    expect(html).toContain('Dana');
    const header = tokenize(html).filter((tag) => tag.name === 'svg' || tag.name === 'img');
    expect(header).toEqual([]);
  });

  it('shows names and emails inert on the admin users page, with a hostile search and notice', async () => {
    const admin = await createUser(t.database, { role: 'admin', displayName: '<script>alert("admin")</script>' });
    const client = await clientFor(t, admin);
    const html = await page(client, '/admin/users');
    expect(html).toContain('Dana');
    expect(html).toContain('library.test');
    for (const payload of PAYLOADS) {
      await page(client, `/admin/users?q=${encodeURIComponent(payload)}`);
      await page(client, `/admin/users?changed=${encodeURIComponent(payload)}`);
    }
  });

  it('keeps a sign-up form shown again with errors inert', async () => {
    for (const payload of PAYLOADS) {
      const client = new TestClient(t.app);
      const res = await client.post(
        '/sign-up',
        { email: `${payload}@x`, displayName: payload, username: payload, password: 'short' },
        { from: '/sign-up' },
      );
      expect(res.status).toBe(400);
      expectInert(await res.text(), `sign-up ${payload}`);
    }
  });
});

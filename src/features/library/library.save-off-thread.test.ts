import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser } from '../../../test/helpers/app';
import type { TestClient } from '../../../test/helpers/client';
import { markdownToText, renderMarkdown } from '../../platform/content/markdown';
import { rowsOf } from '../../platform/db/database';
import { withBusyPool } from '../../../test/helpers/busy-pool';
import { addTopic, articleForm, newArticle } from '../../../test/helpers/content';

// The one renderer, wrapped so the tests see whether the event loop (this thread) runs it.
// The worker pool's threads load their own copy, which these spies do not count.
vi.mock('../../platform/content/markdown', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../platform/content/markdown')>();
  return { ...actual, renderMarkdown: vi.fn(actual.renderMarkdown), markdownToText: vi.fn(actual.markdownToText) };
});

function rendersOnThisThread(): number {
  return vi.mocked(renderMarkdown).mock.calls.length + vi.mocked(markdownToText).mock.calls.length;
}
function resetRenders() {
  vi.mocked(renderMarkdown).mockClear();
  vi.mocked(markdownToText).mockClear();
}

let t: TestApp;
let member: TestUser;
let client: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  // An ordinary member: the new-member link limit applies, so their links are counted too.
  member = await createUser(t.database);
  client = await clientFor(t, member);
});
afterAll(() => t.close());

/** Valid Markdown that keeps markdown-it busy (about 100 KB, the article limit). */
const PATHOLOGICAL = `Read [the guide](https://example.org/guide) first.\n\n${'[!['.repeat(33_000)}`;

async function stored(slug: string) {
  return rowsOf<{ body_html: string | null; revision: number }>(
    await t.database.db.execute(sql`select body_html, revision from articles where slug = ${slug}`),
  )[0];
}

describe('saving an article', () => {
  it('renders pathological Markdown in the worker pool: creating and revising never run the renderer on the event loop', async () => {
    resetRenders();
    const created = await client.post('/articles', articleForm({ title: 'Brackets everywhere', body: PATHOLOGICAL }), {
      from: '/articles/new',
    });
    expect(created.status).toBe(303);
    const slug = created.headers.get('location')!.match(/^\/articles\/([^?]+)/)![1]!;
    const edited = await client.post(
      `/articles/${slug}`,
      articleForm({ title: 'Brackets everywhere', body: `${PATHOLOGICAL}\n\nOne more line.`, baseRevision: '1' }),
      {
        from: `/articles/${slug}/edit`,
      },
    );
    expect(edited.status).toBe(303);
    expect(rendersOnThisThread()).toBe(0);

    // What was stored is the renderer's output for that text (and the page shows it).
    const row = await stored(slug);
    expect(row?.revision).toBe(2);
    const actual = await vi.importActual<typeof import('../../platform/content/markdown')>(
      '../../platform/content/markdown',
    );
    // (Compared as booleans: a failure should not print 100 KB twice.)
    expect(row?.body_html === actual.renderMarkdown(`${PATHOLOGICAL}\n\nOne more line.`)).toBe(true);
    expect(
      (await (await client.get(`/articles/${slug}`)).text()).includes('<p>Read <a href="https://example.org/guide"'),
    ).toBe(true);
  });

  it('still counts a new member’s links, off the HTML rendered for the save', async () => {
    const newcomer = await clientFor(t, await createUser(t.database));
    const links = ['one', 'two', 'three'].map((n) => `[${n}](https://example.org/${n})`).join(' ');
    resetRenders();
    const res = await newcomer.post(
      '/articles',
      articleForm({ title: 'Many links', body: `${links}\n\n${'[!['.repeat(1000)}` }),
      { from: '/articles/new' },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('may contain at most 2 links (this one has 3)');
    expect(rendersOnThisThread()).toBe(0);
  });

  it('keeps everything typed when every worker is busy: the editor again with the text, 503 and Retry-After, and nothing saved', async () => {
    const article = await newArticle(t, member, { title: 'Courier days' });
    const typed = 'Our courier comes on **Tuesdays** & Thursdays.';
    const token = await client.csrf('/articles/new');
    const editToken = await client.csrf(`/articles/${article.slug}/edit`);
    const before = rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from articles`))[0]!
      .n;
    await withBusyPool(async () => {
      const created = await client.post('/articles', articleForm({ title: 'Courier schedules', body: typed }), {
        csrf: token,
      });
      expect(created.status).toBe(503);
      expect(created.headers.get('retry-after')).toBe('5');
      const page = await created.text();
      expect(page).toContain('Not saved yet');
      expect(page).toContain('Our courier comes on **Tuesdays** &amp; Thursdays.');
      expect(page).toContain('value="Courier schedules"');

      const edited = await client.post(
        `/articles/${article.slug}`,
        articleForm({ title: 'Courier days', body: typed, baseRevision: '1' }),
        { csrf: editToken },
      );
      expect(edited.status).toBe(503);
      const editor = await edited.text();
      expect(editor).toContain('Our courier comes on **Tuesdays** &amp; Thursdays.');
      expect(editor).toContain('name="baseRevision" value="1"');
    });
    expect(rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from articles`))[0]!.n).toBe(
      before,
    );
    expect((await stored(article.slug))?.revision).toBe(1);

    // Once the pool has room, the same form saves.
    const again = await client.post(
      `/articles/${article.slug}`,
      articleForm({ title: 'Courier days', body: typed, baseRevision: '1' }),
      { csrf: editToken },
    );
    expect(again.status).toBe(303);
  });
});

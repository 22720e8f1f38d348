import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser, actorFor } from '../../../test/helpers/app';
import { markdownToText, renderMarkdown } from '../../platform/content/markdown';
import { rowsOf } from '../../platform/db/database';
import { withBusyPool } from '../../../test/helpers/busy-pool';
import { reviseArticle } from '../library';
import { diffArticle } from '../library/diff';
import { submitSuggestion } from './suggestions.usecases';
import { addTopic, articleContent, articleForm, newArticle } from '../../../test/helpers/content';
import { exampleGroup, maintain } from '../../../test/helpers/groups';

// The word diff and the renderer, wrapped so the tests see whether the event loop (this
// thread) runs them. The worker pool's threads load their own copies, which these spies do not count.
vi.mock('../library/diff', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../library/diff')>();
  return { ...actual, diffArticle: vi.fn(actual.diffArticle) };
});
vi.mock('../../platform/content/markdown', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../platform/content/markdown')>();
  return { ...actual, renderMarkdown: vi.fn(actual.renderMarkdown), markdownToText: vi.fn(actual.markdownToText) };
});

function onThisThread(): number {
  return (
    vi.mocked(diffArticle).mock.calls.length +
    vi.mocked(renderMarkdown).mock.calls.length +
    vi.mocked(markdownToText).mock.calls.length
  );
}
function reset() {
  vi.mocked(diffArticle).mockClear();
  vi.mocked(renderMarkdown).mockClear();
  vi.mocked(markdownToText).mockClear();
}

let t: TestApp;
let admin: TestUser;
let owner: TestUser;
let stella: TestUser;
let editor: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  admin = await createUser(t.database, { role: 'admin' });
  owner = await createUser(t.database, { displayName: 'Olive Owner' });
  stella = await createUser(t.database, { displayName: 'Stella Steward' });
  editor = await createUser(t.database, { role: 'editor' });
});
afterAll(() => t.close());

/** A group-maintained article, and a member (not yet trusted: their links are counted) who suggests edits to it. */
async function setup() {
  const group = await exampleGroup(t, owner, admin, { members: [[stella, 'steward']] });
  const author = await createUser(t.database);
  const article = await newArticle(t, author, { title: `Lending rare maps ${Math.random().toString(36).slice(2, 8)}` });
  await maintain(t, owner, group, article.slug);
  const proposer = await createUser(t.database, { displayName: 'Milo Member' });
  return { article, proposer, client: await clientFor(t, proposer) };
}

const form = (title: string, body: string) =>
  articleForm({ title, body, message: 'Say to insure maps', baseRevision: '1' });

describe('suggested edits, off the event loop', () => {
  it('compares a suggestion, and what changed since it was written, in the worker pool', async () => {
    const { article, proposer } = await setup();
    const submitted = await submitSuggestion({
      db: t.database.db,
      actor: actorFor(proposer),
      now: t.clock.now(),
      slug: article.slug,
      baseRevision: 1,
      content: articleContent({ title: article.title, body: 'Use two boxes and insure every map.' }),
      message: 'Say to insure maps',
    });
    if (submitted.status !== 'saved') throw new Error(submitted.status);
    const revised = await reviseArticle({
      db: t.database.db,
      actor: actorFor(editor),
      now: t.clock.now(),
      slug: article.slug,
      baseRevision: 1,
      content: articleContent({ title: article.title, body: 'Use three boxes.' }),
      message: 'Sturdier',
    });
    expect(revised.status).toBe('saved');
    reset();
    const page = await (await clientFor(t, stella)).get(`/suggestions/${submitted.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<ins>(<span[^>]*>\[added: <\/span>)?[^<]*insure/);
    expect(html).toContain('The article has changed since this suggestion was written');
    expect(html).toMatch(/<ins>(<span[^>]*>\[added: <\/span>)?[^<]*three/);
    expect(onThisThread()).toBe(0);
  });

  it('shows the proposer’s conflict comparison, computed in the worker pool', async () => {
    const { article, client } = await setup();
    const revised = await reviseArticle({
      db: t.database.db,
      actor: actorFor(editor),
      now: t.clock.now(),
      slug: article.slug,
      baseRevision: 1,
      content: articleContent({ title: article.title, body: 'Use three boxes.' }),
      message: 'Sturdier',
    });
    expect(revised.status).toBe('saved');
    const token = await client.csrf(`/articles/${article.slug}/suggest`);
    reset();
    const res = await client.post(
      `/articles/${article.slug}/suggest`,
      form(article.title, 'Use two boxes and insure every map.'),
      { csrf: token },
    );
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toMatch(/<ins>(<span[^>]*>\[added: <\/span>)?[^<]*three/);
    expect(html).toContain('Use two boxes and insure every map.');
    expect(onThisThread()).toBe(0);
  });

  it('renders the Preview button in the worker pool', async () => {
    const { article, client } = await setup();
    const token = await client.csrf(`/articles/${article.slug}/suggest`);
    reset();
    const res = await client.post(
      `/articles/${article.slug}/suggest`,
      { ...form(article.title, 'Insure **every** map.'), intent: 'preview' },
      { csrf: token },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Insure <strong>every</strong> map.');
    expect(html).toContain('Insure **every** map.');
    expect(onThisThread()).toBe(0);
  });

  it('counts a member’s links and approves a pathological suggestion without rendering on the event loop', async () => {
    const { article, client } = await setup();
    const body = `See [the insurer](https://example.org/insure).\n\n${'[!['.repeat(33_000)}`;
    const token = await client.csrf(`/articles/${article.slug}/suggest`);
    reset();
    const sent = await client.post(`/articles/${article.slug}/suggest`, form(article.title, body), { csrf: token });
    expect(sent.status).toBe(303);
    const id = Number(sent.headers.get('location')?.match(/\/suggestions\/(\d+)/)?.[1]);
    const steward = await clientFor(t, stella);
    const stewardToken = await steward.csrf(`/suggestions/${id}`);
    reset();
    const approved = await steward.post(`/suggestions/${id}/approve`, { note: '' }, { csrf: stewardToken });
    expect(approved.status).toBe(303);
    expect(onThisThread()).toBe(0);
    const stored = rowsOf<{ revision: number; linked: boolean }>(
      await t.database.db.execute(
        sql`select revision, body_html like '%href="https://example.org/insure"%' as linked from articles where id = ${article.id}`,
      ),
    )[0];
    expect(stored).toEqual({ revision: 2, linked: true });
  });

  it('keeps everything typed when every worker is busy: the form again with the text, 503, and nothing saved', async () => {
    const { article, client } = await setup();
    const token = await client.csrf(`/articles/${article.slug}/suggest`);
    await withBusyPool(async () => {
      const res = await client.post(
        `/articles/${article.slug}/suggest`,
        form(article.title, 'Insure every map & pack it flat.'),
        { csrf: token },
      );
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const html = await res.text();
      expect(html).toContain('Not saved yet');
      expect(html).toContain('Insure every map &amp; pack it flat.');
      expect(html).toContain('value="Say to insure maps"');
    });
    const saved = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from suggested_edits where article_id = ${article.id}`),
    )[0];
    expect(saved?.n).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor } from '../../../test/helpers/app';
import type { TestClient } from '../../../test/helpers/client';
import { listDrafts } from '.';
import { addTopic, articleForm, newArticle } from '../../../test/helpers/content';
import { key, startThread } from '../../../test/helpers/forum';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  await addTopic(t, 'lending', 'Lending');
});
afterAll(() => t.close());

async function member() {
  const user = await createUser(t.database);
  return { user, client: await clientFor(t, user) };
}

/** Follow 302/303s with GETs and return the final page. */
async function follow(client: TestClient, res: Response): Promise<{ status: number; html: string; url: string }> {
  let url = '';
  while (res.status === 302 || res.status === 303) {
    url = res.headers.get('location')!;
    res = await client.get(url);
  }
  return { status: res.status, html: await res.text(), url };
}

const SIGNED_IN = /<button[^>]*>\s*Sign out\s*<\/button>/;
const drafts = (userId: number) => listDrafts(t.database.db, userId, 20);

describe('a reply kept as a draft', () => {
  it('is kept by "Save as draft" without scripts, offered on return, restored, and gone once posted', async () => {
    const author = await createUser(t.database);
    const { thread } = await startThread(t, author, { title: 'Lending microfilm abroad' });
    const { user, client } = await member();
    const text = 'We lend reels to <b>libraries</b> abroad by tracked courier.';
    const saved = await client.post(
      `/forum/t/${thread.id}/replies`,
      { body: text, intent: 'draft', idempotencyKey: key() },
      { from: `/forum/t/${thread.id}` },
    );
    expect(saved.status).toBe(303);
    const [draft] = await drafts(user.id);
    expect(draft).toMatchObject({
      kind: 'reply',
      title: 'Reply to “Lending microfilm abroad”',
      href: `/forum/t/${thread.id}/reply`,
    });
    expect(saved.headers.get('location')).toBe(`/forum/t/${thread.id}/reply?draft=${draft!.id}&saved=1`);
    const after = await follow(client, saved);
    expect(after.html).toContain('Your draft is saved');
    expect(after.html).toContain('We lend reels to &lt;b&gt;libraries&lt;/b&gt; abroad');

    // Back later: the thread page offers it above the reply form; "Restore it" fills the form.
    const threadPage = await follow(client, await client.get(`/forum/t/${thread.id}`));
    expect(threadPage.html).toContain('You have an unsaved draft from');
    expect(threadPage.html).toContain(`href="/forum/t/${thread.id}/reply?draft=${draft!.id}"`);
    expect(threadPage.html).not.toContain('We lend reels');
    const restored = await follow(client, await client.get(`/forum/t/${thread.id}/reply?draft=${draft!.id}`));
    expect(restored.status).toBe(200);
    expect(restored.html).toContain('This is your draft');
    expect(restored.html).toContain('We lend reels to &lt;b&gt;libraries&lt;/b&gt; abroad');

    const posted = await client.post(
      `/forum/t/${thread.id}/replies`,
      { body: text, intent: 'post', idempotencyKey: key() },
      { from: `/forum/t/${thread.id}/reply?draft=${draft!.id}` },
    );
    expect(posted.status).toBe(303);
    expect(await drafts(user.id)).toEqual([]);
    const again = await follow(client, await client.get(`/forum/t/${thread.id}`));
    expect(again.html).not.toContain('You have an unsaved draft');
  });

  it('answers the autosave with JSON and stays private: others get 404 and never see it', async () => {
    const author = await createUser(t.database);
    const { thread } = await startThread(t, author, { title: 'Courier schedules' });
    const { user, client } = await member();
    const res = await client.post(
      `/forum/t/${thread.id}/replies`,
      { body: 'A secret-ish draft about zebracouriers', intent: 'draft' },
      { from: `/forum/t/${thread.id}`, headers: { accept: 'application/json' } },
    );
    expect(res.status).toBe(200);
    const { draft } = (await res.json()) as { draft: { id: number; updatedAt: string } };
    expect(draft.id).toBeGreaterThan(0);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const other = await member();
    expect((await other.client.get(`/forum/t/${thread.id}/reply?draft=${draft.id}`)).status).toBe(404);
    expect((await other.client.post(`/drafts/${draft.id}/discard`, {}, { from: `/forum/t/${thread.id}` })).status).toBe(
      404,
    );
    const othersView = await follow(other.client, await other.client.get(`/forum/t/${thread.id}`));
    expect(othersView.html).not.toContain('zebracouriers');
    expect(othersView.html).not.toContain('You have an unsaved draft');
    const search = await follow(other.client, await other.client.get('/search?q=zebracouriers'));
    expect(search.html).not.toContain('zebracouriers</');
    expect(await drafts(user.id)).toHaveLength(1);

    // The owner discards it: back to the form, and it is gone.
    const discarded = await client.post(`/drafts/${draft.id}/discard`, {}, { from: `/forum/t/${thread.id}` });
    expect(discarded.status).toBe(303);
    expect(discarded.headers.get('location')).toBe(`/forum/t/${thread.id}/reply`);
    expect(await drafts(user.id)).toEqual([]);
  });

  it('offers a draft the script autosaved on the very next page, not after the personal cache expires', async () => {
    const author = await createUser(t.database);
    const { thread } = await startThread(t, author, { title: 'Autosaved replies' });
    const { client } = await member();
    // The thread page's offer (none yet) is now in this member's cache of personal parts.
    expect((await follow(client, await client.get(`/forum/t/${thread.id}`))).html).not.toContain(
      'You have an unsaved draft',
    );
    const res = await client.post(
      `/forum/t/${thread.id}/replies`,
      { body: 'Half a thought about autosaved couriers', intent: 'draft' },
      { from: `/forum/t/${thread.id}`, headers: { accept: 'application/json' } },
    );
    expect(res.status).toBe(200);
    // The clock has not moved: only the change notice can have dropped the cached "no draft".
    const back = await follow(client, await client.get(`/forum/t/${thread.id}`));
    expect(back.html).toContain('You have an unsaved draft from');
  });

  it('refuses a draft too long to keep with the form again, the text and the reason', async () => {
    const author = await createUser(t.database);
    const { thread } = await startThread(t, author);
    const { user, client } = await member();
    const res = await client.post(
      `/forum/t/${thread.id}/replies`,
      { body: `keep-me ${'y'.repeat(200_001)}`, intent: 'draft' },
      { from: `/forum/t/${thread.id}` },
    );
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('too long to keep as a draft');
    expect(html).toContain('keep-me yyyy');
    expect(html).toMatch(SIGNED_IN);
    expect(await drafts(user.id)).toEqual([]);
  });
});

describe('article drafts', () => {
  it('keeps a new article as a draft, restores it, and removes it when the article is published', async () => {
    const { user, client } = await member();
    const saved = await client.post(
      '/articles',
      articleForm({ title: 'Packing glass plate negatives', intent: 'draft' }),
      { from: '/articles/new' },
    );
    expect(saved.status).toBe(303);
    const [draft] = await drafts(user.id);
    expect(draft).toMatchObject({ kind: 'article_new', title: 'Packing glass plate negatives', href: '/articles/new' });
    const offered = await follow(client, await client.get('/articles/new'));
    expect(offered.html).toContain('You have an unsaved draft from');
    expect(offered.html).not.toContain('Packing glass plate negatives');
    const restored = await follow(client, await client.get(`/articles/new?draft=${draft!.id}`));
    expect(restored.html).toContain('value="Packing glass plate negatives"');
    const published = await client.post(
      '/articles',
      articleForm({ title: 'Packing glass plate negatives', intent: 'save' }),
      { from: '/articles/new' },
    );
    expect(published.status).toBe(303);
    expect(await drafts(user.id)).toEqual([]);
  });

  it('keeps an edit with the revision it started from, private to its writer', async () => {
    const { user, client } = await member();
    const article = await newArticle(t, user, { title: 'Returning by courier' });
    const form = articleForm({
      title: 'Returning by courier',
      body: 'Edited body kept as a draft.',
      baseRevision: String(article.revision),
      intent: 'draft',
    });
    expect(
      (await client.post(`/articles/${article.slug}`, form, { from: `/articles/${article.slug}/edit` })).status,
    ).toBe(303);
    const [draft] = await drafts(user.id);
    expect(draft).toMatchObject({
      kind: 'article_edit',
      title: 'Edit: Returning by courier',
      href: `/articles/${article.slug}/edit`,
    });
    const restored = await follow(client, await client.get(`/articles/${article.slug}/edit?draft=${draft!.id}`));
    expect(restored.html).toContain('Edited body kept as a draft.');
    expect(restored.html).toContain(`name="baseRevision" value="${article.revision}"`);
    const other = await member();
    expect((await other.client.get(`/articles/new?draft=${draft!.id}`)).status).toBe(404);
  });
});

describe('text over a limit', () => {
  it('answers a reply over its limit with 400: the form, the text, the error by the field, signed in', async () => {
    const author = await createUser(t.database);
    const { thread } = await startThread(t, author);
    const { client } = await member();
    const long = `start-of-text ${'z'.repeat(20_000)}`;
    const res = await client.post(
      `/forum/t/${thread.id}/replies`,
      { body: long, intent: 'post', idempotencyKey: key() },
      { from: `/forum/t/${thread.id}` },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(long);
    expect(html).toMatch(/class="field-error"[^>]*>[\s\S]{0,200}20,000 characters or fewer/);
    expect(html).toMatch(SIGNED_IN);
  });

  it('answers an article body over its limit with 400 and keeps every field', async () => {
    const { client } = await member();
    const body = `article-start ${'q'.repeat(100_000)}`;
    const res = await client.post('/articles', articleForm({ title: 'Too long a guide', body, intent: 'save' }), {
      from: '/articles/new',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(body);
    expect(html).toContain('value="Too long a guide"');
    expect(html).toMatch(SIGNED_IN);
  });

  it('answers a form over the 2 MiB body limit with 413, signed in, saying the text is kept in the browser', async () => {
    const author = await createUser(t.database);
    const { thread } = await startThread(t, author);
    const { user, client } = await member();
    const res = await client.post(
      `/forum/t/${thread.id}/replies`,
      { body: 'w'.repeat(2 * 1024 * 1024 + 10), intent: 'post' },
      { from: `/forum/t/${thread.id}` },
    );
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toMatch(SIGNED_IN);
    expect(html).toContain(user.displayName);
    expect(html).toContain('nothing was saved');
    expect(html).toContain('kept as a draft in this browser');
  });
});

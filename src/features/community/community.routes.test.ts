import { listUnanswered } from './community.repository';
import { parseFeed } from '@rowanmanning/feed-parser';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, actorFor, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { scanHtml } from '../../../test/security/html-scan';
import { expectInert, MARKDOWN_PAYLOADS, PAYLOADS } from '../../../test/security/payloads';
import { rowsOf } from '../../platform/db/database';
import { FORUM_LIMITS, POSTS_PER_PAGE } from './community.models';
import { changePostStatus, changeThread, suspendMember } from './moderation.usecases';
import { acceptAnswer } from './community.usecases';
import { addTopic, newArticle } from '../../../test/helpers/content';
import { errorCode } from '../../../test/helpers/http';
import { key, reply, startThread } from '../../../test/helpers/forum';

let t: TestApp;
let moderator: TestUser;

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  await addTopic(t, 'copyright-licensing', 'Copyright & licensing');
  moderator = await createUser(t.database, { role: 'moderator' });
});
afterAll(() => t.close());

async function member(): Promise<{ user: TestUser; client: TestClient }> {
  const user = await createUser(t.database);
  return { user, client: await clientFor(t, user) };
}

const threadForm = (over: Record<string, string | string[]> = {}) => ({
  title: 'Who lends microfilm internationally?',
  body: 'We need a 1920s newspaper on microfilm from a library abroad.',
  category: 'international',
  kind: 'question',
  idempotencyKey: key(),
  ...over,
});

/** One level of XML unescaping, as an XML parser does. */
function xmlText(escaped: string): string {
  return escaped
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

async function html(client: TestClient, path: string, status = 200): Promise<string> {
  let res = await client.get(path);
  while (res.status === 302) res = await client.get(res.headers.get('location')!);
  expect(res.status, path).toBe(status);
  return res.text();
}

describe('reading the forum', () => {
  it('lists every category with counts and last activity, and pages a category’s threads with pinned ones first', async () => {
    const { user } = await member();
    const pinned = await startThread(t, user, { title: 'Read me first: lending etiquette', categorySlug: 'lending' });
    await changeThread({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      threadId: pinned.thread.id,
      change: { pinned: true },
    });
    t.clock.advance(60_000);
    const later = await startThread(t, user, { title: 'A newer lending thread', categorySlug: 'lending' });
    const index = await html(new TestClient(t.app), '/forum');
    for (const name of ['Borrowing', 'Copyright &amp; licensing', 'Watercooler', 'ILLiad', 'Other systems'])
      expect(index).toContain(name);
    expect(index).toMatch(
      /2 threads · 2 posts · last activity <time[^>]*>[^<]+<\/time> in <a href="\/forum\/t\/\d+">A newer lending thread/,
    );
    const page = await html(new TestClient(t.app), '/forum/c/lending');
    expect(page.indexOf('Read me first')).toBeLessThan(page.indexOf('A newer lending thread'));
    expect(page).toContain('<span class="badge badge-pinned">Pinned</span>');
    expect(page).toContain('href="/forum/c/lending/feed.atom"');
    expect(page).toContain('type="application/atom+xml"');
    expect(later.thread.id).toBeGreaterThan(pinned.thread.id);
  });

  it('pages a long thread and sends a post’s permanent address to the page that shows it', async () => {
    const { user } = await member();
    const { thread } = await startThread(t, user, { title: 'A long thread' });
    await t.database.db.execute(sql`
      insert into forum_posts (thread_id, number, author_id, body, created_at)
      select ${thread.id}, n, ${user.id}, 'Reply number ' || n, now() from generate_series(2, ${POSTS_PER_PAGE + 5}) n`);
    const last = rowsOf<{ id: number }>(
      await t.database.db.execute(
        sql`select id from forum_posts where thread_id = ${thread.id} and number = ${POSTS_PER_PAGE + 5}`,
      ),
    )[0]!;
    const res = await new TestClient(t.app).get(`/forum/p/${last.id}`);
    expect(res.headers.get('location')).toBe(`/forum/t/${thread.id}?page=2#post-${last.id}`);
    const second = await html(new TestClient(t.app), `/forum/t/${thread.id}?page=2`);
    expect(second).toContain(`Reply number ${POSTS_PER_PAGE + 5}`);
    expect(second).not.toContain('Reply number 3<');
    expect(second).toContain('Page 2 of 2');
  });

  it('shows the accepted answer first, in words, with who answered', async () => {
    const asker = await member();
    const answerer = await createUser(t.database, { displayName: 'Ines Answerer' });
    const { thread } = await startThread(t, asker.user, { title: 'Do you charge for international loans?' });
    await reply(t, asker.user, thread.id, 'Anyone?');
    const answer = await reply(t, answerer, thread.id, 'We charge one IFLA voucher per loan.');
    const res = await asker.client.post(
      `/forum/t/${thread.id}/accept`,
      { postId: String(answer.post.id) },
      { from: `/forum/t/${thread.id}` },
    );
    expect(res.status).toBe(303);
    const page = await html(new TestClient(t.app), `/forum/t/${thread.id}`);
    expect(page).toContain('Accepted answer, from Ines Answerer');
    expect(page.indexOf('We charge one IFLA voucher')).toBeLessThan(page.indexOf('Anyone?'));
    expect(page).toContain('<span class="badge badge-answered">Answered</span>');
  });

  it('never shows hidden, pending or deleted posts to the public, in the thread, the feed or search', async () => {
    const author = await member();
    const { thread } = await startThread(t, author.user, {
      title: 'Thread with a hidden reply',
      categorySlug: 'borrowing',
    });
    const hidden = await reply(t, author.user, thread.id, 'Secret spam about quokkaberries.');
    const deleted = await reply(t, author.user, thread.id, 'Regretted words about wombatfruit.');
    await changePostStatus({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      postId: hidden.post.id,
      change: 'hide',
    });
    const del = await author.client.post(`/forum/p/${deleted.post.id}/delete`, {}, { from: `/forum/t/${thread.id}` });
    expect(del.status).toBe(303);
    const anonymous = new TestClient(t.app);
    for (const path of [
      `/forum/t/${thread.id}`,
      '/forum/c/borrowing/feed.atom',
      '/search?q=quokkaberries',
      '/search?q=wombatfruit',
    ]) {
      const text = await html(anonymous, path);
      expect(text, path).not.toContain('quokkaberries</');
      expect(text, path).not.toMatch(/Secret spam|Regretted words/);
    }
    expect((await anonymous.get(`/forum/p/${hidden.post.id}`)).status).toBe(404);
    const asModerator = await html(await clientFor(t, moderator), `/forum/t/${thread.id}`);
    expect(asModerator).toContain('Hidden by a moderator');
    expect(asModerator).toContain('Regretted words');
  });

  it('serves a valid Atom feed per category that a feed reader parses', async () => {
    const author = await member();
    const { thread } = await startThread(t, author.user, {
      title: 'Feed test: courier schedules',
      categorySlug: 'workflows',
      body: 'Our courier comes **twice** a week.',
    });
    await reply(t, author.user, thread.id, 'Ours comes daily.');
    const res = await new TestClient(t.app).get('/forum/c/workflows/feed.atom');
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    const feed = parseFeed(await res.text());
    expect(feed.meta.type).toBe('atom');
    expect(feed.title).toBe('Workflows & best practices · ILL Commons forum');
    const titles = feed.items.map((i) => i.title);
    expect(titles).toEqual(
      expect.arrayContaining(['Feed test: courier schedules', 'Re: Feed test: courier schedules']),
    );
    const first = feed.items.find((i) => i.title === 'Feed test: courier schedules')!;
    expect(first.url).toMatch(/^http:\/\/localhost\/forum\/p\/\d+$/);
    expect(first.content).toContain('<strong>twice</strong>');
    expect(first.authors[0]?.name).toBe(author.user.displayName);
  });
});

describe('posting', () => {
  it('starts a thread and a reply through the forms, and lists the post in search as a “Forum post”', async () => {
    const { client } = await member();
    const created = await client.post(
      '/forum/threads',
      threadForm({ title: 'Borrowing zarquonian theses', topicSlugs: ['copyright-licensing'] }),
      { from: '/forum/new' },
    );
    expect(created.status).toBe(303);
    const page = await html(client, created.headers.get('location')!);
    expect(page).toContain('Your post is published.');
    const threadId = page.match(/action="\/forum\/t\/(\d+)\/replies"/)![1];
    const replied = await client.post(`/forum/t/${threadId}/replies`, {
      body: 'Adding: the zarquonian copies are on microfiche.',
      idempotencyKey: key(),
    });
    expect(replied.status).toBe(303);
    const search = await html(new TestClient(t.app), '/search?q=zarquonian&type=forum-post');
    expect(search).toContain('<option value="forum-post" selected="">Forum post</option>');
    // A thread's posts are one result (the best of them), not one per post.
    expect(search.match(/<a href="\/forum\/p\/\d+">(Re: )?Borrowing zarquonian theses<\/a>/g)).toHaveLength(1);
    expect(search).toContain('<span class="badge">Forum post</span>');
  });

  it('re-renders the form with field errors, status 400 and the schema’s maxlength', async () => {
    const { client } = await member();
    const res = await client.post('/forum/threads', threadForm({ title: '', body: ' ', category: '' }), {
      from: '/forum/new',
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('Title is required.');
    expect(page).toContain('Your post is required.');
    expect(page).toContain('Choose a category.');
    expect(page).toMatch(new RegExp(`name="title"[^>]*maxlength="${FORUM_LIMITS.title}"`));
    expect(page).toMatch(new RegExp(`name="body"[^>]*maxlength="${FORUM_LIMITS.body}"`));
    const long = await client.post('/forum/threads', threadForm({ body: 'x'.repeat(FORUM_LIMITS.body + 1) }));
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('20,000 characters or fewer');
    const { thread } = await startThread(t, (await member()).user);
    const empty = await client.post(
      `/forum/t/${thread.id}/replies`,
      { body: '', idempotencyKey: key() },
      { from: `/forum/t/${thread.id}` },
    );
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Your post is required.');
  });

  it('makes one post from a double click', async () => {
    const { client, user } = await member();
    const { thread } = await startThread(t, user);
    const token = await client.csrf(`/forum/t/${thread.id}`);
    const fields = { body: 'Clicked twice, posted once.', idempotencyKey: key() };
    const [a, b] = await Promise.all([
      client.post(`/forum/t/${thread.id}/replies`, fields, { csrf: token }),
      client.post(`/forum/t/${thread.id}/replies`, fields, { csrf: token }),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.headers.get('location')).toBe(b.headers.get('location'));
    const rows = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from forum_posts where body = 'Clicked twice, posted once.'`,
      ),
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('answers a reply to a locked thread with a 409 page that says why', async () => {
    const { client, user } = await member();
    const { thread } = await startThread(t, user);
    const token = await client.csrf(`/forum/t/${thread.id}`);
    await changeThread({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      threadId: thread.id,
      change: { locked: true },
    });
    // Made outside a request, the change reaches this process's page caches by NOTIFY, a moment later on PostgreSQL.
    t.deps.pageCache.invalidate();
    const res = await client.post(
      `/forum/t/${thread.id}/replies`,
      { body: 'Too late?', idempotencyKey: key() },
      { csrf: token },
    );
    expect(res.status).toBe(409);
    const page = await res.text();
    expect(errorCode(page)).toBe('forum.thread_locked');
    expect(page).toContain('a moderator has closed it to new replies');
    expect(await html(client, `/forum/t/${thread.id}`)).toContain('This thread is locked, so there is no reply form.');
  });

  it('forbids editing or deleting someone else’s post with 403, and keeps an edit history for one’s own', async () => {
    const owner = await member();
    const other = await member();
    const { post } = await startThread(t, owner.user, { body: 'First wording.' });
    expect((await other.client.get(`/forum/p/${post.id}/edit`)).status).toBe(403);
    const token = await other.client.csrf('/forum');
    const res = await other.client.post(`/forum/p/${post.id}/edit`, { body: 'Defaced.' }, { csrf: token });
    expect(res.status).toBe(403);
    expect(errorCode(await res.text())).toBe('forum.not_your_post');
    expect((await other.client.post(`/forum/p/${post.id}/delete`, {}, { csrf: token })).status).toBe(403);
    const edit = await owner.client.post(
      `/forum/p/${post.id}/edit`,
      { body: 'Second wording.' },
      { from: `/forum/p/${post.id}/edit` },
    );
    expect(edit.status).toBe(303);
    const history = await html(new TestClient(t.app), `/forum/p/${post.id}/history`);
    expect(history).toContain('First wording.');
    expect(history).toContain('Second wording.');
  });

  it('shows a suspended member the reason when they try to post', async () => {
    const { client, user } = await member();
    const token = await client.csrf('/forum/new');
    await suspendMember({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      userId: user.id,
      days: 3,
      reason: 'Posting the same advert in every category',
    });
    const res = await client.post('/forum/threads', threadForm(), { csrf: token });
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(errorCode(page)).toBe('account.suspended');
    expect(page).toContain('Posting the same advert in every category');
  });

  it('answers posting too fast with a 429 page that says when to retry', async () => {
    const { client, user } = await member();
    const { thread } = await startThread(t, user);
    const token = await client.csrf(`/forum/t/${thread.id}`);
    let res: Response | undefined;
    for (let i = 0; i < 12; i++) {
      res = await client.post(
        `/forum/t/${thread.id}/replies`,
        { body: `Fast reply ${i}`, idempotencyKey: key() },
        { csrf: token },
      );
      if (res.status === 429) break;
    }
    expect(res!.status).toBe(429);
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res!.text()).toMatch(/Please wait \d+ (seconds?|minutes?) and try again/);
  });

  it('asks people who are signed out to sign in, for every forum form', async () => {
    const anonymous = new TestClient(t.app);
    const token = await anonymous.csrf('/sign-in');
    const paths = [
      '/forum/threads',
      '/forum/t/1/replies',
      '/forum/t/1/accept',
      '/forum/t/1/lock',
      '/forum/t/1/pin',
      '/forum/t/1/move',
      '/forum/p/1/edit',
      '/forum/p/1/delete',
      '/forum/p/1/helpful',
      '/forum/p/1/flag',
      '/forum/p/1/hide',
      '/forum/p/1/restore',
      '/forum/p/1/approve',
      '/forum/p/1/dismiss-flags',
      '/moderation/members/1/suspend',
      '/moderation/suspensions/1/lift',
      '/admin/forum',
      '/forum/discuss/no-such-article',
    ];
    for (const path of paths) {
      const res = await anonymous.post(path, { body: 'x' }, { csrf: token });
      expect(res.status, path).toBe(401);
    }
    for (const path of ['/forum/new', '/moderation', '/admin/audit', '/admin/forum'])
      expect((await anonymous.get(path)).status, path).toBe(401);
  });
});

describe('hostile input', () => {
  it('renders script payloads in titles and bodies inert, on the thread, the category, the feed and search', async () => {
    const { client } = await member();
    for (const payload of PAYLOADS.slice(0, 8)) {
      const res = await client.post(
        '/forum/threads',
        threadForm({
          title: `Title ${payload}`,
          body: `${payload}\n\n${MARKDOWN_PAYLOADS}`,
          category: 'watercooler',
          idempotencyKey: key(),
        }),
        { from: '/forum/new' },
      );
      expect(res.status, payload).toBe(303);
      t.clock.advance(60_000);
      const page = await html(client, res.headers.get('location')!);
      expectInert(page, payload);
    }
    expectInert(await html(new TestClient(t.app), '/forum/c/watercooler'), 'category');
    expectInert(await html(new TestClient(t.app), '/search?q=title&type=forum-post'), 'search');
    // A feed reader renders each entry's content (XML-escaped HTML) as HTML: it must be as inert as the page.
    const xml = await (await new TestClient(t.app).get('/forum/c/watercooler/feed.atom')).text();
    expect(parseFeed(xml).items.length).toBeGreaterThanOrEqual(8);
    const contents = [...xml.matchAll(/<content type="html">([\s\S]*?)<\/content>/g)].map((m) => xmlText(m[1]!));
    expect(contents.length).toBeGreaterThanOrEqual(8);
    for (const content of contents) expect(scanHtml(content)).toEqual([]);
    expect(xml).not.toMatch(/<(script|img|svg|iframe)\b/i);
  });
});

describe('“Discuss this article”', () => {
  it('offers a discussion on every article, starts the thread on first use and links it both ways', async () => {
    const { user, client } = await member();
    await addTopic(t, 'lending', 'Lending');
    const article = await newArticle(t, user, { title: 'Packing returnables well', topicSlugs: ['lending'] });
    const before = await html(new TestClient(t.app), `/articles/${article.slug}`);
    expect(before).toContain(`href="/forum/discuss/${article.slug}"`);
    expect(before).toContain('Discuss this article');
    const form = await html(client, `/forum/discuss/${article.slug}`);
    expect(form).toContain('Start the discussion');
    const res = await client.post(`/forum/discuss/${article.slug}`, {
      body: 'Do you double-box art books?',
      idempotencyKey: key(),
    });
    expect(res.status).toBe(303);
    const thread = await html(client, res.headers.get('location')!);
    expect(thread).toContain('Discussion: Packing returnables well');
    expect(thread).toContain(`Discussion of the article <a href="/articles/${article.slug}">`);
    expect(thread).toContain('href="/forum/c/lending"');
    const after = await html(new TestClient(t.app), `/articles/${article.slug}`);
    expect(after).toMatch(/href="\/forum\/t\/\d+">Discuss this article \(0 replies\)/);
    const again = await client.get(`/forum/discuss/${article.slug}`);
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toMatch(/^\/forum\/t\/\d+$/);
  });
});

describe('Q&A through the forms', () => {
  it('lets only the asker or a moderator accept, and lists unanswered questions', async () => {
    const asker = await member();
    const other = await member();
    const { thread } = await startThread(t, asker.user, { title: 'Unanswered: what is a NUC code?' });
    expect(await html(new TestClient(t.app), '/forum/unanswered')).toContain('Unanswered: what is a NUC code?');
    const answer = await reply(t, other.user, thread.id, 'A National Union Catalog symbol.');
    const token = await other.client.csrf(`/forum/t/${thread.id}`);
    expect(
      (await other.client.post(`/forum/t/${thread.id}/accept`, { postId: String(answer.post.id) }, { csrf: token }))
        .status,
    ).toBe(403);
    const askerPage = await html(asker.client, `/forum/t/${thread.id}`);
    expect(askerPage).toContain('Accept this answer');
    await acceptAnswer({
      db: t.database.db,
      actor: actorFor(asker.user),
      now: t.clock.now(),
      threadId: thread.id,
      postId: answer.post.id,
    });
    expect(await html(new TestClient(t.app), '/forum/unanswered')).not.toContain('Unanswered: what is a NUC code?');
    // The asker can change their mind.
    expect(await html(asker.client, `/forum/t/${thread.id}`)).toContain('No longer the accepted answer');
    const undo = await asker.client.post(`/forum/t/${thread.id}/accept`, { postId: 'none' });
    expect(undo.status).toBe(303);
    // Back on the list (questions without replies come first, so look beyond the first page).
    const { items } = await listUnanswered(t.database.db, { limit: 1000 });
    expect(items.map((i) => i.id)).toContain(thread.id);
  });
});

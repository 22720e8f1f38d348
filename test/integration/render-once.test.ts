import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderPost } from '../../src/features/community/community.content';
import { postsAfter, storedPostHtml } from '../../src/features/community/community.repository';
import { liveThreadsFor, type LivePost } from '../../src/features/community/community.live';
import { editPost } from '../../src/features/community/community.usecases';
import { changePostStatus } from '../../src/features/community/moderation.usecases';
import { reviseArticle } from '../../src/features/library/library.usecases';
import { REMOVED_MESSAGE } from '../../src/features/people/messages.repository';
import { reportMessage, resolveReport, startConversation } from '../../src/features/people/messages.usecases';
import { featureModules, storedHtmlKinds } from '../../src/modules';
import { markdownToText, RENDER_VERSION, renderMarkdown } from '../../src/platform/content/markdown';
import { rerenderStoredHtml } from '../../src/platform/content/stored-html';
import { rowsOf } from '../../src/platform/db/database';
import { createLogger } from '../../src/platform/logger';
import { createTestApp, createUser, type TestApp, actorFor, clientFor, type TestUser } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { profileForm } from '../helpers/people';
import { addTopic, articleContent, newArticle } from '../helpers/content';
import { key, reply, startThread } from '../helpers/forum';

// The one renderer, wrapped so the tests can see whether a page view calls it.
vi.mock('../../src/platform/content/markdown', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/platform/content/markdown')>();
  return { ...actual, renderMarkdown: vi.fn(actual.renderMarkdown), markdownToText: vi.fn(actual.markdownToText) };
});

/** Markdown rendered for a page (HTML or plain text) since the last reset. */
function renders(): number {
  return vi.mocked(renderMarkdown).mock.calls.length + vi.mocked(markdownToText).mock.calls.length;
}
function resetRenders() {
  vi.mocked(renderMarkdown).mockClear();
  vi.mocked(markdownToText).mockClear();
}

let t: TestApp;
let author: TestUser;
let other: TestUser;
let moderator: TestUser;

/** The ids and Markdown of everything the tests write through the use cases. */
const made = {
  articleSlug: '',
  articleId: 0,
  threadId: 0,
  openingId: 0,
  replyId: 0,
  conversationId: 0,
  messageId: 0,
};

async function stored(table: string, where: ReturnType<typeof sql>) {
  const rows = rowsOf<{ body_html: string | null; render_version: number }>(
    await t.database.db.execute(
      sql`select ${sql.raw(table === 'profiles' ? 'bio_html as body_html' : 'body_html')}, render_version from ${sql.raw(table)} where ${where}`,
    ),
  );
  expect(rows.length, table).toBe(1);
  return rows[0]!;
}

async function page(client: TestClient, path: string): Promise<string> {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

const anonymous = () => new TestClient(t.app);

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  await addTopic(t, 'lending', 'Lending');
  author = await createUser(t.database, { username: 'rosa-lender', displayName: 'Rosa Lender' });
  other = await createUser(t.database, { username: 'omar-borrower', displayName: 'Omar Borrower' });
  moderator = await createUser(t.database, { role: 'moderator' });

  const article = await newArticle(t, author, { body: '## Packing\n\nUse **two** boxes.' });
  made.articleSlug = article.slug;
  made.articleId = article.id;
  const thread = await startThread(t, author, { body: 'Who lends *microfilm* abroad?' });
  made.threadId = thread.thread.id;
  made.openingId = thread.post.id;
  const answer = await reply(t, other, thread.thread.id, 'Ask @rosa-lender, she **knows**.');
  made.replyId = answer.post.id;
  const started = await startConversation({
    db: t.database.db,
    actor: actorFor(author),
    now: t.clock.now(),
    to: ['omar-borrower'],
    subject: 'Microfilm',
    body: 'Can you _help_?',
    key: key(),
  });
  if (!started.ok) throw new Error('conversation not started');
  made.conversationId = started.conversationId;
  const message = rowsOf<{ id: number }>(
    await t.database.db.execute(sql`select id from messages where conversation_id = ${started.conversationId}`),
  )[0]!;
  made.messageId = Number(message.id);
});
afterAll(() => t.close());

describe('Markdown is rendered once, when it is saved', () => {
  it('stores an article’s HTML with each revision, and its pages show what is stored', async () => {
    const first = await stored('articles', sql`id = ${made.articleId}`);
    expect(first).toEqual({
      body_html: renderMarkdown('## Packing\n\nUse **two** boxes.'),
      render_version: RENDER_VERSION,
    });
    expect(await stored('article_revisions', sql`article_id = ${made.articleId} and number = 1`)).toEqual(first);

    const body = 'Use **three** boxes for glass plates.';
    const result = await reviseArticle({
      db: t.database.db,
      actor: actorFor(author),
      now: t.clock.now(),
      slug: made.articleSlug,
      baseRevision: 1,
      content: articleContent({ body }),
      message: 'More boxes',
    });
    expect(result.status).toBe('saved');
    const expected = { body_html: renderMarkdown(body), render_version: RENDER_VERSION };
    expect(await stored('articles', sql`id = ${made.articleId}`)).toEqual(expected);
    expect(await stored('article_revisions', sql`article_id = ${made.articleId} and number = 2`)).toEqual(expected);
    expect(await stored('article_revisions', sql`article_id = ${made.articleId} and number = 1`)).toEqual(first);

    // The pages show the stored fragments, not a fresh rendering of the source.
    await t.database.db.execute(
      sql`update articles set body_html = '<p>stored article</p>' where id = ${made.articleId}`,
    );
    await t.database.db.execute(
      sql`update article_revisions set body_html = '<p>stored revision 1</p>' where article_id = ${made.articleId} and number = 1`,
    );
    const member = await clientFor(t, other);
    expect(await page(member, `/articles/${made.articleSlug}`)).toContain('<p>stored article</p>');
    expect(await page(member, `/articles/${made.articleSlug}/revisions/1`)).toContain('<p>stored revision 1</p>');
  });

  it('stores a forum post’s HTML with its mentions linked, keeps the earlier HTML on edit, and every view shows what is stored', async () => {
    const replyRow = await stored('forum_posts', sql`id = ${made.replyId}`);
    expect(replyRow.render_version).toBe(RENDER_VERSION);
    expect(replyRow.body_html).toBe(renderPost('Ask @rosa-lender, she **knows**.', new Set(['rosa-lender'])));
    expect(replyRow.body_html).toContain('<a class="mention" href="/people/rosa-lender">@rosa-lender</a>');

    const edited = await editPost({
      db: t.database.db,
      actor: actorFor(other),
      now: t.clock.now(),
      postId: made.replyId,
      body: 'Ask @rosa-lender, she **knows** microfilm.',
    });
    expect(edited.ok).toBe(true);
    expect((await stored('forum_posts', sql`id = ${made.replyId}`)).body_html).toContain(
      '<strong>knows</strong> microfilm.',
    );
    expect(await stored('forum_post_revisions', sql`post_id = ${made.replyId}`)).toEqual(replyRow);

    await t.database.db.execute(
      sql`update forum_posts set body_html = '<p>stored opening</p>' where id = ${made.openingId}`,
    );
    await t.database.db.execute(
      sql`update forum_posts set body_html = '<p>stored reply</p>' where id = ${made.replyId}`,
    );
    await t.database.db.execute(
      sql`update forum_post_revisions set body_html = '<p>stored earlier reply</p>' where post_id = ${made.replyId}`,
    );

    const thread = await page(anonymous(), `/forum/t/${made.threadId}`);
    expect(thread).toContain('<p>stored opening</p>');
    expect(thread).toContain('<p>stored reply</p>');
    const history = await page(anonymous(), `/forum/p/${made.replyId}/history`);
    expect(history).toContain('<p>stored reply</p>');
    expect(history).toContain('<p>stored earlier reply</p>');
    const feed = await page(anonymous(), '/forum/c/international/feed.atom');
    expect(feed).toContain('&lt;p&gt;stored reply&lt;/p&gt;');

    // Live updates send the stored HTML too.
    const got: LivePost[] = [];
    const unsubscribe = await liveThreadsFor(t.deps).subscribe(made.threadId, {
      after: 0,
      send: (posts) => void got.push(...posts),
    });
    unsubscribe();
    expect(got.map((p) => p.number)).toEqual([1, 2]);
    expect(got[1]!.html).toContain('<p>stored reply</p>');

    // And the moderation queue.
    await changePostStatus({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      postId: made.replyId,
      change: 'hide',
      reason: 'Testing the queue',
    });
    expect(await page(await clientFor(t, moderator), '/moderation')).toContain('<p>stored reply</p>');
    await changePostStatus({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      postId: made.replyId,
      change: 'restore',
    });
  });

  it('stores a private message’s HTML, also when a moderator removes its text, and the conversation shows what is stored', async () => {
    expect(await stored('messages', sql`id = ${made.messageId}`)).toEqual({
      body_html: renderMarkdown('Can you _help_?'),
      render_version: RENDER_VERSION,
    });
    await t.database.db.execute(
      sql`update messages set body_html = '<p>stored message</p>' where id = ${made.messageId}`,
    );
    const reader = await clientFor(t, other);
    expect(await page(reader, `/messages/${made.conversationId}`)).toContain('<p>stored message</p>');
    expect(await page(reader, `/messages/${made.conversationId}/report?message=${made.messageId}`)).toContain(
      '<p>stored message</p>',
    );

    await reportMessage({
      db: t.database.db,
      actor: actorFor(other),
      now: t.clock.now(),
      conversationId: made.conversationId,
      messageId: made.messageId,
      reason: 'Testing',
    });
    expect(await page(await clientFor(t, moderator), '/moderation/messages')).toContain('<p>stored message</p>');
    const reportId = rowsOf<{ id: number }>(
      await t.database.db.execute(sql`select id from message_reports where message_id = ${made.messageId}`),
    )[0]!.id;
    await resolveReport({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      reportId: Number(reportId),
      removeMessage: true,
    });
    expect(await stored('messages', sql`id = ${made.messageId}`)).toEqual({
      body_html: renderMarkdown(REMOVED_MESSAGE),
      render_version: RENDER_VERSION,
    });
  });

  it('stores a profile’s bio HTML, and the profile shows what is stored', async () => {
    const client = await clientFor(t, author);
    const saved = await client.post(
      '/account/profile',
      profileForm({
        displayName: 'Rosa Lender',
        bio: 'I **lend** microfilm.',
        expertise: [],
        link1Title: '',
        link1Url: '',
      }),
      { from: '/account/profile' },
    );
    expect(saved.status).toBe(303);
    expect(await stored('profiles', sql`user_id = ${author.id}`)).toEqual({
      body_html: renderMarkdown('I **lend** microfilm.'),
      render_version: RENDER_VERSION,
    });
    await t.database.db.execute(sql`update profiles set bio_html = '<p>stored bio</p>' where user_id = ${author.id}`);
    expect(await page(await clientFor(t, other), '/people/rosa-lender')).toContain('<p>stored bio</p>');
  });
});

describe('reading never renders Markdown', () => {
  it('stores a report example’s commentary HTML, and the example and gallery show what is stored', async () => {
    // The starter examples are published at seed with their commentary rendered once (docs/decisions/044).
    const [example] = rowsOf<{ id: number; body_html: string; render_version: number }>(
      await t.database.db.execute(
        sql`select id, body_html, render_version from report_compositions where sharing = 'public' order by id limit 1`,
      ),
    );
    expect(example!.body_html).toContain('<strong>');
    expect(example!.render_version).toBe(RENDER_VERSION);
    await t.database.db.execute(
      sql`update report_compositions set body_html = '<p>stored example</p>' where id = ${example!.id}`,
    );
    resetRenders();
    expect(await page(anonymous(), `/reports/examples/${example!.id}`)).toContain('<p>stored example</p>');
    await page(anonymous(), '/reports/examples');
    expect(renders()).toBe(0);
  });

  it('stores a report recipe’s HTML at load, and the recipe page shows what is stored (docs/decisions/047)', async () => {
    const [recipe] = rowsOf<{ slug: string; body_html: string; render_version: number }>(
      await t.database.db.execute(sql`select slug, body_html, render_version from report_recipes order by id limit 1`),
    );
    expect(recipe!.body_html).toContain('<h2 id=');
    expect(recipe!.render_version).toBe(RENDER_VERSION);
    await t.database.db.execute(
      sql`update report_recipes set body_html = '<p>stored recipe</p>' where slug = ${recipe!.slug}`,
    );
    t.deps.pageCache.invalidate();
    resetRenders();
    expect(await page(anonymous(), `/reports/recipes/${recipe!.slug}`)).toContain('<p>stored recipe</p>');
    await page(anonymous(), '/reports/recipes');
    expect(renders()).toBe(0);
  });

  it('shows threads, history, feeds, live updates, articles, revisions, messages, profiles and queues without calling the renderer', async () => {
    const member = await clientFor(t, other);
    const mod = await clientFor(t, moderator);
    resetRenders();
    for (const path of [
      `/forum/t/${made.threadId}`,
      `/forum/p/${made.replyId}/history`,
      '/forum/c/international/feed.atom',
      `/articles/${made.articleSlug}`,
      `/articles/${made.articleSlug}/revisions/2`,
    ]) {
      await page(anonymous(), `${path}${path.includes('?') ? '&' : '?'}cb=${Math.random()}`);
      await page(member, path);
    }
    await page(member, `/messages/${made.conversationId}`);
    await page(member, '/people/rosa-lender');
    await page(mod, '/moderation');
    await page(mod, '/moderation/messages');
    const unsubscribe = await liveThreadsFor(t.deps).subscribe(made.threadId, { after: 0, send: () => {} });
    unsubscribe();
    expect(renders()).toBe(0);
  });
});

describe('rows from an older renderer', () => {
  const TABLES = [
    'articles',
    'article_revisions',
    'forum_posts',
    'forum_post_revisions',
    'messages',
    'profiles',
    'learning_lessons',
    'report_compositions',
    'report_recipes',
  ];

  it('are shown as escaped text until rendered, then rendered again in batches off the request path', async () => {
    for (const table of TABLES) {
      const column = table === 'profiles' ? 'bio_html' : 'body_html';
      await t.database.db.execute(
        sql`update ${sql.raw(table)} set ${sql.raw(column)} = '<p>old renderer</p>', render_version = ${RENDER_VERSION - 1}`,
      );
    }
    // A row never rendered (written before HTML was stored) shows its source as text, and still costs no rendering.
    await t.database.db.execute(
      sql`update forum_posts set body_html = null, render_version = 0 where id = ${made.openingId}`,
    );
    // These rows were written behind the hub's back, as an older version would have left them: start with empty
    // caches, as a restarted process does (the shared parts of signed-in pages are dropped with the page cache).
    t.deps.pageCache.invalidate();
    resetRenders();
    const before = await page(await clientFor(t, other), `/forum/t/${made.threadId}`);
    expect(before).toContain('<div class="pre-wrap">Who lends *microfilm* abroad?</div>');
    expect(renders()).toBe(0);

    const counts = await rerenderStoredHtml({
      db: t.database.db,
      logger: createLogger('silent'),
      kinds: storedHtmlKinds(featureModules()),
      batchSize: 2,
    });
    // Each batch is announced by an event that drops every process's cached pages.
    const batches = rowsOf<{ kind: string; n: number }>(
      await t.database.db.execute(
        sql`select subject_id as kind, (data->>'rendered')::int as n from events where type = 'content.rendered' order by id`,
      ),
    ).map((r) => [r.kind, Number(r.n)] as const);
    const expectedCounts: Record<string, number> = {};
    for (const table of TABLES) {
      const n = rowsOf<{ n: number }>(
        await t.database.db.execute(sql`select count(*)::int as n from ${sql.raw(table)}`),
      )[0]!.n;
      const stale = rowsOf<{ n: number }>(
        await t.database.db.execute(
          sql`select count(*)::int as n from ${sql.raw(table)} where render_version <> ${RENDER_VERSION}`,
        ),
      )[0]!.n;
      expect(stale, table).toBe(0);
      expectedCounts[table] = Number(n);
    }
    expect(counts).toEqual({
      articles: expectedCounts.articles,
      'article revisions': expectedCounts.article_revisions,
      'forum posts': expectedCounts.forum_posts,
      'forum post revisions': expectedCounts.forum_post_revisions,
      'profile bios': expectedCounts.profiles,
      'private messages': expectedCounts.messages,
      lessons: expectedCounts.learning_lessons,
      'composed reports': expectedCounts.report_compositions,
      'report recipes': expectedCounts.report_recipes,
    });
    expect(batches.every(([, n]) => n <= 2)).toBe(true);
    expect(batches.filter(([kind]) => kind === 'articles').length).toBe(Math.ceil(expectedCounts.articles! / 2));

    expect((await stored('articles', sql`id = ${made.articleId}`)).body_html).toBe(
      renderMarkdown('Use **three** boxes for glass plates.'),
    );
    expect((await stored('forum_posts', sql`id = ${made.replyId}`)).body_html).toContain(
      '<a class="mention" href="/people/rosa-lender">',
    );
    expect((await stored('profiles', sql`user_id = ${author.id}`)).body_html).toBe(
      renderMarkdown('I **lend** microfilm.'),
    );
    const after = await page(await clientFor(t, other), `/forum/t/${made.threadId}`);
    expect(after).toContain('<p>Who lends <em>microfilm</em> abroad?</p>');
    expect(after).not.toContain('old renderer');
  });

  it('never overwrite HTML a save stored while the pass was rendering', async () => {
    const [posts] = storedPostHtml;
    await t.database.db.execute(
      sql`update forum_posts set render_version = ${RENDER_VERSION - 1} where id = ${made.openingId}`,
    );
    const stale = (await posts!.stale(t.database.db, 100)).find((r) => r.id === made.openingId)!;
    const edited = await editPost({
      db: t.database.db,
      actor: actorFor(author),
      now: t.clock.now(),
      postId: made.openingId,
      body: 'Who lends microfilm **to Canada**?',
    });
    expect(edited.ok).toBe(true);
    await posts!.store(t.database.db, stale);
    expect((await stored('forum_posts', sql`id = ${made.openingId}`)).body_html).toContain(
      '<strong>to Canada</strong>',
    );
    const [live] = await postsAfter(t.database.db, made.threadId, 0, 1);
    expect(live!.bodyHtml).toContain('<strong>to Canada</strong>');
  });
});

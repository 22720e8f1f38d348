import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, actorFor, clientFor, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { saveDraft } from '../drafts/drafts.usecases';
import { submitSuggestion } from '../groups/suggestions.usecases';
import { notify, watch } from '../notifications';
import { startConversation } from '../people/messages.usecases';
import { addTopic, articleContent, newArticle } from '../../../test/helpers/content';
import { exampleGroup, maintain } from '../../../test/helpers/groups';
import { makeCategory, makePost, makeThread } from '../../../test/helpers/forum';

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  admin = await createUser(t.database, { role: 'admin' });
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();

async function tell(
  userId: number,
  n: { kind: string; title: string; threadId: number; threadTitle: string; excerpt?: string },
) {
  await db().transaction((tx) =>
    notify(tx, {
      userIds: [userId],
      kind: n.kind,
      actorId: admin.id,
      subjectType: 'thread',
      subjectId: String(n.threadId),
      url: `/forum/t/${n.threadId}`,
      title: n.title,
      excerpt: n.excerpt ?? '',
      subjectTitle: n.threadTitle,
      now: now(),
    }),
  );
}

/** Section ids on the page, in order. */
function sectionsOf(html: string): string[] {
  return [...html.matchAll(/<section class="home-section" aria-labelledby="(home-[a-z]+)"/g)].map(
    (m) => m[1] as string,
  );
}

function section(html: string, id: string): string {
  const start = html.indexOf(`aria-labelledby="${id}"`);
  if (start === -1) return '';
  return html.slice(start, html.indexOf('</section>', start));
}

/** Someone who joined a month ago, so the page greets them as coming back. */
async function joinedLastMonth(user: TestUser): Promise<TestUser> {
  const joined = new Date(now().getTime() - 30 * 86_400_000);
  await db().execute(sql`update users set created_at = ${joined.toISOString()} where id = ${user.id}`);
  return user;
}

async function message(from: TestUser, to: TestUser, subject: string) {
  const started = await startConversation({
    db: db(),
    actor: actorFor(from),
    now: now(),
    to: [to.username],
    subject,
    body: 'Could you lend it?',
  });
  if (!started.ok) throw new Error(JSON.stringify(started.errors));
  return started.conversationId;
}

describe('the home page for anonymous visitors', () => {
  it('stays the public page, cached and shared; a signed-in visit first neither fills nor reads that cache', async () => {
    const member = await joinedLastMonth(await createUser(t.database, { displayName: 'Cassie Cachecheck' }));
    t.deps.pageCache.invalidate();
    const mine = await (await clientFor(t, member)).get('/');
    const mineHtml = await mine.text();
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    expect(mineHtml).toContain('Welcome back, Cassie Cachecheck');
    expect(t.deps.pageCache.find('/')).toBeUndefined();

    const first = await new TestClient(t.app).get('/');
    const html = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toContain('public');
    expect(html).toContain('Practical knowledge for interlibrary loan and resource sharing');
    expect(html).not.toContain('Cassie Cachecheck');
    expect(html).not.toContain('Welcome back');
    const cached = t.deps.pageCache.find('/');
    expect(cached?.body.toString()).toBe(html);

    // Repeats: anonymous from the cache (same ETag); the member still gets their own page, not the cached one.
    const again = await new TestClient(t.app).get('/');
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    const mineAgain = await (await clientFor(t, member)).get('/');
    expect(await mineAgain.text()).toContain('Welcome back, Cassie Cachecheck');
  });
});

describe('the signed-in home page', () => {
  it('greets a returning member with nothing waiting briefly, with the sections left out', async () => {
    const quiet = await joinedLastMonth(await createUser(t.database, { displayName: 'Quentin Quiet' }));
    const html = await (await (await clientFor(t, quiet)).get('/')).text();
    expect(sectionsOf(html)).toEqual([]);
    expect(html).toContain('<h1>Welcome back, Quentin Quiet</h1>');
    expect(html).toContain('You’re all caught up: no new replies or mentions and no unread messages.');
    expect(html).not.toContain('Nothing waiting');
  });

  it('welcomes a brand-new member as new, not back, and says what the page will hold', async () => {
    const fresh = await createUser(t.database, { displayName: 'Nadia Newcomer' });
    await db().execute(sql`update users set created_at = ${now().toISOString()} where id = ${fresh.id}`);
    const html = await (await (await clientFor(t, fresh)).get('/')).text();
    expect(html).toContain('<h1>Welcome to ILL Commons, Nadia Newcomer</h1>');
    expect(html).not.toContain('Welcome back');
    expect(html).toContain('replies to your posts, mentions of you, messages and your drafts');
    expect(html).toContain('Nothing here yet.');
    expect(html).not.toContain('all caught up');
  });

  it('lists replies and mentions, and watched threads with news, from the member’s own unread notifications only', async () => {
    const rita = await createUser(t.database, { displayName: 'Rita Reader' });
    const otto = await createUser(t.database, { displayName: 'Otto Other' });
    const category = await makeCategory(db());
    const hers = await makeThread(db(), {
      categoryId: category,
      authorId: rita.id,
      title: 'Rita asks about lost books',
    });
    await makePost(db(), { threadId: hers, authorId: rita.id });
    const watched = await makeThread(db(), {
      categoryId: category,
      authorId: otto.id,
      title: 'Courier schedules for spring',
    });
    await watch(db(), { userId: rita.id, targetType: 'thread', targetId: String(watched), now: now() });

    await tell(rita.id, {
      kind: 'mention',
      title: 'Otto mentioned you in “Shipping maps”',
      threadId: watched,
      threadTitle: 'Courier schedules for spring',
    });
    await tell(rita.id, {
      kind: 'forum.reply',
      title: 'Otto replied in “Rita asks about lost books”',
      threadId: hers,
      threadTitle: 'Rita asks about lost books',
    });
    await tell(rita.id, {
      kind: 'forum.reply',
      title: 'Otto replied in “Courier schedules for spring”',
      threadId: watched,
      threadTitle: 'Courier schedules for spring',
    });
    await tell(rita.id, {
      kind: 'forum.reply',
      title: 'Pat replied in “Courier schedules for spring”',
      threadId: watched,
      threadTitle: 'Courier schedules for spring',
    });
    // Read already: not news.
    await tell(rita.id, {
      kind: 'mention',
      title: 'An old mention she has read',
      threadId: hers,
      threadTitle: 'Rita asks about lost books',
    });
    await db().execute(
      sql`update notifications set read_at = ${now().toISOString()} where user_id = ${rita.id} and title = 'An old mention she has read'`,
    );
    // Someone else's.
    await tell(otto.id, {
      kind: 'mention',
      title: 'Secret mention meant for Otto',
      threadId: hers,
      threadTitle: 'Rita asks about lost books',
    });

    const html = await (await (await clientFor(t, rita)).get('/')).text();
    expect(sectionsOf(html)).toEqual(['home-replies', 'home-watched']);
    const replies = section(html, 'home-replies');
    expect(replies).toContain('2 unread replies and mentions');
    expect(replies).toContain('Otto mentioned you in “Shipping maps”');
    expect(replies).toContain('Otto replied in “Rita asks about lost books”');
    expect(replies).toContain('href="/notifications"');
    const news = section(html, 'home-watched');
    expect(news).toContain('1 thread you watch');
    expect(news).toContain('with 2 unread posts');
    expect(news).toContain('Courier schedules for spring');
    expect(news).toContain('2 new posts');
    expect(html).not.toContain('An old mention she has read');
    expect(html).not.toContain('Secret mention meant for Otto');

    // Opening a reply from the home page marks it read: it leaves the list.
    const link = replies.match(/href="(\/notifications\/\d+\/open)">Otto replied/)?.[1];
    expect(link).toBeDefined();
    const client = await clientFor(t, rita);
    expect((await client.get(link!)).status).toBe(303);
    expect(section(await (await client.get('/')).text(), 'home-replies')).toContain('1 unread reply or mention');
  });

  it('lists unread conversations, never other people’s, and counts them in the header and on the phone menu button', async () => {
    const mia = await createUser(t.database, { displayName: 'Mia Messages' });
    const ned = await createUser(t.database, { displayName: 'Ned Neighbour' });
    const pat = await createUser(t.database, { displayName: 'Pat Private' });
    const id = await message(ned, mia, 'Lending the atlas');
    await message(ned, pat, 'Private matter between Ned and Pat');

    const client = await clientFor(t, mia);
    const html = await (await client.get('/')).text();
    const messages = section(html, 'home-messages');
    expect(messages).toContain('1 conversation with unread messages');
    expect(messages).toContain(`href="/messages/${id}"`);
    expect(messages).toContain('with Ned Neighbour');
    expect(html).not.toContain('Private matter between Ned and Pat');

    // The header, on any page: beside the messages link, and on the menu button (one notification, one conversation).
    const topics = await (await client.get('/topics')).text();
    expect(topics).toMatch(/<a href="\/messages">\s*Messages\s*<span class="count-badge"> \(1 unread\)<\/span>/);
    const button = topics.match(/<summary class="menu-button">([\s\S]*?)<\/summary>/)?.[1] ?? '';
    expect(button.replace(/<[^>]+>/g, '')).toMatch(/Menu\s*: 2 unread \(1 notification, 1 conversation\)/);

    // Reading the conversation clears it everywhere.
    expect((await client.get(`/messages/${id}`)).status).toBe(200);
    const after = await (await client.get('/')).text();
    expect(sectionsOf(after)).not.toContain('home-messages');
    expect(after).not.toMatch(/Messages\s*<span class="count-badge">/);
  });

  it('lists suggested edits the member may decide and the pages they maintain that are due, for stewards only', async () => {
    const owner = await createUser(t.database, { displayName: 'Olga Owner' });
    const stella = await createUser(t.database, { displayName: 'Stella Steward' });
    const milo = await createUser(t.database, { displayName: 'Milo Member' });
    const group = await exampleGroup(t, owner, admin, {
      name: 'Maps Committee',
      members: [
        [stella, 'steward'],
        [milo, 'member'],
      ],
    });
    const author = await createUser(t.database);
    const maps = await newArticle(t, author, { title: 'Lending rare maps' });
    const due = await newArticle(t, author, { title: 'Shipping oversized items' });
    await maintain(t, owner, group, maps.slug);
    await maintain(t, owner, group, due.slug);
    await db().execute(
      sql`update stewardships set next_review_due = ${new Date(now().getTime() - 86_400_000).toISOString()} where article_id = ${due.id}`,
    );
    const submitted = await submitSuggestion({
      db: db(),
      actor: actorFor(milo),
      now: now(),
      slug: maps.slug,
      baseRevision: 1,
      content: articleContent({
        title: 'Lending rare maps',
        body: '## Packing\n\nUse two boxes and insure every map.',
      }),
      message: 'Insure maps',
    });
    expect(submitted.status).toBe('saved');
    // Stella's own suggestion waits for someone else.
    const own = await submitSuggestion({
      db: db(),
      actor: actorFor(stella),
      now: now(),
      slug: due.slug,
      baseRevision: 1,
      content: articleContent({ title: 'Shipping oversized items', body: '## Crates\n\nUse a crate.' }),
      message: 'Crates',
    });
    expect(own.status).toBe('saved');

    const html = await (await (await clientFor(t, stella)).get('/')).text();
    const suggestions = section(html, 'home-suggestions');
    expect(suggestions).toContain('1 suggested edit on pages your groups maintain');
    expect(suggestions).toContain('Lending rare maps');
    expect(suggestions).toContain('suggested by Milo Member for Maps Committee');
    expect(suggestions).toContain('href="/suggestions"');
    const reviews = section(html, 'home-reviews');
    expect(reviews).toContain('1 page your groups maintain is overdue or due within 30 days');
    expect(reviews).toContain(`href="/articles/${due.slug}/review"`);
    expect(reviews).toContain('Review overdue');
    expect(reviews).toContain(`href="/groups/${group.slug}/reviews"`);

    // A plain member of the group decides nothing: neither section (their own suggestion is theirs to follow, not review).
    const milos = await (await (await clientFor(t, milo)).get('/')).text();
    expect(sectionsOf(milos)).not.toContain('home-suggestions');
    expect(sectionsOf(milos)).not.toContain('home-reviews');
  });

  it('lists the member’s drafts, never anyone else’s', async () => {
    const dana = await createUser(t.database, { displayName: 'Dana Drafter' });
    const eve = await createUser(t.database, { displayName: 'Eve Elsewhere' });
    const key = { kind: 'thread_new' as const, target: '' };
    await saveDraft({
      db: db(),
      actor: actorFor(dana),
      now: now(),
      key,
      title: 'Half-written question on fees',
      href: '/forum/new',
      values: { body: 'x' },
    });
    await saveDraft({
      db: db(),
      actor: actorFor(eve),
      now: now(),
      key,
      title: 'Eve’s private draft',
      href: '/forum/new',
      values: { body: 'y' },
    });
    const html = await (await (await clientFor(t, dana)).get('/')).text();
    const drafts = section(html, 'home-drafts');
    expect(drafts).toContain('1 draft, kept privately');
    expect(drafts).toContain('Half-written question on fees');
    expect(drafts).toContain('New thread');
    expect(html).not.toContain('Eve’s private draft');
  });
});

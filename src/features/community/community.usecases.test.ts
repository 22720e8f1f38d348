import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, actorFor, type TestUser } from '../../../test/helpers/app';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { search } from '../../platform/search/search';
import { countUnansweredQuestions, listUnansweredQuestions } from '.';
import * as repo from './community.repository';
import { acceptAnswer, createThread, deletePost, editPost, replyToThread, toggleHelpful } from './community.usecases';
import { changePostStatus, changeThread, flagPost, setHoldFirstPosts, suspendMember } from './moderation.usecases';
import { key, notificationsOf, reply, searchKinds, startThread, threadInput } from '../../../test/helpers/forum';

let t: TestApp;
let asker: TestUser;
let helper: TestUser;
let moderator: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  asker = await createUser(t.database, { username: 'asker' });
  helper = await createUser(t.database, { username: 'helper' });
  moderator = await createUser(t.database, { role: 'moderator' });
  admin = await createUser(t.database, { role: 'admin' });
});
afterAll(() => t.close());

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return `${error.status} ${error.code}`;
    throw error;
  }
  return 'no error';
}

describe('seeding the categories', () => {
  it('loads the categories once, with one sub-category per system in alphabetical order and "Other systems" last', async () => {
    const { communityModule } = await import('.');
    const before = (await repo.listCategories(t.database.db)).length;
    await communityModule.seed!(t.deps);
    const categories = await repo.listCategories(t.database.db);
    expect(categories.length).toBe(before);
    const slugs = categories.map((c) => c.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    const top = categories.filter((c) => c.parentId === null).map((c) => c.name);
    expect(top).toEqual([
      'Borrowing',
      'Lending',
      'Copyright & licensing',
      'International ILL',
      'Systems',
      'Workflows & best practices',
      'Training & careers',
      'Reports & assessment',
      'Events & conferences',
      'Watercooler',
    ]);
    const systems = categories.find((c) => c.slug === 'systems')!;
    const kids = categories.filter((c) => c.parentId === systems.id).map((c) => c.name);
    expect(kids.at(-1)).toBe('Other systems');
    const named = kids.slice(0, -1);
    expect(named).toEqual([...named].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    expect(named.length).toBeGreaterThanOrEqual(8);
  });
});

describe('threads and replies', () => {
  it('numbers replies in order, counts them, and lists the thread in its category', async () => {
    const { thread } = await startThread(t, asker, { title: 'Numbering test thread' });
    await reply(t, helper, thread.id);
    const second = await reply(t, asker, thread.id, 'Thank you, that helps a lot.');
    expect(second.post.number).toBe(3);
    const fresh = (await repo.findThread(t.database.db, thread.id))!;
    expect(fresh.replyCount).toBe(2);
    const category = (await repo.findCategory(t.database.db, 'international'))!;
    expect(category.threadCount).toBeGreaterThanOrEqual(1);
    const { items } = await repo.listThreads(t.database.db, { categoryIds: [category.id], limit: 50, offset: 0 });
    expect(items.map((i) => i.id)).toContain(thread.id);
  });

  it('makes one post from a submission sent twice with the same key', async () => {
    const k = key();
    const input = threadInput({ title: 'Double click thread' });
    const [a, b] = await Promise.all([
      createThread({ db: t.database.db, actor: actorFor(asker), now: t.clock.now(), input, idempotencyKey: k }),
      createThread({ db: t.database.db, actor: actorFor(asker), now: t.clock.now(), input, idempotencyKey: k }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.post.id).toBe(b.post.id);
    const rows = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from forum_threads where title = 'Double click thread'`,
      ),
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('refuses a reply to a locked thread with forum.thread_locked, and takes replies again once unlocked', async () => {
    const { thread } = await startThread(t, asker, { title: 'Lockable thread' });
    await changeThread({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      threadId: thread.id,
      change: { locked: true },
    });
    expect(await code(reply(t, helper, thread.id))).toBe('409 forum.thread_locked');
    await changeThread({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      threadId: thread.id,
      change: { locked: false },
    });
    expect((await reply(t, helper, thread.id)).post.number).toBe(2);
  });

  it('keeps a suspended member from posting, tells them why, and lets them post when it ends', async () => {
    const member = await createUser(t.database);
    await suspendMember({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      userId: member.id,
      days: 2,
      reason: 'Repeated off-topic advertising',
    });
    const refused = await code(startThread(t, member));
    expect(refused).toBe('403 account.suspended');
    try {
      await startThread(t, member);
    } catch (error) {
      expect((error as Error).message).toContain('Repeated off-topic advertising');
    }
    t.clock.advance(3 * 86_400_000);
    expect((await startThread(t, member)).post.status).toBe('published');
  });

  it('limits a new member’s first posts to two links, but not later ones', async () => {
    const member = await createUser(t.database);
    const body = 'See https://a.example, https://b.example and [c](https://c.example).';
    const first = await createThread({
      db: t.database.db,
      actor: actorFor(member),
      now: t.clock.now(),
      input: threadInput({ body }),
      idempotencyKey: key(),
    });
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.errors.body).toContain('at most 2 links');
    const { thread } = await startThread(t, member, { body: 'Just one link: https://a.example' });
    await reply(t, member, thread.id, 'Second post, no links.');
    await reply(t, member, thread.id, 'Third post, no links.');
    const fourth = await replyToThread({
      db: t.database.db,
      actor: actorFor(member),
      now: t.clock.now(),
      threadId: thread.id,
      body,
      idempotencyKey: key(),
    });
    expect(fourth.ok).toBe(true);
  });

  it('rate-limits posting and says when to try again', async () => {
    const member = await createUser(t.database);
    const { thread } = await startThread(t, member);
    let outcome = '';
    for (let i = 0; i < 12 && !outcome.startsWith('429'); i++)
      outcome = await code(reply(t, member, thread.id, `Reply number ${i}`));
    expect(outcome).toBe('429 forum.rate_limited');
    t.clock.advance(10 * 60_000);
    expect((await reply(t, member, thread.id, 'After waiting')).post.status).toBe('published');
  });
});

describe('edits, deletes and moderation', () => {
  it('keeps the earlier text in the edit history and forbids editing someone else’s post', async () => {
    const { thread, post } = await startThread(t, asker, { body: 'Original wording of the question.' });
    const edited = await editPost({
      db: t.database.db,
      actor: actorFor(asker),
      now: t.clock.now(),
      postId: post.id,
      body: 'Better wording of the question.',
    });
    expect(edited.ok).toBe(true);
    const revisions = await repo.listRevisions(t.database.db, post.id);
    expect(revisions.map((r) => r.body)).toEqual(['Original wording of the question.']);
    expect(
      await code(
        editPost({
          db: t.database.db,
          actor: actorFor(helper),
          now: t.clock.now(),
          postId: post.id,
          body: 'Vandalised',
        }),
      ),
    ).toBe('403 forum.not_your_post');
    // Once others have replied, the opening post stays (their replies would vanish with it).
    await reply(t, helper, thread.id, 'An answer that depends on the question.');
    expect(
      await code(deletePost({ db: t.database.db, actor: actorFor(asker), now: t.clock.now(), postId: post.id })),
    ).toBe('409 forum.opening_post_has_replies');
    expect(
      (await deletePost({ db: t.database.db, actor: actorFor(moderator), now: t.clock.now(), postId: post.id })).thread
        .status,
    ).toBe('deleted');
  });

  it('takes hidden, pending and deleted posts out of search and puts restored ones back', async () => {
    const word = 'zyxquavering';
    const { thread } = await startThread(t, asker, { title: 'Searchable thread' });
    const { post } = await reply(t, helper, thread.id, `A reply about ${word} that should be found.`);
    const found = async () => (await search(t.database.db, { q: word })).hits.map((h) => h.refId);
    expect(await found()).toEqual([String(post.id)]);
    await changePostStatus({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      postId: post.id,
      change: 'hide',
    });
    expect(await found()).toEqual([]);
    await changePostStatus({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      postId: post.id,
      change: 'restore',
    });
    expect(await found()).toEqual([String(post.id)]);
    await deletePost({ db: t.database.db, actor: actorFor(helper), now: t.clock.now(), postId: post.id });
    expect(await searchKinds(t, post.id)).toBe(0);
    expect((await repo.findThread(t.database.db, thread.id))!.replyCount).toBe(0);
    await changePostStatus({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      postId: post.id,
      change: 'restore',
    });
    expect(await searchKinds(t, post.id)).toBe(1);
  });

  it('holds a new member’s first post for approval when the admin setting is on, then publishes and announces it', async () => {
    await setHoldFirstPosts({ db: t.database.db, actor: actorFor(admin), now: t.clock.now(), value: true });
    try {
      const newcomer = await createUser(t.database);
      const { thread } = await startThread(t, asker, { title: 'Thread for the newcomer' });
      const { post } = await reply(t, newcomer, thread.id, 'My first post, held for a moderator.');
      expect(post.status).toBe('pending');
      expect(await searchKinds(t, post.id)).toBe(0);
      expect(await repo.countPosts(t.database.db, thread.id, { kind: 'public' })).toBe(1);
      expect(await repo.countPosts(t.database.db, thread.id, { kind: 'member', userId: newcomer.id })).toBe(2);
      await changePostStatus({
        db: t.database.db,
        actor: actorFor(moderator),
        now: t.clock.now(),
        postId: post.id,
        change: 'approve',
      });
      expect(await searchKinds(t, post.id)).toBe(1);
      expect((await repo.findThread(t.database.db, thread.id))!.replyCount).toBe(1);
      // A trusted role is never held.
      expect((await reply(t, moderator, thread.id, 'Welcome!')).post.status).toBe('published');
    } finally {
      await setHoldFirstPosts({ db: t.database.db, actor: actorFor(admin), now: t.clock.now(), value: false });
    }
  });

  it('lets anyone signed in flag a post once, and records every moderator action as moderation.*', async () => {
    const { thread } = await startThread(t, asker, { title: 'Flag target thread' });
    const { post } = await reply(t, helper, thread.id, 'Buy cheap watches here.');
    await flagPost({
      db: t.database.db,
      actor: actorFor(asker),
      now: t.clock.now(),
      postId: post.id,
      reason: 'spam',
      note: 'Advert',
    });
    expect(
      await code(
        flagPost({
          db: t.database.db,
          actor: actorFor(asker),
          now: t.clock.now(),
          postId: post.id,
          reason: 'spam',
          note: '',
        }),
      ),
    ).toBe('409 forum.already_flagged');
    await changePostStatus({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      postId: post.id,
      change: 'hide',
    });
    await changeThread({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      threadId: thread.id,
      change: { pinned: true },
    });
    await changeThread({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      threadId: thread.id,
      change: { categorySlug: 'watercooler' },
    });
    const types = rowsOf<{ type: string }>(
      await t.database.db.execute(
        sql`select type from events where actor_id = ${moderator.id} and type like 'moderation.%'`,
      ),
    ).map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining(['moderation.post.hidden', 'moderation.thread.pinned', 'moderation.thread.moved']),
    );
    const open = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from forum_flags where post_id = ${post.id} and resolved_at is null`,
      ),
    );
    expect(open[0]?.n).toBe(0);
    expect(
      await code(
        changeThread({
          db: t.database.db,
          actor: actorFor(helper),
          now: t.clock.now(),
          threadId: thread.id,
          change: { locked: true },
        }),
      ),
    ).toBe('403 http.forbidden');
  });
});

describe('questions and answers', () => {
  it('lets the asker accept a reply, notifies them and the answerer, and drops it from the unanswered list', async () => {
    const olderThan = new Date(t.clock.now().getTime() + 1000);
    const { thread } = await startThread(t, asker, { title: 'Accept test question', topicSlugs: [] });
    await t.database.db.execute(
      sql`update forum_threads set topic_slugs = '{copyright-licensing}' where id = ${thread.id}`,
    );
    const before = await countUnansweredQuestions(t.database.db, { topicSlugs: ['copyright-licensing'], olderThan });
    expect(
      (await listUnansweredQuestions(t.database.db, { topicSlugs: ['copyright-licensing'], olderThan, limit: 10 })).map(
        (q) => q.id,
      ),
    ).toContain(thread.id);
    const answer = await reply(t, helper, thread.id, 'Section 108 covers this.');
    expect(
      await code(
        acceptAnswer({
          db: t.database.db,
          actor: actorFor(helper),
          now: t.clock.now(),
          threadId: thread.id,
          postId: answer.post.id,
        }),
      ),
    ).toBe('403 http.forbidden');
    await acceptAnswer({
      db: t.database.db,
      actor: actorFor(asker),
      now: t.clock.now(),
      threadId: thread.id,
      postId: answer.post.id,
    });
    expect((await repo.findThread(t.database.db, thread.id))!.acceptedPostId).toBe(answer.post.id);
    expect(await countUnansweredQuestions(t.database.db, { topicSlugs: ['copyright-licensing'], olderThan })).toBe(
      before - 1,
    );
    expect((await notificationsOf(t.database.db, helper.id)).map((n) => n.kind)).toContain('answer_accepted');
  });

  it('counts "helpful" once per person and not for one’s own post', async () => {
    const { thread } = await startThread(t, asker);
    const { post } = await reply(t, helper, thread.id);
    await toggleHelpful({ db: t.database.db, actor: actorFor(asker), now: t.clock.now(), postId: post.id });
    const other = await createUser(t.database);
    const { post: after } = await toggleHelpful({
      db: t.database.db,
      actor: actorFor(other),
      now: t.clock.now(),
      postId: post.id,
    });
    expect(after.helpfulCount).toBe(2);
    const { helpful, post: undone } = await toggleHelpful({
      db: t.database.db,
      actor: actorFor(other),
      now: t.clock.now(),
      postId: post.id,
    });
    expect(helpful).toBe(false);
    expect(undone.helpfulCount).toBe(1);
    expect(
      await code(toggleHelpful({ db: t.database.db, actor: actorFor(helper), now: t.clock.now(), postId: post.id })),
    ).toBe('403 http.forbidden');
  });

  it('notifies people @mentioned, once, ignores unknown names, and makes the author watch the thread', async () => {
    const { thread } = await startThread(t, asker, {
      body: 'Can @helper or @nobody_here answer? Not `@asker` in code.',
    });
    const mentions = (await notificationsOf(t.database.db, helper.id)).filter((n) => n.kind === 'mention');
    expect(mentions.some((n) => n.url.startsWith('/forum/p/'))).toBe(true);
    expect(
      (await notificationsOf(t.database.db, asker.id)).filter(
        (n) => n.kind === 'mention' && n.title.includes(thread.title),
      ),
    ).toEqual([]);
    const watches = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from subscriptions where user_id = ${asker.id} and target_type = 'thread' and target_id = ${String(thread.id)}`,
      ),
    );
    expect(watches[0]?.n).toBe(1);
  });
});

describe('personal data', () => {
  it('exports a member’s posts and flags, and on erasure keeps their public posts but drops the open flags they filed', async () => {
    const { communityModule } = await import('.');
    const person = await createUser(t.database);
    const { thread } = await startThread(t, person, { title: 'Personal data thread', body: 'Text that stays public.' });
    const { post } = await reply(t, helper, thread.id, 'A reply someone may flag.');
    await flagPost({
      db: t.database.db,
      actor: actorFor(person),
      now: t.clock.now(),
      postId: post.id,
      reason: 'other',
      note: 'Just checking',
    });
    const exported = (await communityModule.personalData!.export(t.deps, person.id)) as {
      forumPosts: Array<{ body: string }>;
      forumFlagsFiled: Array<{ note: string }>;
    };
    expect(exported.forumPosts.map((p) => p.body)).toEqual(['Text that stays public.']);
    expect(exported.forumFlagsFiled.map((f) => f.note)).toEqual(['Just checking']);
    await t.database.db.transaction((tx) => communityModule.personalData!.erase(tx, person.id));
    const after = (await communityModule.personalData!.export(t.deps, person.id)) as typeof exported;
    expect(after.forumPosts).toHaveLength(1);
    expect(after.forumFlagsFiled).toEqual([]);
  });
});

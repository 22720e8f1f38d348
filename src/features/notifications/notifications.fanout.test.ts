import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, actorFor } from '../../../test/helpers/app';
import { rowsOf } from '../../platform/db/database';
import { reviseArticle } from '../library';
import { ARTICLE_FANOUT_QUEUE, fanOutArticleChange } from './notifications.articles';
import { saveSettings } from './notifications.repository';
import { DEFAULT_SETTINGS } from './notifications.models';
import { notify, setThreadMuted, watch } from './notifications.usecases';
import { queuePostFanout } from '../community/community.fanout';
import { queueArticleFanout } from './notifications.articles';
import { uploadAttachment } from '../library/attachments.usecases';
import { addTopic, articleContent, newArticle } from '../../../test/helpers/content';
import { makeCategory, makePost, makeThread, notificationsOf } from '../../../test/helpers/forum';
import { tinyPdf } from '../../../test/security/files';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { inboundEmailDomain: 'reply.ill-commons.test' } });
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();

async function articleId(): Promise<number> {
  const author = await createUser(t.database);
  const rows = rowsOf<{ id: number }>(
    await db().execute(sql`insert into articles (slug, title, summary, type, audience, body, created_by, updated_by)
      values (${`a-${Math.random().toString(36).slice(2)}`}, 'Lending policies', 'Why', 'guide', 'all', 'Body', ${author.id}, ${author.id}) returning id`),
  );
  return Number(rows[0]!.id);
}

async function post(input: {
  threadId: number;
  categoryId: number;
  authorId: number;
  topicSlugs?: string[];
  articleId?: number | null;
  body?: string;
}) {
  const p = await makePost(db(), {
    threadId: input.threadId,
    authorId: input.authorId,
    ...(input.body ? { body: input.body } : {}),
  });
  await db().transaction((tx) => queuePostFanout(tx, { postId: p.id, now: now() }));
  return p;
}

describe('post fan-out', () => {
  it('notifies everyone watching the thread, its category or a parent, its topics or its article — once each, never the author', async () => {
    const parent = await makeCategory(db(), { name: 'Systems' });
    const category = await makeCategory(db(), { parentId: parent, name: 'ILLiad' });
    const author = await createUser(t.database);
    const article = await articleId();
    const threadId = await makeThread(db(), {
      categoryId: category,
      authorId: author.id,
      topicSlugs: ['copyright'],
      articleId: article,
    });
    const [threadW, catW, parentW, topicW, articleW, all, bystander] = await Promise.all(
      Array.from({ length: 7 }, () => createUser(t.database)),
    );
    const w = (userId: number, targetType: 'thread' | 'category' | 'topic' | 'article', targetId: string) =>
      watch(db(), { userId, targetType, targetId, delivery: 'in_app', now: now() });
    await w(threadW!.id, 'thread', String(threadId));
    await w(catW!.id, 'category', String(category));
    await w(parentW!.id, 'category', String(parent));
    await w(topicW!.id, 'topic', 'copyright');
    await w(articleW!.id, 'article', String(article));
    for (const [type, id] of [
      ['thread', threadId],
      ['category', category],
      ['topic', 'copyright'],
      ['article', article],
    ] as const)
      await w(all!.id, type, String(id));
    await w(author.id, 'thread', String(threadId));
    await w(bystander!.id, 'topic', 'lending');

    const p = await post({
      threadId,
      categoryId: category,
      authorId: author.id,
      topicSlugs: ['copyright'],
      articleId: article,
    });
    await t.drainJobs();

    for (const person of [threadW!, catW!, parentW!, topicW!, articleW!, all!]) {
      const got = await notificationsOf(db(), person.id);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({
        kind: 'forum.thread',
        url: `/forum/p/${p.id}`,
        dedupe_key: `post:${p.id}`,
        delivery: 'in_app',
      });
      expect(got[0]!.title).toContain('Lending to a closed library');
    }
    expect(await notificationsOf(db(), author.id)).toHaveLength(0);
    expect(await notificationsOf(db(), bystander!.id)).toHaveLength(0);
  });

  it('lets the most specific watch decide how a person hears, and a muted thread silences everything', async () => {
    const category = await makeCategory(db());
    const author = await createUser(t.database);
    const threadId = await makeThread(db(), { categoryId: category, authorId: author.id, topicSlugs: ['lending'] });
    const specific = await createUser(t.database);
    const muter = await createUser(t.database);
    await saveSettings(db(), muter.id, { ...DEFAULT_SETTINGS, mailingListMode: true }, now());
    await watch(db(), {
      userId: specific.id,
      targetType: 'category',
      targetId: String(category),
      delivery: 'immediate',
      now: now(),
    });
    await watch(db(), {
      userId: specific.id,
      targetType: 'thread',
      targetId: String(threadId),
      delivery: 'digest',
      now: now(),
    });
    await watch(db(), {
      userId: muter.id,
      targetType: 'category',
      targetId: String(category),
      delivery: 'immediate',
      now: now(),
    });
    await watch(db(), {
      userId: muter.id,
      targetType: 'topic',
      targetId: 'lending',
      delivery: 'immediate',
      now: now(),
    });
    await setThreadMuted(db(), { userId: muter.id, threadId: String(threadId), muted: true, now: now() });

    await post({ threadId, categoryId: category, authorId: author.id, topicSlugs: ['lending'] });
    await t.drainJobs();
    expect((await notificationsOf(db(), specific.id)).map((n) => n.delivery)).toEqual(['digest']);
    expect(await notificationsOf(db(), muter.id)).toHaveLength(0);
  });

  it('emails every post in a watched category to mailing-list-mode members, but not when their email is paused', async () => {
    const category = await makeCategory(db());
    const author = await createUser(t.database);
    const threadId = await makeThread(db(), { categoryId: category, authorId: author.id });
    const listserv = await createUser(t.database);
    const paused = await createUser(t.database);
    await saveSettings(
      db(),
      listserv.id,
      { ...DEFAULT_SETTINGS, mailingListMode: true, defaultDelivery: 'in_app' },
      now(),
    );
    await saveSettings(db(), paused.id, { ...DEFAULT_SETTINGS, mailingListMode: true, emailPaused: true }, now());
    await watch(db(), {
      userId: listserv.id,
      targetType: 'category',
      targetId: String(category),
      delivery: 'in_app',
      now: now(),
    });
    await watch(db(), {
      userId: paused.id,
      targetType: 'category',
      targetId: String(category),
      delivery: 'immediate',
      now: now(),
    });
    const before = t.mailer.sent.length;
    const p = await post({
      threadId,
      categoryId: category,
      authorId: author.id,
      body: 'Full text of the **reply**, all of it.',
    });
    await t.drainJobs();

    expect((await notificationsOf(db(), listserv.id)).map((n) => n.delivery)).toEqual(['immediate']);
    expect((await notificationsOf(db(), paused.id)).map((n) => n.delivery)).toEqual(['in_app']);
    const sent = t.mailer.sent.slice(before);
    expect(sent.map((m) => m.to)).toEqual([listserv.email]);
    const mail = sent[0]!;
    expect(mail.subject).toBe('[ILL Commons] Lending to a closed library');
    expect(mail.text).toContain('Full text of the **reply**, all of it.');
    expect(mail.text).toContain(`http://localhost/forum/p/${p.id}`);
    expect(mail.replyTo).toMatch(/^reply\+[a-z2-7]{32}@reply\.ill-commons\.test$/);
    expect(mail.list).toEqual({
      unsubscribe: expect.stringMatching(/^http:\/\/localhost\/unsubscribe\/[A-Za-z0-9_-]{43}$/),
    });
    expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toContain('http://localhost/notifications/preferences');
  });

  it('notifies nobody twice when the fan-out runs again, and nobody at all for a post that is not public', async () => {
    const category = await makeCategory(db());
    const author = await createUser(t.database);
    const threadId = await makeThread(db(), { categoryId: category, authorId: author.id });
    const watcher = await createUser(t.database);
    await watch(db(), { userId: watcher.id, targetType: 'category', targetId: String(category), now: now() });
    const p = await post({ threadId, categoryId: category, authorId: author.id });
    await db().transaction((tx) => queuePostFanout(tx, { postId: p.id, now: now() }));
    const before = t.mailer.sent.length;
    await t.drainJobs();
    expect(await notificationsOf(db(), watcher.id)).toHaveLength(1);
    expect(t.mailer.sent.length - before).toBe(1);

    const held = await makePost(db(), { threadId, authorId: author.id, status: 'pending' });
    await db().transaction((tx) => queuePostFanout(tx, { postId: held.id, now: now() }));
    await t.drainJobs();
    expect(await notificationsOf(db(), watcher.id)).toHaveLength(1);
  });

  it('skips people the post mentions: the mention already told them', async () => {
    const category = await makeCategory(db());
    const author = await createUser(t.database);
    const threadId = await makeThread(db(), { categoryId: category, authorId: author.id });
    const mentioned = await createUser(t.database);
    await watch(db(), { userId: mentioned.id, targetType: 'thread', targetId: String(threadId), now: now() });
    const p = await makePost(db(), { threadId, authorId: author.id });
    await db().transaction(async (tx) => {
      await notify(tx, {
        userIds: [mentioned.id],
        kind: 'mention',
        actorId: author.id,
        subjectType: 'thread',
        subjectId: String(threadId),
        url: `/forum/p/${p.id}`,
        title: 'You were mentioned',
        dedupeKey: `mention:${p.id}`,
        now: now(),
      });
      await queuePostFanout(tx, { postId: p.id, now: now() });
    });
    await t.drainJobs();
    expect((await notificationsOf(db(), mentioned.id)).map((n) => n.kind)).toEqual(['mention']);
  });
});

describe('notify', () => {
  it('skips the actor and deleted accounts, follows each person’s delivery, and is once per dedupe key', async () => {
    const actor = await createUser(t.database);
    const emailer = await createUser(t.database);
    const inHub = await createUser(t.database);
    const gone = await createUser(t.database);
    await saveSettings(db(), inHub.id, { ...DEFAULT_SETTINGS, defaultDelivery: 'in_app' }, now());
    await db().execute(sql`update users set deleted_at = now() where id = ${gone.id}`);
    const input = {
      userIds: [actor.id, emailer.id, inHub.id, gone.id],
      kind: 'message',
      actorId: actor.id,
      subjectType: 'conversation',
      subjectId: '7',
      url: '/messages/7',
      title: 'New message from a colleague',
      excerpt: 'Can you lend us the 1923 yearbook?',
      dedupeKey: 'message:99',
      now: now(),
    };
    const before = t.mailer.sent.length;
    await db().transaction((tx) => notify(tx, input));
    await db().transaction((tx) => notify(tx, input));
    await t.drainJobs();
    expect(await notificationsOf(db(), actor.id)).toHaveLength(0);
    expect(await notificationsOf(db(), gone.id)).toHaveLength(0);
    expect((await notificationsOf(db(), emailer.id)).map((n) => n.delivery)).toEqual(['immediate']);
    expect((await notificationsOf(db(), inHub.id)).map((n) => n.delivery)).toEqual(['in_app']);
    const sent = t.mailer.sent.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: emailer.email, subject: '[ILL Commons] New message from a colleague' });
    expect(sent[0]!.text).toContain('Can you lend us the 1923 yearbook?');
    expect(sent[0]!.replyTo).toMatch(/^reply\+[a-z2-7]{32}@reply\.ill-commons\.test$/);
  });
});

describe('watch', () => {
  it('starts with the person’s default; an automatic watch keeps an existing choice or mute; an explicit one changes it', async () => {
    const person = await createUser(t.database);
    await saveSettings(db(), person.id, { ...DEFAULT_SETTINGS, defaultDelivery: 'digest' }, now());
    const get = async (targetId: string) =>
      rowsOf<{ delivery: string; muted: boolean }>(
        await db().execute(
          sql`select delivery, muted from subscriptions where user_id = ${person.id} and target_id = ${targetId}`,
        ),
      )[0];
    await watch(db(), { userId: person.id, targetType: 'thread', targetId: '501', now: now() });
    expect(await get('501')).toEqual({ delivery: 'digest', muted: false });
    await watch(db(), { userId: person.id, targetType: 'thread', targetId: '501', delivery: 'immediate', now: now() });
    await watch(db(), { userId: person.id, targetType: 'thread', targetId: '501', now: now() });
    expect(await get('501')).toEqual({ delivery: 'immediate', muted: false });
    await setThreadMuted(db(), { userId: person.id, threadId: '501', muted: true, now: now() });
    await watch(db(), { userId: person.id, targetType: 'thread', targetId: '501', now: now() });
    expect((await get('501'))?.muted).toBe(true);
    await watch(db(), { userId: person.id, targetType: 'thread', targetId: '501', delivery: 'in_app', now: now() });
    expect(await get('501')).toEqual({ delivery: 'in_app', muted: false });
  });
});

describe('article changes', () => {
  it('tells the article’s watchers (not the editor, not the muted) when it is revised, once per change', async () => {
    await addTopic(t);
    const editor = await createUser(t.database, { role: 'editor' });
    const watcher = await createUser(t.database);
    const article = await newArticle(t, editor, { title: 'Courier schedules' });
    await watch(db(), {
      userId: watcher.id,
      targetType: 'article',
      targetId: String(article.id),
      delivery: 'immediate',
      now: now(),
    });
    await watch(db(), {
      userId: editor.id,
      targetType: 'article',
      targetId: String(article.id),
      delivery: 'immediate',
      now: now(),
    });
    const result = await reviseArticle({
      db: db(),
      actor: actorFor(editor),
      now: now(),
      slug: article.slug,
      baseRevision: 1,
      content: articleContent({ title: 'Courier schedules', body: 'The courier now comes on Wednesdays.' }),
      message: 'New courier day',
    });
    expect(result.status).toBe('saved');
    // Queued in the revision's own transaction, like a forum post's fan-out.
    const queued = rowsOf<{ payload: Record<string, unknown> }>(
      await db().execute(
        sql`select payload from jobs where queue = ${ARTICLE_FANOUT_QUEUE} and payload->>'articleId' = ${String(article.id)}`,
      ),
    );
    expect(queued).toHaveLength(1);
    const before = t.mailer.sent.length;
    await t.drainJobs();
    const got = await notificationsOf(db(), watcher.id);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kind: 'article.revised', url: `/articles/${article.slug}/history` });
    expect(got[0]!.title).toContain('edited “Courier schedules”');
    expect(await notificationsOf(db(), editor.id)).toHaveLength(0);
    // Draining runs every queued job, earlier tests' too: only this test's two people matter here.
    const sent = t.mailer.sent.slice(before).filter((m) => m.to === watcher.email || m.to === editor.email);
    expect(sent.map((m) => m.to)).toEqual([watcher.email]);
    expect(sent[0]!.text).toContain('New courier day');
    // A retried job notifies nobody twice.
    expect(await fanOutArticleChange(t.deps, queued[0]!.payload as never)).toBe(0);
  });

  it('queues nothing when the change rolls back, and tells watchers about a file added to the article', async () => {
    await addTopic(t);
    const editor = await createUser(t.database, { role: 'editor' });
    const watcher = await createUser(t.database);
    const article = await newArticle(t, editor, { title: 'Scanning guide' });
    await watch(db(), {
      userId: watcher.id,
      targetType: 'article',
      targetId: String(article.id),
      delivery: 'in_app',
      now: now(),
    });
    const rolledBack = await db()
      .transaction(async (tx) => {
        await queueArticleFanout(tx, {
          kind: 'article.revised',
          articleId: article.id,
          title: 'Scanning guide',
          url: `/articles/${article.slug}/history`,
          actorId: editor.id,
          message: 'never saved',
          changeKey: `${article.id}:rollback`,
          now: now(),
        });
        throw new Error('abort');
      })
      .catch((error: Error) => error.message);
    expect(rolledBack).toBe('abort');
    await t.drainJobs();
    expect(await notificationsOf(db(), watcher.id)).toHaveLength(0);

    await uploadAttachment({
      db: db(),
      actor: actorFor(editor),
      now: now(),
      slug: article.slug,
      file: {
        name: 'checklist.pdf',
        bytes: tinyPdf(),
      },
      uploadsDir: t.deps.config.dataDir,
    });
    await t.drainJobs();
    const got = await notificationsOf(db(), watcher.id);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kind: 'article.file_added', url: `/articles/${article.slug}/files` });
    expect(got[0]!.title).toContain('added a file to “Scanning guide”');
  });
});

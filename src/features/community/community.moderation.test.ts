import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, actorFor, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { communityModule } from '.';
import { liveThreadsFor } from './community.live';
import { changeThread, flagPost } from './moderation.usecases';
import { errorCode } from '../../../test/helpers/http';
import { key, reply, startThread } from '../../../test/helpers/forum';
import { eventReader, type StreamEvent } from '../../../test/helpers/sse';

let t: TestApp;
let moderator: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  moderator = await createUser(t.database, { role: 'moderator', displayName: 'Mo Moderator' });
  admin = await createUser(t.database, { role: 'admin' });
});
afterAll(() => t.close());

async function page(client: TestClient, path: string, status = 200): Promise<string> {
  const res = await client.get(path);
  expect(res.status, path).toBe(status);
  return res.text();
}

describe('the moderation queue', () => {
  it('shows moderators flagged posts with the reasons, lets them hide one, and records it in the audit log admins read', async () => {
    const author = await createUser(t.database);
    const flagger = await createUser(t.database, { displayName: 'Fay Flagger' });
    const { thread } = await startThread(t, author, { title: 'Thread with an advert' });
    const { post } = await reply(t, author, thread.id, 'Cheap essays for sale, visit my site.');
    const flaggerClient = await clientFor(t, flagger);
    const flagForm = await page(flaggerClient, `/forum/p/${post.id}/flag`);
    expect(flagForm).toContain('Off-topic');
    const flagged = await flaggerClient.post(`/forum/p/${post.id}/flag`, { reason: 'spam', note: 'Essay mill advert' });
    expect(flagged.status).toBe(303);
    const badFlag = await flaggerClient.post(
      `/forum/p/${post.id}/flag`,
      { reason: 'nonsense' },
      { from: `/forum/p/${post.id}/flag` },
    );
    expect(badFlag.status).toBe(400);

    const member = await clientFor(t, flagger);
    expect((await member.get('/moderation')).status).toBe(403);
    const mod = await clientFor(t, moderator);
    const queue = await page(mod, '/moderation');
    expect(queue).toContain('Cheap essays for sale');
    expect(queue).toContain('Essay mill advert');
    expect(queue).toMatch(/<strong>Spam<\/strong> from Fay Flagger/);
    const hidden = await mod.post(`/forum/p/${post.id}/hide`, { next: '/moderation' }, { from: '/moderation' });
    expect(hidden.status).toBe(303);
    expect(hidden.headers.get('location')).toBe('/moderation?notice=moderated');
    expect(await page(new TestClient(t.app), `/forum/t/${thread.id}`)).not.toContain('Cheap essays');

    expect((await mod.get('/admin/audit')).status).toBe(403);
    const log = await page(await clientFor(t, admin), '/admin/audit');
    expect(log).toContain('Hid a post');
    expect(log).toContain('Mo Moderator');
    expect(log).toContain(`href="/forum/p/${post.id}"`);
  });

  it('lets moderators lock, pin and move threads, and restore a post its author deleted', async () => {
    const author = await createUser(t.database);
    const { thread } = await startThread(t, author, { title: 'Moved thread', categorySlug: 'borrowing' });
    const { post } = await reply(t, author, thread.id, 'Deleted by mistake.');
    const authorClient = await clientFor(t, author);
    await authorClient.post(`/forum/p/${post.id}/delete`, {}, { from: `/forum/t/${thread.id}` });
    const mod = await clientFor(t, moderator);
    const threadPage = await page(mod, `/forum/t/${thread.id}`);
    expect(threadPage).toContain('Moderator tools');
    const token = await mod.csrf(`/forum/t/${thread.id}`);
    expect((await mod.post(`/forum/t/${thread.id}/lock`, { locked: 'true' }, { csrf: token })).status).toBe(303);
    expect((await mod.post(`/forum/t/${thread.id}/pin`, { pinned: 'true' }, { csrf: token })).status).toBe(303);
    expect(
      (await mod.post(`/forum/t/${thread.id}/move`, { category: 'systems-reshare' }, { csrf: token })).status,
    ).toBe(303);
    expect((await mod.post(`/forum/t/${thread.id}/move`, { category: 'systems' }, { csrf: token })).status).toBe(404);
    expect((await mod.post(`/forum/p/${post.id}/restore`, {}, { csrf: token })).status).toBe(303);
    const publicPage = await page(new TestClient(t.app), `/forum/t/${thread.id}`);
    expect(publicPage).toContain('href="/forum/c/systems-reshare">ReShare</a>');
    expect(publicPage).toContain('<span class="badge badge-locked">Locked</span>');
    expect(publicPage).toContain('Deleted by mistake.');
    const types = rowsOf<{ type: string }>(
      await t.database.db.execute(
        sql`select type from events where ((subject_type = 'forum_thread' and subject_id = ${String(thread.id)}) or (subject_type = 'forum_post' and subject_id = ${String(post.id)})) and type like 'moderation.%' order by id`,
      ),
    ).map((r) => r.type);
    expect(types).toEqual([
      'moderation.thread.locked',
      'moderation.thread.pinned',
      'moderation.thread.moved',
      'moderation.post.restored',
    ]);
  });

  it('suspends a member for a period with a reason, through the form, with field errors for bad input', async () => {
    const member = await createUser(t.database, { displayName: 'Sam Spammer' });
    const mod = await clientFor(t, moderator);
    expect(await page(mod, `/moderation/members/${member.id}/suspend`)).toContain('Suspend Sam Spammer');
    const bad = await mod.post(
      `/moderation/members/${member.id}/suspend`,
      { days: 'soon', reason: '' },
      { from: `/moderation/members/${member.id}/suspend` },
    );
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('Enter a whole number of days.');
    expect(badPage).toContain('Reason is required.');
    const ok = await mod.post(
      `/moderation/members/${member.id}/suspend`,
      { days: '7', reason: 'Spam in three categories' },
      { from: `/moderation/members/${member.id}/suspend` },
    );
    expect(ok.status).toBe(303);
    expect(await page(mod, '/moderation')).toContain('Spam in three categories');
    const memberClient = await clientFor(t, member);
    const res = await memberClient.post(
      '/forum/threads',
      {
        title: 'Buy now buy now',
        body: 'Cheap things',
        category: 'watercooler',
        kind: 'discussion',
        idempotencyKey: key(),
      },
      { from: '/forum' },
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Spam in three categories');
    expect((await (await clientFor(t, member)).get(`/moderation/members/${moderator.id}/suspend`)).status).toBe(403);
  });
});

describe('forum settings', () => {
  it('holds new members’ first posts for approval only after an admin turns the setting on (off by default)', async () => {
    const adminClient = await clientFor(t, admin);
    expect(await page(adminClient, '/admin/forum')).toContain('Currently <strong>off</strong>');
    expect((await (await clientFor(t, moderator)).get('/admin/forum')).status).toBe(403);
    const saved = await adminClient.post('/admin/forum', { holdFirstPosts: 'true' }, { from: '/admin/forum' });
    expect(saved.status).toBe(303);
    try {
      const newcomer = await createUser(t.database);
      const client = await clientFor(t, newcomer);
      const res = await client.post(
        '/forum/threads',
        {
          title: 'Hello from a new member',
          body: 'My first post here.',
          category: 'watercooler',
          kind: 'discussion',
          idempotencyKey: key(),
        },
        { from: '/forum/new' },
      );
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toContain('notice=pending');
      const threadId = rowsOf<{ id: number }>(
        await t.database.db.execute(sql`select id from forum_threads where title = 'Hello from a new member'`),
      )[0]!.id;
      expect((await new TestClient(t.app).get(`/forum/t/${threadId}`)).status).toBe(404);
      expect(await page(client, `/forum/t/${threadId}`)).toContain('Awaiting a moderator’s approval');
      const mod = await clientFor(t, moderator);
      expect(await page(mod, '/moderation')).toContain('My first post here.');
      const postId = rowsOf<{ id: number }>(
        await t.database.db.execute(sql`select id from forum_posts where thread_id = ${threadId}`),
      )[0]!.id;
      expect(
        (await mod.post(`/forum/p/${postId}/approve`, { next: '/moderation' }, { from: '/moderation' })).status,
      ).toBe(303);
      expect(await page(new TestClient(t.app), `/forum/t/${threadId}`)).toContain('My first post here.');
    } finally {
      await adminClient.post('/admin/forum', {}, { from: '/admin/forum' });
    }
    expect(await page(adminClient, '/admin/forum')).toContain('Currently <strong>off</strong>');
    const log = await page(adminClient, '/admin/audit');
    expect(log).toContain('Changed a forum setting');
    expect(log).toContain('Approved a post');
  });
});

/** Read Server-Sent Events from a streaming response until `done` says stop, then hang up. */
async function readEvents(res: Response, done: (events: StreamEvent[]) => boolean) {
  const stream = eventReader(res);
  const events = await stream.events(done);
  await stream.close();
  return events;
}

describe('live updates', () => {
  it('streams a new reply to an open thread page over Server-Sent Events, fed by LISTEN/NOTIFY', async () => {
    const author = await createUser(t.database);
    const other = await createUser(t.database, { displayName: 'Live Replier' });
    const { thread, post } = await startThread(t, author, { title: 'Live thread' });
    const page1 = await page(new TestClient(t.app), `/forum/t/${thread.id}`);
    expect(page1).toContain(`data-live-url="/forum/t/${thread.id}/events?after=1"`);
    expect(page1).toContain('src="/build/thread.js"');
    const streams = liveThreadsFor(t.deps);
    const open = streams.usage.pages;
    const res = await t.app.request(`http://localhost/forum/t/${thread.id}/events?after=${post.number}`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = readEvents(res, (e) => e.some((x) => x.event === 'post'));
    // Once the stream has subscribed, reply from "another browser".
    await vi.waitFor(() => expect(streams.usage.pages).toBe(open + 1), { timeout: 10_000, interval: 10 });
    await reply(t, other, thread.id, 'Arrives **live**.');
    const received = await events;
    const live = JSON.parse(received.find((e) => e.event === 'post')!.data) as {
      number: number;
      author: string;
      html: string;
    };
    expect(live.number).toBe(2);
    expect(live.author).toBe('Live Replier');
    expect(live.html).toContain('<strong>live</strong>');
    expect(live.html).toMatch(/<article class="post" id="post-\d+"/);
  });

  it('catches up on replies posted before the stream opened, and never streams held posts', async () => {
    const author = await createUser(t.database);
    const { thread } = await startThread(t, author, { title: 'Catch-up thread' });
    await reply(t, author, thread.id, 'Posted before the page connected.');
    const res = await t.app.request(`http://localhost/forum/t/${thread.id}/events?after=1`);
    const received = await readEvents(res, (e) => e.some((x) => x.event === 'post'));
    expect(received.filter((e) => e.event === 'post').map((e) => JSON.parse(e.data).number)).toEqual([2]);
    expect((await t.app.request('http://localhost/forum/t/999999/events')).status).toBe(404);
  });
});

describe('reply by email', () => {
  const handler = communityModule.inboundEmail!.thread!;

  it('turns a verified reply into a post once, with the same rules as the web', async () => {
    const author = await createUser(t.database);
    const emailer = await createUser(t.database);
    const { thread } = await startThread(t, author, { title: 'Thread answered by email' });
    const email = {
      userId: emailer.id,
      targetId: String(thread.id),
      text: 'Replying from my mail client.',
      messageId: '<abc@mail.example>',
    };
    await handler(t.deps, email);
    await handler(t.deps, email);
    const rows = rowsOf<{ via: string; n: number }>(
      await t.database.db.execute(
        sql`select via, count(*)::int as n from forum_posts where thread_id = ${thread.id} and number > 1 group by via`,
      ),
    );
    expect(rows).toEqual([{ via: 'email', n: 1 }]);
    expect(await page(new TestClient(t.app), `/forum/t/${thread.id}`)).toContain('· by email');
    await changeThread({
      db: t.database.db,
      actor: actorFor(moderator),
      now: t.clock.now(),
      threadId: thread.id,
      change: { locked: true },
    });
    const refused = await handler(t.deps, { ...email, messageId: '<def@mail.example>' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('forum.thread_locked');
    const empty = await handler(t.deps, { ...email, text: '  ', messageId: '<ghi@mail.example>' }).catch(
      (e: unknown) => e,
    );
    expect((empty as AppError).message).toContain('Your reply was not posted');
  });

  it('lets a moderator act on a flag raised by anyone signed in, even a reader', async () => {
    const reader = await createUser(t.database, { role: 'reader' });
    const author = await createUser(t.database);
    const { post } = await startThread(t, author);
    await flagPost({
      db: t.database.db,
      actor: actorFor(reader),
      now: t.clock.now(),
      postId: post.id,
      reason: 'off_topic',
      note: '',
    });
    const queue = await page(await clientFor(t, moderator), '/moderation');
    expect(queue).toContain('<strong>Off-topic</strong>');
    expect(errorCode(await (await new TestClient(t.app).get('/moderation')).text())).toBe('auth.sign_in_required');
  });
});

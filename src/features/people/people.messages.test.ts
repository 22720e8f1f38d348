import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, clientFor, type TestUser } from '../../../test/helpers/app';
import type { TestClient } from '../../../test/helpers/client';
import { expectInert, PAYLOADS } from '../../../test/security/payloads';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { peopleModule } from '.';
import { NOT_ACCEPTING } from './people.errors';
import { MESSAGE_LIMITS } from './people.models';
import { PEOPLE_RATE_RULES } from './people.policies';
import { errorCode } from '../../../test/helpers/http';

const t = await createTestApp({ seed: true });
afterAll(() => t.close());

async function person(name: string, role: TestUser['role'] = 'member') {
  const user = await createUser(t.database, { displayName: name, role });
  return { user, client: await clientFor(t, user) };
}

async function start(
  client: TestClient,
  to: string,
  body = 'Hello there, can you help?',
  subject = 'A question about lending',
) {
  return client.post('/messages', { to, subject, body }, { from: '/messages/new' });
}

async function messageCount(conversationId: number): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await t.database.db.execute(sql`select count(*)::int as n from messages where conversation_id = ${conversationId}`),
  );
  return Number(rows[0]?.n ?? 0);
}

/** The inbox heading's count (the header has its own count of notifications). */
const UNREAD_1 = '<span class="count"> (1 unread)</span>';

const idOf = (location: string | null) => Number(location?.match(/^\/messages\/(\d+)/)?.[1]);

describe('one-to-one messages', () => {
  it('start a conversation that appears unread in the other inbox, with an email, and is read once opened', async () => {
    const a = await person('Ada Asker');
    const b = await person('Bo Helper');
    const res = await start(a.client, `@${b.user.username}`);
    expect(res.status).toBe(303);
    const id = idOf(res.headers.get('location'));
    const inbox = await (await b.client.get('/messages')).text();
    expect(inbox).toContain(UNREAD_1);
    expect(inbox).toContain('A question about lending');
    expect(inbox).toContain('With Ada Asker');
    await t.drainJobs();
    const mail = t.mailer.sent.find((m) => m.to === b.user.email && m.subject.includes('Ada Asker'));
    expect(mail?.text).toContain('Hello there, can you help?');
    const page = await (await b.client.get(`/messages/${id}`)).text();
    expect(page).toContain('Hello there, can you help?');
    expect(await (await b.client.get('/messages')).text()).not.toContain('class="count">');
    t.clock.advance(60_000);
    const emptyReply = await b.client.post(`/messages/${id}`, { body: '   ' }, { from: `/messages/${id}` });
    expect(emptyReply.status).toBe(400);
    expect(await emptyReply.text()).toContain('Message is required.');
    expect(
      (await b.client.post(`/messages/${id}`, { body: 'Yes, happy to.' }, { from: `/messages/${id}` })).status,
    ).toBe(303);
    expect(await (await a.client.get('/messages')).text()).toContain(UNREAD_1);
  });

  it('mark the conversation’s message notification read when it is opened, and the header’s count drops', async () => {
    const a = await person('Ari Asker');
    const b = await person('Bea Borrower');
    const other = await start(a.client, `@${b.user.username}`, 'Another matter entirely.', 'Another matter');
    const res = await start(a.client, `@${b.user.username}`, 'Do you lend microfilm?', 'Microfilm');
    const id = idOf(res.headers.get('location'));
    const unread = async (conversationId: number) =>
      rowsOf<{ n: number }>(
        await t.database.db.execute(sql`
          select count(*)::int as n from notifications
          where user_id = ${b.user.id} and read_at is null and kind = 'message'
            and subject_type = 'conversation' and subject_id = ${String(conversationId)}`),
      )[0]?.n;
    expect(await unread(id)).toBe(1);
    const notificationsLink =
      /<a href="\/notifications">\s*Notifications\s*(<span class="count-badge"> \((\d+) unread\)<\/span>)?/;
    expect((await (await b.client.get('/messages')).text()).match(notificationsLink)?.[2]).toBe('2');

    await b.client.get(`/messages/${id}`);
    expect(await unread(id)).toBe(0);
    // Only that conversation's: the other one is still waiting, and the header says so at once.
    expect(await unread(idOf(other.headers.get('location')))).toBe(1);
    expect((await (await b.client.get('/messages')).text()).match(notificationsLink)?.[2]).toBe('1');
  });

  it('re-render with field errors and status 400, keeping what was typed', async () => {
    const a = await person('Fay Fields');
    const empty = await a.client.post('/messages', { to: '', subject: '', body: '' }, { from: '/messages/new' });
    expect(empty.status).toBe(400);
    const html = await empty.text();
    for (const m of ['To is required.', 'Subject is required.', 'Message is required.']) expect(html).toContain(m);
    expect(html).toMatch(new RegExp(`name="body"[^>]*maxlength="${MESSAGE_LIMITS.body}"`));
    expect(html).toMatch(new RegExp(`name="subject"[^>]*maxlength="${MESSAGE_LIMITS.subject}"`));
    const unknown = await start(a.client, 'nobody-here', 'Kept text of mine');
    expect(unknown.status).toBe(400);
    const again = await unknown.text();
    expect(again).toContain('We could not find @nobody-here');
    expect(again).toContain('Kept text of mine');
    expect((await start(a.client, a.user.username)).status).toBe(400);
    const long = await a.client.post(
      '/messages',
      { to: 'x', subject: 's', body: 'y'.repeat(MESSAGE_LIMITS.body + 1) },
      { from: '/messages/new' },
    );
    expect(long.status).toBe(400);
  });

  it('keep conversations private: others get 404, readers and anonymous visitors cannot write', async () => {
    const a = await person('Pia Private');
    const b = await person('Quin Private');
    const c = await person('Ray Outsider');
    const id = idOf((await start(a.client, b.user.username)).headers.get('location'));
    expect((await c.client.get(`/messages/${id}`)).status).toBe(404);
    expect((await c.client.post(`/messages/${id}`, { body: 'Let me in' }, { from: '/messages' })).status).toBe(404);
    const reader = await person('Rex Reader', 'reader');
    expect((await reader.client.get('/messages')).status).toBe(403);
    expect((await start(reader.client, a.user.username)).status).toBe(403);
  });

  it('save one message when the same form is sent twice', async () => {
    const a = await person('Dee Double');
    const b = await person('Eli Double');
    const first = await a.client.post(
      '/messages',
      { to: b.user.username, subject: 'Twice', body: 'Once only', key: 'same-key-123456' },
      { from: '/messages/new' },
    );
    const second = await a.client.post(
      '/messages',
      { to: b.user.username, subject: 'Twice', body: 'Once only', key: 'same-key-123456' },
      { from: '/messages/new' },
    );
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    const id = idOf(first.headers.get('location'));
    await a.client.post(
      `/messages/${id}`,
      { body: 'Reply once', key: 'reply-key-123456' },
      { from: `/messages/${id}` },
    );
    await a.client.post(
      `/messages/${id}`,
      { body: 'Reply once', key: 'reply-key-123456' },
      { from: `/messages/${id}` },
    );
    expect(await messageCount(id)).toBe(2);
  });

  it('keep script in messages inert', async () => {
    const a = await person('Xia Script');
    const b = await person('Yan Script');
    const res = await start(a.client, b.user.username, PAYLOADS.join('\n\n'), '<script>alert(1)</script>');
    const id = idOf(res.headers.get('location'));
    expectInert(await (await b.client.get(`/messages/${id}`)).text(), 'conversation');
    expectInert(await (await b.client.get('/messages')).text(), 'inbox');
    const messageId = rowsOf<{ id: number }>(
      await t.database.db.execute(sql`select id from messages where conversation_id = ${id}`),
    )[0]!.id;
    expectInert(await (await b.client.get(`/messages/${id}/report?message=${messageId}`)).text(), 'report page');
    await b.client.post(
      `/messages/${id}/report`,
      { messageId: String(messageId), reason: '<script>alert(1)</script>' },
      { from: `/messages/${id}` },
    );
    const mod = await person('Zed Moderator', 'moderator');
    const queue = await (await mod.client.get('/moderation/messages')).text();
    expect(queue).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expectInert(queue, 'moderation queue');
  });
});

describe('blocking', () => {
  it('refuses someone who was blocked with the same words as someone who cannot receive messages, and sends nothing', async () => {
    const a = await person('Al Annoying');
    const b = await person('Bea Blocker');
    const reader = await person('Cal Cannot', 'reader');
    const id = idOf((await start(a.client, b.user.username)).headers.get('location'));
    expect(
      (await b.client.post(`/people/${a.user.username}/block`, {}, { from: `/people/${a.user.username}` })).status,
    ).toBe(303);
    const before = await messageCount(id);
    const toBlocker = await start(a.client, b.user.username, 'Please answer me');
    const toReader = await start(a.client, reader.user.username, 'Please answer me');
    expect(toBlocker.status).toBe(403);
    expect(toReader.status).toBe(403);
    const blockedHtml = await toBlocker.text();
    const readerHtml = await toReader.text();
    expect(blockedHtml).toContain(NOT_ACCEPTING.replace("'", '&#39;'));
    const refusal = (html: string) => html.match(/<div class="error-summary" role="alert">.*?<\/div>/s)?.[0];
    expect(refusal(blockedHtml)).toBe(refusal(readerHtml));
    expect(refusal(blockedHtml)?.toLowerCase()).not.toContain('block');
    expect(blockedHtml).toContain('Please answer me');
    const reply = await a.client.post(`/messages/${id}`, { body: 'Are you there?' }, { from: `/messages/${id}` });
    expect(reply.status).toBe(403);
    expect((await reply.text()).replace(/&#39;/g, "'")).toContain(NOT_ACCEPTING);
    expect(await messageCount(id)).toBe(before);
    const inbound = peopleModule.inboundEmail!.conversation!;
    const error = await inbound(t.deps, {
      userId: a.user.id,
      targetId: String(id),
      text: 'By email then',
      messageId: '<x1@mail.test>',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(NOT_ACCEPTING);
    expect(await messageCount(id)).toBe(before);
  });

  it('tells the blocker they blocked the person, and lets messages through again after unblocking', async () => {
    const a = await person('Gil Gone');
    const b = await person('Hana Blocker');
    await b.client.post(`/people/${a.user.username}/block`, {}, { from: `/people/${a.user.username}` });
    const own = await start(b.client, a.user.username);
    expect(own.status).toBe(409);
    expect(await own.text()).toContain('You have blocked Gil Gone');
    expect(await (await b.client.get('/messages/blocked')).text()).toContain('Gil Gone');
    await b.client.post(`/people/${a.user.username}/unblock`, {}, { from: '/messages/blocked' });
    expect((await start(a.client, b.user.username)).status).toBe(303);
  });
});

describe('group conversations', () => {
  it('reach everyone in them, up to eight people', async () => {
    const a = await person('Gus Group');
    const others = await Promise.all(Array.from({ length: 8 }, (_, i) => person(`Member ${i} Group`)));
    const usernames = others.map((o) => o.user.username);
    const tooMany = await start(a.client, usernames.join(', '));
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain(`at most ${MESSAGE_LIMITS.people} people`);
    const res = await start(a.client, usernames.slice(0, 7).join(', '), 'Committee agenda');
    expect(res.status).toBe(303);
    const id = idOf(res.headers.get('location'));
    for (const o of others.slice(0, 7)) expect(await (await o.client.get('/messages')).text()).toContain(UNREAD_1);
    expect((await others[7]!.client.get(`/messages/${id}`)).status).toBe(404);
    await others[0]!.client.post(`/messages/${id}/leave`, {}, { from: `/messages/${id}` });
    expect((await others[0]!.client.get(`/messages/${id}`)).status).toBe(404);
  });
});

describe('reply by email', () => {
  it('turns a verified reply into a message once, however often it is delivered', async () => {
    const a = await person('Ema Emailer');
    const b = await person('Fin Emailer');
    const id = idOf((await start(a.client, b.user.username)).headers.get('location'));
    const inbound = peopleModule.inboundEmail!.conversation!;
    const email = {
      userId: b.user.id,
      targetId: String(id),
      text: 'Answering from my phone.',
      messageId: '<abc@mail.test>',
    };
    await inbound(t.deps, email);
    await inbound(t.deps, email);
    expect(await messageCount(id)).toBe(2);
    const page = await (await a.client.get(`/messages/${id}`)).text();
    expect(page).toContain('Answering from my phone.');
    expect(page).toContain('by email');
    const stranger = await person('Gia Stranger');
    const error = await inbound(t.deps, { ...email, userId: stranger.user.id, messageId: '<def@mail.test>' }).catch(
      (e) => e,
    );
    expect((error as AppError).code).toBe('people.conversation_not_found');
  });
});

describe('reporting a message', () => {
  it('puts it in the moderators’ queue, where it can be removed, with the decision in the audit log', async () => {
    const a = await person('Ivo Rude');
    const b = await person('Jo Reporter');
    const mod = await person('Kit Moderator', 'moderator');
    const id = idOf((await start(a.client, b.user.username, 'Something nasty here')).headers.get('location'));
    const messageId = rowsOf<{ id: number }>(
      await t.database.db.execute(sql`select id from messages where conversation_id = ${id}`),
    )[0]!.id;
    const reportPage = await b.client.get(`/messages/${id}/report?message=${messageId}`);
    expect(reportPage.status).toBe(200);
    const empty = await b.client.post(`/messages/${id}/report`, { messageId: String(messageId), reason: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Reason is required.');
    const ok = await b.client.post(
      `/messages/${id}/report`,
      { messageId: String(messageId), reason: 'Harassment' },
      { from: `/messages/${id}/report?message=${messageId}` },
    );
    expect(ok.status).toBe(303);
    expect((await a.client.get(`/messages/${id}/report?message=${messageId}`)).status).toBe(404);
    expect((await b.client.get('/moderation/messages')).status).toBe(403);
    const queue = await (await mod.client.get('/moderation/messages')).text();
    expect(queue).toContain('Harassment');
    expect(queue).toContain('Something nasty here');
    expect(queue).toContain('Jo Reporter');
    const reportId = Number(queue.match(/id="report-(\d+)"(?:(?!id="report-).)*Something nasty here/s)?.[1]);
    const done = await mod.client.post(
      `/moderation/messages/${reportId}`,
      { decision: 'remove' },
      { from: '/moderation/messages' },
    );
    expect(done.status).toBe(303);
    expect(await (await mod.client.get('/moderation/messages')).text()).not.toContain('Something nasty here');
    const page = await (await b.client.get(`/messages/${id}`)).text();
    expect(page).not.toContain('Something nasty here');
    expect(page).toContain('This message was removed by a moderator.');
    const events = rowsOf<{ type: string }>(
      await t.database.db.execute(
        sql`select type from events where type like 'moderation.%' and actor_id = ${mod.user.id}`,
      ),
    );
    expect(events.map((e) => e.type)).toContain('moderation.message_removed');
    const again = await mod.client.post(
      `/moderation/messages/${reportId}`,
      { decision: 'dismiss' },
      { from: '/moderation/messages' },
    );
    expect(again.status).toBe(303);
  });

  it('refuses reports of one’s own message and of conversations one is not in', async () => {
    const a = await person('Lu Self');
    const b = await person('Mo Other');
    const c = await person('Nia Outside');
    const id = idOf((await start(a.client, b.user.username)).headers.get('location'));
    const messageId = rowsOf<{ id: number }>(
      await t.database.db.execute(sql`select id from messages where conversation_id = ${id}`),
    )[0]!.id;
    const own = await a.client.post(
      `/messages/${id}/report`,
      { messageId: String(messageId), reason: 'Test' },
      { from: '/messages' },
    );
    expect(own.status).toBe(404);
    const outside = await c.client.post(
      `/messages/${id}/report`,
      { messageId: String(messageId), reason: 'Test' },
      { from: '/messages' },
    );
    expect(outside.status).toBe(404);
    expect(errorCode(await outside.text())).toBe('people.conversation_not_found');
  });
});

describe('rate limits', () => {
  it('answer 429 after too many new conversations in an hour', async () => {
    const a = await person('Sam Spammer');
    const b = await person('Tia Target');
    let last = 0;
    for (let i = 0; i <= PEOPLE_RATE_RULES.conversations.limit; i++)
      last = (await start(a.client, b.user.username, `Message ${i}`)).status;
    expect(last).toBe(429);
  });
});

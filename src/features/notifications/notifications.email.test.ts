import { sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { freePort } from '../../../test/helpers/process';
import { type FeatureModule, featureModules, type InboundEmail } from '../../modules';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { createMailer } from '../../platform/mail/mailer';
import { DIGEST_TICK_QUEUE } from './notifications.digest';
import { makeCategory, makePost, makeThread } from './notifications.fixtures';
import { notificationsModule } from './notifications.module';
import { saveSettings } from './notifications.repository';
import { DEFAULT_SETTINGS } from './notifications.models';
import { queuePostFanout, replyAddress, watch } from './notifications.usecases';
import { enqueue } from '../../platform/jobs/queue';

const DOMAIN = 'reply.ill-commons.test';

/** A real SMTP server on 127.0.0.1 that keeps every message the hub sends. */
async function startOutbox() {
  const received: string[] = [];
  const port = await freePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk) => (raw += chunk));
      stream.on('end', () => {
        received.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let t: TestApp;
let outbox: Awaited<ReturnType<typeof startOutbox>>;
let stopInbound: () => Promise<void>;
let inboundPort: number;
/** Stands in for the community module's reply handler: each reply becomes a post. */
const replies: InboundEmail[] = [];
const fakeCommunity: FeatureModule = {
  name: 'fake-community',
  inboundEmail: {
    async thread(deps, email) {
      const threadId = Number(email.targetId);
      const locked = rowsOf<{ locked: boolean }>(await deps.database.db.execute(sql`select locked from forum_threads where id = ${threadId}`))[0];
      if (!locked) throw new AppError('forum.not_found', 404, 'That thread no longer exists.');
      if (locked.locked) throw new AppError('forum.thread_locked', 409, 'This thread is locked.');
      replies.push(email);
      await makePost(deps.database.db, { threadId, authorId: email.userId, body: email.text });
    },
  },
};

beforeAll(async () => {
  outbox = await startOutbox();
  inboundPort = await freePort();
  const mailer = createMailer({
    from: 'ILL Commons <hub@ill-commons.test>',
    smtp: { host: '127.0.0.1', port: outbox.port, secure: false, user: undefined, pass: undefined },
    outboxDir: '/nonexistent',
  });
  t = await createTestApp({ mailer, config: { inboundEmailDomain: DOMAIN, inboundSmtpPort: inboundPort, host: '127.0.0.1' } });
  stopInbound = await notificationsModule.start!(t.deps, { modules: [...featureModules(), fakeCommunity] });
});
afterAll(async () => {
  await stopInbound();
  await outbox.close();
  await t.close();
});

const db = () => t.database.db;

/** A reply sent the way a person's mail program would: a real SMTP client into the hub's listener. */
async function sendReply(options: { from: string; to: string; text: string; messageId?: string }) {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true });
  try {
    return await client.sendMail({ from: options.from, to: options.to, subject: 'Re: [ILL Commons] Lending', text: options.text, ...(options.messageId ? { messageId: options.messageId } : {}) });
  } finally {
    client.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<{ responseCode: number; response: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { responseCode: number; response: string };
  }
  throw new Error('the hub accepted a reply it should have refused');
}

async function scenario() {
  const author = await createUser(t.database);
  const watcher = await createUser(t.database);
  const category = await makeCategory(db(), { name: 'Borrowing' });
  const threadId = await makeThread(db(), { categoryId: category, authorId: author.id, title: 'Charging for lost books' });
  await watch(db(), { userId: watcher.id, targetType: 'thread', targetId: String(threadId), delivery: 'immediate', now: t.clock.now() });
  const post = await makePost(db(), { threadId, authorId: author.id, body: 'Do you bill the patron or the library?' });
  await db().transaction((tx) => queuePostFanout(tx, { threadId, postId: post.id, categoryId: category, topicSlugs: [], articleId: null, authorId: author.id, now: t.clock.now() }));
  const before = outbox.received.length;
  await t.drainJobs();
  expect(outbox.received.length - before).toBe(1);
  const parsed = await simpleParser(outbox.received.at(-1)!);
  return { author, watcher, threadId, parsed };
}

describe('notification email over SMTP', () => {
  it('reaches a real SMTP listener with one-click unsubscribe headers, a reply address and the post', async () => {
    const { watcher, parsed } = await scenario();
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe(watcher.email);
    expect(parsed.subject).toBe('[ILL Commons] Charging for lost books');
    // Long header lines may be folded (RFC 5322 §2.2.3); unfolded, the text must be exact.
    const header = (name: string) => parsed.headerLines.find((h) => h.key === name)?.line.replace(/\r\n(?=[ \t])/g, '');
    expect(header('list-unsubscribe')).toMatch(/^List-Unsubscribe: <http:\/\/localhost\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(parsed.replyTo?.value[0]?.address).toMatch(new RegExp(`^reply\\+[a-z2-7]{32}@${DOMAIN.replace(/\./g, '\\.')}$`));
    expect(parsed.text).toContain('Do you bill the patron or the library?');
    expect(parsed.text).toContain('Email preferences: http://localhost/notifications/preferences');
    expect(parsed.text).toContain('Reply to this email to post your reply');
    // The link in the header works without a session, as a mail client would use it.
    const url = header('list-unsubscribe')!.match(/<(.+)>/)![1]!;
    const res = await t.app.request(url, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
  });
});

describe('reply by email', () => {
  it('turns a reply from the right person into a post, without the quoted text or signature', async () => {
    const { watcher, threadId, parsed } = await scenario();
    const to = parsed.replyTo!.value[0]!.address!;
    const info = await sendReply({
      from: `Watcher <${watcher.email.toUpperCase()}>`,
      to,
      text: 'We bill the library, then the library bills the patron.\n\n-- \nWatcher, ILL dept\n\nOn Mon, Mar 2, 2026 at 3:00 PM ILL Commons <hub@ill-commons.test> wrote:\n> Do you bill the patron or the library?',
    });
    expect(info.response).toMatch(/^250 .*Reply posted/);
    const posts = rowsOf<{ body: string; author_id: number }>(await db().execute(sql`select body, author_id from forum_posts where thread_id = ${threadId} order by number`));
    expect(posts.at(-1)).toEqual({ body: 'We bill the library, then the library bills the patron.', author_id: watcher.id });
    expect(replies.at(-1)).toMatchObject({ userId: watcher.id, targetId: String(threadId) });
  });

  it('posts nothing for a replayed message (same Message-ID again)', async () => {
    const { watcher, threadId, parsed } = await scenario();
    const to = parsed.replyTo!.value[0]!.address!;
    const messageId = `<replay-${threadId}@mail.library.test>`;
    await sendReply({ from: watcher.email, to, text: 'Once only.', messageId });
    const again = await rejection(sendReply({ from: watcher.email, to, text: 'Once only.', messageId }));
    expect(again.responseCode).toBe(550);
    expect(again.response).toContain('already received');
    const count = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from forum_posts where thread_id = ${threadId} and body = 'Once only.'`))[0]!.n;
    expect(count).toBe(1);
  });

  it('rejects a forged token at RCPT time, and a token sent from another person’s address, posting nothing', async () => {
    const { watcher, author, threadId, parsed } = await scenario();
    const postsBefore = rowsOf(await db().execute(sql`select 1 from forum_posts where thread_id = ${threadId}`)).length;
    const forged = await rejection(sendReply({ from: watcher.email, to: `reply+${'a'.repeat(32)}@${DOMAIN}`, text: 'Forged.' }));
    expect(forged.responseCode).toBe(550);
    expect(forged.response).toContain('Unknown or expired reply address');
    const wrongDomain = await rejection(sendReply({ from: watcher.email, to: `someone@${DOMAIN}`, text: 'Stray.' }));
    expect(wrongDomain.responseCode).toBe(550);
    const to = parsed.replyTo!.value[0]!.address!;
    const impostor = await rejection(sendReply({ from: author.email, to, text: 'Sent with someone else’s address.' }));
    expect(impostor.responseCode).toBe(550);
    expect(impostor.response).toContain('send from the address your ILL Commons account uses');
    expect(rowsOf(await db().execute(sql`select 1 from forum_posts where thread_id = ${threadId}`)).length).toBe(postsBefore);
  });

  it('bounces a reply the thread refuses (locked) with the reason, and an empty reply', async () => {
    const { watcher, threadId, parsed } = await scenario();
    const to = parsed.replyTo!.value[0]!.address!;
    const empty = await rejection(sendReply({ from: watcher.email, to, text: 'On Mon, Mar 2, 2026, Jane wrote:\n> quoted only' }));
    expect(empty.responseCode).toBe(550);
    expect(empty.response).toContain('no text of its own');
    await db().execute(sql`update forum_threads set locked = true where id = ${threadId}`);
    const locked = await rejection(sendReply({ from: watcher.email, to, text: 'Too late?' }));
    expect(locked.responseCode).toBe(550);
    expect(locked.response).toContain('This thread is locked.');
  });

  it('refuses a reply address for a scope no module answers for', async () => {
    const person = await createUser(t.database);
    const address = await db().transaction((tx) => replyAddress(tx, { userId: person.id, scope: 'course:3' }));
    expect(address.endsWith(`@${DOMAIN}`)).toBe(true);
    const refused = await rejection(sendReply({ from: person.email, to: address, text: 'Hello' }));
    expect(refused.responseCode).toBe(550);
    expect(refused.response).toContain('not accepted here');
  });
});

describe('daily digest', () => {
  it('sends each digest person one email at their hour with what they were not emailed about, once a day', async () => {
    const author = await createUser(t.database);
    const reader = await createUser(t.database);
    const early = await createUser(t.database);
    await saveSettings(db(), reader.id, { ...DEFAULT_SETTINGS, digestHourUtc: 16 }, t.clock.now());
    await saveSettings(db(), early.id, { ...DEFAULT_SETTINGS, digestHourUtc: 6 }, t.clock.now());
    const category = await makeCategory(db(), { name: 'Reports & assessment' });
    for (const person of [reader, early]) {
      await watch(db(), { userId: person.id, targetType: 'category', targetId: String(category), delivery: 'digest', now: t.clock.now() });
    }
    for (const title of ['Turnaround time report', 'Fill rate by lender']) {
      const threadId = await makeThread(db(), { categoryId: category, authorId: author.id, title });
      const post = await makePost(db(), { threadId, authorId: author.id });
      await db().transaction((tx) => queuePostFanout(tx, { threadId, postId: post.id, categoryId: category, topicSlugs: [], articleId: null, authorId: author.id, now: t.clock.now() }));
    }
    await t.drainJobs();
    const before = outbox.received.length;
    const tick = async (iso: string) => {
      t.clock.set(iso);
      await enqueue(db(), DIGEST_TICK_QUEUE, { periodStart: iso }, { runAt: t.clock.now(), dedupeKey: `test-tick-${iso}` });
      await t.drainJobs();
    };
    await tick('2026-03-02T16:00:00.000Z');
    await tick('2026-03-02T16:00:00.000Z'.replace('16:00:00.000', '16:00:00.001'));
    const sent = await Promise.all(outbox.received.slice(before).map((raw) => simpleParser(raw)));
    expect(sent.map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).toEqual([reader.email]);
    expect(sent[0]!.subject).toBe('[ILL Commons] Your daily digest: 2 new items');
    expect(sent[0]!.text).toContain('Turnaround time report');
    expect(sent[0]!.text).toContain('Fill rate by lender');
    expect(sent[0]!.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    await tick('2026-03-03T06:00:00.000Z');
    const next = outbox.received.slice(before + 1);
    expect(next).toHaveLength(1);
    expect((await simpleParser(next[0]!)).text).toContain('Fill rate by lender');
  });
});

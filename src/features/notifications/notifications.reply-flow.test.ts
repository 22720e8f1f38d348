// End to end through the real community module: a thread posted on the web is
// emailed to a category watcher over SMTP; their emailed reply, sent with a real
// SMTP client into the hub's inbound listener, becomes a post on the thread,
// and the thread's author hears about it by email in turn.
import { sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { freePort } from '../../../test/helpers/process';
import { featureModules } from '../../modules';
import { rowsOf } from '../../platform/db/database';
import { createMailer } from '../../platform/mail/mailer';
import { notificationsModule } from './notifications.module';
import { smtpListener } from '../../../test/helpers/mail';

const DOMAIN = 'reply.ill-commons.test';
let outbox: Awaited<ReturnType<typeof smtpListener>>;
let t: TestApp;
let inboundPort: number;
let stopInbound: () => Promise<void>;

beforeAll(async () => {
  outbox = await smtpListener();
  const outboxPort = outbox.port;
  inboundPort = await freePort();
  const mailer = createMailer({
    from: 'ILL Commons <hub@ill-commons.test>',
    smtp: { host: '127.0.0.1', port: outboxPort, secure: false, user: undefined, pass: undefined },
    outboxDir: '/nonexistent',
  });
  t = await createTestApp({
    seed: true,
    mailer,
    config: { inboundEmailDomain: DOMAIN, inboundSmtpPort: inboundPort, host: '127.0.0.1' },
  });
  stopInbound = await notificationsModule.start!(t.deps, { modules: featureModules() });
});
afterAll(async () => {
  await stopInbound();
  await outbox.close();
  await t.close();
});

async function signedIn(user: { email: string; password: string }) {
  const client = new TestClient(t.app);
  await client.signIn(user.email, user.password);
  return client;
}

describe('reply by email, through the forum', () => {
  it('turns an emailed reply to a thread into a post on it, and tells the thread’s author', async () => {
    const author = await createUser(t.database, { displayName: 'Ana Author' });
    const watcher = await createUser(t.database, { displayName: 'Lee Lister' });
    const category = rowsOf<{ id: number }>(
      await t.database.db.execute(sql`select id from forum_categories where slug = 'borrowing'`),
    )[0]!.id;
    const watching = await signedIn(watcher);
    expect(
      (
        await watching.post(
          '/watch',
          { targetType: 'category', targetId: String(category), delivery: 'immediate', next: '/forum' },
          { from: '/notifications/watching' },
        )
      ).status,
    ).toBe(303);

    const posting = await signedIn(author);
    const created = await posting.post(
      '/forum/threads',
      {
        title: 'Billing for lost books',
        body: 'Do you bill the patron or the borrowing library?',
        category: 'borrowing',
        kind: 'question',
      },
      { from: '/forum/new' },
    );
    expect(created.status).toBe(303);
    const threadId = rowsOf<{ id: number }>(
      await t.database.db.execute(sql`select id from forum_threads where title = 'Billing for lost books'`),
    )[0]!.id;
    await t.drainJobs();

    const first = await simpleParser(outbox.received.at(-1)!);
    expect(first.to && 'text' in first.to ? first.to.text : '').toBe(watcher.email);
    expect(first.text).toContain('Do you bill the patron or the borrowing library?');
    const replyTo = first.replyTo!.value[0]!.address!;

    const client = nodemailer.createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true });
    const info = await client.sendMail({
      from: watcher.email,
      to: replyTo,
      subject: `Re: ${first.subject}`,
      text: `We bill the borrowing library; it recovers the cost from the patron.\n\nSent from my iPhone\n\nOn Mon, 2 Mar 2026 at 15:00, ILL Commons <hub@ill-commons.test> wrote:\n> Do you bill the patron or the borrowing library?`,
    });
    client.close();
    expect(info.response).toMatch(/^250 /);

    const posts = rowsOf<{ body: string; author_id: number; via: string }>(
      await t.database.db.execute(
        sql`select body, author_id, via from forum_posts where thread_id = ${threadId} order by number`,
      ),
    );
    expect(posts).toHaveLength(2);
    expect(posts[1]).toEqual({
      body: 'We bill the borrowing library; it recovers the cost from the patron.',
      author_id: watcher.id,
      via: 'email',
    });
    const page = await (await new TestClient(t.app).get(`/forum/t/${threadId}`)).text();
    expect(page).toContain('We bill the borrowing library; it recovers the cost from the patron.');
    expect(page).not.toContain('Sent from my iPhone');

    const before = outbox.received.length;
    await t.drainJobs();
    const toAuthor = await Promise.all(outbox.received.slice(before).map((raw) => simpleParser(raw)));
    const mail = toAuthor.find((m) => (m.to && 'text' in m.to ? m.to.text : '') === author.email);
    expect(mail?.subject).toBe('[ILL Commons] Re: Billing for lost books');
    expect(mail?.text).toContain('Lee Lister replied in “Billing for lost books”');
    expect(toAuthor.some((m) => (m.to && 'text' in m.to ? m.to.text : '') === watcher.email)).toBe(false);
  });
});

import { sql } from 'drizzle-orm';
import { Parser } from 'htmlparser2';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { freePort } from '../../../test/helpers/process';
import { type FeatureModule, featureModules, type InboundEmail } from '../../modules';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { createMailer } from '../../platform/mail/mailer';
import { DIGEST_TICK_QUEUE } from './notifications.digest';
import { notificationsModule } from './notifications.module';
import { saveSettings } from './notifications.repository';
import { DEFAULT_SETTINGS } from './notifications.models';
import { notify, replyAddress, watch } from './notifications.usecases';
import { queuePostFanout } from '../community/community.fanout';
import { enqueue } from '../../platform/jobs/queue';
import { makeCategory, makePost, makeThread } from '../../../test/helpers/forum';
import { smtpListener } from '../../../test/helpers/mail';

const DOMAIN = 'reply.ill-commons.test';

let t: TestApp;
let outbox: Awaited<ReturnType<typeof smtpListener>>;
let stopInbound: () => Promise<void>;
let inboundPort: number;
/** Stands in for the community module's reply handler: each reply becomes a post. */
const replies: InboundEmail[] = [];
const fakeCommunity: FeatureModule = {
  name: 'fake-community',
  inboundEmail: {
    async thread(deps, email) {
      const threadId = Number(email.targetId);
      const locked = rowsOf<{ locked: boolean }>(
        await deps.database.db.execute(sql`select locked from forum_threads where id = ${threadId}`),
      )[0];
      if (!locked) throw new AppError('forum.not_found', 404, 'That thread no longer exists.');
      if (locked.locked) throw new AppError('forum.thread_locked', 409, 'This thread is locked.');
      replies.push(email);
      await makePost(deps.database.db, { threadId, authorId: email.userId, body: email.text });
    },
  },
};

beforeAll(async () => {
  outbox = await smtpListener();
  inboundPort = await freePort();
  const mailer = createMailer({
    from: 'ILL Commons <hub@ill-commons.test>',
    smtp: { host: '127.0.0.1', port: outbox.port, secure: false, user: undefined, pass: undefined },
    outboxDir: '/nonexistent',
  });
  t = await createTestApp({
    mailer,
    config: { inboundEmailDomain: DOMAIN, inboundSmtpPort: inboundPort, host: '127.0.0.1' },
  });
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
    return await client.sendMail({
      from: options.from,
      to: options.to,
      subject: 'Re: [ILL Commons] Lending',
      text: options.text,
      ...(options.messageId ? { messageId: options.messageId } : {}),
    });
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

async function scenario(body = 'Do you bill the patron or the library?') {
  const author = await createUser(t.database);
  const watcher = await createUser(t.database);
  const category = await makeCategory(db(), { name: 'Borrowing' });
  const threadId = await makeThread(db(), {
    categoryId: category,
    authorId: author.id,
    title: 'Charging for lost books',
  });
  await watch(db(), {
    userId: watcher.id,
    targetType: 'thread',
    targetId: String(threadId),
    delivery: 'immediate',
    now: t.clock.now(),
  });
  const post = await makePost(db(), { threadId, authorId: author.id, body });
  await db().transaction((tx) => queuePostFanout(tx, { postId: post.id, now: t.clock.now() }));
  const before = outbox.received.length;
  await t.drainJobs();
  expect(outbox.received.length - before).toBe(1);
  const raw = outbox.received.at(-1)!;
  const parsed = await simpleParser(raw);
  return { author, watcher, threadId, postId: post.id, parsed, raw };
}

const VOID_ELEMENTS = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'wbr']);

/**
 * The HTML part as a mail client's parser reads it: its elements in order (with attributes and the text
 * directly after each opening), and every element that was not closed where the markup closed it.
 */
function readHtml(html: string) {
  const elements: Array<{ name: string; attribs: Record<string, string>; text: string }> = [];
  const unclosed: string[] = [];
  const open: Array<{ text: string }> = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const element = { name, attribs, text: '' };
        elements.push(element);
        if (name === 'br') for (const parent of open) parent.text += ' ';
        if (!VOID_ELEMENTS.has(name)) open.push(element);
      },
      ontext(text) {
        for (const element of open) element.text += text;
      },
      onclosetag(name, implied) {
        if (VOID_ELEMENTS.has(name)) return;
        open.pop();
        if (implied) unclosed.push(name);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  const all = (name: string) => elements.filter((e) => e.name === name);
  const words = (text: string) => text.replace(/\s+/g, ' ').trim();
  return { elements, unclosed, all, words };
}

/** What every HTML part must be: well formed, English, titled, nothing fetched or run, every link absolute. */
function expectSafeAccessibleHtml(html: string, subject: string) {
  const doc = readHtml(html);
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(doc.unclosed).toEqual([]);
  expect(doc.all('html')[0]?.attribs.lang).toBe('en');
  expect(doc.words(doc.all('title')[0]?.text ?? '')).toBe(subject);
  const names = new Set(doc.elements.map((e) => e.name));
  for (const forbidden of [
    'img',
    'script',
    'style',
    'link',
    'iframe',
    'object',
    'embed',
    'form',
    'picture',
    'video',
    'audio',
  ]) {
    expect(names.has(forbidden), `<${forbidden}> in the HTML part`).toBe(false);
  }
  for (const element of doc.elements) {
    for (const [name, value] of Object.entries(element.attribs)) {
      expect(
        name.startsWith('on') || ['src', 'srcset', 'background', 'class'].includes(name),
        `${name} on <${element.name}>`,
      ).toBe(false);
      if (name === 'style') expect(value).not.toMatch(/url\(|@import|expression/i);
    }
  }
  for (const a of doc.all('a')) expect(a.attribs.href).toMatch(/^(https?:\/\/|mailto:)/);
  return doc;
}

describe('notification email over SMTP', () => {
  it('reaches a real SMTP listener with one-click unsubscribe headers, a reply address and the post', async () => {
    const { watcher, parsed } = await scenario();
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe(watcher.email);
    expect(parsed.subject).toBe('[ILL Commons] Charging for lost books');
    // Long header lines may be folded (RFC 5322 §2.2.3); unfolded, the text must be exact.
    const header = (name: string) => parsed.headerLines.find((h) => h.key === name)?.line.replace(/\r\n(?=[ \t])/g, '');
    expect(header('list-unsubscribe')).toMatch(
      /^List-Unsubscribe: <http:\/\/localhost\/unsubscribe\/[A-Za-z0-9_-]{43}>$/,
    );
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(parsed.replyTo?.value[0]?.address).toMatch(
      new RegExp(`^reply\\+[a-z2-7]{32}@${DOMAIN.replace(/\./g, '\\.')}$`),
    );
    expect(parsed.text).toContain('Do you bill the patron or the library?');
    expect(parsed.text).toContain('Email preferences: http://localhost/notifications/preferences');
    expect(parsed.text).toContain('Reply to this email to post your reply');
    // The link in the header works without a session, as a mail client would use it.
    const url = header('list-unsubscribe')!.match(/<(.+)>/)![1]!;
    const res = await t.app.request(url, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
  });
});

describe('the HTML part of notification email', () => {
  const markdown = [
    '**Short answer:** we bill the library. See [our policy](/articles/lost-book-charges) and [ALA](https://www.ala.org/).',
    '',
    '![Invoice template](https://cdn.example/invoice.png)',
    '',
    '> Do you bill the patron or the library?',
  ].join('\n');

  it('sits beside the text part (multipart/alternative): rendered, accessible, links absolute to BASE_URL, images as links, quotes marked', async () => {
    const { parsed, raw, postId } = await scenario(markdown);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/im);
    const header = (name: string) => parsed.headerLines.find((h) => h.key === name)?.line.replace(/\r\n(?=[ \t])/g, '');
    const unsubscribeUrl = header('list-unsubscribe')!.match(/<(.+)>/)![1]!;
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    // The text part says what it said before: the post as written, where to read it, the footer.
    expect(parsed.text).toContain(markdown);
    expect(parsed.text).toContain(`Read it on ILL Commons: http://localhost/forum/p/${postId}`);
    expect(parsed.text).toContain(`Unsubscribe: ${unsubscribeUrl}`);

    const html = parsed.html as string;
    const doc = expectSafeAccessibleHtml(html, parsed.subject!);
    expect(doc.words(doc.all('h1')[0]!.text)).toMatch(/ started “Charging for lost books”$/);
    expect(doc.all('strong').map((e) => e.text)).toContain('Short answer:');
    expect(html).not.toContain('**');
    const links = doc.all('a').map((a) => ({ href: a.attribs.href, text: doc.words(a.text) }));
    expect(links).toEqual([
      { href: 'http://localhost/articles/lost-book-charges', text: 'our policy' },
      { href: 'https://www.ala.org/', text: 'ALA' },
      { href: 'https://cdn.example/invoice.png', text: 'Image: Invoice template' },
      { href: `http://localhost/forum/p/${postId}`, text: 'Read it on ILL Commons' },
      { href: unsubscribeUrl, text: 'Unsubscribe' },
      { href: 'http://localhost/notifications/preferences', text: 'Email preferences' },
    ]);
    const [quote] = doc.all('blockquote');
    expect(quote!.attribs.style).toMatch(/border-left:\s*\d+px solid/);
    expect(doc.words(quote!.text)).toBe('Quoted: Do you bill the patron or the library?');
    expect(doc.words(html.replace(/<[^>]+>/g, ' '))).toContain('Reply to this email to post your reply');
  });

  it('renders the Markdown a notification was made with (a message), and keeps its excerpt in the hub as plain text', async () => {
    const sender = await createUser(t.database);
    const recipient = await createUser(t.database);
    const body =
      'Could you lend **Ulysses** (1922)? Details: [request 4471](/messages/9#request) ![scan of the title page](/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/title.png)';
    const before = outbox.received.length;
    await db().transaction((tx) =>
      notify(tx, {
        userIds: [recipient.id],
        kind: 'message',
        actorId: sender.id,
        subjectType: 'conversation',
        subjectId: '9',
        url: '/messages/9#message-1',
        title: `${sender.displayName} sent you a private message: Ulysses`,
        markdown: body,
        subjectTitle: 'Ulysses',
        now: t.clock.now(),
      }),
    );
    await t.drainJobs();
    expect(outbox.received.length - before).toBe(1);
    const [stored] = rowsOf<{ excerpt: string; subject_title: string }>(
      await db().execute(sql`select excerpt, subject_title from notifications where user_id = ${recipient.id}`),
    );
    expect(stored).toEqual({
      excerpt: 'Could you lend Ulysses (1922)? Details: request 4471',
      subject_title: 'Ulysses',
    });
    const parsed = await simpleParser(outbox.received.at(-1)!);
    expect(parsed.text).toContain(body);
    const doc = expectSafeAccessibleHtml(parsed.html as string, parsed.subject!);
    const links = doc.all('a').map((a) => ({ href: a.attribs.href, text: doc.words(a.text) }));
    expect(links.slice(0, 3)).toEqual([
      { href: 'http://localhost/messages/9#request', text: 'request 4471' },
      {
        href: 'http://localhost/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/title.png',
        text: 'Image: scan of the title page',
      },
      { href: 'http://localhost/messages/9#message-1', text: 'Read it on ILL Commons' },
    ]);
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
    const posts = rowsOf<{ body: string; author_id: number }>(
      await db().execute(sql`select body, author_id from forum_posts where thread_id = ${threadId} order by number`),
    );
    expect(posts.at(-1)).toEqual({
      body: 'We bill the library, then the library bills the patron.',
      author_id: watcher.id,
    });
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
    const count = rowsOf<{ n: number }>(
      await db().execute(
        sql`select count(*)::int as n from forum_posts where thread_id = ${threadId} and body = 'Once only.'`,
      ),
    )[0]!.n;
    expect(count).toBe(1);
  });

  it('rejects a forged token at RCPT time, and a token sent from another person’s address, posting nothing', async () => {
    const { watcher, author, threadId, parsed } = await scenario();
    const postsBefore = rowsOf(await db().execute(sql`select 1 from forum_posts where thread_id = ${threadId}`)).length;
    const forged = await rejection(
      sendReply({ from: watcher.email, to: `reply+${'a'.repeat(32)}@${DOMAIN}`, text: 'Forged.' }),
    );
    expect(forged.responseCode).toBe(550);
    expect(forged.response).toContain('This reply address is not known; nothing was posted.');
    const wrongDomain = await rejection(sendReply({ from: watcher.email, to: `someone@${DOMAIN}`, text: 'Stray.' }));
    expect(wrongDomain.responseCode).toBe(550);
    const to = parsed.replyTo!.value[0]!.address!;
    const impostor = await rejection(sendReply({ from: author.email, to, text: 'Sent with someone else’s address.' }));
    expect(impostor.responseCode).toBe(550);
    expect(impostor.response).toContain('send from the address your ILL Commons account uses');
    expect(rowsOf(await db().execute(sql`select 1 from forum_posts where thread_id = ${threadId}`)).length).toBe(
      postsBefore,
    );
  });

  it('bounces a reply the thread refuses (locked) with the reason, and an empty reply', async () => {
    const { watcher, threadId, parsed } = await scenario();
    const to = parsed.replyTo!.value[0]!.address!;
    const empty = await rejection(
      sendReply({ from: watcher.email, to, text: 'On Mon, Mar 2, 2026, Jane wrote:\n> quoted only' }),
    );
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
      await watch(db(), {
        userId: person.id,
        targetType: 'category',
        targetId: String(category),
        delivery: 'digest',
        now: t.clock.now(),
      });
    }
    for (const title of ['Turnaround time report', 'Fill rate by lender']) {
      const threadId = await makeThread(db(), { categoryId: category, authorId: author.id, title });
      const post = await makePost(db(), { threadId, authorId: author.id });
      await db().transaction((tx) => queuePostFanout(tx, { postId: post.id, now: t.clock.now() }));
    }
    await t.drainJobs();
    const before = outbox.received.length;
    const tick = async (iso: string) => {
      t.clock.set(iso);
      await enqueue(
        db(),
        DIGEST_TICK_QUEUE,
        { periodStart: iso },
        { runAt: t.clock.now(), dedupeKey: `test-tick-${iso}` },
      );
      await t.drainJobs();
    };
    await tick('2026-03-02T16:00:00.000Z');
    await tick('2026-03-02T16:00:00.000Z'.replace('16:00:00.000', '16:00:00.001'));
    const sent = await Promise.all(outbox.received.slice(before).map((raw) => simpleParser(raw)));
    expect(sent.map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).toEqual([reader.email]);
    expect(sent[0]!.subject).toBe('[ILL Commons] Your daily digest: 2 new items');
    expect(sent[0]!.text).toContain('Turnaround time report');
    expect(sent[0]!.text).toContain('Fill rate by lender');
    expect(sent[0]!.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    await tick('2026-03-03T06:00:00.000Z');
    const next = outbox.received.slice(before + 1);
    expect(next).toHaveLength(1);
    expect((await simpleParser(next[0]!)).text).toContain('Fill rate by lender');
  });
  it('groups the digest by forum category and thread (HTML and text alike), with older rows’ Markdown stripped', async () => {
    const [ana, ben, reader] = [
      await createUser(t.database, { displayName: 'Ana' }),
      await createUser(t.database, { displayName: 'Ben' }),
      await createUser(t.database),
    ];
    await saveSettings(
      db(),
      reader.id,
      { ...DEFAULT_SETTINGS, defaultDelivery: 'digest', digestHourUtc: 9 },
      t.clock.now(),
    );
    const reports = await makeCategory(db(), { name: 'Reports & assessment' });
    const borrowing = await makeCategory(db(), { name: 'Borrowing' });
    for (const category of [reports, borrowing]) {
      await watch(db(), {
        userId: reader.id,
        targetType: 'category',
        targetId: String(category),
        delivery: 'digest',
        now: t.clock.now(),
      });
    }
    const post = async (_categoryId: number, threadId: number, authorId: number, body: string) => {
      const p = await makePost(db(), { threadId, authorId, body });
      await db().transaction((tx) => queuePostFanout(tx, { postId: p.id, now: t.clock.now() }));
      await t.drainJobs();
    };
    const turnaround = await makeThread(db(), {
      categoryId: reports,
      authorId: ana.id,
      title: 'Turnaround time report',
    });
    const fillRate = await makeThread(db(), { categoryId: reports, authorId: ben.id, title: 'Fill rate by lender' });
    const lost = await makeThread(db(), { categoryId: borrowing, authorId: ana.id, title: 'Lost book charges' });
    await post(reports, turnaround, ana.id, 'Median **4 days** last term.');
    await post(borrowing, lost, ana.id, 'We bill the [library](/articles/lost-book-charges).');
    await post(reports, fillRate, ben.id, 'By lender, from the ILLiad export.');
    await post(reports, turnaround, ben.id, '> Median 4 days\n\nOurs was 6.');
    // A row stored before excerpts were rendered, about something without a stored name.
    await db().execute(sql`insert into notifications (user_id, kind, subject_type, subject_id, url, title, excerpt, delivery, created_at)
      values (${reader.id}, 'test', 'user', '1', '/people/ana', 'Ana added you as a friend', '## Hello **there**, see [my profile](/people/ana)', 'digest', ${t.clock.now().toISOString()})`);

    const before = outbox.received.length;
    t.clock.set('2026-03-04T09:00:00.000Z');
    await enqueue(
      db(),
      DIGEST_TICK_QUEUE,
      { periodStart: '2026-03-04T09:00:00.000Z' },
      { runAt: t.clock.now(), dedupeKey: 'test-tick-grouped' },
    );
    await t.drainJobs();
    const sent = await Promise.all(outbox.received.slice(before).map((raw) => simpleParser(raw)));
    expect(sent.map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).toEqual([reader.email]);
    const [digest] = sent;
    expect(outbox.received.at(-1)).toMatch(/^Content-Type: multipart\/alternative;/im);

    const doc = expectSafeAccessibleHtml(digest!.html as string, digest!.subject!);
    const outline = doc.elements
      .filter((e) => ['h2', 'h3', 'li'].includes(e.name))
      .map((e) => `${e.name} ${doc.words(e.text)}`);
    expect(outline).toEqual([
      'h2 Forum: Reports & assessment',
      'h3 Turnaround time report (2 new)',
      'li Ana started “Turnaround time report” Median 4 days last term.',
      'li Ben replied in “Turnaround time report” Median 4 days Ours was 6.',
      'h3 Fill rate by lender (1 new)',
      'li Ben started “Fill rate by lender” By lender, from the ILLiad export.',
      'h2 Forum: Borrowing',
      'h3 Lost book charges (1 new)',
      'li Ana started “Lost book charges” We bill the library.',
      'h2 Other news',
      'li Ana added you as a friend Hello there, see my profile',
    ]);
    expect(doc.all('a').find((a) => doc.words(a.text) === 'Ana added you as a friend')?.attribs.href).toBe(
      'http://localhost/people/ana',
    );

    const text = digest!.text!;
    expect(text).not.toMatch(/\*\*|\]\(/);
    const order = [
      '== Forum: Reports & assessment ==',
      'Turnaround time report (2 new)',
      'Fill rate by lender (1 new)',
      '== Forum: Borrowing ==',
      'Lost book charges (1 new)',
      '== Other news ==',
      'Hello there, see my profile',
    ];
    const positions = order.map((line) => text.indexOf(line));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

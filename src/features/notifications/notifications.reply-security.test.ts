// Reply addresses that end (90 days; password or email change) and replies whose sender's domain disowns them,
// through the real inbound SMTP listener. DNS is a table of prepared records; DKIM signatures are real (a key made
// here, signed by nodemailer, verified by mailauth).
import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import type { InboundEmail } from '../../feature-module';
import { rowsOf } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import { enqueue } from '../../platform/jobs/queue';
import { startInboundSmtp } from './notifications.inbound';
import { REPLY_TOKEN_PRUNE_QUEUE } from './notifications.module';
import { replyAddress } from './notifications.usecases';

const DOMAIN = 'reply.ill-commons.test';
const DAY = 86_400_000;
const HUB = 'Reply from the hub at http://localhost/notifications';

/** Prepared DNS: TXT records by name; anything else does not exist. */
const txt = new Map<string, string[]>();
async function fakeDns(name: string, rrtype: string): Promise<string[][]> {
  const records = rrtype === 'TXT' ? txt.get(name.toLowerCase()) : undefined;
  if (!records) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  // Long TXT records arrive in strings of at most 255 characters.
  return records.map((r) => r.match(/.{1,255}/g)!);
}

function dkimKey(domain: string, selector: string) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  txt.set(`${selector}._domainkey.${domain}`, [`v=DKIM1; k=rsa; p=${publicKey.toString('base64')}`]);
  return { domainName: domain, keySelector: selector, privateKey };
}

// signed.test signs its mail and publishes DMARC, but its SPF does not list the test client (127.0.0.1).
const signedKey = dkimKey('signed.test', 'mail2026');
txt.set('_dmarc.signed.test', ['v=DMARC1; p=reject']);
txt.set('signed.test', ['v=spf1 ip4:192.0.2.10 -all']);
// unaligned.test publishes a DKIM key only: no SPF, no DMARC.
const unalignedKey = dkimKey('unaligned.test', 'k1');
// elsewhere.test is someone else's domain with a working key.
const elsewhereKey = dkimKey('elsewhere.test', 'k1');
// spf-ok.test authorises the test client; spf-deny.test does not.
txt.set('spf-ok.test', ['v=spf1 ip4:127.0.0.1 -all']);
txt.set('spf-deny.test', ['v=spf1 ip4:192.0.2.10 -all']);

let t: TestApp;
let port: number;
let stop: () => Promise<void>;
const posted: InboundEmail[] = [];

beforeAll(async () => {
  t = await createTestApp({ config: { inboundEmailDomain: DOMAIN } });
  const listener = await startInboundSmtp(
    {
      deps: t.deps,
      domain: DOMAIN,
      resolver: fakeDns,
      handlers: {
        async thread(_deps, email) {
          posted.push(email);
        },
      },
    },
    { port: 0, host: '127.0.0.1' },
  );
  port = listener.port;
  stop = listener.stop;
});
afterAll(async () => {
  await stop();
  await t.close();
});

const db = () => t.database.db;
let threads = 0;
const address = (userId: number) =>
  db().transaction((tx) =>
    replyAddress(tx, { userId, scope: `thread:${++threads}`, domain: DOMAIN, now: t.clock.now() }),
  );

type Dkim = { domainName: string; keySelector: string; privateKey: string };

async function send(message: {
  from: string;
  to: string;
  text?: string;
  envelopeFrom?: string;
  dkim?: Dkim;
  raw?: string | Buffer;
}) {
  const client = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    name: 'mta.sender.test',
    ...(message.dkim ? { dkim: message.dkim } : {}),
  });
  try {
    const envelope = { from: message.envelopeFrom ?? message.from, to: [message.to] };
    return message.raw
      ? await client.sendMail({ envelope, raw: message.raw })
      : await client.sendMail({
          envelope,
          from: message.from,
          to: message.to,
          subject: 'Re: [ILL Commons] Lending',
          text: message.text ?? 'A reply.',
        });
  } finally {
    client.close();
  }
}

async function refusal(promise: Promise<unknown>): Promise<{ responseCode: number; response: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { responseCode: number; response: string };
  }
  throw new Error('the hub accepted a reply it should have refused');
}

/** A message signed by `dkim`, as bytes, to alter before sending. */
async function signed(options: { from: string; to: string; text: string; dkim: Dkim }): Promise<string> {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, dkim: options.dkim });
  const info = await builder.sendMail({
    from: options.from,
    to: options.to,
    subject: 'Re: [ILL Commons] Lending',
    text: options.text,
  });
  return (info.message as Buffer).toString();
}

describe('reply addresses end', () => {
  it('after 90 days, with a bounce that says so and where to reply instead', async () => {
    const member = await createUser(t.database, { email: `ana${Date.now()}@plain.test` });
    const to = await address(member.id);
    t.clock.advance(90 * DAY - 60_000);
    expect((await send({ from: member.email, to, text: 'Still in time.' })).response).toMatch(/^250 /);
    t.clock.advance(60_000);
    const late = await refusal(send({ from: member.email, to, text: 'Too late.' }));
    expect(late.responseCode).toBe(550);
    expect(late.response).toContain('This reply address expired; nothing was posted.');
    expect(late.response).toContain(HUB);
    expect(posted.some((p) => p.text === 'Too late.')).toBe(false);
  });

  it('when the password is changed or reset, or the email address changes; addresses sent afterwards work', async () => {
    const member = await createUser(t.database, { email: `ben${Date.now()}@plain.test` });
    const client = new TestClient(t.app);
    await client.signIn(member.email, member.password);

    const beforePassword = await address(member.id);
    const changed = await client.post(
      '/account/password',
      { currentPassword: member.password, password: 'a new long password', confirm: 'a new long password' },
      { from: '/account' },
    );
    expect(changed.status).toBe(303);
    expect((await refusal(send({ from: member.email, to: beforePassword }))).response).toContain(
      'This reply address expired',
    );

    const beforeReset = await address(member.id);
    await new TestClient(t.app).post('/reset', { email: member.email }, { from: '/reset' });
    await t.drainJobs();
    const resetMail = t.mailer.sent.filter((m) => m.to === member.email && m.subject.includes('Reset')).at(-1)!;
    const link = resetMail.text.match(/http:\/\/localhost(\/reset\/[A-Za-z0-9_-]+)/)![1]!;
    const reset = new TestClient(t.app);
    await reset.get(link);
    expect(
      (await reset.post(link, { password: 'a third long password', confirm: 'a third long password' })).status,
    ).toBe(303);
    expect((await refusal(send({ from: member.email, to: beforeReset }))).response).toContain(
      'This reply address expired',
    );

    const newEmail = `ben.new${Date.now()}@plain.test`;
    const beforeEmail = await address(member.id);
    await reset.post(
      '/account/email',
      { email: newEmail, currentPassword: 'a third long password' },
      { from: '/account' },
    );
    await t.drainJobs();
    const confirm = t.mailer.sent.find((m) => m.to === newEmail)!;
    const confirmLink = confirm.text.match(/http:\/\/localhost(\/account\/email\/[A-Za-z0-9_-]+)/)![1]!;
    expect((await reset.post(confirmLink, {}, { from: confirmLink })).status).toBe(303);
    expect(
      rowsOf<{ email: string }>(await db().execute(sql`select email from users where id = ${member.id}`))[0]!.email,
    ).toBe(newEmail);
    expect((await refusal(send({ from: newEmail, to: beforeEmail }))).response).toContain('This reply address expired');

    // The module's revoker ran in each change's transaction.
    const revoked = rowsOf<{ n: number }>(
      await db().execute(
        sql`select count(*)::int as n from email_tokens where user_id = ${member.id} and purpose = 'reply' and revoked_at is not null`,
      ),
    )[0]!.n;
    expect(revoked).toBe(3);

    const after = await address(member.id);
    expect((await send({ from: newEmail, to: after, text: 'From my new address.' })).response).toMatch(/^250 /);
    expect(posted.at(-1)).toMatchObject({ userId: member.id, text: 'From my new address.' });
  });

  it('when a password change is recorded by a path that does not run the module’s revoker (e.g. an admin command)', async () => {
    const member = await createUser(t.database, { email: `bo${Date.now()}@plain.test` });
    const before = await address(member.id);
    await db().transaction((tx) =>
      recordEvent(tx, { type: 'user.password_reset', actorId: null, subjectType: 'user', subjectId: member.id }),
    );
    expect((await refusal(send({ from: member.email, to: before }))).response).toContain('This reply address expired');
    expect((await send({ from: member.email, to: await address(member.id) })).response).toMatch(/^250 /);
  });

  it('and an address the hub never issued is refused as unknown, saying where to reply instead', async () => {
    const unknown = await refusal(send({ from: 'someone@plain.test', to: `reply+${'b'.repeat(32)}@${DOMAIN}` }));
    expect(unknown.responseCode).toBe(550);
    expect(unknown.response).toContain(`This reply address is not known; nothing was posted. ${HUB}`);
  });

  it('and the daily job deletes ended addresses and old replay records, keeping live ones', async () => {
    const member = await createUser(t.database, { email: `cy${Date.now()}@plain.test` });
    await address(member.id);
    t.clock.advance(91 * DAY);
    const live = await address(member.id);
    await db().execute(sql`insert into inbound_messages (message_id, token_hash, outcome, received_at) values
      ('<old@plain.test>', 'x', 'posted', ${new Date(t.clock.now().getTime() - 91 * DAY).toISOString()}),
      ('<new@plain.test>', 'x', 'posted', ${t.clock.now().toISOString()})`);
    await enqueue(db(), REPLY_TOKEN_PRUNE_QUEUE, {}, { runAt: t.clock.now() });
    await t.drainJobs();
    const left = rowsOf<{ n: number }>(
      await db().execute(
        sql`select count(*)::int as n from email_tokens where user_id = ${member.id} and purpose = 'reply'`,
      ),
    )[0]!.n;
    expect(left).toBe(1);
    expect((await send({ from: member.email, to: live, text: 'The live one.' })).response).toMatch(/^250 /);
    const messages = rowsOf<{ message_id: string }>(
      await db().execute(
        sql`select message_id from inbound_messages where message_id in ('<old@plain.test>', '<new@plain.test>')`,
      ),
    );
    expect(messages.map((m) => m.message_id)).toEqual(['<new@plain.test>']);
  });
});

describe('a reply’s sender domain is checked (SPF, DKIM, DMARC)', () => {
  it('accepts a message genuinely signed by the sender’s domain, even though its SPF does not list the sending server', async () => {
    const member = await createUser(t.database, { email: `dee${Date.now()}@signed.test` });
    const info = await send({
      from: member.email,
      to: await address(member.id),
      text: 'Signed and sealed.',
      dkim: signedKey,
    });
    expect(info.response).toMatch(/^250 /);
    expect(posted.at(-1)).toMatchObject({ userId: member.id, text: 'Signed and sealed.' });
  });

  it('refuses a signed message changed after signing, saying why', async () => {
    const member = await createUser(t.database, { email: `eve${Date.now()}@unaligned.test` });
    const to = await address(member.id);
    const raw = await signed({ from: member.email, to, text: 'We lend microfilm.', dkim: unalignedKey });
    const tampered = raw.replace('We lend microfilm.', 'We never lend microfilm.');
    const refused = await refusal(send({ from: member.email, to, raw: tampered }));
    expect(refused.responseCode).toBe(550);
    expect(refused.response).toContain(
      '5.7.22 Nothing was posted: its DKIM signature from unaligned.test does not verify',
    );
    expect(refused.response).toContain(HUB);
    // The same message unaltered is posted.
    expect((await send({ from: member.email, to, raw })).response).toMatch(/^250 /);
    expect(posted.at(-1)).toMatchObject({ userId: member.id, text: 'We lend microfilm.' });
  });

  it('refuses a message signed by another domain when the sender’s domain publishes DMARC', async () => {
    const member = await createUser(t.database, { email: `fay${Date.now()}@signed.test` });
    const refused = await refusal(
      send({ from: member.email, to: await address(member.id), text: 'Not really me.', dkim: elsewhereKey }),
    );
    expect(refused.responseCode).toBe(550);
    expect(refused.response).toContain(
      '5.7.26 Nothing was posted: signed.test publishes a DMARC policy and this message fails it',
    );
    expect(posted.some((p) => p.text === 'Not really me.')).toBe(false);
  });

  it('accepts a message from a server the sender’s domain authorises by SPF, and refuses one it does not', async () => {
    const allowed = await createUser(t.database, { email: `gus${Date.now()}@spf-ok.test` });
    expect((await send({ from: allowed.email, to: await address(allowed.id) })).response).toMatch(/^250 /);
    const denied = await createUser(t.database, { email: `hal${Date.now()}@spf-deny.test` });
    const refused = await refusal(send({ from: denied.email, to: await address(denied.id) }));
    expect(refused.response).toContain(
      '5.7.23 Nothing was posted: spf-deny.test does not authorise the server that sent this message (SPF fail)',
    );
    // The From domain publishes nothing, but the envelope sender's domain refuses the server.
    const plain = await createUser(t.database, { email: `ida${Date.now()}@plain.test` });
    const envelope = await refusal(
      send({ from: plain.email, envelopeFrom: 'bounces@spf-deny.test', to: await address(plain.id) }),
    );
    expect(envelope.response).toContain("spf-deny.test, the envelope sender's domain");
  });

  it('falls back to the reply address and From check when the domain publishes nothing, and refuses two authors', async () => {
    const member = await createUser(t.database, { email: `jo${Date.now()}@plain.test` });
    const to = await address(member.id);
    expect((await send({ from: member.email, to, text: 'Nothing to check.' })).response).toMatch(/^250 /);
    const raw = `From: ${member.email}, boss@plain.test\r\nTo: ${to}\r\nSubject: Re: Lending\r\nMessage-ID: <two-${Date.now()}@plain.test>\r\n\r\nTwo authors.\r\n`;
    const refused = await refusal(send({ from: member.email, to, raw }));
    expect(refused.response).toContain('exactly one From address');
  });
});

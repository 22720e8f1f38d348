import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser } from '../../../test/helpers/app';
import { freePort } from '../../../test/helpers/process';
import { featureModules } from '../../modules';
import { notificationsModule } from '../notifications';
import { NOT_ACCEPTING } from './people.errors';

/**
 * Reply by email end to end: the notification of a private message carries a
 * reply address; a reply sent to it over SMTP, from the recipient's own
 * address, becomes a message in the conversation through the people module.
 */
const DOMAIN = 'reply.ill-commons.test';
let t: TestApp;
let port: number;
let stop: () => Promise<void>;

beforeAll(async () => {
  port = await freePort();
  t = await createTestApp({ config: { inboundEmailDomain: DOMAIN, inboundSmtpPort: port, host: '127.0.0.1' } });
  stop = await notificationsModule.start!(t.deps, { modules: featureModules() });
});
afterAll(async () => {
  await stop();
  await t.close();
});

async function sendReply(from: string, to: string, text: string) {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await client.sendMail({ from, to, subject: 'Re: a private message', text });
  } finally {
    client.close();
  }
}

async function conversationBetween(a: TestUser, b: TestUser) {
  const client = await clientFor(t, a);
  const res = await client.post(
    '/messages',
    { to: b.username, subject: 'Courier schedules', body: 'When does your courier come?' },
    { from: '/messages/new' },
  );
  await t.drainJobs();
  const mail = t.mailer.sent.filter((m) => m.to === b.email).at(-1);
  return { path: res.headers.get('location')!, replyTo: mail?.replyTo, client };
}

describe('replying to a private message by email', () => {
  it('posts the reply in the conversation and tells the other person', async () => {
    const a = await createUser(t.database, { displayName: 'Ann Asker' });
    const b = await createUser(t.database, { displayName: 'Ben Emailer' });
    const { path, replyTo, client } = await conversationBetween(a, b);
    expect(replyTo).toMatch(new RegExp(`^reply\\+[^@]+@${DOMAIN.replace(/\./g, '\\.')}$`));
    await sendReply(
      b.email,
      replyTo!,
      'Tuesdays and Thursdays.\n\nOn Monday, Ann Asker wrote:\n> When does your courier come?',
    );
    await t.drainJobs();
    const page = await (await client.get(path)).text();
    expect(page).toContain('Tuesdays and Thursdays.');
    expect(page).toContain('by email');
    expect(t.mailer.sent.some((m) => m.to === a.email && m.subject.includes('Ben Emailer'))).toBe(true);
  });

  it('bounces with the same refusal as the website when the other person blocked the sender', async () => {
    const a = await createUser(t.database, { displayName: 'Cleo Blocker' });
    const b = await createUser(t.database, { displayName: 'Dan Blocked' });
    const { path, replyTo, client } = await conversationBetween(a, b);
    await client.post(`/people/${b.username}/block`, {}, { from: path });
    const error = (await sendReply(b.email, replyTo!, 'Please reply.').catch((e) => e)) as { response?: string };
    expect(error.response).toContain(NOT_ACCEPTING);
    expect(await (await client.get(path)).text()).not.toContain('Please reply.');
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_RULES } from '../../src/features/accounts/accounts.policies';
import { PASSWORD_THROTTLE } from '../../src/platform/auth/throttle';
import { createTestApp, createUser, type TestApp, countRows } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { errorCode } from '../helpers/http';

/**
 * Sign-in and password reset must not tell a stranger which emails have
 * accounts, and must slow down guessing per (address, email) and per address
 * without ever locking the owner out. The app trusts X-Forwarded-For here so
 * that tests can play several addresses.
 */
let t: TestApp;
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

beforeAll(async () => {
  t = await createTestApp({ config: { trustProxy: true } });
});
afterAll(() => t.close());

/** Each test starts in a fresh rate-limit window, with every sign-in failure forgotten. */
function nextWindow() {
  t.clock.advance(86_400_000);
}

async function signIn(client: TestClient, email: string, password: string, ip: string) {
  return client.post('/sign-in', { email, password }, { from: '/sign-in', headers: { 'x-forwarded-for': ip } });
}

const errorSummary = (html: string) => html.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0];

describe('signing in', () => {
  it('answers an unknown email exactly as it answers a wrong password', async () => {
    nextWindow();
    const user = await createUser(t.database);
    const noPassword = await createUser(t.database);
    await t.database.db.execute(sql`update users set password_hash = null where id = ${noPassword.id}`);
    const client = new TestClient(t.app);
    const ip = freshIp();
    const answers: Array<{ status: number; page: string; cookies: string[] }> = [];
    for (const email of [
      user.email,
      'nobody-here@library.test',
      user.email.toUpperCase(),
      noPassword.email,
      'editors@ill-commons.invalid',
    ]) {
      const res = await signIn(client, email, 'wrong password entirely', ip);
      const html = await res.text();
      answers.push({
        status: res.status,
        // The form shows the typed address back; everything else must be the same.
        page: html.split(email).join('EMAIL').split(email.toLowerCase()).join('EMAIL'),
        cookies: res.headers.getSetCookie(),
      });
    }
    const first = answers[0]!;
    expect(first.status).toBe(400);
    expect(errorSummary(first.page)).toContain('That email and password do not match an account.');
    for (const other of answers.slice(1)) {
      expect(other.status).toBe(first.status);
      expect(errorSummary(other.page)).toBe(errorSummary(first.page));
      expect(other.page).toBe(first.page);
      expect(other.cookies).toEqual(first.cookies);
    }
    expect(first.cookies.some((c) => c.startsWith('ill_sid='))).toBe(false);
  });

  it('signs in with the right password (the control for the tests around it)', async () => {
    nextWindow();
    const user = await createUser(t.database);
    const res = await signIn(new TestClient(t.app), user.email, user.password, freshIp());
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('ill_sid='))).toBe(true);
  });

  it('slows one address guessing one email, whatever its spelling, without locking the owner out elsewhere', async () => {
    nextWindow();
    const user = await createUser(t.database);
    const { free } = PASSWORD_THROTTLE.pair;
    const ip = freshIp();
    for (let i = 0; i < free; i++) {
      // Spelling the address differently does not buy more tries.
      const email = i % 2 ? user.email.toUpperCase() : ` ${user.email}`;
      const res = await signIn(new TestClient(t.app), email, `guess ${i}`, ip);
      expect(res.status, `attempt ${i + 1}`).toBe(400);
    }
    const sessionsBefore = await countRows(t, 'sessions');
    const blocked = await signIn(new TestClient(t.app), user.email, user.password, ip);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBe(2);
    const html = await blocked.text();
    expect(errorCode(html)).toBe('auth.too_many_attempts');
    expect(html).toContain('Please slow down');
    expect(html).toMatch(/Please wait \d+ (minutes?|seconds?) and try again\./);
    expect(html).toContain('name="q"'); // the page keeps the layout and its search box
    expect(blocked.headers.getSetCookie().some((c) => c.startsWith('ill_sid='))).toBe(false);
    expect(await countRows(t, 'sessions')).toBe(sessionsBefore);

    // The owner, from another address, is not locked out by it; nor is anyone else.
    expect((await signIn(new TestClient(t.app), user.email, user.password, freshIp())).status).toBe(303);
    const other = await createUser(t.database);
    expect((await signIn(new TestClient(t.app), other.email, other.password, ip)).status).toBe(303);

    // The wait passes, and the right password works from that address too.
    t.clock.advance(retryAfter * 1000);
    expect((await signIn(new TestClient(t.app), user.email, user.password, ip)).status).toBe(303);
  });

  it('slows one address trying many emails after the per-address allowance', async () => {
    nextWindow();
    const ip = freshIp();
    const { free } = PASSWORD_THROTTLE.ip;
    for (let i = 0; i < free; i++) {
      const res = await signIn(new TestClient(t.app), `spray${i}@library.test`, 'a guess at a password', ip);
      expect(res.status, `attempt ${i + 1}`).toBe(400);
    }
    const user = await createUser(t.database);
    const blocked = await signIn(new TestClient(t.app), user.email, user.password, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same person from another address is let in: the limit was the address's.
    expect((await signIn(new TestClient(t.app), user.email, user.password, freshIp())).status).toBe(303);
  });

  it('ignores X-Forwarded-For when the hub is not behind a trusted proxy', async () => {
    const direct = await createTestApp();
    try {
      const { free } = PASSWORD_THROTTLE.ip;
      for (let i = 0; i <= free; i++) {
        const client = new TestClient(direct.app);
        const res = await client.post(
          '/sign-in',
          { email: `spoof${i}@library.test`, password: 'a guess at a password' },
          { from: '/sign-in', headers: { 'x-forwarded-for': `203.0.113.${i}` } },
        );
        expect(res.status, `attempt ${i + 1}`).toBe(i < free ? 400 : 429);
      }
    } finally {
      await direct.close();
    }
  });
});

describe('asking for a password reset', () => {
  it('answers the same for known and unknown emails, and mails only a real account', async () => {
    nextWindow();
    const user = await createUser(t.database);
    await t.drainJobs();
    const sentBefore = t.mailer.sent.length;
    const answers: Array<[number, string | null, string]> = [];
    for (const email of [user.email, 'nobody-here@library.test', 'editors@ill-commons.invalid']) {
      const client = new TestClient(t.app);
      const res = await client.post('/reset', { email }, { from: '/reset', headers: { 'x-forwarded-for': freshIp() } });
      const body = await res.text();
      answers.push([res.status, res.headers.get('location'), body]);
    }
    for (const answer of answers) expect(answer).toEqual([303, '/reset/sent', answers[0]![2]]);
    const sentPage = await new TestClient(t.app).get('/reset/sent');
    expect(await sentPage.text()).toContain('If that address belongs to an account');

    await t.drainJobs();
    const mails = t.mailer.sent.slice(sentBefore);
    expect(mails.map((m) => m.to)).toEqual([user.email]);
    expect(mails[0]!.text).toMatch(/\/reset\/[A-Za-z0-9_-]{43}/);
  });

  it('limits reset requests per email the same way whether or not the account exists', async () => {
    nextWindow();
    const user = await createUser(t.database);
    const { limit } = RATE_RULES.resetPerEmail;
    for (const email of [user.email, 'nobody-at-all@library.test']) {
      const statuses: number[] = [];
      for (let i = 0; i <= limit; i++) {
        const res = await new TestClient(t.app).post(
          '/reset',
          { email },
          { from: '/reset', headers: { 'x-forwarded-for': freshIp() } },
        );
        statuses.push(res.status);
        if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses, email).toEqual([...Array(limit).fill(303), 429]);
    }
  });
});

describe('the address to return to after signing in', () => {
  const foreign = [
    '//evil.example/',
    '/\\evil.example/',
    'https://evil.example/',
    '/\t/evil.example/',
    '/\n/evil.example/',
    '\\\\evil.example',
    ' //evil.example',
    '/\\/evil.example',
  ];

  it('never sends anyone to another site, however the address is disguised', async () => {
    for (const next of foreign) {
      nextWindow();
      const user = await createUser(t.database);
      const client = new TestClient(t.app);
      const res = await client.post(
        '/sign-in',
        { email: user.email, password: user.password, next },
        { from: `/sign-in?next=${encodeURIComponent(next)}`, headers: { 'x-forwarded-for': freshIp() } },
      );
      expect(res.status, JSON.stringify(next)).toBe(303);
      // Resolve as a browser would (it drops tabs and newlines, and reads "\" as "/").
      const target = new URL(res.headers.get('location')!, 'http://localhost/sign-in');
      expect(target.origin, JSON.stringify(next)).toBe('http://localhost');
      const again = await client.get(`/sign-in?next=${encodeURIComponent(next)}`);
      expect(again.status).toBe(303);
      expect(new URL(again.headers.get('location')!, 'http://localhost/sign-in').origin, JSON.stringify(next)).toBe(
        'http://localhost',
      );
    }
  });

  it('still returns to a page on the hub', async () => {
    nextWindow();
    const user = await createUser(t.database);
    const res = await new TestClient(t.app).post(
      '/sign-in',
      { email: user.email, password: user.password, next: '/articles?sort=title' },
      { from: '/sign-in', headers: { 'x-forwarded-for': freshIp() } },
    );
    expect(res.headers.get('location')).toBe('/articles?sort=title');
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import type { CredentialsRevoked } from '../../platform/auth/revoke';
import { PASSWORD_THROTTLE } from '../../platform/auth/throttle';
import { rowsOf } from '../../platform/db/database';
import { notify } from '../notifications';
import { RATE_RULES } from './accounts.policies';
import {
  changePassword,
  confirmEmailChange,
  createAdmin,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  signUp as signUpUseCase,
} from './accounts.usecases';
import { linkIn } from '../../../test/helpers/mail';

/**
 * Account safety (issue 8, findings 2, 5, 6, 10, 12): a password reset or change
 * and an email change revoke every other session and link; confirming an email
 * change needs the account's own session; wrong passwords slow the network
 * that sends them and never lock the owner out; re-authentication shares the
 * sign-in throttle; notification mail waits for a confirmed address.
 * The app trusts X-Forwarded-For so that each client can play its own address.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { trustProxy: true } });
});
afterAll(() => t.close());

let ipCounter = 0;
const freshIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

/** A browser at its own network address. */
class Browser extends TestClient {
  constructor(
    app: TestApp['app'],
    readonly ip = freshIp(),
  ) {
    super(app);
  }
  override request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('x-forwarded-for', this.ip);
    return super.request(path, { ...init, headers });
  }
}
const browser = (ip?: string) => new Browser(t.app, ip);

/** Every counter has leaked away a day later: each test starts clean. */
function nextDay() {
  t.clock.advance(86_400_000);
}

async function lastMailTo(to: string, subject: RegExp) {
  await t.drainJobs();
  const mail = t.mailer.sent.filter((m) => m.to === to && subject.test(m.subject)).at(-1);
  if (!mail) throw new Error(`no mail "${subject}" to ${to}`);
  return mail;
}

async function emailOf(userId: number): Promise<string> {
  return rowsOf<{ email: string }>(await t.database.db.execute(sql`select email from users where id = ${userId}`))[0]!
    .email;
}

async function signInAt(client: TestClient, email: string, password: string, next?: string) {
  return client.post('/sign-in', { email, password, ...(next ? { next } : {}) }, { from: '/sign-in' });
}

const errorCode = (html: string) => html.match(/Error code: <code>([^<]+)<\/code>/)?.[1];

describe('taking an account back after its owner recovered it', () => {
  it('fails: the owner’s reset voids the email change the attacker started, and signs the attacker out', async () => {
    nextDay();
    const owner = await createUser(t.database);
    // The attacker once learnt the password, signs in and asks to move the account to their address.
    const attacker = browser();
    await attacker.signIn(owner.email, owner.password);
    const asked = await attacker.post(
      '/account/email',
      { email: 'taker@evil.test', currentPassword: owner.password },
      { from: '/account' },
    );
    expect(asked.headers.get('location')).toBe('/account?notice=email-sent');
    const stolenLink = linkIn((await lastMailTo('taker@evil.test', /Confirm your new email/)).text, '/account/email');

    // The owner notices and resets the password from their own mailbox.
    const ownerBrowser = browser();
    await ownerBrowser.post('/reset', { email: owner.email }, { from: '/reset' });
    const resetLink = linkIn((await lastMailTo(owner.email, /Reset/)).text, '/reset');
    const reset = await ownerBrowser.post(
      resetLink,
      { password: 'the owner took it back', confirm: 'the owner took it back' },
      { from: resetLink },
    );
    expect(reset.headers.get('location')).toBe('/account?notice=reset');

    // The attacker's session is gone, so the link sends them to sign in, where the old password no longer works.
    expect((await attacker.get('/account')).status).toBe(401);
    const opened = await attacker.get(stolenLink);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(
      `/sign-in?notice=sign-in-to-confirm&next=${encodeURIComponent(stolenLink)}`,
    );
    expect((await signInAt(attacker, owner.email, owner.password)).status).toBe(400);
    // Even opened in the owner's own session, the link is dead.
    const inOwnersSession = await ownerBrowser.get(stolenLink);
    expect(inOwnersSession.status).toBe(400);
    expect(errorCode(await inOwnersSession.text())).toBe('auth.token_invalid');
    const posted = await ownerBrowser.post(stolenLink, {}, { from: '/account' });
    expect(posted.status).toBe(400);
    expect(await emailOf(owner.id)).toBe(owner.email);
  });

  it('a password change (not only a reset) voids a pending email change too', async () => {
    nextDay();
    const owner = await createUser(t.database);
    const attacker = browser();
    await attacker.signIn(owner.email, owner.password);
    await attacker.post(
      '/account/email',
      { email: 'taker2@evil.test', currentPassword: owner.password },
      { from: '/account' },
    );
    const stolenLink = linkIn((await lastMailTo('taker2@evil.test', /Confirm your new email/)).text, '/account/email');
    const ownerBrowser = browser();
    await ownerBrowser.signIn(owner.email, owner.password);
    const changed = await ownerBrowser.post(
      '/account/password',
      { currentPassword: owner.password, password: 'a brand new passphrase', confirm: 'a brand new passphrase' },
      { from: '/account' },
    );
    expect(changed.headers.get('location')).toBe('/account?notice=password');
    expect((await attacker.get('/account')).status).toBe(401);
    expect((await ownerBrowser.get(stolenLink)).status).toBe(400);
    expect(await emailOf(owner.id)).toBe(owner.email);
  });
});

describe('confirming an email change', () => {
  it('opened signed out, goes to sign-in and comes back; then the change needs a click in that session', async () => {
    nextDay();
    const user = await createUser(t.database);
    const laptop = browser();
    await laptop.signIn(user.email, user.password);
    const phone = browser();
    await phone.signIn(user.email, user.password);
    await laptop.post(
      '/account/email',
      { email: 'moved.here@library.test', currentPassword: user.password },
      { from: '/account' },
    );
    const link = linkIn((await lastMailTo('moved.here@library.test', /Confirm your new email/)).text, '/account/email');

    // Opened in the webmail's browser, signed out.
    const webmail = browser();
    const opened = await webmail.get(link);
    const signInPage = opened.headers.get('location')!;
    expect(signInPage).toMatch(/^\/sign-in\?/);
    const page = await webmail.get(signInPage);
    expect(await page.text()).toContain('Sign in to the account that asked for the new email address');
    const signedIn = await signInAt(
      webmail,
      user.email,
      user.password,
      new URL(signInPage, 'http://localhost').searchParams.get('next')!,
    );
    expect(signedIn.headers.get('location')).toBe(link);
    // Nothing has changed yet: the page says what will.
    const confirmPage = await webmail.get(link);
    expect(confirmPage.status).toBe(200);
    const html = await confirmPage.text();
    expect(html).toContain('moved.here@library.test');
    expect(html).toContain(user.email);
    expect(await emailOf(user.id)).toBe(user.email);

    const confirmed = await webmail.post(link, {}, { from: link });
    expect(confirmed.headers.get('location')).toBe('/account?notice=email');
    expect(await emailOf(user.id)).toBe('moved.here@library.test');
    // Every other session ends; this one stays.
    expect((await webmail.get('/account')).status).toBe(200);
    expect((await laptop.get('/account')).status).toBe(401);
    expect((await phone.get('/account')).status).toBe(401);
    // The link worked once.
    expect((await webmail.post(link, {}, { from: '/account' })).status).toBe(400);
    expect((await lastMailTo(user.email, /was changed/)).text).toContain('moved.here@library.test');
  });

  it('refuses clearly when signed in as another account, and the link still works for the right one', async () => {
    nextDay();
    const user = await createUser(t.database);
    const other = await createUser(t.database);
    const mine = browser();
    await mine.signIn(user.email, user.password);
    await mine.post(
      '/account/email',
      { email: 'only.mine@library.test', currentPassword: user.password },
      { from: '/account' },
    );
    const link = linkIn((await lastMailTo('only.mine@library.test', /Confirm your new email/)).text, '/account/email');

    const someoneElse = browser();
    await someoneElse.signIn(other.email, other.password);
    const refused = await someoneElse.get(link);
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(errorCode(html)).toBe('accounts.email_change_other_account');
    expect(html).toContain('Sign out, sign in as the account that asked for the change');
    const token = await someoneElse.csrf('/account');
    expect((await someoneElse.post(link, {}, { csrf: token })).status).toBe(403);
    expect(await emailOf(other.id)).toBe(other.email);
    expect(await emailOf(user.id)).toBe(user.email);

    expect((await mine.post(link, {}, { from: link })).headers.get('location')).toBe('/account?notice=email');
    expect(await emailOf(user.id)).toBe('only.mine@library.test');
  });
});

describe('links and sessions after a password change', () => {
  it('a reset link asked for before a password change no longer works after it', async () => {
    nextDay();
    const user = await createUser(t.database);
    await browser().post('/reset', { email: user.email }, { from: '/reset' });
    const resetLink = linkIn((await lastMailTo(user.email, /Reset/)).text, '/reset');
    expect((await browser().get(resetLink)).status).toBe(200);

    const client = browser();
    await client.signIn(user.email, user.password);
    await client.post(
      '/account/password',
      { currentPassword: user.password, password: 'changed on purpose now', confirm: 'changed on purpose now' },
      { from: '/account' },
    );

    expect((await browser().get(resetLink)).status).toBe(400);
    const used = await browser().post(
      resetLink,
      { password: 'somebody else chose this', confirm: 'somebody else chose this' },
      { from: '/reset' },
    );
    expect(used.status).toBe(400);
    await browser().signIn(user.email, 'changed on purpose now');
  });

  it('a reset signs out every session, and the new one is the only one', async () => {
    nextDay();
    const user = await createUser(t.database);
    const devices = [browser(), browser(), browser()];
    for (const d of devices) await d.signIn(user.email, user.password);
    const mailbox = browser();
    await mailbox.post('/reset', { email: user.email }, { from: '/reset' });
    const link = linkIn((await lastMailTo(user.email, /Reset/)).text, '/reset');
    await mailbox.post(link, { password: 'a fresh start password', confirm: 'a fresh start password' }, { from: link });
    for (const d of devices) expect((await d.get('/account')).status).toBe(401);
    expect((await mailbox.get('/account')).status).toBe(200);
  });

  it('revokes through one function that every module can hook into, recording why', async () => {
    nextDay();
    const db = t.database.db;
    const seen: Array<Omit<CredentialsRevoked, 'now'>> = [];
    const revokers = [
      async (_tx: unknown, change: CredentialsRevoked) =>
        void seen.push({ userId: change.userId, reason: change.reason }),
    ];
    const user = await createUser(t.database);
    const actor = {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      email: user.email,
      role: user.role,
    };
    const now = t.clock.now();
    await changePassword({
      db,
      now,
      actor,
      currentPassword: user.password,
      password: 'second password here',
      keepSession: null,
      ip: freshIp(),
      revokers,
    });
    await requestEmailChange({
      db,
      now,
      actor,
      email: 'hooked@library.test',
      currentPassword: 'second password here',
      baseUrl: 'http://localhost',
      ip: freshIp(),
    });
    const changeToken = linkIn(
      (await lastMailTo('hooked@library.test', /Confirm your new email/)).text,
      '/account/email',
    )
      .split('/')
      .at(-1)!;
    await confirmEmailChange({ db, now, actor, token: changeToken, keepSession: null, revokers });
    await requestPasswordReset({ db, now, email: 'hooked@library.test', baseUrl: 'http://localhost', ip: freshIp() });
    const resetToken = linkIn((await lastMailTo('hooked@library.test', /Reset/)).text, '/reset')
      .split('/')
      .at(-1)!;
    await resetPassword({ db, now, token: resetToken, password: 'third password here', revokers });
    expect(seen).toEqual([
      { userId: user.id, reason: 'password_changed' },
      { userId: user.id, reason: 'email_changed' },
      { userId: user.id, reason: 'password_reset' },
    ]);
    const events = rowsOf<{ reason: string }>(
      await db.execute(
        sql`select data->>'reason' as reason from events where type = 'user.credentials_revoked' and subject_id = ${String(user.id)} order by id`,
      ),
    );
    expect(events.map((e) => e.reason)).toEqual(['password_changed', 'email_changed', 'password_reset']);
  });
});

describe('rate limits live in the use cases, so every entry point gets them', () => {
  it('refuses a fourth reset request for one address within the hour, and an eleventh sign-up from one network', async () => {
    nextDay();
    const db = t.database.db;
    const now = t.clock.now();
    const user = await createUser(t.database);
    const reset = () =>
      requestPasswordReset({ db, now, email: user.email, baseUrl: 'http://localhost', ip: freshIp() });
    for (let i = 0; i < RATE_RULES.resetPerEmail.limit; i++) await reset();
    await expect(reset()).rejects.toMatchObject({ status: 429 });
    const ip = freshIp();
    const signUp = (i: number) =>
      signUpUseCase({
        db,
        now,
        baseUrl: 'http://localhost',
        ip,
        input: {
          email: `limited-${i}@library.test`,
          username: `limited${i}`,
          displayName: 'Limited',
          password: 'a long enough password',
        },
      });
    for (let i = 0; i < RATE_RULES.signUpPerIp.limit; i++) expect((await signUp(i)).ok).toBe(true);
    await expect(signUp(99)).rejects.toMatchObject({ status: 429 });
  });
});

describe('wrong passwords slow the network that sends them, and never lock the owner out', () => {
  const { pair } = PASSWORD_THROTTLE;

  it('9 wrong passwords from one address do not stop the owner (an administrator) from another', async () => {
    nextDay();
    const admin = await createUser(t.database, { role: 'admin' });
    const attacker = browser();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      statuses.push((await signInAt(attacker, admin.email, `guess number ${i}`)).status);
      t.clock.advance(1000);
    }
    expect(statuses.slice(0, pair.free)).toEqual(Array(pair.free).fill(400));
    expect(statuses).toContain(429);
    // The owner, from their own network, gets straight in.
    const res = await signInAt(browser(), admin.email, admin.password);
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('ill_sid='))).toBe(true);
  });

  it('makes each wait after the free failures twice as long, up to the cap, with Retry-After and a helpful message', async () => {
    nextDay();
    const user = await createUser(t.database);
    const attacker = browser();
    for (let i = 0; i < pair.free; i++) expect((await signInAt(attacker, user.email, `guess ${i}`)).status).toBe(400);
    const waits: number[] = [];
    for (let i = 0; i < 11; i++) {
      const blocked = await signInAt(attacker, user.email, `too soon ${i}`);
      expect(blocked.status).toBe(429);
      const wait = Number(blocked.headers.get('retry-after'));
      waits.push(wait);
      if (i === 0) {
        const html = await blocked.text();
        expect(errorCode(html)).toBe('auth.too_many_attempts');
        expect(html).toContain('Please wait 2 seconds and try again.');
        expect(html).toContain('Other networks and devices are not affected.');
        expect(html).toContain('Forgotten your password?');
        // During the wait even the right password waits: that is what makes it a wait.
        expect((await signInAt(attacker, user.email, user.password)).status).toBe(429);
      }
      t.clock.advance(wait * 1000);
      expect((await signInAt(attacker, user.email, `after waiting ${i}`)).status).toBe(400);
    }
    expect(waits).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    // After the wait, the right password works and forgives this network.
    t.clock.advance(900_000);
    expect((await signInAt(attacker, user.email, user.password)).status).toBe(303);
    expect((await signInAt(browser(attacker.ip), user.email, 'one typo after')).status).toBe(400);
  });

  it('never counts a success', async () => {
    nextDay();
    const user = await createUser(t.database);
    const ip = freshIp();
    for (let i = 0; i < PASSWORD_THROTTLE.ip.free + 5; i++)
      expect((await signInAt(browser(ip), user.email, user.password)).status, `success ${i + 1}`).toBe(303);
    const statuses: number[] = [];
    for (let i = 0; i <= pair.free; i++) statuses.push((await signInAt(browser(ip), user.email, `wrong ${i}`)).status);
    expect(statuses).toEqual([...Array(pair.free).fill(400), 429]);
  });

  it('treats an unknown address exactly like a known one', async () => {
    nextDay();
    const user = await createUser(t.database);
    const answers = [];
    for (const email of [user.email, 'nobody-by-that-name@library.test']) {
      const client = browser();
      for (let i = 0; i < pair.free; i++) expect((await signInAt(client, email, `guess ${i}`)).status).toBe(400);
      const res = await signInAt(client, email, 'one more guess');
      answers.push([res.status, res.headers.get('retry-after'), errorCode(await res.text())]);
    }
    expect(answers[0]).toEqual([429, '2', 'auth.too_many_attempts']);
    expect(answers[1]).toEqual(answers[0]);
  });

  it('slows one address trying many accounts, and only that address', async () => {
    nextDay();
    const sprayer = freshIp();
    for (let i = 0; i < PASSWORD_THROTTLE.ip.free; i++) {
      expect(
        (await signInAt(browser(sprayer), `spray${i}@library.test`, 'Summer2026!')).status,
        `attempt ${i + 1}`,
      ).toBe(400);
    }
    const user = await createUser(t.database);
    const blocked = await signInAt(browser(sprayer), user.email, user.password);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('2');
    expect((await signInAt(browser(), user.email, user.password)).status).toBe(303);
  });

  it('under attack from many addresses, slows every address that failed, but lets the owner in from a clean one', async () => {
    nextDay();
    const user = await createUser(t.database);
    const botnet = Array.from({ length: PASSWORD_THROTTLE.account.ceiling }, () => browser());
    for (const bot of botnet) expect((await signInAt(bot, user.email, 'a botnet guess')).status).toBe(400);
    // One failure is now enough to make an address wait (instead of five)…
    const again = await signInAt(botnet[0]!, user.email, 'second guess');
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('2');
    // …but the owner with the right password is never kept out.
    expect((await signInAt(browser(), user.email, user.password)).status).toBe(303);
    // A typo slows the owner by seconds, not minutes: slower, never locked.
    const owner = browser();
    expect((await signInAt(owner, user.email, 'owner typo')).status).toBe(400);
    expect((await signInAt(owner, user.email, user.password)).headers.get('retry-after')).toBe('2');
    t.clock.advance(2000);
    expect((await signInAt(owner, user.email, user.password)).status).toBe(303);
  });
});

describe('asking for the current password again', () => {
  it('goes through the same throttle on every form that asks for it, and the sign-in shares it', async () => {
    nextDay();
    const user = await createUser(t.database);
    const thief = browser(); // a stolen session, guessing the password to take the account over
    await thief.signIn(user.email, user.password);
    const { free } = PASSWORD_THROTTLE.pair;
    for (let i = 0; i < free; i++) {
      const form = i % 2 === 0 ? '/account/password' : '/account/email';
      const fields: Record<string, string> =
        form === '/account/password'
          ? { currentPassword: `guess ${i}`, password: 'thief chosen password', confirm: 'thief chosen password' }
          : { email: 'thief@evil.test', currentPassword: `guess ${i}` };
      const res = await thief.post(form, fields, { from: '/account' });
      expect(res.status, `${form} guess ${i + 1}`).toBe(400);
      expect(await res.text()).toContain('That is not your current password.');
    }
    const blocked = [
      await thief.post(
        '/account/password',
        { currentPassword: user.password, password: 'thief chosen password', confirm: 'thief chosen password' },
        { from: '/account' },
      ),
      await thief.post(
        '/account/email',
        { email: 'thief@evil.test', currentPassword: user.password },
        { from: '/account' },
      ),
      await thief.post('/account/delete', { password: user.password, understood: 'yes' }, { from: '/account/delete' }),
      await signInAt(browser(thief.ip), user.email, user.password),
    ];
    for (const res of blocked) {
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('2');
    }
    expect(await emailOf(user.id)).toBe(user.email);
    // The owner elsewhere is unaffected.
    const owner = browser();
    await owner.signIn(user.email, user.password);
    const ok = await owner.post(
      '/account/password',
      { currentPassword: user.password, password: 'owner chosen password', confirm: 'owner chosen password' },
      { from: '/account' },
    );
    expect(ok.headers.get('location')).toBe('/account?notice=password');
    expect((await thief.get('/account')).status).toBe(401);
  });
});

describe('confirming the address given at sign-up', () => {
  async function signUp(name: string) {
    const client = browser();
    const email = `${name}@library.test`;
    const res = await client.post(
      '/sign-up',
      { email, displayName: `${name} Person`, username: name, password: 'a long enough password' },
      { from: '/sign-up' },
    );
    expect(res.status).toBe(303);
    const id = rowsOf<{ id: number }>(await t.database.db.execute(sql`select id from users where email = ${email}`))[0]!
      .id;
    return { client, email, id: Number(id) };
  }

  async function notifyNow(userIds: number[], title: string) {
    await t.database.db.transaction((tx) =>
      notify(tx, {
        userIds,
        kind: 'test.notice',
        actorId: null,
        subjectType: 'article',
        subjectId: '1',
        url: '/articles',
        title,
        now: t.clock.now(),
      }),
    );
    await t.drainJobs();
  }

  it('lets a new member read and write at once, but sends no notification mail until the address is confirmed', async () => {
    nextDay();
    const fresh = await signUp('unconfirmed');
    const confirmed = await createUser(t.database);
    const welcome = await lastMailTo(fresh.email, /Welcome/);
    expect(welcome.subject).toBe('Welcome to ILL Commons: please confirm your email address');
    const link = linkIn(welcome.text, '/account/confirm');

    // Signed-in pages say so, with a way to get a new link.
    const page = await (await fresh.client.get('/account')).text();
    expect(page).toContain('Please confirm your email address');
    expect(page).toContain('(not confirmed yet)');
    expect(page).toContain('action="/account/confirm"');
    const confirmedPage = browser();
    await confirmedPage.signIn(confirmed.email, confirmed.password);
    expect(await (await confirmedPage.get('/account')).text()).not.toContain('Please confirm your email address');
    // Writing works (an article form is reachable and the account is a member).
    expect((await fresh.client.get('/articles/new')).status).toBe(200);

    const sentBefore = t.mailer.sent.length;
    await notifyNow([fresh.id, confirmed.id], 'Someone replied to you');
    const mails = t.mailer.sent.slice(sentBefore);
    expect(mails.map((m) => m.to)).toEqual([confirmed.email]);
    // It is still in the hub.
    expect(await (await fresh.client.get('/notifications')).text()).toContain('Someone replied to you');

    // Confirming, signed out (a phone's mail app), works and asks to sign in; mail flows from then on.
    const confirmedLink = await browser().get(link);
    expect(confirmedLink.headers.get('location')).toBe('/sign-in?notice=confirmed');
    expect((await browser().get(link)).status).toBe(400);
    expect(await (await fresh.client.get('/account')).text()).not.toContain('Please confirm your email address');
    const sentAfter = t.mailer.sent.length;
    await notifyNow([fresh.id], 'Another reply');
    expect(t.mailer.sent.slice(sentAfter).map((m) => m.to)).toEqual([fresh.email]);
  });

  it('sends a new link on request, three an hour, and only the newest works', async () => {
    nextDay();
    const fresh = await signUp('resender');
    const first = linkIn((await lastMailTo(fresh.email, /Welcome/)).text, '/account/confirm');
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_RULES.confirmResendPerUser.limit; i++)
      statuses.push((await fresh.client.post('/account/confirm', {}, { from: '/account' })).status);
    expect(statuses).toEqual([...Array(RATE_RULES.confirmResendPerUser.limit).fill(303), 429]);
    const newest = linkIn((await lastMailTo(fresh.email, /Confirm your email address/)).text, '/account/confirm');
    expect((await fresh.client.get(first)).status).toBe(400);
    expect((await fresh.client.get(newest)).headers.get('location')).toBe('/account?notice=confirmed');
    expect(await (await fresh.client.get('/account?notice=confirmed')).text()).toContain(
      'your email address is confirmed',
    );
  });

  it('still sends password-reset mail to an unconfirmed address, and a completed reset confirms it', async () => {
    nextDay();
    const fresh = await signUp('forgetful');
    await browser().post('/reset', { email: fresh.email }, { from: '/reset' });
    const link = linkIn((await lastMailTo(fresh.email, /Reset/)).text, '/reset');
    const mailbox = browser();
    await mailbox.post(link, { password: 'remembered it now', confirm: 'remembered it now' }, { from: link });
    expect(await (await mailbox.get('/account')).text()).not.toContain('Please confirm your email address');
  });

  it('counts accounts made by an administrator, and rows written without sign-up (as the migration treats existing ones), as confirmed', async () => {
    const verified = async (id: number) =>
      rowsOf<{ verified: boolean }>(
        await t.database.db.execute(sql`select email_verified_at is not null as verified from users where id = ${id}`),
      )[0]!.verified;
    const { userId } = await createAdmin({
      db: t.database.db,
      now: t.clock.now(),
      email: 'cli-admin@library.test',
      displayName: 'CLI Admin',
      username: 'cliadmin',
      baseUrl: 'http://localhost',
    });
    expect(await verified(userId)).toBe(true);
    // Promoting an unconfirmed member from the command line vouches for the address too.
    const fresh = await signUp('promoted');
    expect(await verified(fresh.id)).toBe(false);
    await createAdmin({
      db: t.database.db,
      now: t.clock.now(),
      email: fresh.email,
      displayName: 'Promoted',
      username: 'promoted',
      baseUrl: 'http://localhost',
    });
    expect(await verified(fresh.id)).toBe(true);
    // The column's default: what ALTER TABLE … ADD COLUMN … DEFAULT now() gave every account that existed before it.
    expect(await verified((await createUser(t.database)).id)).toBe(true);
  });
});

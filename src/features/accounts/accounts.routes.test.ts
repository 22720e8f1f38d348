import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { linkIn } from '../../../test/helpers/mail';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('signing up', () => {
  it('creates a member, signs them in and sends a welcome email with a link to confirm the address', async () => {
    const client = new TestClient(t.app);
    const res = await client.post(
      '/sign-up',
      { email: 'Dana@Midstate.EDU', displayName: 'Dana Reyes', username: 'dana', password: 'a long enough password' },
      { from: '/sign-up' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account?notice=welcome');
    const account = await (await client.get(res.headers.get('location')!)).text();
    expect(account).toContain('dana@midstate.edu');
    expect(account).toContain('Welcome! Your account is ready.');
    await t.drainJobs();
    expect(t.mailer.sent.at(-1)).toMatchObject({
      to: 'dana@midstate.edu',
      subject: 'Welcome to ILL Commons: please confirm your email address',
    });
    expect(t.mailer.sent.at(-1)!.text).toMatch(/http:\/\/localhost\/account\/confirm\/[A-Za-z0-9_-]{43}/);
  });

  it('keeps what was typed and explains each problem, with status 400', async () => {
    const client = new TestClient(t.app);
    const res = await client.post(
      '/sign-up',
      { email: 'not-an-email', displayName: 'Sam', username: '9lives', password: 'short' },
      { from: '/sign-up' },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Enter an email address like name@library.org.');
    expect(html).toContain('Username must be 3 to 30 characters');
    expect(html).toContain('Password must be at least 10 characters.');
    expect(html).toContain('value="not-an-email"');
    expect(html).not.toContain('value="short"');
  });

  it('refuses a username or email that is already taken', async () => {
    const existing = await createUser(t.database, { username: 'taken' });
    const client = new TestClient(t.app);
    const res = await client.post(
      '/sign-up',
      { email: existing.email, displayName: 'X', username: 'taken', password: 'a long enough password' },
      { from: '/sign-up' },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('That username is taken.');
    expect(html).toContain('An account already uses this email address.');
  });
});

describe('signing in and out', () => {
  it('signs in, returns to the page asked for, and signs out', async () => {
    const user = await createUser(t.database);
    const client = new TestClient(t.app);
    const res = await client.post(
      '/sign-in',
      { email: user.email, password: user.password, next: '/topics' },
      { from: '/sign-in?next=/topics' },
    );
    expect(res.headers.get('location')).toBe('/topics');
    expect((await client.get('/account')).status).toBe(200);
    const out = await client.post('/sign-out', {}, { from: '/account' });
    expect(out.headers.get('location')).toBe('/sign-in?notice=signed-out');
    expect((await client.get('/account')).status).toBe(401);
  });

  it('never redirects to another site after signing in', async () => {
    const user = await createUser(t.database);
    const client = new TestClient(t.app);
    const res = await client.post(
      '/sign-in',
      { email: user.email, password: user.password, next: '//evil.example/' },
      { from: '/sign-in' },
    );
    expect(res.headers.get('location')).toBe('/');
  });
});

describe('resetting a forgotten password', () => {
  it('mails a one-time link that sets a new password and signs the person in', async () => {
    const user = await createUser(t.database);
    const client = new TestClient(t.app);
    const res = await client.post('/reset', { email: user.email }, { from: '/reset' });
    expect(res.headers.get('location')).toBe('/reset/sent');
    await t.drainJobs();
    const mail = t.mailer.sent.find((m) => m.to === user.email && m.subject.includes('Reset'))!;
    const link = linkIn(mail.text, '/reset');
    expect((await client.get(link)).status).toBe(200);
    const done = await client.post(link, { password: 'brand new password', confirm: 'brand new password' });
    expect(done.headers.get('location')).toBe('/account?notice=reset');
    expect((await client.get('/account')).status).toBe(200);
    // The link works once.
    expect((await new TestClient(t.app).get(link)).status).toBe(400);
    // The new password works, the old one does not.
    await new TestClient(t.app).signIn(user.email, 'brand new password');
    const old = await new TestClient(t.app).post(
      '/sign-in',
      { email: user.email, password: user.password },
      { from: '/sign-in' },
    );
    expect(old.status).toBe(400);
  });

  it('lets a link expire after an hour', async () => {
    const user = await createUser(t.database);
    await new TestClient(t.app).post('/reset', { email: user.email }, { from: '/reset' });
    await t.drainJobs();
    const link = linkIn(t.mailer.sent.find((m) => m.to === user.email)!.text, '/reset');
    t.clock.advance(61 * 60 * 1000);
    const res = await new TestClient(t.app).get(link);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('expired or has already been used');
  });
});

describe('changing account details', () => {
  it('changes the password only with the current one, and signs out other devices', async () => {
    const user = await createUser(t.database);
    const laptop = new TestClient(t.app);
    const phone = new TestClient(t.app);
    await laptop.signIn(user.email, user.password);
    await phone.signIn(user.email, user.password);
    const wrong = await laptop.post(
      '/account/password',
      { currentPassword: 'nope', password: 'another long password', confirm: 'another long password' },
      { from: '/account' },
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('That is not your current password.');
    const ok = await laptop.post(
      '/account/password',
      { currentPassword: user.password, password: 'another long password', confirm: 'another long password' },
      { from: '/account' },
    );
    expect(ok.headers.get('location')).toBe('/account?notice=password');
    expect((await laptop.get('/account')).status).toBe(200);
    expect((await phone.get('/account')).status).toBe(401);
  });

  it('changes the email only after the new address confirms, and tells the old address', async () => {
    const user = await createUser(t.database);
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    const res = await client.post(
      '/account/email',
      { email: 'new.address@library.test', currentPassword: user.password },
      { from: '/account' },
    );
    expect(res.headers.get('location')).toBe('/account?notice=email-sent');
    expect(await (await client.get('/account')).text()).toContain(user.email);
    await t.drainJobs();
    const confirm = t.mailer.sent.find((m) => m.to === 'new.address@library.test')!;
    const link = linkIn(confirm.text, '/account/email');
    // Opening the link shows what will change; the button makes the change.
    expect(await (await client.get(link)).text()).toContain('Change my email address');
    expect(await (await client.get('/account')).text()).not.toContain('new.address@library.test');
    await client.post(link, {}, { from: link });
    expect(await (await client.get('/account')).text()).toContain('new.address@library.test');
    await t.drainJobs();
    expect(t.mailer.sent.some((m) => m.to === user.email && m.subject.includes('was changed'))).toBe(true);
  });
});

describe('administering roles', () => {
  it('lets an admin promote a member, recording who did it', async () => {
    const admin = await createUser(t.database, { role: 'admin' });
    const member = await createUser(t.database, { displayName: 'Promotable Person' });
    const client = new TestClient(t.app);
    await client.signIn(admin.email, admin.password);
    const list = await client.get('/admin/users?q=Promotable');
    expect(await list.text()).toContain('Promotable Person');
    const res = await client.post(`/admin/users/${member.id}/role`, { role: 'editor' });
    expect(res.status).toBe(303);
    const row = await t.database.db.execute(`select role from users where id = ${member.id}` as never);
    expect((row as unknown as { rows: Array<{ role: string }> }).rows[0]!.role).toBe('editor');
    const event = await t.database.db.execute(
      `select actor_id, data from events where type = 'user.role_changed' and subject_id = '${member.id}'` as never,
    );
    expect((event as unknown as { rows: Array<{ actor_id: number; data: unknown }> }).rows[0]).toEqual({
      actor_id: admin.id,
      data: { from: 'member', to: 'editor' },
    });
  });

  it('refuses to demote the last administrator', async () => {
    const t2 = await createTestApp();
    try {
      const admin = await createUser(t2.database, { role: 'admin' });
      const client = new TestClient(t2.app);
      await client.signIn(admin.email, admin.password);
      const res = await client.post(`/admin/users/${admin.id}/role`, { role: 'member' }, { from: '/admin/users' });
      expect(res.headers.get('location')).toBe('/admin/users?error=last-admin');
      const page = await client.get('/admin/users?error=last-admin');
      expect(await page.text()).toContain('must keep at least one administrator');
    } finally {
      await t2.close();
    }
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { rowsOf } from '../../platform/db/database';
import { getSettings } from './notifications.repository';
import { notify, watch } from './notifications.usecases';
import { queuePostFanout } from '../community/community.fanout';
import { makeCategory, makePost, makeThread, notificationsOf } from '../../../test/helpers/forum';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const db = () => t.database.db;

async function signedIn(user: { email: string; password: string }) {
  const client = new TestClient(t.app);
  await client.signIn(user.email, user.password);
  return client;
}

async function tell(userId: number, title: string, url = '/articles/hard-citations') {
  await db().transaction((tx) =>
    notify(tx, {
      userIds: [userId],
      kind: 'test',
      actorId: null,
      subjectType: 'article',
      subjectId: '1',
      url,
      title,
      excerpt: 'Something happened.',
      now: t.clock.now(),
    }),
  );
}

const unread = (html: string) => html.match(/\((\d+) unread\)/)?.[1];

describe('the notifications page', () => {
  it('asks anonymous visitors to sign in', async () => {
    const res = await new TestClient(t.app).get('/notifications');
    expect(res.status).toBe(401);
  });

  it('lists notifications newest first with the unread count in the header; following one marks it read', async () => {
    const person = await createUser(t.database);
    await tell(person.id, 'First thing');
    await tell(person.id, 'Second thing', '/forum/p/12');
    const client = await signedIn(person);
    const page = await client.get('/notifications');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html.indexOf('Second thing')).toBeLessThan(html.indexOf('First thing'));
    expect(unread(html)).toBe('2');
    const second = (await notificationsOf(db(), person.id)).find((n) => n.title === 'Second thing')!;
    const open = await client.get(`/notifications/${second.id}/open`);
    expect(open.status).toBe(303);
    expect(open.headers.get('location')).toBe('/forum/p/12');
    expect(unread(await (await client.get('/notifications')).text())).toBe('1');
  });

  it('shows excerpts as text, not Markdown: rendered when the notification is made, and stripped for rows stored before', async () => {
    const person = await createUser(t.database);
    const author = await createUser(t.database);
    // A post reaching a watcher (fan-out), and a message (Markdown given to notify).
    const category = await makeCategory(db());
    const threadId = await makeThread(db(), {
      categoryId: category,
      authorId: author.id,
      title: 'Charging for lost books',
    });
    await watch(db(), {
      userId: person.id,
      targetType: 'thread',
      targetId: String(threadId),
      delivery: 'in_app',
      now: t.clock.now(),
    });
    const post = await makePost(db(), {
      threadId,
      authorId: author.id,
      body: '## Our practice\n\n**We bill the library**, see [the policy](/articles/lost-book-charges).',
    });
    await db().transaction((tx) => queuePostFanout(tx, { postId: post.id, now: t.clock.now() }));
    await t.drainJobs();
    await db().transaction((tx) =>
      notify(tx, {
        userIds: [person.id],
        kind: 'message',
        actorId: author.id,
        subjectType: 'conversation',
        subjectId: '3',
        url: '/messages/3',
        title: 'A private message',
        markdown:
          'Could you lend *Ulysses*? ![scan](/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/t.png) `ILL-4471`',
        now: t.clock.now(),
      }),
    );
    await db().execute(sql`insert into notifications (user_id, kind, subject_type, subject_id, url, title, excerpt)
      values (${person.id}, 'test', 'thread', '1', '/forum/p/1', 'Stored before', '> quoted **bold** and [a link](https://library.test/x) ![alt text](/a.png)')`);
    const html = await (await (await signedIn(person)).get('/notifications')).text();
    const excerpts = [...html.matchAll(/<p class="notification-excerpt">([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(excerpts).toEqual([
      'quoted bold and a link alt text',
      'Could you lend Ulysses? ILL-4471',
      'Our practice We bill the library, see the policy.',
    ]);
    for (const excerpt of excerpts) expect(excerpt).not.toMatch(/\*|\]\(|!\[|`|^#|^&gt;/);
  });

  it('stops counting at 99+ in the header, however much is unread', async () => {
    const person = await createUser(t.database);
    await db().execute(sql`insert into notifications (user_id, kind, subject_type, subject_id, url, title)
      select ${person.id}, 'test', 'article', '1', '/', 'Item ' || g from generate_series(1, 150) g`);
    const client = await signedIn(person);
    const html = await (await client.get('/articles')).text();
    expect(html).toContain('(99+ unread)');
  });

  it('never follows a notification off the site', async () => {
    const person = await createUser(t.database);
    await tell(person.id, 'Crafted', '//evil.example/steal');
    const client = await signedIn(person);
    const [n] = await notificationsOf(db(), person.id);
    const open = await client.get(`/notifications/${n!.id}/open`);
    expect(open.headers.get('location')).toBe('/notifications');
  });

  it('marks one read, and all read up to the newest shown — what arrives later stays unread', async () => {
    const person = await createUser(t.database);
    await tell(person.id, 'One');
    await tell(person.id, 'Two');
    await tell(person.id, 'Three');
    const client = await signedIn(person);
    const [one] = await notificationsOf(db(), person.id);
    expect((await client.post(`/notifications/${one!.id}/read`, {}, { from: '/notifications' })).status).toBe(303);
    const html = await (await client.get('/notifications')).text();
    expect(unread(html)).toBe('2');
    const upTo = html.match(/name="upTo" value="(\d+)"/)?.[1];
    await tell(person.id, 'Four, after the page was shown');
    expect((await client.post('/notifications/read-all', { upTo: upTo! })).status).toBe(303);
    const left = (await notificationsOf(db(), person.id)).filter((n) => !n.read_at).map((n) => n.title);
    expect(left).toEqual(['Four, after the page was shown']);
  });

  it('does not let one person read or mark another’s notification', async () => {
    const owner = await createUser(t.database);
    const other = await createUser(t.database);
    await tell(owner.id, 'Private');
    const [n] = await notificationsOf(db(), owner.id);
    const client = await signedIn(other);
    expect((await client.get(`/notifications/${n!.id}/open`)).status).toBe(404);
    expect((await client.post(`/notifications/${n!.id}/read`, {}, { from: '/notifications' })).status).toBe(404);
    expect((await notificationsOf(db(), owner.id))[0]!.read_at).toBeNull();
  });
});

describe('preferences', () => {
  it('saves default delivery, mailing-list mode, digest hour, weekly digest and pause', async () => {
    const person = await createUser(t.database);
    const client = await signedIn(person);
    const res = await client.post(
      '/notifications/preferences',
      {
        defaultDelivery: 'digest',
        digestHourUtc: '7',
        digestFrequency: 'weekly',
        mailingListMode: 'on',
        emailPaused: 'on',
      },
      { from: '/notifications/preferences' },
    );
    expect(res.status).toBe(303);
    expect(await getSettings(db(), person.id)).toEqual({
      defaultDelivery: 'digest',
      digestHourUtc: 7,
      digestFrequency: 'weekly',
      mailingListMode: true,
      emailPaused: true,
    });
    const html = await (await client.get('/notifications/preferences')).text();
    expect(html).toMatch(/value="digest" checked/);
    expect(html).toMatch(/<option value="7" selected/);
    expect(html).toMatch(/value="weekly" checked/);
  });

  it('answers 400 with field errors for values the form does not offer', async () => {
    const person = await createUser(t.database);
    const client = await signedIn(person);
    const res = await client.post(
      '/notifications/preferences',
      { defaultDelivery: 'carrier-pigeon', digestHourUtc: '25' },
      { from: '/notifications/preferences' },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Choose how you want to hear.');
    expect(html).toContain('Choose a time for your digest.');
  });
});

describe('watching', () => {
  it('watches a category with a choice of delivery, lists it by name, changes it and stops', async () => {
    const person = await createUser(t.database);
    const category = await makeCategory(db(), { name: 'International ILL' });
    const client = await signedIn(person);
    const res = await client.post(
      '/watch',
      { targetType: 'category', targetId: String(category), delivery: 'digest', next: '/forum' },
      { from: '/notifications/watching' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/forum');
    let html = await (await client.get('/notifications/watching')).text();
    expect(html).toContain('International ILL');
    expect(html).toMatch(/<option value="digest" selected/);
    await client.post('/watch', {
      targetType: 'category',
      targetId: String(category),
      delivery: 'immediate',
      next: '/notifications/watching',
    });
    html = await (await client.get('/notifications/watching')).text();
    expect(html).toMatch(/<option value="immediate" selected/);
    await client.post('/watch/remove', {
      targetType: 'category',
      targetId: String(category),
      next: '/notifications/watching',
    });
    html = await (await client.get('/notifications/watching')).text();
    expect(html).not.toContain('International ILL</a>');
  });

  it('refuses to watch what does not exist (404) and what is not a watch target (400)', async () => {
    const person = await createUser(t.database);
    const client = await signedIn(person);
    expect(
      (await client.post('/watch', { targetType: 'thread', targetId: '999999' }, { from: '/notifications' })).status,
    ).toBe(404);
    expect((await client.post('/watch', { targetType: 'user', targetId: '1' })).status).toBe(400);
    expect((await client.post('/watch', { targetType: 'thread', targetId: 'x'.repeat(101) })).status).toBe(400);
  });

  it('only ever returns to a page of this site after watching', async () => {
    const person = await createUser(t.database);
    const category = await makeCategory(db());
    const client = await signedIn(person);
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
      const res = await client.post(
        '/watch',
        { targetType: 'category', targetId: String(category), delivery: 'in_app', next },
        { from: '/notifications/watching' },
      );
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/notifications/watching?notice=watched');
    }
  });

  it('mutes a thread so that a category watch no longer brings its posts, and unmutes it', async () => {
    const person = await createUser(t.database);
    const author = await createUser(t.database);
    const category = await makeCategory(db());
    const threadId = await makeThread(db(), { categoryId: category, authorId: author.id });
    await watch(db(), {
      userId: person.id,
      targetType: 'category',
      targetId: String(category),
      delivery: 'in_app',
      now: t.clock.now(),
    });
    const client = await signedIn(person);
    expect(
      (
        await client.post(
          '/watch/mute',
          { targetType: 'thread', targetId: String(threadId), muted: 'true' },
          { from: '/notifications' },
        )
      ).status,
    ).toBe(303);
    const fan = async () => {
      const p = await makePost(db(), { threadId, authorId: author.id });
      await db().transaction((tx) => queuePostFanout(tx, { postId: p.id, now: t.clock.now() }));
      await t.drainJobs();
    };
    await fan();
    expect(await notificationsOf(db(), person.id)).toHaveLength(0);
    expect(await (await client.get('/notifications/watching')).text()).toContain('Unmute');
    await client.post('/watch/mute', { targetType: 'thread', targetId: String(threadId), muted: 'false' });
    await fan();
    expect(await notificationsOf(db(), person.id)).toHaveLength(1);
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  async function mailedUnsubscribeUrl(person: { id: number }, categoryName: string) {
    const author = await createUser(t.database);
    const category = await makeCategory(db(), { name: categoryName });
    const threadId = await makeThread(db(), { categoryId: category, authorId: author.id });
    await watch(db(), {
      userId: person.id,
      targetType: 'category',
      targetId: String(category),
      delivery: 'immediate',
      now: t.clock.now(),
    });
    const p = await makePost(db(), { threadId, authorId: author.id });
    await db().transaction((tx) => queuePostFanout(tx, { postId: p.id, now: t.clock.now() }));
    await t.drainJobs();
    const mail = t.mailer.sent.at(-1)!;
    const url = String(mail.list?.unsubscribe);
    return { path: new URL(url).pathname, category };
  }

  it('works as a POST with no cookie and no form token, and stops the stream the email came from', async () => {
    const person = await createUser(t.database);
    const { path, category } = await mailedUnsubscribeUrl(person, 'Copyright & licensing');
    const preview = await new TestClient(t.app).get(path);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('Stop watching the forum category “Copyright &amp; licensing”');
    const res = await t.app.request(`http://localhost${path}`, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Unsubscribed');
    const left = rowsOf(
      await db().execute(
        sql`select 1 from subscriptions where user_id = ${person.id} and target_id = ${String(category)}`,
      ),
    );
    expect(left).toHaveLength(0);
  });

  it('answers 404 for an unknown token and changes nothing', async () => {
    const res = await t.app.request(`http://localhost/unsubscribe/${'B'.repeat(43)}`, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(404);
  });

  it('exempts exactly that path: every other form without a token is still refused', async () => {
    const person = await createUser(t.database);
    const client = await signedIn(person);
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    for (const path of [
      '/notifications/read-all',
      '/notifications/preferences',
      '/watch',
      `/unsubscribe/${'B'.repeat(43)}/again`,
      `/unsubscribe/${'B'.repeat(44)}`,
      `/unsubscribe/${'B'.repeat(42)}`,
    ]) {
      const res = await t.app.request(`http://localhost${path}`, {
        method: 'POST',
        body: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      });
      expect(res.status, path).toBe(403);
      expect(await res.text(), path).toContain('http.csrf_failed');
    }
  });

  it('pauses all email when the email was addressed to the person (not caused by a watch)', async () => {
    const person = await createUser(t.database);
    await tell(person.id, 'A direct message');
    await t.drainJobs();
    const mail = t.mailer.sent.at(-1)!;
    expect(mail.to).toBe(person.email);
    const path = new URL(String(mail.list?.unsubscribe)).pathname;
    const res = await new TestClient(t.app).request(path, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect((await getSettings(db(), person.id)).emailPaused).toBe(true);
  });
});

describe('article pages', () => {
  it('offer signed-in readers "Watch this article" and anonymous readers a sign-in link', async () => {
    const author = await createUser(t.database);
    await db().execute(sql`insert into articles (slug, title, summary, type, audience, body, created_by, updated_by)
      values ('watchable-article', 'Watchable', 'A summary', 'guide', 'all', 'Body text', ${author.id}, ${author.id})`);
    const anonymous = await (await new TestClient(t.app).get('/articles/watchable-article')).text();
    expect(anonymous).toContain('Sign in to watch this article');
    const reader = await createUser(t.database);
    const client = await signedIn(reader);
    const html = await (await client.get('/articles/watchable-article')).text();
    expect(html).toContain('Watch this article');
    const id = html.match(/name="targetId" value="(\d+)"/)?.[1];
    expect(
      (
        await client.post('/watch', {
          targetType: 'article',
          targetId: id!,
          delivery: 'immediate',
          next: '/articles/watchable-article',
        })
      ).status,
    ).toBe(303);
    expect(await (await client.get('/articles/watchable-article')).text()).toContain('You are watching this article');
  });
});

describe('topic pages', () => {
  it('offer "Watch this topic" to members and a sign-in link to anonymous readers; the watch is by slug', async () => {
    await db().execute(
      sql`insert into topics (slug, name, description, position) values ('watchable-topic', 'Watchable topic', 'A topic to watch', 99) on conflict do nothing`,
    );
    const anonymous = await (await new TestClient(t.app).get('/topics/watchable-topic')).text();
    expect(anonymous).toContain('Sign in to watch this topic');
    expect(anonymous).toContain('/sign-in?next=%2Ftopics%2Fwatchable-topic');
    const reader = await createUser(t.database);
    const client = await signedIn(reader);
    const html = await (await client.get('/topics/watchable-topic')).text();
    expect(html).toMatch(/<button type="submit">Watch this topic<\/button>/);
    expect(html).toContain('name="targetId" value="watchable-topic"');
    const res = await client.post('/watch', {
      targetType: 'topic',
      targetId: 'watchable-topic',
      delivery: 'digest',
      next: '/topics/watchable-topic',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/topics/watchable-topic');
    expect(await (await client.get('/topics/watchable-topic')).text()).toContain(
      'You are watching this topic (email me a daily digest)',
    );
    const rows = rowsOf<{ target_type: string; target_id: string; delivery: string }>(
      await db().execute(sql`select target_type, target_id, delivery from subscriptions where user_id = ${reader.id}`),
    );
    expect(rows).toEqual([{ target_type: 'topic', target_id: 'watchable-topic', delivery: 'digest' }]);
  });
});

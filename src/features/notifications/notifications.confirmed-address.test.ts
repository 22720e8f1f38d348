import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { sendDigest } from './notifications.digest';
import { DEFAULT_SETTINGS } from './notifications.models';
import { saveSettings } from './notifications.repository';
import { notify, watch } from './notifications.usecases';
import { queuePostFanout } from '../community/community.fanout';
import { makeCategory, makePost, makeThread, notificationsOf } from '../../../test/helpers/forum';

/**
 * No notification mail (immediate, mailing-list mode, daily digest) goes to
 * an address its owner has not confirmed: it may be someone else's. What
 * happens is still shown in the hub.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();

/** A member as self sign-up leaves them: the address not confirmed yet. */
async function unconfirmedUser() {
  const user = await createUser(t.database);
  await db().execute(sql`update users set email_verified_at = null where id = ${user.id}`);
  return user;
}

const confirm = (id: number) =>
  db().execute(sql`update users set email_verified_at = ${now().toISOString()} where id = ${id}`);

describe('an address not confirmed yet', () => {
  it('gets the in-hub notification but no email, until it is confirmed', async () => {
    const fresh = await unconfirmedUser();
    const confirmed = await createUser(t.database);
    const before = t.mailer.sent.length;
    const tell = (title: string) =>
      db().transaction((tx) =>
        notify(tx, {
          userIds: [fresh.id, confirmed.id],
          kind: 'test.notice',
          actorId: null,
          subjectType: 'article',
          subjectId: '1',
          url: '/articles',
          title,
          now: now(),
        }),
      );
    await tell('Someone mentioned you');
    await t.drainJobs();
    expect(t.mailer.sent.slice(before).map((m) => m.to)).toEqual([confirmed.email]);
    expect((await notificationsOf(db(), fresh.id)).map((n) => n.title)).toEqual(['Someone mentioned you']);

    await confirm(fresh.id);
    const after = t.mailer.sent.length;
    await tell('Someone mentioned you again');
    await t.drainJobs();
    expect(
      t.mailer.sent
        .slice(after)
        .map((m) => m.to)
        .sort(),
    ).toEqual([confirmed.email, fresh.email].sort());
  });

  it('gets no forum posts by mailing-list mode', async () => {
    const category = await makeCategory(db());
    const author = await createUser(t.database);
    const threadId = await makeThread(db(), { categoryId: category, authorId: author.id });
    const fresh = await unconfirmedUser();
    const confirmed = await createUser(t.database);
    for (const person of [fresh, confirmed]) {
      await saveSettings(db(), person.id, { ...DEFAULT_SETTINGS, mailingListMode: true }, now());
      await watch(db(), {
        userId: person.id,
        targetType: 'category',
        targetId: String(category),
        delivery: 'immediate',
        now: now(),
      });
    }
    const before = t.mailer.sent.length;
    const p = await makePost(db(), { threadId, authorId: author.id, body: 'A post every listserv member would get.' });
    await db().transaction((tx) => queuePostFanout(tx, { postId: p.id, now: now() }));
    await t.drainJobs();
    expect(t.mailer.sent.slice(before).map((m) => m.to)).toEqual([confirmed.email]);
    expect(await notificationsOf(db(), fresh.id)).toHaveLength(1);
  });

  it('gets no daily digest', async () => {
    const fresh = await unconfirmedUser();
    const confirmed = await createUser(t.database);
    for (const person of [fresh, confirmed])
      await saveSettings(db(), person.id, { ...DEFAULT_SETTINGS, defaultDelivery: 'digest' }, now());
    await db().transaction((tx) =>
      notify(tx, {
        userIds: [fresh.id, confirmed.id],
        kind: 'test.notice',
        actorId: null,
        subjectType: 'article',
        subjectId: '1',
        url: '/articles',
        title: 'A page you watch changed',
        now: now(),
      }),
    );
    const day = now().toISOString().slice(0, 10);
    const before = t.mailer.sent.length;
    expect(await sendDigest(t.deps, fresh.id, day)).toBe(false);
    expect(await sendDigest(t.deps, confirmed.id, day)).toBe(true);
    await t.drainJobs();
    expect(t.mailer.sent.slice(before).map((m) => m.to)).toEqual([confirmed.email]);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { rowsOf } from '../../platform/db/database';
import { notificationsModule, personalRowCount } from './notifications.module';
import { DEFAULT_SETTINGS } from './notifications.models';
import { saveSettings } from './notifications.repository';
import { notify, replyAddress, watch } from './notifications.usecases';
import { makeCategory } from '../../../test/helpers/forum';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('personal data', () => {
  it('exports a person’s watches, notifications and settings, and erases them without touching anyone else’s', async () => {
    const person = await createUser(t.database);
    const other = await createUser(t.database);
    const category = await makeCategory(t.database.db, { name: 'Watercooler' });
    const now = t.clock.now();
    for (const userId of [person.id, other.id]) {
      await saveSettings(t.database.db, userId, { ...DEFAULT_SETTINGS, digestHourUtc: 9 }, now);
      await watch(t.database.db, {
        userId,
        targetType: 'category',
        targetId: String(category),
        delivery: 'digest',
        now,
      });
      await t.database.db.transaction(async (tx) => {
        await notify(tx, {
          userIds: [userId],
          kind: 'test',
          actorId: null,
          subjectType: 'thread',
          subjectId: '1',
          url: '/forum/t/1',
          title: 'Something for you',
          now,
        });
        await replyAddress(tx, { userId, scope: 'thread:1' });
      });
    }
    await t.drainJobs();

    const exported = await notificationsModule.personalData!.export(t.deps, person.id);
    expect(exported).toMatchObject({
      notificationSettings: { digestHourUtc: 9 },
      watches: [
        { targetType: 'category', targetId: String(category), name: 'Watercooler', delivery: 'digest', muted: false },
      ],
      notifications: [{ title: 'Something for you', url: '/forum/t/1' }],
    });
    expect(JSON.stringify(exported)).not.toContain(other.email);

    // The person wrote to the other: that notification quotes them.
    await t.database.db.transaction((tx) =>
      notify(tx, {
        userIds: [other.id],
        kind: 'message',
        actorId: person.id,
        subjectType: 'conversation',
        subjectId: '9',
        url: '/messages/9',
        title: 'A message from them',
        excerpt: 'private words',
        now,
      }),
    );
    const otherBefore = await personalRowCount(t.database.db, other.id);
    await t.database.db.transaction((tx) => notificationsModule.personalData!.erase(tx, person.id));
    expect(await personalRowCount(t.database.db, person.id)).toBe(0);
    expect(await personalRowCount(t.database.db, other.id)).toBe(otherBefore - 1);
    const quoting = rowsOf(
      await t.database.db.execute(
        sql`select 1 from notifications where actor_id = ${person.id} or excerpt = 'private words'`,
      ),
    );
    expect(quoting).toHaveLength(0);
    const tokens = rowsOf(await t.database.db.execute(sql`select 1 from email_tokens where user_id = ${person.id}`));
    expect(tokens).toHaveLength(0);
  });
});

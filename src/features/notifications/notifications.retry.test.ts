import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { rowsOf } from '../../platform/db/database';
import type { MailMessage, Mailer } from '../../platform/mail/mailer';
import { watch } from './notifications.usecases';
import { queuePostFanout } from '../community/community.fanout';
import { makeCategory, makePost, makeThread } from '../../../test/helpers/forum';

/** An SMTP server that is down for the first two attempts. */
const delivered: MailMessage[] = [];
let failures = 2;
const flaky: Mailer = {
  async send(message) {
    if (failures > 0) {
      failures--;
      throw new Error('connect ECONNREFUSED 127.0.0.1:25');
    }
    delivered.push(message);
    return { messageId: `<${delivered.length}@test>` };
  },
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ mailer: flaky });
});
afterAll(() => t.close());

describe('notification email when the mail server is down', () => {
  it('is retried with backoff by the queue and delivered exactly once, never lost', async () => {
    const author = await createUser(t.database);
    const watcher = await createUser(t.database);
    const category = await makeCategory(t.database.db);
    const threadId = await makeThread(t.database.db, { categoryId: category, authorId: author.id });
    await watch(t.database.db, {
      userId: watcher.id,
      targetType: 'category',
      targetId: String(category),
      delivery: 'immediate',
      now: t.clock.now(),
    });
    const post = await makePost(t.database.db, { threadId, authorId: author.id });
    await t.database.db.transaction((tx) => queuePostFanout(tx, { postId: post.id, now: t.clock.now() }));
    await t.drainJobs();
    expect(delivered).toHaveLength(0);
    const job = async () =>
      rowsOf<{ status: string; attempts: number }>(
        await t.database.db.execute(sql`select status, attempts from jobs where queue = 'mail.send'`),
      )[0]!;
    expect(await job()).toEqual({ status: 'pending', attempts: 1 });
    t.clock.advance(5_000);
    await t.drainJobs();
    expect(await job()).toEqual({ status: 'pending', attempts: 2 });
    t.clock.advance(10_000);
    await t.drainJobs();
    t.clock.advance(3_600_000);
    await t.drainJobs();
    expect(await job()).toEqual({ status: 'done', attempts: 3 });
    expect(delivered.map((m) => m.to)).toEqual([watcher.email]);
  });
});

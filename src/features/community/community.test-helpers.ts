import { sql } from 'drizzle-orm';
import type { createUser, TestApp } from '../../../test/helpers/app';
import type { Actor } from '../../platform/auth/actor';
import { rowsOf } from '../../platform/db/database';
import type { ThreadInput } from './community.schemas';
import { createThread, replyToThread } from './community.usecases';

export type TestUser = Awaited<ReturnType<typeof createUser>>;

export function actor(user: TestUser): Actor {
  return { id: user.id, username: user.username, displayName: user.displayName, email: user.email, role: user.role };
}

let keys = 0;
export function key(): string {
  keys++;
  return `test-key-${process.pid}-${keys}-abcdefgh`;
}

export function threadInput(over: Partial<ThreadInput> = {}): ThreadInput {
  return { title: 'Which lenders accept IFLA vouchers?', body: 'We have a thesis request from France. Who takes vouchers?', categorySlug: 'international', kind: 'question', topicSlugs: [], ...over };
}

/** A thread by `author`, straight through the use case. */
export async function startThread(t: TestApp, author: TestUser, over: Partial<ThreadInput> = {}) {
  const result = await createThread({ db: t.database.db, actor: actor(author), now: t.clock.now(), input: threadInput(over), idempotencyKey: key() });
  if (!result.ok) throw new Error(`could not start a thread: ${JSON.stringify(result.errors)}`);
  return result;
}

export async function reply(t: TestApp, author: TestUser, threadId: number, body = 'We accept them for loans and copies alike.') {
  const result = await replyToThread({ db: t.database.db, actor: actor(author), now: t.clock.now(), threadId, body, idempotencyKey: key() });
  if (!result.ok) throw new Error(`could not reply: ${JSON.stringify(result.errors)}`);
  return result;
}

export async function notificationsOf(t: TestApp, userId: number): Promise<Array<{ kind: string; url: string; title: string }>> {
  return rowsOf<{ kind: string; url: string; title: string }>(
    await t.database.db.execute(sql`select kind, url, title from notifications where user_id = ${userId} order by id`),
  );
}

export async function searchKinds(t: TestApp, refId: number): Promise<number> {
  const rows = rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from search_documents where kind = 'post' and ref_id = ${String(refId)}`));
  return Number(rows[0]?.n ?? 0);
}

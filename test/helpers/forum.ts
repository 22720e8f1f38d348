import { sql } from 'drizzle-orm';
import type { ThreadInput } from '../../src/features/community/community.schemas';
import { createThread, replyToThread } from '../../src/features/community/community.usecases';
import type { DbOrTx } from '../../src/platform/db/database';
import { rowsOf } from '../../src/platform/db/database';
import { actorFor, type TestApp, type TestUser } from './app';

// Forum content for tests: threads and replies through the community use cases (startThread, reply), or rows
// straight into the tables (makeCategory, makeThread, makePost) for tests that must not depend on those use cases.

let keys = 0;
export function key(): string {
  keys++;
  return `test-key-${process.pid}-${keys}-abcdefgh`;
}

export function threadInput(over: Partial<ThreadInput> = {}): ThreadInput {
  return {
    title: 'Which lenders accept IFLA vouchers?',
    body: 'We have a thesis request from France. Who takes vouchers?',
    categorySlug: 'international',
    kind: 'question',
    topicSlugs: [],
    ...over,
  };
}

/** A thread by `author`, straight through the use case. */
export async function startThread(t: TestApp, author: TestUser, over: Partial<ThreadInput> = {}) {
  const result = await createThread({
    db: t.database.db,
    actor: actorFor(author),
    now: t.clock.now(),
    input: threadInput(over),
    idempotencyKey: key(),
  });
  if (!result.ok) throw new Error(`could not start a thread: ${JSON.stringify(result.errors)}`);
  return result;
}

export async function reply(
  t: TestApp,
  author: TestUser,
  threadId: number,
  body = 'We accept them for loans and copies alike.',
) {
  const result = await replyToThread({
    db: t.database.db,
    actor: actorFor(author),
    now: t.clock.now(),
    threadId,
    body,
    idempotencyKey: key(),
  });
  if (!result.ok) throw new Error(`could not reply: ${JSON.stringify(result.errors)}`);
  return result;
}

export async function searchKinds(t: TestApp, refId: number): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await t.database.db.execute(
      sql`select count(*)::int as n from search_documents where kind = 'post' and ref_id = ${String(refId)}`,
    ),
  );
  return Number(rows[0]?.n ?? 0);
}

let n = 0;

export async function makeCategory(db: DbOrTx, options: { parentId?: number; name?: string } = {}): Promise<number> {
  n++;
  const rows = rowsOf<{ id: number }>(
    await db.execute(
      sql`insert into forum_categories (slug, name, parent_id) values (${`cat-${process.pid}-${n}`}, ${options.name ?? `Category ${n}`}, ${options.parentId ?? null}) returning id`,
    ),
  );
  return Number(rows[0]!.id);
}

export async function makeThread(
  db: DbOrTx,
  options: {
    categoryId: number;
    authorId: number;
    title?: string;
    topicSlugs?: string[];
    articleId?: number | null;
    status?: string;
  },
): Promise<number> {
  const topics = `{${(options.topicSlugs ?? []).join(',')}}`;
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`insert into forum_threads (category_id, title, author_id, topic_slugs, article_id, status)
      values (${options.categoryId}, ${options.title ?? 'Lending to a closed library'}, ${options.authorId}, ${topics}::text[], ${options.articleId ?? null}, ${options.status ?? 'published'})
      returning id`),
  );
  return Number(rows[0]!.id);
}

export async function makePost(
  db: DbOrTx,
  options: { threadId: number; authorId: number; body?: string; status?: string },
): Promise<{ id: number; number: number }> {
  const rows = rowsOf<{ id: number; number: number }>(
    await db.execute(sql`insert into forum_posts (thread_id, number, author_id, body, status)
      values (${options.threadId}, (select coalesce(max(number), 0) + 1 from forum_posts where thread_id = ${options.threadId}), ${options.authorId},
        ${options.body ?? 'We send a scan of the table of contents first, then the chapter.'}, ${options.status ?? 'published'})
      returning id, number`),
  );
  return { id: Number(rows[0]!.id), number: Number(rows[0]!.number) };
}

export async function notificationsOf(db: DbOrTx, userId: number) {
  return rowsOf<{
    id: number;
    kind: string;
    delivery: string;
    title: string;
    url: string;
    dedupe_key: string | null;
    emailed_at: string | null;
    read_at: string | null;
  }>(
    await db.execute(
      sql`select id, kind, delivery, title, url, dedupe_key, emailed_at, read_at from notifications where user_id = ${userId} order by id`,
    ),
  );
}

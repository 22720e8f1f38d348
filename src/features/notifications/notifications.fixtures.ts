/** Test-only: forum rows straight into the tables, so these tests do not depend on the community module's use cases. */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import { rowsOf } from '../../platform/db/database';

let n = 0;

export async function makeCategory(db: DbOrTx, options: { parentId?: number; name?: string } = {}): Promise<number> {
  n++;
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`insert into forum_categories (slug, name, parent_id) values (${`cat-${process.pid}-${n}`}, ${options.name ?? `Category ${n}`}, ${options.parentId ?? null}) returning id`),
  );
  return Number(rows[0]!.id);
}

export async function makeThread(
  db: DbOrTx,
  options: { categoryId: number; authorId: number; title?: string; topicSlugs?: string[]; articleId?: number | null; status?: string },
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
  return rowsOf<{ id: number; kind: string; delivery: string; title: string; url: string; dedupe_key: string | null; emailed_at: string | null; read_at: string | null }>(
    await db.execute(sql`select id, kind, delivery, title, url, dedupe_key, emailed_at, read_at from notifications where user_id = ${userId} order by id`),
  );
}

import { sql } from 'drizzle-orm';
import type { SafeHtml } from '../../platform/content/markdown';
import { type DbOrTx, rowsOf } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { enqueue, type JobHandler } from '../../platform/jobs/queue';
import { notifyPostWatchers, type WatchedPost } from '../notifications';
import { postUrl } from './community.models';

/** The queue's name is older than the move of this job to the forum: jobs queued before it still run. */
export const POST_FANOUT_QUEUE = 'notifications.fanout';

/**
 * Queue the fan-out of a post that has just become public, in that transaction (posting, or approving a held
 * post). The job tells everyone watching the thread, its category or a parent, its topics or its article; a post
 * never notifies anyone twice, so queuing it again is safe.
 */
export async function queuePostFanout(tx: DbOrTx, input: { postId: number; now: Date }): Promise<void> {
  await enqueue(tx, POST_FANOUT_QUEUE, { postId: input.postId }, { runAt: input.now });
}

interface PostRow {
  post_id: number;
  number: number;
  body: string;
  body_html: SafeHtml | null;
  author_id: number;
  author_name: string;
  thread_id: number;
  title: string;
  category_ids: number[] | string;
  category_name: string;
  topic_slugs: string[] | string;
  article_id: number | null;
}

const pgArray = (value: string[] | number[] | string): string[] =>
  Array.isArray(value) ? value.map(String) : String(value).replace(/[{}]/g, '').split(',').filter(Boolean);

/** The post as it is now (a moved thread fans out to its new category); undefined when it is not public. */
export async function watchedPost(db: DbOrTx, postId: number): Promise<WatchedPost | undefined> {
  const row = rowsOf<PostRow>(
    await db.execute(sql`
      with recursive cats(id, depth) as (
        select t.category_id, 0 from forum_posts p join forum_threads t on t.id = p.thread_id where p.id = ${postId}
        union
        select c.parent_id, cats.depth + 1 from forum_categories c join cats on c.id = cats.id where c.parent_id is not null and cats.depth < 20
      )
      select p.id as post_id, p.number, p.body, p.body_html, p.author_id, u.display_name as author_name,
        t.id as thread_id, t.title, (select array_agg(id) from cats) as category_ids, c.name as category_name, t.topic_slugs, t.article_id
      from forum_posts p
      join forum_threads t on t.id = p.thread_id
      join forum_categories c on c.id = t.category_id
      join users u on u.id = p.author_id
      where p.id = ${postId} and p.status = 'published' and t.status = 'published'`),
  )[0];
  if (!row) return undefined;
  return {
    postId: Number(row.post_id),
    number: Number(row.number),
    body: row.body,
    bodyHtml: row.body_html,
    authorId: Number(row.author_id),
    authorName: row.author_name,
    threadId: Number(row.thread_id),
    title: row.title,
    categoryIds: pgArray(row.category_ids).map(Number),
    categoryName: row.category_name,
    topicSlugs: pgArray(row.topic_slugs),
    articleId: row.article_id === null ? null : Number(row.article_id),
    url: postUrl(Number(row.post_id)),
  };
}

export function postFanoutJobHandler(deps: Deps): JobHandler {
  return async (payload) => {
    const postId = Number(payload.postId);
    if (!Number.isInteger(postId)) throw new Error('the post fan-out job needs a postId');
    const post = await watchedPost(deps.database.db, postId);
    if (post) await notifyPostWatchers(deps.database.db, post, deps.clock.now());
  };
}

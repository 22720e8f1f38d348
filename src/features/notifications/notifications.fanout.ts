import { sql } from 'drizzle-orm';
import type { SafeHtml } from '../../platform/content/markdown';
import { storedText } from '../../platform/content/stored-html';
import type { Database } from '../../platform/db/database';
import { rowsOf } from '../../platform/db/database';
import type { JobHandler } from '../../platform/jobs/queue';
import { excerptOf } from './notifications.models';
import { enqueueEmailBatches } from './notifications.usecases';

/** Where a post lives (the community module's /forum/p/:id finds its page). */
export function postUrl(postId: number): string {
  return `/forum/p/${postId}`;
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
  category_id: number;
  category_name: string;
  topic_slugs: string[] | string;
  article_id: number | null;
}

/** The post as it is now (a moved thread fans out to its new category); undefined when it is not public. */
async function loadPublishedPost(db: Database['db'], postId: number): Promise<PostRow | undefined> {
  return rowsOf<PostRow>(
    await db.execute(sql`
      select p.id as post_id, p.number, p.body, p.body_html, p.author_id, u.display_name as author_name,
        t.id as thread_id, t.title, t.category_id, c.name as category_name, t.topic_slugs, t.article_id
      from forum_posts p
      join forum_threads t on t.id = p.thread_id
      join forum_categories c on c.id = t.category_id
      join users u on u.id = p.author_id
      where p.id = ${postId} and p.status = 'published' and t.status = 'published'`),
  )[0];
}

function textArray(values: string[]): string {
  const safe = values.filter((v) => /^[a-z0-9][a-z0-9-]*$/.test(v));
  return `{${safe.join(',')}}`;
}

/**
 * One statement decides who hears about a post and how:
 * - candidates are the watches of the thread, its category and the category's parents, its topics and its article;
 * - the most specific watch wins (thread, then article, topic, category); a muted thread silences everything;
 * - mailing-list mode emails every post of a watched category, unless a thread watch says otherwise;
 * - paused email means in the hub only; the author, deleted and system accounts, and people the post
 *   mentions (the community's `mention:<postId>` notification already told them) are skipped;
 * - the dedupe key `post:<id>` makes a re-run (retry, approval) notify nobody twice.
 * It returns the immediate ones with the watch that caused each (for the unsubscribe link).
 */
export async function fanOutPost(db: Database['db'], postId: number, now: Date): Promise<{ notified: number; emailed: number }> {
  return db.transaction(async (tx) => {
    const post = await loadPublishedPost(tx as unknown as Database['db'], postId);
    if (!post) return { notified: 0, emailed: 0 };
    const topics = Array.isArray(post.topic_slugs) ? post.topic_slugs : String(post.topic_slugs).replace(/[{}]/g, '').split(',');
    const opening = Number(post.number) === 1;
    const kind = opening ? 'forum.thread' : 'forum.reply';
    const title = opening ? `${post.author_name} started “${post.title}”` : `${post.author_name} replied in “${post.title}”`;
    const threadId = String(post.thread_id);
    const articleId = post.article_id === null ? '' : String(post.article_id);
    // 1. Who hears, how, and because of which watch. Aggregates rather than self-joins: PGlite has no
    //    autovacuum, so the planner may think these tables are empty and must not be able to pick a
    //    plan that rescans the watches once per watcher.
    const recipients = rowsOf<{ user_id: number; delivery: string; reason: number }>(
      await tx.execute(sql`
        with recursive cats(id) as (
          select ${Number(post.category_id)}::int
          union
          select c.parent_id from forum_categories c join cats on c.id = cats.id where c.parent_id is not null
        ),
        w as (
          select s.id, s.user_id, s.delivery, s.muted,
            case s.target_type when 'thread' then 0 when 'article' then 1 when 'topic' then 2 else 3 end as rank
          from subscriptions s
          where (s.target_type = 'thread' and s.target_id = ${threadId})
             or (s.target_type = 'category' and s.target_id in (select id::text from cats))
             or (s.target_type = 'topic' and s.target_id = any(${textArray(topics)}::text[]))
             or (s.target_type = 'article' and s.target_id = ${articleId})
        ),
        per_person as (
          select user_id,
            min(rank) as rank,
            (array_agg(id order by rank, id))[1] as watch_id,
            (array_agg(delivery order by rank, id))[1] as delivery,
            (array_agg(muted order by rank, id))[1] as muted,
            min(id) filter (where rank = 3) as category_watch_id
          from w
          where user_id <> ${Number(post.author_id)}
          group by user_id
        )
        select p.user_id,
          case
            when coalesce(ns.email_paused, false) then 'in_app'
            when p.rank > 0 and coalesce(ns.mailing_list_mode, false) and p.category_watch_id is not null then 'immediate'
            else p.delivery
          end as delivery,
          case
            when p.rank > 0 and coalesce(ns.mailing_list_mode, false) and p.category_watch_id is not null and p.delivery <> 'immediate'
              then p.category_watch_id
            else p.watch_id
          end as reason
        from per_person p
        join users u on u.id = p.user_id and u.deleted_at is null and not u.is_system
        left join notification_settings ns on ns.user_id = p.user_id
        where not p.muted
          -- mentioned in this post: already told, by the mention itself
          and not exists (select 1 from notifications x where x.user_id = p.user_id and x.dedupe_key = ${`mention:${post.post_id}`})`),
    );
    if (recipients.length === 0) return { notified: 0, emailed: 0 };
    // 2. One insert for all of them; the dedupe key skips anyone this post already notified.
    const rows = rowsOf<{ id: number; user_id: number; delivery: string }>(
      await tx.execute(sql`
        insert into notifications (user_id, kind, actor_id, subject_type, subject_id, url, title, excerpt, subject_title, context, delivery, dedupe_key, created_at)
        select r.user_id, ${kind}, ${Number(post.author_id)}, 'thread', ${threadId}, ${postUrl(Number(post.post_id))}, ${title},
          ${excerptOf(storedText(post.body_html, post.body), 500)}, ${post.title}, ${post.category_name}, r.delivery, ${`post:${post.post_id}`}, ${now.toISOString()}
        from unnest(${`{${recipients.map((r) => r.user_id).join(',')}}`}::int[], ${`{${recipients.map((r) => r.delivery).join(',')}}`}::text[]) as r(user_id, delivery)
        on conflict (user_id, dedupe_key) do nothing
        returning id, user_id, delivery`),
    );
    const reasonOf = new Map(recipients.map((r) => [Number(r.user_id), Number(r.reason)]));
    const immediate = rows
      .filter((r) => r.delivery === 'immediate')
      .map((r): [number, number | null] => [Number(r.id), reasonOf.get(Number(r.user_id)) ?? null]);
    await enqueueEmailBatches(tx, immediate, now, { postId: Number(post.post_id) });
    return { notified: rows.length, emailed: immediate.length };
  });
}

export function fanoutJobHandler(database: Database, clock: { now(): Date }): JobHandler {
  return async (payload) => {
    const postId = Number(payload.postId);
    if (!Number.isInteger(postId)) throw new Error('notifications.fanout job needs a postId');
    await fanOutPost(database.db, postId, clock.now());
  };
}

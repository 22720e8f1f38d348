import { sql } from 'drizzle-orm';
import { announcePersonalChange } from '../../platform/cache/personal';
import type { SafeHtml } from '../../platform/content/markdown';
import { storedText } from '../../platform/content/stored-html';
import { intArray, textArray } from '../../platform/db/arrays';
import { type DbOrTx, rowsOf } from '../../platform/db/database';
import { excerptOf } from './notifications.models';
import { enqueueEmailBatches } from './notifications.usecases';

/**
 * A public forum post as its watchers hear of it. The community loads it (as it is when the job runs: a moved
 * thread fans out to its new category) and hands it over; nothing here reads the forum's tables.
 */
export interface WatchedPost {
  postId: number;
  number: number;
  body: string;
  bodyHtml: SafeHtml | null;
  authorId: number;
  authorName: string;
  threadId: number;
  title: string;
  /** The thread's category and every category above it. */
  categoryIds: number[];
  categoryName: string;
  topicSlugs: string[];
  articleId: number | null;
  /** Where the notice leads (the post's own address). */
  url: string;
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
export async function notifyPostWatchers(
  db: DbOrTx,
  post: WatchedPost,
  now: Date,
): Promise<{ notified: number; emailed: number }> {
  return db.transaction(async (tx) => {
    const topics = post.topicSlugs;
    const opening = post.number === 1;
    const kind = opening ? 'forum.thread' : 'forum.reply';
    const title = opening
      ? `${post.authorName} started “${post.title}”`
      : `${post.authorName} replied in “${post.title}”`;
    const threadId = String(post.threadId);
    const articleId = post.articleId === null ? '' : String(post.articleId);
    const categories = intArray(post.categoryIds);
    // 1. Who hears, how, and because of which watch. Aggregates rather than self-joins: PGlite has no
    //    autovacuum, so the planner may think these tables are empty and must not be able to pick a
    //    plan that rescans the watches once per watcher.
    const recipients = rowsOf<{ user_id: number; delivery: string; reason: number }>(
      await tx.execute(sql`
        with w as (
          select s.id, s.user_id, s.delivery, s.muted,
            case s.target_type when 'thread' then 0 when 'article' then 1 when 'topic' then 2 else 3 end as rank
          from subscriptions s
          where (s.target_type = 'thread' and s.target_id = ${threadId})
             or (s.target_type = 'category' and s.target_id = any(${categories}::text[]))
             or (s.target_type = 'topic' and s.target_id = any(${textArray(topics)}))
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
          where user_id <> ${post.authorId}
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
          and not exists (select 1 from notifications x where x.user_id = p.user_id and x.dedupe_key = ${`mention:${post.postId}`})`),
    );
    if (recipients.length === 0) return { notified: 0, emailed: 0 };
    // 2. One insert for all of them; the dedupe key skips anyone this post already notified.
    const rows = rowsOf<{ id: number; user_id: number; delivery: string }>(
      await tx.execute(sql`
        insert into notifications (user_id, kind, actor_id, subject_type, subject_id, url, title, excerpt, subject_title, context, delivery, dedupe_key, created_at)
        select r.user_id, ${kind}, ${post.authorId}, 'thread', ${threadId}, ${post.url}, ${title},
          ${excerptOf(storedText(post.bodyHtml, post.body), 500)}, ${post.title}, ${post.categoryName}, r.delivery, ${`post:${post.postId}`}, ${now.toISOString()}
        from unnest(${`{${recipients.map((r) => r.user_id).join(',')}}`}::int[], ${`{${recipients.map((r) => r.delivery).join(',')}}`}::text[]) as r(user_id, delivery)
        on conflict (user_id, dedupe_key) do nothing
        returning id, user_id, delivery`),
    );
    // Unread counts in every process's header drop their cached value when this commits.
    if (rows.length > 0) await announcePersonalChange(tx);
    const reasonOf = new Map(recipients.map((r) => [Number(r.user_id), Number(r.reason)]));
    const immediate = rows
      .filter((r) => r.delivery === 'immediate')
      .map((r): [number, number | null] => [Number(r.id), reasonOf.get(Number(r.user_id)) ?? null]);
    // The email carries the whole post, and its subject is the thread's ("Re: …" for a reply).
    await enqueueEmailBatches(tx, immediate, now, {
      markdown: post.body,
      subject: `${opening ? '' : 'Re: '}${post.title}`,
    });
    return { notified: rows.length, emailed: immediate.length };
  });
}

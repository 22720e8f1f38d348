import { sql } from 'drizzle-orm';
import { announcePersonalChange } from '../../platform/cache/personal';
import { textArray } from '../../platform/db/arrays';
import { type DbOrTx, rowsOf } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { enqueue, type JobHandler } from '../../platform/jobs/queue';
import { excerptOf } from './notifications.models';
import { enqueueEmailBatches } from './notifications.usecases';

/**
 * "Content in a topic": any feature tells the people watching a topic that something new arrived in it, or
 * changed substantially (an article, a workflow, an event, a course…). The owner queues the notice in the
 * transaction that makes the change, with everything the notice needs (nothing here reads its tables).
 */
export const TOPIC_CONTENT_QUEUE = 'notifications.topic-content';

export interface TopicContentNotice {
  change: 'new' | 'changed';
  /** A word for the kind of thing, as readers say it: "article", "workflow", "event", "course". */
  what: string;
  /** What it is, as watches name it (e.g. 'article' and the article's id): whoever watches it hears through that watch. */
  subjectType: string;
  subjectId: string;
  topicSlugs: string[];
  title: string;
  url: string;
  actorId: number;
  /** The edit summary or a short description, if any. */
  message?: string;
  /** Unique per change (e.g. `article:12:r5`): nobody hears about one change twice. */
  changeKey: string;
}

export const TOPIC_CONTENT_KINDS = ['topic.content_new', 'topic.content_changed'] as const;

/** Call in the transaction that makes the change; the dedupe key makes each change's job exist once. */
export async function queueTopicContent(tx: DbOrTx, notice: TopicContentNotice & { now: Date }): Promise<void> {
  const { now, ...payload } = notice;
  if (payload.topicSlugs.length === 0) return;
  await enqueue(
    tx,
    TOPIC_CONTENT_QUEUE,
    { ...payload },
    { runAt: now, dedupeKey: `topic-content:${notice.changeKey}` },
  );
}

/**
 * Everyone watching one of its topics (not muted, not whoever made the change, not watching the thing itself) is
 * told once, by their loudest watch's delivery: in the hub, by email at once, or in the digest.
 */
export async function fanOutTopicContent(deps: Deps, notice: TopicContentNotice): Promise<number> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const kind = notice.change === 'new' ? 'topic.content_new' : 'topic.content_changed';
    const title =
      notice.change === 'new'
        ? `New ${notice.what} in a topic you watch: “${notice.title}”`
        : `A ${notice.what} in a topic you watch changed substantially: “${notice.title}”`;
    const dedupe = `topic-content:${notice.changeKey}`;
    const rows = rowsOf<{ id: number; delivery: string; reason: number }>(
      await tx.execute(sql`
        with recipients as (
          select distinct on (s.user_id) s.id as reason, s.user_id,
            case when coalesce(ns.email_paused, false) and s.delivery <> 'in_app' then 'in_app' else s.delivery end as delivery
          from subscriptions s
          join users u on u.id = s.user_id and u.deleted_at is null and not u.is_system
          left join notification_settings ns on ns.user_id = s.user_id
          where s.target_type = 'topic' and s.target_id = any(${textArray(notice.topicSlugs)}) and not s.muted
            and s.user_id is distinct from ${notice.actorId}
            and not exists (select 1 from subscriptions w where w.user_id = s.user_id
              and w.target_type = ${notice.subjectType} and w.target_id = ${notice.subjectId})
          order by s.user_id, case s.delivery when 'immediate' then 0 when 'in_app' then 1 else 2 end
        ),
        ins as (
          insert into notifications (user_id, kind, actor_id, subject_type, subject_id, url, title, excerpt, subject_title, delivery, dedupe_key, created_at)
          select r.user_id, ${kind}, ${notice.actorId}, ${notice.subjectType}, ${notice.subjectId}, ${notice.url},
            ${title}, ${excerptOf(notice.message ?? '', 500)}, ${notice.title}, r.delivery, ${dedupe}, ${now.toISOString()}
          from recipients r
          on conflict (user_id, dedupe_key) do nothing
          returning id, user_id, delivery
        )
        select ins.id, ins.delivery, r.reason from ins join recipients r on r.user_id = ins.user_id`),
    );
    if (rows.length > 0) await announcePersonalChange(tx);
    const immediate = rows
      .filter((r) => r.delivery === 'immediate')
      .map((r): [number, number] => [Number(r.id), Number(r.reason)]);
    await enqueueEmailBatches(tx, immediate, now);
    return rows.length;
  });
}

export function topicJobHandlers(deps: Deps): Record<string, JobHandler> {
  return {
    [TOPIC_CONTENT_QUEUE]: async (payload) => {
      await fanOutTopicContent(deps, payload as unknown as TopicContentNotice);
    },
  };
}

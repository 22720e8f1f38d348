import { sql } from 'drizzle-orm';
import { rowsOf } from '../../platform/db/database';
import { EVENTS_CHANNEL, parseNotice } from '../../platform/events/record';
import type { Deps } from '../../platform/http/context';
import { enqueue, JOBS_CHANNEL, type JobHandler } from '../../platform/jobs/queue';
import { excerptOf } from './notifications.models';
import { enqueueEmailBatches } from './notifications.usecases';

/**
 * Watching an article also means hearing when it changes. The library knows
 * nothing of this: its `article.revised` / `article.reverted` events are picked
 * up here, from the events table, and each is fanned out once (dedupe keys).
 */
export const ARTICLE_EVENT_TYPES = ['article.revised', 'article.reverted'] as const;
export const ARTICLE_SCAN_QUEUE = 'notifications.article-scan';
export const ARTICLE_EVENT_QUEUE = 'notifications.article-event';

/** Queue one fan-out job per recent article change; the dedupe key makes each event's job exist once. */
export async function scanArticleEvents(deps: Deps): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into jobs (queue, payload, run_at, dedupe_key)
      select ${ARTICLE_EVENT_QUEUE}, jsonb_build_object('eventId', e.id), ${deps.clock.now().toISOString()}, 'article-event:' || e.id
      from events e
      where e.type in ('article.revised', 'article.reverted') and e.created_at > now() - interval '2 hours'
      on conflict do nothing`);
    await tx.execute(sql`select pg_notify(${JOBS_CHANNEL}, ${ARTICLE_EVENT_QUEUE})`);
  });
}

interface EventRow {
  id: number;
  type: string;
  actor_id: number | null;
  article_id: number;
  slug: string;
  title: string;
  message: string;
  actor_name: string | null;
}

/** Everyone watching the article (not muted, not the editor) hears about the change, by their watch's delivery. */
export async function fanOutArticleEvent(deps: Deps, eventId: number): Promise<number> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const event = rowsOf<EventRow>(
      await tx.execute(sql`
        select e.id, e.type, e.actor_id, a.id as article_id, a.slug, a.title, coalesce(e.data->>'message', '') as message,
          case when u.deleted_at is null then u.display_name else 'Former member' end as actor_name
        from events e
        join articles a on a.id::text = e.subject_id
        left join users u on u.id = e.actor_id
        where e.id = ${eventId} and e.subject_type = 'article'`),
    )[0];
    if (!event) return 0;
    const verb = event.type === 'article.reverted' ? 'reverted' : 'edited';
    const title = `${event.actor_name ?? 'Someone'} ${verb} “${event.title}”`;
    const rows = rowsOf<{ id: number; delivery: string; reason: number }>(
      await tx.execute(sql`
        with recipients as (
          select s.id as reason, s.user_id, case when coalesce(ns.email_paused, false) then 'in_app' else s.delivery end as delivery
          from subscriptions s
          join users u on u.id = s.user_id and u.deleted_at is null and not u.is_system
          left join notification_settings ns on ns.user_id = s.user_id
          where s.target_type = 'article' and s.target_id = ${String(event.article_id)} and not s.muted
            and s.user_id is distinct from ${event.actor_id}
        ),
        ins as (
          insert into notifications (user_id, kind, actor_id, subject_type, subject_id, url, title, excerpt, subject_title, delivery, dedupe_key, created_at)
          select r.user_id, ${event.type}, ${event.actor_id}, 'article', ${String(event.article_id)}, ${`/articles/${event.slug}/history`},
            ${title}, ${excerptOf(event.message, 500)}, ${event.title}, r.delivery, ${`event:${event.id}`}, ${now.toISOString()}
          from recipients r
          on conflict (user_id, dedupe_key) do nothing
          returning id, user_id, delivery
        )
        select ins.id, ins.delivery, r.reason from ins join recipients r on r.user_id = ins.user_id`),
    );
    const immediate = rows.filter((r) => r.delivery === 'immediate').map((r): [number, number] => [Number(r.id), Number(r.reason)]);
    await enqueueEmailBatches(tx, immediate, now);
    return rows.length;
  });
}

export function articleJobHandlers(deps: Deps): Record<string, JobHandler> {
  return {
    [ARTICLE_SCAN_QUEUE]: () => scanArticleEvents(deps),
    [ARTICLE_EVENT_QUEUE]: async (payload) => {
      await fanOutArticleEvent(deps, Number(payload.eventId));
    },
  };
}

/** Hear about article changes as they commit (the schedule is the safety net when a notice is missed). */
export async function listenForArticleChanges(deps: Deps): Promise<() => Promise<void>> {
  return deps.database.listen(EVENTS_CHANNEL, (payload) => {
    const notice = parseNotice(payload);
    if (!notice || !(ARTICLE_EVENT_TYPES as readonly string[]).includes(notice.type)) return;
    void enqueue(deps.database.db, ARTICLE_SCAN_QUEUE, {}, { runAt: deps.clock.now() }).catch((error) =>
      deps.logger.warn('could not queue the article scan', { error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

import { sql } from 'drizzle-orm';
import { announcePersonalChange } from '../../platform/cache/personal';
import { type DbOrTx, rowsOf } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { enqueue, type JobHandler } from '../../platform/jobs/queue';
import type { ArticleChange } from './notifications.models';
import { excerptOf } from './notifications.models';
import { enqueueEmailBatches } from './notifications.usecases';

/**
 * Watching an article also means hearing when it changes. The library queues the fan-out in the transaction that
 * changes the article (as the community does for a post), with what the notice needs: nothing here reads the
 * library's tables, and a change that rolls back never notifies anyone.
 */
export const ARTICLE_FANOUT_QUEUE = 'notifications.article-fanout';

const VERBS: Record<ArticleChange['kind'], string> = {
  'article.revised': 'edited',
  'article.reverted': 'reverted',
  'article.file_added': 'added a file to',
};

/** Call in the transaction that changes the article; the dedupe key makes each change's job exist once. */
export async function queueArticleFanout(tx: DbOrTx, change: ArticleChange & { now: Date }): Promise<void> {
  const { now, ...payload } = change;
  await enqueue(
    tx,
    ARTICLE_FANOUT_QUEUE,
    { ...payload },
    { runAt: now, dedupeKey: `article-change:${change.changeKey}` },
  );
}

/** Everyone watching the article (not muted, not the editor) hears about the change, by their watch's delivery. */
export async function fanOutArticleChange(deps: Deps, change: ArticleChange): Promise<number> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const actorName = rowsOf<{ name: string }>(
      await tx.execute(sql`select case when deleted_at is null then display_name else 'Former member' end as name
        from users where id = ${change.actorId}`),
    )[0]?.name;
    const title = `${actorName ?? 'Someone'} ${VERBS[change.kind]} “${change.title}”`;
    const articleId = String(change.articleId);
    const rows = rowsOf<{ id: number; delivery: string; reason: number }>(
      await tx.execute(sql`
        with recipients as (
          select s.id as reason, s.user_id, case when coalesce(ns.email_paused, false) then 'in_app' else s.delivery end as delivery
          from subscriptions s
          join users u on u.id = s.user_id and u.deleted_at is null and not u.is_system
          left join notification_settings ns on ns.user_id = s.user_id
          where s.target_type = 'article' and s.target_id = ${articleId} and not s.muted
            and s.user_id is distinct from ${change.actorId}
        ),
        ins as (
          insert into notifications (user_id, kind, actor_id, subject_type, subject_id, url, title, excerpt, subject_title, delivery, dedupe_key, created_at)
          select r.user_id, ${change.kind}, ${change.actorId}, 'article', ${articleId}, ${change.url},
            ${title}, ${excerptOf(change.message, 500)}, ${change.title}, r.delivery, ${`article-change:${change.changeKey}`}, ${now.toISOString()}
          from recipients r
          on conflict (user_id, dedupe_key) do nothing
          returning id, user_id, delivery
        )
        select ins.id, ins.delivery, r.reason from ins join recipients r on r.user_id = ins.user_id`),
    );
    // Unread counts in every process's header drop their cached value when this commits.
    if (rows.length > 0) await announcePersonalChange(tx);
    const immediate = rows
      .filter((r) => r.delivery === 'immediate')
      .map((r): [number, number] => [Number(r.id), Number(r.reason)]);
    await enqueueEmailBatches(tx, immediate, now);
    return rows.length;
  });
}

export function articleJobHandlers(deps: Deps): Record<string, JobHandler> {
  return {
    [ARTICLE_FANOUT_QUEUE]: async (payload) => {
      await fanOutArticleChange(deps, payload as unknown as ArticleChange);
    },
  };
}

import { sql } from 'drizzle-orm';
import { newToken, sha256 } from '../../platform/auth/tokens';
import { rowsOf } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { JOBS_CHANNEL, type JobHandler } from '../../platform/jobs/queue';
import { DEFAULT_SETTINGS } from './notifications.models';
import { emailTokens } from './notifications.table';
import { footerText, insertMail, SITE_NAME, subjectLine, unsubscribeHeaders } from './notifications.email';
import { refreshQueueStatistics } from './notifications.usecases';

export const DIGEST_TICK_QUEUE = 'notifications.digest-tick';
export const DIGEST_QUEUE = 'notifications.digest';
/** How many items a digest lists; the rest are counted and linked. */
export const DIGEST_LIST_MAX = 50;

/**
 * Every hour: queue one digest job for each person whose digest hour this is
 * and who has something not yet emailed. The dedupe key (person + day) means
 * one digest a day, however many processes tick or retry.
 */
export async function queueDigests(deps: Deps, periodStart: Date): Promise<number> {
  const hour = periodStart.getUTCHours();
  const day = periodStart.toISOString().slice(0, 10);
  const now = deps.clock.now().toISOString();
  const queued = await deps.database.db.transaction(async (tx) => {
    const rows = await tx.execute(sql`
      insert into jobs (queue, payload, run_at, dedupe_key)
      select ${DIGEST_QUEUE}, jsonb_build_object('userId', p.user_id, 'day', ${day}::text), ${now}, 'digest:' || p.user_id || ':' || ${day}::text
      from (select distinct user_id from notifications where delivery = 'digest' and emailed_at is null) p
      left join notification_settings s on s.user_id = p.user_id
      where coalesce(s.digest_hour_utc, ${DEFAULT_SETTINGS.digestHourUtc}) = ${hour}
      on conflict do nothing
      returning id`);
    await tx.execute(sql`select pg_notify(${JOBS_CHANNEL}, ${DIGEST_QUEUE})`);
    return rowsOf(rows).length;
  });
  await refreshQueueStatistics(deps.database, queued);
  return queued;
}

interface DigestItem {
  id: number;
  title: string;
  excerpt: string;
  url: string;
  read_at: string | null;
  email: string;
  paused: boolean;
}

export function digestText(items: Array<Pick<DigestItem, 'title' | 'excerpt' | 'url'>>, more: number, baseUrl: string): string {
  const lines = [`What happened on ${SITE_NAME} since your last digest:`, ''];
  for (const item of items) {
    lines.push(`* ${item.title}`);
    if (item.excerpt) lines.push(`  ${item.excerpt.length > 200 ? `${item.excerpt.slice(0, 199)}…` : item.excerpt}`);
    lines.push(`  ${baseUrl}${item.url}`, '');
  }
  if (more > 0) lines.push(`… and ${more} more: ${baseUrl}/notifications`, '');
  return lines.join('\n');
}

/** One person's digest: what they have not been emailed about and not yet read, as one email; marks it all emailed. */
export async function sendDigest(deps: Deps, userId: number, day: string): Promise<boolean> {
  const { config } = deps;
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const rows = rowsOf<DigestItem>(
      await tx.execute(sql`
        select n.id, n.title, n.excerpt, n.url, n.read_at, u.email, coalesce(s.email_paused, false) as paused
        from notifications n
        join users u on u.id = n.user_id and u.deleted_at is null
        left join notification_settings s on s.user_id = n.user_id
        where n.user_id = ${userId} and n.delivery = 'digest' and n.emailed_at is null
        order by n.created_at, n.id
        for update of n`),
    );
    if (rows.length === 0) return false;
    await tx.execute(
      sql`update notifications set emailed_at = ${now.toISOString()} where user_id = ${userId} and delivery = 'digest' and emailed_at is null`,
    );
    const unread = rows.filter((r) => r.read_at === null);
    const first = rows[0]!;
    if (first.paused || unread.length === 0) return false;
    const token = newToken();
    await tx.insert(emailTokens).values({ tokenHash: sha256(token), userId, purpose: 'unsubscribe', scope: 'digest', createdAt: now });
    const listed = unread.slice(0, DIGEST_LIST_MAX);
    const text = [
      digestText(listed, unread.length - listed.length, config.baseUrl),
      footerText({
        baseUrl: config.baseUrl,
        unsubscribeToken: token,
        because: 'You receive this daily digest because you chose it for some of what you watch.',
        canReply: false,
      }),
    ].join('\n');
    await insertMail(
      tx,
      [
        {
          dedupeKey: `mail:digest:${userId}:${day}`,
          message: {
            to: first.email,
            subject: subjectLine(`Your daily digest: ${unread.length} new ${unread.length === 1 ? 'item' : 'items'}`),
            text,
            ...unsubscribeHeaders(`${config.baseUrl}/unsubscribe/${token}`),
          },
        },
      ],
      now,
    );
    return true;
  });
}

export function digestJobHandlers(deps: Deps): Record<string, JobHandler> {
  return {
    [DIGEST_TICK_QUEUE]: async (payload) => {
      const start = new Date(String(payload.periodStart));
      if (Number.isNaN(start.getTime())) throw new Error('digest tick needs a periodStart');
      await queueDigests(deps, start);
    },
    [DIGEST_QUEUE]: async (payload) => {
      await sendDigest(deps, Number(payload.userId), String(payload.day));
    },
  };
}

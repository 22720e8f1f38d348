import { sql } from 'drizzle-orm';
import { sha256 } from '../../platform/auth/tokens';
import type { DbOrTx } from '../../platform/db/database';
import { rowsOf } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { JOBS_CHANNEL, type JobHandler } from '../../platform/jobs/queue';
import { jobs } from '../../platform/jobs/jobs.table';
import { MAIL_QUEUE, mailPayload } from '../../platform/mail/mail-job';
import type { MailMessage } from '../../platform/mail/mailer';
import { REPLYABLE_SUBJECTS } from './notifications.models';
import { emailTokens } from './notifications.table';
import { newReplyToken } from './notifications.tokens';
import { type EmailJobPayload, refreshQueueStatistics } from './notifications.usecases';
import { newToken } from '../../platform/auth/tokens';

export const SITE_NAME = 'ILL Commons';
export const PREFERENCES_PATH = '/notifications/preferences';

/** The one-click unsubscribe headers of RFC 8058, exactly. */
export function unsubscribeHeaders(unsubscribeUrl: string): Pick<MailMessage, 'list' | 'headers'> {
  return {
    list: { unsubscribe: unsubscribeUrl },
    headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

export interface Footer {
  baseUrl: string;
  unsubscribeToken: string;
  /** Why the person gets this email, in words. */
  because: string;
  canReply: boolean;
}

export function footerText(f: Footer): string {
  return [
    '-- ',
    f.canReply ? 'Reply to this email to post your reply (quoted text and signatures are left out).' : null,
    f.because,
    `Unsubscribe: ${f.baseUrl}/unsubscribe/${f.unsubscribeToken}`,
    `Email preferences: ${f.baseUrl}${PREFERENCES_PATH}`,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}

interface Pending {
  id: number;
  user_id: number;
  kind: string;
  subject_type: string;
  subject_id: string;
  url: string;
  title: string;
  excerpt: string;
  email: string;
  paused: boolean;
}

interface WatchReason {
  id: number;
  target_type: string;
}

const BECAUSE: Record<string, string> = {
  thread: 'You receive this because you watch this thread.',
  category: 'You receive this because you watch this category.',
  topic: 'You receive this because you watch one of its topics.',
  article: 'You receive this because you watch this article (or the article this thread discusses).',
};

interface PostText {
  body: string;
  title: string;
  number: number;
  thread_id: number;
}

/** Tokens and mail jobs are written in bulk: a 5,000-person fan-out is 25 of these transactions. */
async function insertMail(tx: DbOrTx, rows: Array<{ message: MailMessage; dedupeKey: string }>, now: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(jobs)
    .values(rows.map((r) => ({ queue: MAIL_QUEUE, payload: mailPayload(r.message), runAt: now, dedupeKey: r.dedupeKey })))
    .onConflictDoNothing();
  await tx.execute(sql`select pg_notify(${JOBS_CHANNEL}, ${MAIL_QUEUE})`);
}

export function subjectLine(title: string): string {
  return `[${SITE_NAME}] ${title}`;
}

/**
 * Turn immediate notifications into mail jobs, once each: the rows are locked,
 * emailed_at is set in the same transaction that queues the mail, and the mail
 * job (retried with backoff by the queue) does the sending.
 */
export async function emailNotifications(deps: Deps, payload: EmailJobPayload): Promise<number> {
  const { config, clock } = deps;
  const ids = payload.items.map(([id]) => id).filter(Number.isInteger);
  if (ids.length === 0) return 0;
  const reasonOf = new Map(payload.items.map(([id, reason]) => [id, reason]));
  const now = clock.now();
  return deps.database.db.transaction(async (tx) => {
    const pending = rowsOf<Pending>(
      await tx.execute(sql`
        select n.id, n.user_id, n.kind, n.subject_type, n.subject_id, n.url, n.title, n.excerpt, u.email,
          coalesce(s.email_paused, false) as paused
        from notifications n
        join users u on u.id = n.user_id and u.deleted_at is null
        left join notification_settings s on s.user_id = n.user_id
        where n.id = any(${`{${ids.join(',')}}`}::bigint[]) and n.delivery = 'immediate' and n.emailed_at is null
        order by n.id
        for update of n`),
    );
    if (pending.length === 0) return 0;
    const reasonIds = [...new Set([...reasonOf.values()].filter((r): r is number => r !== null))];
    const reasons = new Map<number, WatchReason>();
    if (reasonIds.length > 0) {
      const found = rowsOf<WatchReason>(
        await tx.execute(sql`select id, target_type from subscriptions where id = any(${`{${reasonIds.join(',')}}`}::bigint[])`),
      );
      for (const r of found) reasons.set(Number(r.id), r);
    }
    let post: PostText | undefined;
    if (payload.postId) {
      post = rowsOf<PostText>(
        await tx.execute(sql`select p.body, p.number, t.title, t.id as thread_id from forum_posts p join forum_threads t on t.id = p.thread_id where p.id = ${payload.postId}`),
      )[0];
    }
    const domain = config.inboundEmailDomain;
    const tokens: Array<typeof emailTokens.$inferInsert> = [];
    const mail: Array<{ message: MailMessage; dedupeKey: string }> = [];
    for (const n of pending) {
      if (n.paused) continue;
      const reasonId = reasonOf.get(Number(n.id)) ?? null;
      const reason = reasonId === null ? undefined : reasons.get(reasonId);
      const unsubscribe = newToken();
      const scope = reason ? `watch:${reason.id}` : 'all';
      tokens.push({ tokenHash: sha256(unsubscribe), userId: n.user_id, purpose: 'unsubscribe', scope, createdAt: now });
      const canReply = Boolean(domain) && (REPLYABLE_SUBJECTS as readonly string[]).includes(n.subject_type);
      let replyTo: string | undefined;
      if (canReply) {
        const token = newReplyToken();
        tokens.push({ tokenHash: sha256(token), userId: n.user_id, purpose: 'reply', scope: `${n.subject_type}:${n.subject_id}`, createdAt: now });
        replyTo = `reply+${token}@${domain}`;
      }
      const because = reason ? (BECAUSE[reason.target_type] ?? BECAUSE.thread!) : 'You receive this because it was addressed to you.';
      const body = post ? post.body : n.excerpt;
      const text = [n.title, '', body, '', `Read it on ${SITE_NAME}: ${config.baseUrl}${n.url}`, '', footerText({ baseUrl: config.baseUrl, unsubscribeToken: unsubscribe, because, canReply })]
        .join('\n');
      const threadRef = n.subject_type === 'thread' ? `<thread-${n.subject_id}@${new URL(config.baseUrl).hostname}>` : undefined;
      const subject = post ? subjectLine(`${post.number > 1 ? 'Re: ' : ''}${post.title}`) : subjectLine(n.title);
      mail.push({
        dedupeKey: `mail:notification:${n.id}`,
        message: {
          to: n.email,
          subject,
          text,
          ...(replyTo ? { replyTo } : {}),
          ...unsubscribeHeaders(`${config.baseUrl}/unsubscribe/${unsubscribe}`),
          ...(threadRef
            ? { headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', References: threadRef, 'In-Reply-To': threadRef } }
            : {}),
        },
      });
    }
    if (tokens.length > 0) await tx.insert(emailTokens).values(tokens);
    await insertMail(tx, mail, now);
    await tx.execute(sql`update notifications set emailed_at = ${now.toISOString()} where id = any(${`{${pending.map((p) => p.id).join(',')}}`}::bigint[])`);
    return mail.length;
  });
}

export function emailJobHandler(deps: Deps): JobHandler {
  return async (payload) => {
    const queued = await emailNotifications(deps, payload as unknown as EmailJobPayload);
    await refreshQueueStatistics(deps.database, queued);
  };
}

export { insertMail };

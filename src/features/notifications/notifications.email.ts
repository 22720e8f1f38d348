import { sql } from 'drizzle-orm';
import { sha256 } from '../../platform/auth/tokens';
import { intArray } from '../../platform/db/arrays';
import type { DbOrTx } from '../../platform/db/database';
import { rowsOf } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { JOBS_CHANNEL, type JobHandler } from '../../platform/jobs/queue';
import { jobs } from '../../platform/jobs/jobs.table';
import { MAIL_QUEUE, mailPayload } from '../../platform/mail/mail-job';
import type { MailMessage } from '../../platform/mail/mailer';
import { renderMarkdownForEmail } from '../../platform/content/email';
import type { SafeHtml } from '../../platform/content/markdown';
import { type MailFooterProps, notificationEmailHtml } from './views/emails';
import { displayExcerpt, EXCERPT_MAX, REPLYABLE_SUBJECTS } from './notifications.models';
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

/** The footer's links, absolute, for the HTML part (the same words as `footerText`). */
export function footerProps(f: Footer): MailFooterProps {
  return {
    canReply: f.canReply,
    because: f.because,
    unsubscribeUrl: `${f.baseUrl}/unsubscribe/${f.unsubscribeToken}`,
    preferencesUrl: `${f.baseUrl}${PREFERENCES_PATH}`,
  };
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
  withheld: boolean;
}

/**
 * The one rule for whether notification mail (immediate, mailing-list mode and
 * the daily digest) may go to a person: not while they paused it, and not
 * until they confirmed their address (an unconfirmed address may belong to
 * someone else). Account mail (password reset, address confirmation) does not
 * pass here. In queries where `u` is users and `s` their notification_settings.
 */
export const MAIL_WITHHELD = sql`(coalesce(s.email_paused, false) or u.email_verified_at is null)`;

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

/** Tokens and mail jobs are written in bulk: a 5,000-person fan-out is 25 of these transactions. */
async function insertMail(
  tx: DbOrTx,
  rows: Array<{ message: MailMessage; dedupeKey: string }>,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(jobs)
    .values(
      rows.map((r) => ({ queue: MAIL_QUEUE, payload: mailPayload(r.message), runAt: now, dedupeKey: r.dedupeKey })),
    )
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
          ${MAIL_WITHHELD} as withheld
        from notifications n
        join users u on u.id = n.user_id and u.deleted_at is null
        left join notification_settings s on s.user_id = n.user_id
        where n.id = any(${intArray(ids, 'bigint')}) and n.delivery = 'immediate' and n.emailed_at is null
        order by n.id
        for update of n`),
    );
    if (pending.length === 0) return 0;
    const reasonIds = [...new Set([...reasonOf.values()].filter((r): r is number => r !== null))];
    const reasons = new Map<number, WatchReason>();
    if (reasonIds.length > 0) {
      const found = rowsOf<WatchReason>(
        await tx.execute(
          sql`select id, target_type from subscriptions where id = any(${intArray(reasonIds, 'bigint')})`,
        ),
      );
      for (const r of found) reasons.set(Number(r.id), r);
    }
    const domain = config.inboundEmailDomain;
    // The Markdown of a batch is one post or message (or none): rendered once for all its recipients.
    const rendered = new Map<string, SafeHtml>();
    const emailHtmlOf = (source: string, pageUrl: string): SafeHtml => {
      const key = `${pageUrl}\n${source}`;
      let html = rendered.get(key);
      if (html === undefined) {
        html = renderMarkdownForEmail(source, { baseUrl: config.baseUrl, pageUrl });
        rendered.set(key, html);
      }
      return html;
    };
    const tokens: Array<typeof emailTokens.$inferInsert> = [];
    const mail: Array<{ message: MailMessage; dedupeKey: string }> = [];
    for (const n of pending) {
      if (n.withheld) continue;
      const reasonId = reasonOf.get(Number(n.id)) ?? null;
      const reason = reasonId === null ? undefined : reasons.get(reasonId);
      const unsubscribe = newToken();
      const scope = reason ? `watch:${reason.id}` : 'all';
      tokens.push({ tokenHash: sha256(unsubscribe), userId: n.user_id, purpose: 'unsubscribe', scope, createdAt: now });
      const canReply = Boolean(domain) && (REPLYABLE_SUBJECTS as readonly string[]).includes(n.subject_type);
      let replyTo: string | undefined;
      if (canReply) {
        const token = newReplyToken();
        tokens.push({
          tokenHash: sha256(token),
          userId: n.user_id,
          purpose: 'reply',
          scope: `${n.subject_type}:${n.subject_id}`,
          createdAt: now,
        });
        replyTo = `reply+${token}@${domain}`;
      }
      const because = reason
        ? (BECAUSE[reason.target_type] ?? BECAUSE.thread!)
        : 'You receive this because it was addressed to you.';
      // The text part carries the Markdown as written (it reads as plain text); the HTML part renders it.
      const markdown = payload.markdown;
      const body = markdown ?? n.excerpt;
      const readUrl = `${config.baseUrl}${n.url}`;
      const footer: Footer = { baseUrl: config.baseUrl, unsubscribeToken: unsubscribe, because, canReply };
      const text = [n.title, '', body, '', `Read it on ${SITE_NAME}: ${readUrl}`, '', footerText(footer)].join('\n');
      const threadRef =
        n.subject_type === 'thread' ? `<thread-${n.subject_id}@${new URL(config.baseUrl).hostname}>` : undefined;
      const subject = subjectLine(payload.subject ?? n.title);
      const html = notificationEmailHtml({
        site: SITE_NAME,
        subject,
        heading: n.title,
        body: markdown ? emailHtmlOf(markdown, readUrl) : undefined,
        excerpt: displayExcerpt(n.excerpt, EXCERPT_MAX),
        readUrl,
        footer: footerProps(footer),
      });
      mail.push({
        dedupeKey: `mail:notification:${n.id}`,
        message: {
          to: n.email,
          subject,
          text,
          html,
          ...(replyTo ? { replyTo } : {}),
          ...unsubscribeHeaders(`${config.baseUrl}/unsubscribe/${unsubscribe}`),
          ...(threadRef
            ? {
                headers: {
                  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
                  References: threadRef,
                  'In-Reply-To': threadRef,
                },
              }
            : {}),
        },
      });
    }
    if (tokens.length > 0) await tx.insert(emailTokens).values(tokens);
    await insertMail(tx, mail, now);
    await tx.execute(
      sql`update notifications set emailed_at = ${now.toISOString()} where id = any(${intArray(
        pending.map((p) => p.id),
        'bigint',
      )})`,
    );
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

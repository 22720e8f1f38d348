import { sql } from 'drizzle-orm';
import { newToken, sha256 } from '../../platform/auth/tokens';
import { rowsOf } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { JOBS_CHANNEL, type JobHandler } from '../../platform/jobs/queue';
import { DEFAULT_SETTINGS, displayExcerpt } from './notifications.models';
import { emailTokens } from './notifications.table';
import {
  type Footer,
  footerProps,
  footerText,
  insertMail,
  MAIL_WITHHELD,
  SITE_NAME,
  subjectLine,
  unsubscribeHeaders,
} from './notifications.email';
import { type DigestSection, type DigestSubject, digestEmailHtml } from './views/emails';
import { refreshQueueStatistics } from './notifications.usecases';
import { digestNotesFor, digestRecipients } from './notifications.digest-notes';
import { intArray } from '../../platform/db/arrays';

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
    // People with a note from another feature (e.g. review cards due) get a digest even with nothing else in it.
    const noted = await digestRecipients(tx, periodStart);
    const rows = await tx.execute(sql`
      insert into jobs (queue, payload, run_at, dedupe_key)
      select ${DIGEST_QUEUE}, jsonb_build_object('userId', p.user_id, 'day', ${day}::text), ${now}, 'digest:' || p.user_id || ':' || ${day}::text
      from (select distinct user_id from notifications where delivery = 'digest' and emailed_at is null
            union select unnest(${intArray(noted)})) p
      left join notification_settings s on s.user_id = p.user_id
      where coalesce(s.digest_hour_utc, ${DEFAULT_SETTINGS.digestHourUtc}) = ${hour}
        -- A weekly digest goes out on Mondays only.
        and (coalesce(s.digest_frequency, 'daily') = 'daily' or ${periodStart.getUTCDay()} = 1)
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
  subject_type: string;
  subject_id: string;
  subject_title: string | null;
  context: string | null;
  read_at: string | null;
  email: string;
  withheld: boolean;
  frequency: 'daily' | 'weekly';
}

type DigestRow = Pick<DigestItem, 'title' | 'excerpt' | 'url'> &
  Partial<Pick<DigestItem, 'subject_type' | 'subject_id' | 'subject_title' | 'context'>> & {
    /** A note's own section (notes from other features: digest-notes.ts). */
    section?: string;
  };

/** Longest excerpt a digest entry shows. */
export const DIGEST_EXCERPT_MAX = 200;

const SECTION_OF: Record<string, string> = {
  thread: 'Forum',
  article: 'Articles',
  conversation: 'Private messages',
  suggestion: 'Groups and stewardship',
  stewardship_claim: 'Groups and stewardship',
  handover: 'Groups and stewardship',
  group: 'Groups and stewardship',
  expert_list: 'Groups and stewardship',
};

function sectionHeading(row: DigestRow): string {
  const section = row.section ?? SECTION_OF[row.subject_type ?? ''] ?? 'Other news';
  return row.context ? `${section}: ${row.context}` : section;
}

/**
 * A digest's items grouped for reading: sections (the forum category, articles,
 * messages…), then the thing each item is about (a thread, an article), each in
 * the order its first item arrived. Items whose subject has no stored name
 * (older rows) are listed loose in their section.
 */
export function groupDigest(items: DigestRow[], baseUrl: string): DigestSection[] {
  const sections = new Map<string, { section: DigestSection; subjects: Map<string, DigestSubject> }>();
  for (const item of items) {
    const heading = sectionHeading(item);
    let entry = sections.get(heading);
    if (!entry) {
      entry = { section: { heading, subjects: [] }, subjects: new Map() };
      sections.set(heading, entry);
    }
    const key = item.subject_title ? `${item.subject_type}:${item.subject_id}` : `loose:${entry.subjects.size}`;
    let subject = entry.subjects.get(key);
    if (!subject) {
      subject = { title: item.subject_title ?? null, entries: [] };
      entry.subjects.set(key, subject);
      entry.section.subjects.push(subject);
    }
    subject.entries.push({
      title: item.title,
      excerpt: displayExcerpt(item.excerpt, DIGEST_EXCERPT_MAX),
      url: `${baseUrl}${item.url}`,
    });
  }
  return [...sections.values()].map((s) => s.section);
}

export function digestText(items: DigestRow[], more: number, baseUrl: string): string {
  const lines = [`What happened on ${SITE_NAME} since your last digest:`, ''];
  for (const section of groupDigest(items, baseUrl)) {
    lines.push(`== ${section.heading} ==`, '');
    for (const subject of section.subjects) {
      if (subject.title) lines.push(`${subject.title} (${subject.entries.length} new)`);
      for (const entry of subject.entries) {
        lines.push(`* ${entry.title}`);
        if (entry.excerpt) lines.push(`  ${entry.excerpt}`);
        lines.push(`  ${entry.url}`);
      }
      lines.push('');
    }
  }
  if (more > 0) lines.push(`… and ${more} more: ${baseUrl}/notifications`, '');
  return lines.join('\n');
}

/**
 * One person's digest: what they have not been emailed about and not yet read, and the notes other features add
 * for them (digest-notes.ts), as one email; marks it all emailed.
 */
export async function sendDigest(deps: Deps, userId: number, day: string): Promise<boolean> {
  const { config } = deps;
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const [person] = rowsOf<Pick<DigestItem, 'email' | 'withheld' | 'frequency'>>(
      await tx.execute(sql`
        select u.email, ${MAIL_WITHHELD} as withheld, coalesce(s.digest_frequency, 'daily') as frequency
        from users u left join notification_settings s on s.user_id = u.id
        where u.id = ${userId} and u.deleted_at is null`),
    );
    const rows = rowsOf<DigestItem>(
      await tx.execute(sql`
        select n.id, n.title, n.excerpt, n.url, n.subject_type, n.subject_id, n.subject_title, n.context, n.read_at
        from notifications n
        where n.user_id = ${userId} and n.delivery = 'digest' and n.emailed_at is null
        order by n.created_at, n.id
        for update of n`),
    );
    if (rows.length > 0)
      await tx.execute(
        sql`update notifications set emailed_at = ${now.toISOString()} where user_id = ${userId} and delivery = 'digest' and emailed_at is null`,
      );
    if (!person || person.withheld) return false;
    const notes: DigestRow[] = (await digestNotesFor(tx, userId, now)).map((n) => ({ ...n }));
    const unread = rows.filter((r) => r.read_at === null);
    if (unread.length === 0 && notes.length === 0) return false;
    const token = newToken();
    await tx
      .insert(emailTokens)
      .values({ tokenHash: sha256(token), userId, purpose: 'unsubscribe', scope: 'digest', createdAt: now });
    const listed: DigestRow[] = [...notes, ...unread.slice(0, DIGEST_LIST_MAX)];
    const more = unread.length - Math.min(unread.length, DIGEST_LIST_MAX);
    const count = unread.length + notes.length;
    const footer: Footer = {
      baseUrl: config.baseUrl,
      unsubscribeToken: token,
      because:
        unread.length > 0
          ? `You receive this ${person.frequency} digest because you chose it for some of what you watch.`
          : `You receive this ${person.frequency} digest because you asked for the reminder in it.`,
      canReply: false,
    };
    const text = [digestText(listed, more, config.baseUrl), footerText(footer)].join('\n');
    const subject = subjectLine(
      person.frequency === 'weekly'
        ? `Your weekly digest, new in your topics and more: ${count} ${count === 1 ? 'item' : 'items'}`
        : `Your daily digest: ${count} new ${count === 1 ? 'item' : 'items'}`,
    );
    const html = digestEmailHtml({
      site: SITE_NAME,
      subject,
      count,
      sections: groupDigest(listed, config.baseUrl),
      more,
      moreUrl: `${config.baseUrl}/notifications`,
      footer: footerProps(footer),
    });
    await insertMail(
      tx,
      [
        {
          dedupeKey: `mail:digest:${userId}:${day}`,
          message: {
            to: person.email,
            subject,
            text,
            html,
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

import { sql } from 'drizzle-orm';
import { authorize } from '../../platform/authz/policy';
import { recordEvent } from '../../platform/events/record';
import { httpErrors } from '../../platform/http/errors';
import type { AnonymousUseCaseContext, UseCaseContext } from '../../platform/usecase';
import { planUnsubscribe, unknownUnsubscribeLink } from './notifications.actions';
import { announcePersonalChange } from '../../platform/cache/personal';
import { markdownToText } from '../../platform/content/markdown';
import type { Database, DbOrTx } from '../../platform/db/database';
import { intArray } from '../../platform/db/arrays';
import { rowsOf } from '../../platform/db/database';
import { jobs } from '../../platform/jobs/jobs.table';
import { JOBS_CHANNEL } from '../../platform/jobs/queue';
import * as repo from './notifications.repository';
import {
  DEFAULT_SETTINGS,
  type NotificationSettings,
  type Delivery,
  excerptOf,
  type NotifyInput,
  type WatchInput,
} from './notifications.models';
import { subscriptions } from './notifications.table';
import { createEmailToken, findEmailToken } from './notifications.tokens';

export const EMAIL_QUEUE = 'notifications.email';

/** Email batch job: each item is [notification id, id of the watch that caused it or null]. */
export interface EmailJobPayload {
  items: Array<[number, number | null]>;
  /** The email's subject when it is not the notification's title (a forum post: the thread's title). */
  subject?: string;
  /** Set by `notify` when given Markdown: the email carries it whole, as text and rendered HTML. */
  markdown?: string;
}

/** Longest Markdown an email job carries (a post or message is far shorter). */
export const EMAIL_MARKDOWN_MAX = 100_000;

export const EMAIL_BATCH = 200;

export async function enqueueEmailBatches(
  db: DbOrTx,
  items: Array<[number, number | null]>,
  now: Date,
  content: { subject?: string; markdown?: string } = {},
): Promise<void> {
  if (items.length === 0) return;
  const { subject, markdown } = content;
  const batches: Array<Record<string, unknown>> = [];
  for (let i = 0; i < items.length; i += EMAIL_BATCH) {
    const payload: EmailJobPayload = {
      items: items.slice(i, i + EMAIL_BATCH),
      ...(subject ? { subject } : {}),
      ...(markdown ? { markdown: markdown.slice(0, EMAIL_MARKDOWN_MAX) } : {}),
    };
    batches.push(payload as unknown as Record<string, unknown>);
  }
  // One statement for every batch (the same row `enqueue` writes), one wake-up for the workers.
  await db.insert(jobs).values(batches.map((payload) => ({ queue: EMAIL_QUEUE, payload, runAt: now })));
  await db.execute(sql`select pg_notify(${JOBS_CHANNEL}, ${EMAIL_QUEUE})`);
}

/**
 * PGlite has no autovacuum, so after a burst of queued jobs the planner still
 * believes the queue is nearly empty and every claim sorts the whole backlog.
 * Refreshing the statistics of the jobs table once after a big burst keeps each
 * claim an index scan. (PostgreSQL's autovacuum does this by itself.)
 */
export async function refreshQueueStatistics(database: Database, queued: number): Promise<void> {
  if (database.kind === 'pglite' && queued >= 100) await database.db.execute(sql`analyze jobs`);
}

/**
 * An in-app notification for each person (never the actor, never a deleted or
 * system account), and email by each person's settings: immediate ones are
 * queued as an email job in the caller's transaction, digest ones wait for the
 * daily digest. With a dedupe key a person is notified once, however often this runs.
 * The excerpt is stored as plain text: Markdown is rendered here, once, never when the list is shown.
 */
export async function notify(tx: DbOrTx, input: NotifyInput): Promise<void> {
  const ids = input.userIds.filter((id) => id !== input.actorId);
  if (ids.length === 0) return;
  const excerpt = excerptOf(input.excerpt ?? (input.markdown ? markdownToText(input.markdown) : ''));
  const rows = rowsOf<{ id: number; delivery: Delivery }>(
    await tx.execute(sql`
      insert into notifications (user_id, kind, actor_id, subject_type, subject_id, url, title, excerpt, subject_title, context, delivery, dedupe_key, created_at)
      select u.id, ${input.kind}, ${input.actorId}, ${input.subjectType}, ${input.subjectId}, ${input.url}, ${input.title},
        ${excerpt}, ${input.subjectTitle ?? null}, ${input.context ?? null},
        case when coalesce(s.email_paused, false) then 'in_app'
             else coalesce(s.default_delivery, ${DEFAULT_SETTINGS.defaultDelivery}) end,
        ${input.dedupeKey ?? null}, ${input.now.toISOString()}
      from users u
      left join notification_settings s on s.user_id = u.id
      where u.id = any(${intArray(ids)}) and u.deleted_at is null and not u.is_system
      on conflict (user_id, dedupe_key) do nothing
      returning id, delivery`),
  );
  if (rows.length > 0) await announcePersonalChange(tx);
  const immediate = rows.filter((r) => r.delivery === 'immediate').map((r): [number, null] => [Number(r.id), null]);
  if (immediate.length > 0)
    await enqueueEmailBatches(tx, immediate, input.now, input.markdown ? { markdown: input.markdown } : {});
}

/**
 * Start watching something. Without `delivery` a new watch takes the person's
 * default and an existing watch (or mute) is left alone, so automatic watches
 * (e.g. on replying) never undo a choice; with `delivery` the watch is set to
 * it and unmuted.
 */
export async function watch(tx: DbOrTx, input: WatchInput): Promise<void> {
  const fallback = sql`coalesce((select default_delivery from notification_settings where user_id = ${input.userId}), ${DEFAULT_SETTINGS.defaultDelivery})`;
  const insert = tx.insert(subscriptions).values({
    userId: input.userId,
    targetType: input.targetType,
    targetId: input.targetId,
    delivery: input.delivery ?? (fallback as unknown as Delivery),
    muted: false,
    createdAt: input.now,
  });
  if (input.delivery) {
    await insert.onConflictDoUpdate({
      target: [subscriptions.userId, subscriptions.targetType, subscriptions.targetId],
      set: { delivery: input.delivery, muted: false },
    });
  } else {
    await insert.onConflictDoNothing();
  }
}

/** Stop watching; a no-op when not watching. */
export async function unwatch(
  tx: DbOrTx,
  input: { userId: number; targetType: string; targetId: string },
): Promise<void> {
  await tx.execute(
    sql`delete from subscriptions where user_id = ${input.userId} and target_type = ${input.targetType} and target_id = ${input.targetId}`,
  );
}

/** Mute a thread: nothing about it reaches the person, whatever else they watch. Unmuting removes the mute. */
export async function setThreadMuted(
  tx: DbOrTx,
  input: { userId: number; threadId: string; muted: boolean; now: Date },
): Promise<void> {
  if (input.muted) {
    await tx
      .insert(subscriptions)
      .values({
        userId: input.userId,
        targetType: 'thread',
        targetId: input.threadId,
        delivery: 'in_app',
        muted: true,
        createdAt: input.now,
      })
      .onConflictDoUpdate({
        target: [subscriptions.userId, subscriptions.targetType, subscriptions.targetId],
        set: { muted: true },
      });
  } else {
    await tx.execute(
      sql`delete from subscriptions where user_id = ${input.userId} and target_type = 'thread' and target_id = ${input.threadId} and muted`,
    );
  }
}

let configuredReplyDomain: string | undefined;

/** The domain of reply addresses (INBOUND_EMAIL_DOMAIN); set when the module's jobs or services start. */
export function setReplyDomain(domain: string | undefined): void {
  configuredReplyDomain = domain;
}

export function replyDomain(): string | undefined {
  return configuredReplyDomain;
}

/**
 * A per-person, per-scope Reply-To address, `reply+TOKEN@domain`. Mail sent to
 * it by that person (from their account's address) is handed to the module
 * that registered `inboundEmail[<scope prefix>]`. Each call makes a new token.
 */
export async function replyAddress(
  tx: DbOrTx,
  input: { userId: number; scope: string; domain?: string; now?: Date },
): Promise<string> {
  const domain = input.domain ?? configuredReplyDomain ?? 'reply.invalid';
  const token = await createEmailToken(tx, {
    userId: input.userId,
    purpose: 'reply',
    scope: input.scope,
    now: input.now ?? new Date(),
  });
  return `reply+${token}@${domain}`;
}

/**
 * Open one of one's notifications: it is marked read and its address returned. Anyone else's reads as not found.
 * Allowed while suspended: it changes only the person's own list.
 */
export async function openNotification({
  db,
  actor,
  now,
  id,
}: UseCaseContext & { id: number }): Promise<{ url: string }> {
  authorize(actor, actor !== null);
  const found = await repo.findNotification(db, actor.id, id);
  if (!found) throw httpErrors.notFound('notification');
  if (!found.readAt) await repo.markRead(db, actor.id, id, now);
  return { url: found.url };
}

/**
 * The person has seen a subject itself (e.g. opened a conversation): its notifications of that kind are read too,
 * so the header's count and the notification list agree with what they have just read. A helper keyed by user id,
 * for the owning feature's use case, which checked who acts.
 */
export async function subjectSeen(input: {
  db: DbOrTx;
  userId: number;
  kind: string;
  subjectType: string;
  subjectId: string;
  now: Date;
}): Promise<number> {
  return repo.markSubjectRead(input.db, input);
}

/** Mark every notification read, up to the newest one the person saw (all when absent). Allowed while suspended. */
export async function markAllNotificationsRead({
  db,
  actor,
  now,
  upTo,
}: UseCaseContext & { upTo: number | undefined }): Promise<number> {
  authorize(actor, actor !== null);
  return repo.markAllRead(db, actor.id, upTo, now);
}

/** Save one's email preferences. Allowed while suspended: they decide only what the person hears. */
export async function updatePreferences({
  db,
  actor,
  now,
  settings,
}: UseCaseContext & { settings: NotificationSettings }): Promise<void> {
  authorize(actor, actor !== null);
  await db.transaction(async (tx) => {
    await repo.saveSettings(tx, actor.id, settings, now);
    await recordEvent(tx, {
      type: 'notifications.preferences_changed',
      actorId: actor.id,
      subjectType: 'user',
      subjectId: actor.id,
      data: { ...settings },
    });
  });
}

/**
 * One-click unsubscribe (RFC 8058): the token in the link is the only authority (mail clients post without
 * cookies), and it stops exactly the stream the email came from (see planUnsubscribe). Returns what now holds.
 */
export async function unsubscribeByToken({
  db,
  now,
  token,
}: AnonymousUseCaseContext & { token: string }): Promise<string> {
  const row = await findEmailToken(db, token, 'unsubscribe');
  if (!row) throw unknownUnsubscribeLink();
  return db.transaction(async (tx) => {
    const plan = await planUnsubscribe(tx, row);
    await plan.apply(tx, now);
    await recordEvent(tx, {
      type: 'notifications.unsubscribed',
      actorId: row.userId,
      subjectType: 'user',
      subjectId: row.userId,
      data: { scope: row.scope },
    });
    return plan.after;
  });
}

import { and, desc, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { announcePersonalChange } from '../../platform/cache/personal';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import { rowsOf } from '../../platform/db/database';
import {
  DEFAULT_SETTINGS,
  type NotificationItem,
  type NotificationSettings,
  type WatchItem,
  type WatchTarget,
} from './notifications.models';
import { describeTargets, targetChoices } from './notifications.subjects';
import { notificationSettings, notifications } from './notifications.table';

/** The header's count stops here ("99+"), so it stays one short index scan however much is unread. */
export const UNREAD_CAP = 99;

export async function countUnread(db: DbOrTx, userId: number): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from (select 1 from notifications where user_id = ${userId} and read_at is null limit ${UNREAD_CAP + 1}) u`,
    ),
  );
  return Number(rows[0]?.n ?? 0);
}

export const PAGE_SIZE = 30;

export async function listNotifications(
  db: DbOrTx,
  userId: number,
  options: { before?: number; limit?: number } = {},
): Promise<{ items: NotificationItem[]; more: boolean }> {
  const limit = options.limit ?? PAGE_SIZE;
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      excerpt: notifications.excerpt,
      url: notifications.url,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      actorName: users.displayName,
      actorDeleted: users.deletedAt,
    })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(and(eq(notifications.userId, userId), options.before ? lt(notifications.id, options.before) : undefined))
    .orderBy(desc(notifications.id))
    .limit(limit + 1);
  const items = rows
    .slice(0, limit)
    .map(({ actorDeleted, ...r }) => ({ ...r, actorName: actorDeleted ? 'Former member' : r.actorName }));
  return { items, more: rows.length > limit };
}

export interface UnreadNotice {
  id: number;
  kind: string;
  title: string;
  excerpt: string;
  subjectType: string;
  subjectId: string;
  /** The thread's or conversation's name when the notification was made (null on rows from before it was kept). */
  subjectTitle: string | null;
  createdAt: Date;
}

/**
 * A person's newest unread notifications of the given kinds, at most `limit`: their unread rows come from the
 * partial unread index (what they have not read, not their whole history), the newest `limit` kept by a top-N sort.
 */
export async function recentUnread(
  db: DbOrTx,
  userId: number,
  options: { kinds: string[]; limit: number },
): Promise<UnreadNotice[]> {
  if (options.kinds.length === 0) return [];
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      excerpt: notifications.excerpt,
      subjectType: notifications.subjectType,
      subjectId: notifications.subjectId,
      subjectTitle: notifications.subjectTitle,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(
      and(eq(notifications.userId, userId), isNull(notifications.readAt), inArray(notifications.kind, options.kinds)),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit);
}

export async function findNotification(db: DbOrTx, userId: number, id: number) {
  const rows = await db
    .select({ id: notifications.id, url: notifications.url, readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .limit(1);
  return rows[0];
}

export async function markRead(db: DbOrTx, userId: number, id: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  if (rows.length > 0) await announcePersonalChange(db);
  return rows.length > 0;
}

/** The person's unread notifications of one kind about one subject (e.g. a conversation they have now opened). */
export async function markSubjectRead(
  db: DbOrTx,
  input: { userId: number; kind: string; subjectType: string; subjectId: string; now: Date },
): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: input.now })
    .where(
      and(
        eq(notifications.userId, input.userId),
        isNull(notifications.readAt),
        eq(notifications.kind, input.kind),
        eq(notifications.subjectType, input.subjectType),
        eq(notifications.subjectId, input.subjectId),
      ),
    )
    .returning({ id: notifications.id });
  if (rows.length > 0) await announcePersonalChange(db);
  return rows.length;
}

/** Everything up to the newest the person saw on the page: what arrived since stays unread. */
export async function markAllRead(db: DbOrTx, userId: number, upTo: number | undefined, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        upTo ? lte(notifications.id, upTo) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  if (rows.length > 0) await announcePersonalChange(db);
  return rows.length;
}

export async function getSettings(db: DbOrTx, userId: number): Promise<NotificationSettings> {
  const rows = await db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId)).limit(1);
  const row = rows[0];
  if (!row) return { ...DEFAULT_SETTINGS };
  return {
    defaultDelivery: row.defaultDelivery,
    mailingListMode: row.mailingListMode,
    digestHourUtc: row.digestHourUtc,
    digestFrequency: row.digestFrequency,
    emailPaused: row.emailPaused,
  };
}

export async function saveSettings(
  db: DbOrTx,
  userId: number,
  settings: NotificationSettings,
  now: Date,
): Promise<void> {
  await db
    .insert(notificationSettings)
    .values({ userId, ...settings, updatedAt: now })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { ...settings, updatedAt: now } });
}

interface WatchRow {
  id: number;
  target_type: WatchTarget;
  target_id: string;
  delivery: WatchItem['delivery'];
  muted: boolean;
}

/** Names and addresses come from the features that own what is watched (notifications.subjects.ts). */
const WATCH_SELECT = sql`select s.id, s.target_type, s.target_id, s.delivery, s.muted from subscriptions s`;

/** The watches with their names and addresses; a watch of something deleted shows as such (label null). */
async function toWatches(db: DbOrTx, rows: WatchRow[]): Promise<WatchItem[]> {
  const subjects = await describeTargets(
    db,
    rows.map((r) => ({ targetType: r.target_type, targetId: r.target_id })),
  );
  return rows.map((r) => {
    const subject = subjects.get(`${r.target_type}:${r.target_id}`);
    return {
      id: Number(r.id),
      targetType: r.target_type,
      targetId: r.target_id,
      delivery: r.delivery,
      muted: r.muted,
      label: subject?.label ?? null,
      url: subject?.url ?? null,
    };
  });
}

export async function listWatches(db: DbOrTx, userId: number): Promise<WatchItem[]> {
  const rows = rowsOf<WatchRow>(
    await db.execute(sql`${WATCH_SELECT} where s.user_id = ${userId}
      order by array_position(array['category','topic','article','thread'], s.target_type), s.created_at desc, s.id desc limit 500`),
  );
  return toWatches(db, rows);
}

export async function findWatchById(db: DbOrTx, id: number): Promise<(WatchItem & { userId: number }) | undefined> {
  const found = rowsOf<WatchRow & { user_id: number }>(
    await db.execute(
      sql`select s.id, s.target_type, s.target_id, s.delivery, s.muted, s.user_id from subscriptions s where s.id = ${id}`,
    ),
  );
  const row = found[0];
  return row ? { ...(await toWatches(db, [row]))[0]!, userId: Number(row.user_id) } : undefined;
}

export async function findWatch(
  db: DbOrTx,
  userId: number,
  targetType: WatchTarget,
  targetId: string,
): Promise<WatchItem | undefined> {
  const rows = rowsOf<WatchRow>(
    await db.execute(
      sql`${WATCH_SELECT} where s.user_id = ${userId} and s.target_type = ${targetType} and s.target_id = ${targetId}`,
    ),
  );
  return rows[0] ? (await toWatches(db, rows))[0] : undefined;
}

/** Whether what someone asks to watch exists (and, for a thread, is public). Returns its name. */
export async function watchableLabel(
  db: DbOrTx,
  targetType: WatchTarget,
  targetId: string,
): Promise<string | undefined> {
  if (targetType !== 'topic' && !/^[0-9]{1,10}$/.test(targetId)) return undefined;
  const subject = (await describeTargets(db, [{ targetType, targetId }])).get(`${targetType}:${targetId}`);
  return subject?.watchable ? subject.label : undefined;
}

export async function listTopicsForWatching(db: DbOrTx): Promise<Array<{ slug: string; name: string }>> {
  return (await targetChoices(db, 'topic')).map((t) => ({ slug: t.id, name: t.label }));
}

/** Everything this module keeps about a person; others' notifications about what they did stay (shown as "former member"). */
export async function eraseNotificationData(tx: DbOrTx, userId: number): Promise<void> {
  await tx.execute(
    sql`delete from inbound_messages where token_hash in (select token_hash from email_tokens where user_id = ${userId})`,
  );
  await tx.execute(sql`delete from email_tokens where user_id = ${userId}`);
  await tx.execute(sql`delete from notifications where user_id = ${userId}`);
  // Other people's notifications about what this person did carry their name and words (a message excerpt).
  await tx.execute(sql`delete from notifications where actor_id = ${userId}`);
  await tx.execute(sql`delete from subscriptions where user_id = ${userId}`);
  await tx.execute(sql`delete from notification_settings where user_id = ${userId}`);
}

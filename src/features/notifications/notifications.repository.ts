import { and, desc, eq, isNull, lt, lte, sql } from 'drizzle-orm';
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
  const items = rows.slice(0, limit).map(({ actorDeleted, ...r }) => ({ ...r, actorName: actorDeleted ? 'Former member' : r.actorName }));
  return { items, more: rows.length > limit };
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
  return rows.length > 0;
}

/** Everything up to the newest the person saw on the page: what arrived since stays unread. */
export async function markAllRead(db: DbOrTx, userId: number, upTo: number | undefined, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), upTo ? lte(notifications.id, upTo) : undefined))
    .returning({ id: notifications.id });
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
    emailPaused: row.emailPaused,
  };
}

export async function saveSettings(db: DbOrTx, userId: number, settings: NotificationSettings, now: Date): Promise<void> {
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
  label: string | null;
  slug: string | null;
}

/** Names and addresses come from the features that own them, by table; a watch of something deleted shows as such. */
const WATCH_SELECT = sql`
  select s.id, s.target_type, s.target_id, s.delivery, s.muted,
    case s.target_type
      when 'thread' then (select t.title from forum_threads t where t.id::text = s.target_id and t.status <> 'deleted')
      when 'category' then (select c.name from forum_categories c where c.id::text = s.target_id)
      when 'topic' then (select p.name from topics p where p.slug = s.target_id)
      when 'article' then (select a.title from articles a where a.id::text = s.target_id)
    end as label,
    case s.target_type
      when 'category' then (select c.slug from forum_categories c where c.id::text = s.target_id)
      when 'article' then (select a.slug from articles a where a.id::text = s.target_id)
      else s.target_id
    end as slug
  from subscriptions s`;

function watchUrl(type: WatchTarget, slug: string | null): string | null {
  if (!slug) return null;
  const path = { thread: '/forum/t/', category: '/forum/c/', topic: '/topics/', article: '/articles/' }[type];
  return `${path}${encodeURIComponent(slug)}`;
}

function toWatch(r: WatchRow): WatchItem {
  return {
    id: Number(r.id),
    targetType: r.target_type,
    targetId: r.target_id,
    delivery: r.delivery,
    muted: r.muted,
    label: r.label,
    url: r.label === null ? null : watchUrl(r.target_type, r.slug),
  };
}

export async function listWatches(db: DbOrTx, userId: number): Promise<WatchItem[]> {
  const rows = rowsOf<WatchRow>(
    await db.execute(sql`${WATCH_SELECT} where s.user_id = ${userId}
      order by array_position(array['category','topic','article','thread'], s.target_type), s.created_at desc, s.id desc limit 500`),
  );
  return rows.map(toWatch);
}

export async function findWatchById(db: DbOrTx, id: number): Promise<(WatchItem & { userId: number }) | undefined> {
  const found = rowsOf<WatchRow & { user_id: number }>(
    await db.execute(sql`select w.*, s2.user_id from (${WATCH_SELECT} where s.id = ${id}) w join subscriptions s2 on s2.id = w.id`),
  );
  const row = found[0];
  return row ? { ...toWatch(row), userId: Number(row.user_id) } : undefined;
}

export async function findWatch(db: DbOrTx, userId: number, targetType: WatchTarget, targetId: string): Promise<WatchItem | undefined> {
  const rows = rowsOf<WatchRow>(
    await db.execute(sql`${WATCH_SELECT} where s.user_id = ${userId} and s.target_type = ${targetType} and s.target_id = ${targetId}`),
  );
  return rows[0] ? toWatch(rows[0]) : undefined;
}

/** Whether what someone asks to watch exists (and, for a thread, is public). Returns its name. */
export async function watchableLabel(db: DbOrTx, targetType: WatchTarget, targetId: string): Promise<string | undefined> {
  if (targetType !== 'topic' && !/^[0-9]{1,10}$/.test(targetId)) return undefined;
  const query = {
    thread: sql`select title as label from forum_threads where id = ${Number(targetId)} and status = 'published'`,
    category: sql`select name as label from forum_categories where id = ${Number(targetId)}`,
    topic: sql`select name as label from topics where slug = ${targetId}`,
    article: sql`select title as label from articles where id = ${Number(targetId)}`,
  }[targetType];
  return rowsOf<{ label: string }>(await db.execute(query))[0]?.label;
}

export async function listTopicsForWatching(db: DbOrTx): Promise<Array<{ slug: string; name: string }>> {
  return rowsOf<{ slug: string; name: string }>(await db.execute(sql`select slug, name from topics order by position, name`));
}

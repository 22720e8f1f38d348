import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { announcePersonalChange } from '../../platform/cache/personal';
import { users } from '../../platform/auth/auth.table';
import { RENDER_VERSION, renderMarkdown, type SafeHtml } from '../../platform/content/markdown';
import { type StoredHtmlKind, storedHtmlColumns } from '../../platform/content/stored-html';
import type { DbOrTx } from '../../platform/db/database';
import { rowsOf } from '../../platform/db/database';
import { conversationMembers, conversations, messageReports, messages, userBlocks } from './people.table';

// Blocks

/** Of `userIds`, those who have blocked `actorId`. */
export async function blockersAmong(db: DbOrTx, userIds: number[], actorId: number): Promise<number[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ id: userBlocks.blockerId })
    .from(userBlocks)
    .where(and(inArray(userBlocks.blockerId, userIds), eq(userBlocks.blockedId, actorId)));
  return rows.map((r) => r.id);
}

/** Of `userIds`, those `actorId` has blocked. */
export async function blockedAmong(db: DbOrTx, actorId: number, userIds: number[]): Promise<number[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ id: userBlocks.blockedId })
    .from(userBlocks)
    .where(and(eq(userBlocks.blockerId, actorId), inArray(userBlocks.blockedId, userIds)));
  return rows.map((r) => r.id);
}

export async function addBlock(db: DbOrTx, blockerId: number, blockedId: number, now: Date): Promise<boolean> {
  const rows = await db
    .insert(userBlocks)
    .values({ blockerId, blockedId, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: userBlocks.blockedId });
  return rows.length > 0;
}

export async function removeBlock(db: DbOrTx, blockerId: number, blockedId: number): Promise<boolean> {
  const rows = await db
    .delete(userBlocks)
    .where(and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId)))
    .returning({ id: userBlocks.blockedId });
  return rows.length > 0;
}

export async function listBlocked(db: DbOrTx, blockerId: number) {
  return db
    .select({ userId: users.id, username: users.username, displayName: users.displayName, since: userBlocks.createdAt })
    .from(userBlocks)
    .innerJoin(users, eq(users.id, userBlocks.blockedId))
    .where(and(eq(userBlocks.blockerId, blockerId), isNull(users.deletedAt)))
    .orderBy(asc(users.displayName));
}

// Conversations and messages

export async function insertConversation(
  db: DbOrTx,
  values: { subject: string; createdBy: number; now: Date },
): Promise<number> {
  const rows = await db
    .insert(conversations)
    .values({ subject: values.subject, createdBy: values.createdBy, createdAt: values.now, lastMessageAt: values.now })
    .returning({ id: conversations.id });
  return rows[0]!.id;
}

export async function addMembers(db: DbOrTx, conversationId: number, userIds: number[]): Promise<void> {
  await db.insert(conversationMembers).values(userIds.map((userId) => ({ conversationId, userId })));
}

/** A message's HTML, rendered once as it is saved: pages show the stored HTML and never render. */
function storedMessageHtml(body: string): { bodyHtml: SafeHtml; renderVersion: number } {
  return { bodyHtml: renderMarkdown(body), renderVersion: RENDER_VERSION };
}

export async function insertMessage(
  db: DbOrTx,
  values: {
    conversationId: number;
    authorId: number;
    body: string;
    idempotencyKey: string | null;
    via: 'web' | 'email';
    now: Date;
  },
): Promise<number | undefined> {
  const rows = await db
    .insert(messages)
    .values({
      conversationId: values.conversationId,
      authorId: values.authorId,
      body: values.body,
      ...storedMessageHtml(values.body),
      idempotencyKey: values.idempotencyKey,
      via: values.via,
      createdAt: values.now,
    })
    .onConflictDoNothing()
    .returning({ id: messages.id });
  return rows[0]?.id;
}

export async function findMessageByKey(db: DbOrTx, authorId: number, key: string) {
  const rows = await db
    .select({ id: messages.id, conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.authorId, authorId), eq(messages.idempotencyKey, key)))
    .limit(1);
  return rows[0];
}

export async function touchConversation(db: DbOrTx, conversationId: number, now: Date): Promise<void> {
  await db.update(conversations).set({ lastMessageAt: now }).where(eq(conversations.id, conversationId));
}

export async function markRead(db: DbOrTx, conversationId: number, userId: number, now: Date): Promise<void> {
  await db
    .update(conversationMembers)
    .set({ lastReadAt: now })
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)));
  // The header's unread count, cached per member in every process, drops when this commits.
  await announcePersonalChange(db);
}

/** The conversation, only when `userId` is in it: to anyone else it does not exist. */
export async function findConversationFor(db: DbOrTx, conversationId: number, userId: number) {
  const rows = await db
    .select({
      id: conversations.id,
      subject: conversations.subject,
      createdAt: conversations.createdAt,
      lastReadAt: conversationMembers.lastReadAt,
    })
    .from(conversations)
    .innerJoin(conversationMembers, eq(conversationMembers.conversationId, conversations.id))
    .where(
      and(
        eq(conversations.id, conversationId),
        eq(conversationMembers.userId, userId),
        isNull(conversationMembers.leftAt),
      ),
    )
    .limit(1);
  return rows[0];
}

export async function conversationPeople(db: DbOrTx, conversationId: number) {
  return db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      leftAt: conversationMembers.leftAt,
    })
    .from(conversationMembers)
    .innerJoin(users, eq(users.id, conversationMembers.userId))
    .where(and(eq(conversationMembers.conversationId, conversationId), isNull(users.deletedAt)))
    .orderBy(asc(users.displayName));
}

export async function listMessages(db: DbOrTx, conversationId: number) {
  return db
    .select({
      id: messages.id,
      authorId: messages.authorId,
      authorName: users.displayName,
      authorUsername: users.username,
      body: messages.body,
      bodyHtml: messages.bodyHtml,
      via: messages.via,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.authorId))
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.createdAt), asc(messages.id));
}

export async function findMessage(db: DbOrTx, messageId: number) {
  const rows = await db
    .select({
      id: messages.id,
      conversationId: messages.conversationId,
      authorId: messages.authorId,
      body: messages.body,
    })
    .from(messages)
    .where(eq(messages.id, messageId))
    .limit(1);
  return rows[0];
}

export interface InboxRow {
  id: number;
  subject: string;
  lastMessageAt: Date;
  unread: boolean;
  people: string[];
}

const UNREAD = sql`exists (
  select 1 from messages m where m.conversation_id = c.id and m.author_id <> cm.user_id
    and m.created_at > coalesce(cm.last_read_at, '-infinity'::timestamptz))`;

/** A person's conversations, newest first, with who else is in each and whether anything is unread. */
export async function inbox(
  db: DbOrTx,
  userId: number,
  limit: number,
  offset: number,
): Promise<{ rows: InboxRow[]; total: number; unread: number }> {
  const rows = rowsOf<{
    id: number;
    subject: string;
    last_message_at: string | Date;
    unread: boolean;
    people: string[] | null;
    total: number;
    unread_total: number;
  }>(
    await db.execute(sql`
      select c.id, c.subject, c.last_message_at, ${UNREAD} as unread,
        (select array_agg(u.display_name order by u.display_name) from conversation_members o join users u on u.id = o.user_id
          where o.conversation_id = c.id and o.user_id <> cm.user_id and o.left_at is null and u.deleted_at is null) as people,
        count(*) over () as total, count(*) filter (where ${UNREAD}) over () as unread_total
      from conversation_members cm join conversations c on c.id = cm.conversation_id
      where cm.user_id = ${userId} and cm.left_at is null
      order by c.last_message_at desc, c.id desc
      limit ${limit} offset ${offset}`),
  );
  return {
    rows: rows.map((r) => ({
      id: Number(r.id),
      subject: r.subject,
      lastMessageAt: new Date(r.last_message_at),
      unread: Boolean(r.unread),
      people: r.people ?? [],
    })),
    total: Number(rows[0]?.total ?? 0),
    unread: Number(rows[0]?.unread_total ?? 0),
  };
}

/** The header's unread-conversation count stops here ("99+"). */
export const UNREAD_CONVERSATIONS_CAP = 99;

/**
 * Conversations with news since the person last read them: anything newer than their last read (the
 * conversation's last_message_at, so most rows are ruled out without touching messages) written by someone else.
 */
const HAS_NEWS = sql`c.last_message_at > coalesce(cm.last_read_at, '-infinity'::timestamptz) and ${UNREAD}`;

/** Unread conversations, counted up to the cap: the person's memberships by index, each checked by primary key. */
export async function countUnreadConversations(db: DbOrTx, userId: number): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from (
      select 1 from conversation_members cm join conversations c on c.id = cm.conversation_id
      where cm.user_id = ${userId} and cm.left_at is null and ${HAS_NEWS}
      limit ${UNREAD_CONVERSATIONS_CAP + 1}) u`),
  );
  return Number(rows[0]?.n ?? 0);
}

/** Unread conversations, newest first, at most `limit`, with who else is in each. */
export async function unreadConversations(db: DbOrTx, userId: number, limit: number): Promise<InboxRow[]> {
  const rows = rowsOf<{ id: number; subject: string; last_message_at: string | Date; people: string[] | null }>(
    await db.execute(sql`
      select c.id, c.subject, c.last_message_at,
        (select array_agg(u.display_name order by u.display_name) from conversation_members o join users u on u.id = o.user_id
          where o.conversation_id = c.id and o.user_id <> cm.user_id and o.left_at is null and u.deleted_at is null) as people
      from conversation_members cm join conversations c on c.id = cm.conversation_id
      where cm.user_id = ${userId} and cm.left_at is null and ${HAS_NEWS}
      order by c.last_message_at desc, c.id desc
      limit ${limit}`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    subject: r.subject,
    lastMessageAt: new Date(r.last_message_at),
    unread: true,
    people: r.people ?? [],
  }));
}

export async function leaveConversation(db: DbOrTx, conversationId: number, userId: number, now: Date): Promise<void> {
  await db
    .update(conversationMembers)
    .set({ leftAt: now })
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)));
}

// Reports

export async function findOpenReport(db: DbOrTx, messageId: number, reporterId: number) {
  const rows = await db
    .select({ id: messageReports.id })
    .from(messageReports)
    .where(
      and(
        eq(messageReports.messageId, messageId),
        eq(messageReports.reporterId, reporterId),
        isNull(messageReports.resolvedAt),
      ),
    )
    .limit(1);
  return rows[0];
}

export async function insertReport(
  db: DbOrTx,
  values: { messageId: number; reporterId: number; reason: string; now: Date },
): Promise<number> {
  const rows = await db
    .insert(messageReports)
    .values({
      messageId: values.messageId,
      reporterId: values.reporterId,
      reason: values.reason,
      createdAt: values.now,
    })
    .returning({ id: messageReports.id });
  return rows[0]!.id;
}

export async function openReports(db: DbOrTx, limit: number) {
  const reporter = sql<string>`(select display_name from users r where r.id = ${messageReports.reporterId})`;
  return db
    .select({
      id: messageReports.id,
      reason: messageReports.reason,
      createdAt: messageReports.createdAt,
      reporterName: reporter,
      messageId: messages.id,
      body: messages.body,
      bodyHtml: messages.bodyHtml,
      sentAt: messages.createdAt,
      authorName: users.displayName,
      authorUsername: users.username,
    })
    .from(messageReports)
    .innerJoin(messages, eq(messages.id, messageReports.messageId))
    .innerJoin(users, eq(users.id, messages.authorId))
    .where(isNull(messageReports.resolvedAt))
    .orderBy(asc(messageReports.createdAt))
    .limit(limit);
}

export async function findReport(db: DbOrTx, reportId: number) {
  const rows = await db.select().from(messageReports).where(eq(messageReports.id, reportId)).limit(1);
  return rows[0];
}

export async function resolveReports(
  db: DbOrTx,
  where: { reportId?: number; messageId?: number },
  moderatorId: number,
  now: Date,
): Promise<number> {
  const cond =
    where.reportId !== undefined
      ? eq(messageReports.id, where.reportId)
      : eq(messageReports.messageId, where.messageId ?? -1);
  const rows = await db
    .update(messageReports)
    .set({ resolvedAt: now, resolvedBy: moderatorId })
    .where(and(cond, isNull(messageReports.resolvedAt)))
    .returning({ id: messageReports.id });
  return rows.length;
}

export const REMOVED_MESSAGE = 'This message was removed by a moderator.';

/** The text goes; the message stays in place (and its reports on record) saying it was removed. */
export async function redactMessage(db: DbOrTx, messageId: number): Promise<void> {
  await db
    .update(messages)
    .set({ body: REMOVED_MESSAGE, ...storedMessageHtml(REMOVED_MESSAGE) })
    .where(eq(messages.id, messageId));
}

export async function moderatorIds(db: DbOrTx): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, ['moderator', 'admin']), isNull(users.deletedAt), eq(users.isSystem, false)))
    .orderBy(desc(users.id))
    .limit(50);
  return rows.map((r) => r.id);
}

/** Messages whose stored HTML is missing or from an older renderer: the hub renders them again at start. */
export const storedMessageHtmlKind: StoredHtmlKind<{ id: number; body: string }> = storedHtmlColumns({
  name: 'private messages',
  table: messages,
  id: messages.id,
  source: messages.body,
  renderVersion: messages.renderVersion,
  render: (_db, body) => storedMessageHtml(body),
});

/** Messages someone has sent: how new they are at messaging (the new-member link limit). */
export async function messageCountBy(db: DbOrTx, userId: number): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.authorId, userId));
  return Number(rows[0]?.n ?? 0);
}

import { and, asc, count, desc, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import type { SafeHtml } from '../../platform/content/markdown';
import type { DbOrTx } from '../../platform/db/database';
import { events } from '../../platform/events/events.table';
import { forumFlags, forumPosts, forumThreads } from './community.table';
import type { FLAG_REASONS } from './community.table';

export type FlagReason = (typeof FLAG_REASONS)[number];

export async function insertFlag(
  db: DbOrTx,
  values: { postId: number; reporterId: number; reason: FlagReason; note: string; now: Date },
): Promise<boolean> {
  const rows = await db
    .insert(forumFlags)
    .values({
      postId: values.postId,
      reporterId: values.reporterId,
      reason: values.reason,
      note: values.note,
      createdAt: values.now,
    })
    .onConflictDoNothing()
    .returning({ id: forumFlags.id });
  return rows.length > 0;
}

export async function resolveFlags(
  db: DbOrTx,
  postId: number,
  userId: number,
  resolution: string,
  now: Date,
): Promise<number> {
  const rows = await db
    .update(forumFlags)
    .set({ resolvedAt: now, resolvedBy: userId, resolution })
    .where(and(eq(forumFlags.postId, postId), isNull(forumFlags.resolvedAt)))
    .returning({ id: forumFlags.id });
  return rows.length;
}

export interface QueueItem {
  postId: number;
  threadId: number;
  threadTitle: string;
  number: number;
  body: string;
  bodyHtml: SafeHtml | null;
  status: string;
  authorId: number;
  authorName: string;
  createdAt: Date;
  flags: Array<{ reason: FlagReason; note: string; reporterName: string; createdAt: Date }>;
}

const reporter = alias(users, 'reporter');

/** What every moderation queue shows of a post (joined with its thread and author). */
const POST_FIELDS = {
  postId: forumPosts.id,
  threadId: forumPosts.threadId,
  threadTitle: forumThreads.title,
  number: forumPosts.number,
  body: forumPosts.body,
  bodyHtml: forumPosts.bodyHtml,
  status: forumPosts.status,
  authorId: forumPosts.authorId,
  authorName: users.displayName,
  createdAt: forumPosts.createdAt,
};

/** Posts with open flags, oldest flag first. */
export async function flaggedPosts(db: DbOrTx, limit = 100): Promise<QueueItem[]> {
  const rows = await db
    .select({
      ...POST_FIELDS,
      reason: forumFlags.reason,
      note: forumFlags.note,
      reporterName: reporter.displayName,
      flaggedAt: forumFlags.createdAt,
    })
    .from(forumFlags)
    .innerJoin(forumPosts, eq(forumPosts.id, forumFlags.postId))
    .innerJoin(forumThreads, eq(forumThreads.id, forumPosts.threadId))
    .innerJoin(users, eq(users.id, forumPosts.authorId))
    .innerJoin(reporter, eq(reporter.id, forumFlags.reporterId))
    .where(isNull(forumFlags.resolvedAt))
    .orderBy(asc(forumFlags.createdAt), asc(forumFlags.id))
    .limit(limit * 5);
  const byPost = new Map<number, QueueItem>();
  for (const r of rows) {
    let item = byPost.get(r.postId);
    if (!item) {
      if (byPost.size >= limit) continue;
      item = {
        postId: r.postId,
        threadId: r.threadId,
        threadTitle: r.threadTitle,
        number: r.number,
        body: r.body,
        bodyHtml: r.bodyHtml,
        status: r.status,
        authorId: r.authorId,
        authorName: r.authorName,
        createdAt: r.createdAt,
        flags: [],
      };
      byPost.set(r.postId, item);
    }
    item.flags.push({
      reason: r.reason as FlagReason,
      note: r.note,
      reporterName: r.reporterName,
      createdAt: r.flaggedAt,
    });
  }
  return [...byPost.values()];
}

/** Posts in one status (pending approval, hidden, deleted), newest first. */
export async function postsWithStatus(
  db: DbOrTx,
  status: 'pending' | 'hidden' | 'deleted',
  limit = 100,
): Promise<QueueItem[]> {
  const rows = await db
    .select(POST_FIELDS)
    .from(forumPosts)
    .innerJoin(forumThreads, eq(forumThreads.id, forumPosts.threadId))
    .innerJoin(users, eq(users.id, forumPosts.authorId))
    .where(eq(forumPosts.status, status))
    .orderBy(status === 'pending' ? asc(forumPosts.createdAt) : desc(forumPosts.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, flags: [] }));
}

export async function queueCounts(db: DbOrTx): Promise<{ flagged: number; pending: number }> {
  const [flagged, pending] = await Promise.all([
    db
      .select({ n: sql<number>`count(distinct ${forumFlags.postId})::int` })
      .from(forumFlags)
      .where(isNull(forumFlags.resolvedAt)),
    db.select({ n: count() }).from(forumPosts).where(eq(forumPosts.status, 'pending')),
  ]);
  return { flagged: Number(flagged[0]?.n ?? 0), pending: Number(pending[0]?.n ?? 0) };
}

// Suspensions live in platform/auth/standing.ts (every feature checks them); moderation makes and lifts them.
export {
  activeSuspension,
  activeSuspensions,
  insertSuspension,
  liftSuspension,
  type Suspension,
} from '../../platform/auth/standing';

export async function findMember(db: DbOrTx, id: number) {
  return (
    await db
      .select({ id: users.id, displayName: users.displayName, username: users.username, role: users.role })
      .from(users)
      .where(eq(users.id, id))
      .limit(1)
  )[0];
}

// The audit log: every event whose type starts with "moderation."

export interface AuditEntry {
  id: number;
  type: string;
  actorName: string | null;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

export async function auditLog(
  db: DbOrTx,
  page: { limit: number; offset: number },
): Promise<{ items: AuditEntry[]; total: number }> {
  const where = like(events.type, 'moderation.%');
  const [rows, totals] = await Promise.all([
    db
      .select({
        id: events.id,
        type: events.type,
        actorName: users.displayName,
        subjectType: events.subjectType,
        subjectId: events.subjectId,
        data: events.data,
        createdAt: events.createdAt,
      })
      .from(events)
      .leftJoin(users, eq(users.id, events.actorId))
      .where(where)
      .orderBy(desc(events.createdAt), desc(events.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(events).where(where),
  ]);
  return { items: rows, total: Number(totals[0]?.n ?? 0) };
}

/** Flags a person filed that are still open (for erasure). */
export async function deleteOpenFlagsBy(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(forumFlags).where(and(eq(forumFlags.reporterId, userId), isNull(forumFlags.resolvedAt)));
}

export async function flagsBy(db: DbOrTx, userId: number) {
  return db
    .select({
      postId: forumFlags.postId,
      reason: forumFlags.reason,
      note: forumFlags.note,
      createdAt: forumFlags.createdAt,
      resolvedAt: forumFlags.resolvedAt,
    })
    .from(forumFlags)
    .where(eq(forumFlags.reporterId, userId));
}

export async function postsBy(db: DbOrTx, userId: number) {
  return db
    .select({
      id: forumPosts.id,
      threadId: forumPosts.threadId,
      threadTitle: forumThreads.title,
      number: forumPosts.number,
      body: forumPosts.body,
      status: forumPosts.status,
      via: forumPosts.via,
      createdAt: forumPosts.createdAt,
      editedAt: forumPosts.editedAt,
    })
    .from(forumPosts)
    .innerJoin(forumThreads, eq(forumThreads.id, forumPosts.threadId))
    .where(eq(forumPosts.authorId, userId))
    .orderBy(asc(forumPosts.createdAt));
}

export async function threadIdsOf(db: DbOrTx, postIds: number[]): Promise<number[]> {
  if (!postIds.length) return [];
  const rows = await db
    .selectDistinct({ id: forumPosts.threadId })
    .from(forumPosts)
    .where(inArray(forumPosts.id, postIds));
  return rows.map((r) => r.id);
}

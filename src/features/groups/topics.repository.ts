import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import { articleIdsIn } from '../library';
import { groups, stewardships, topicStewardships } from './groups.table';

export type TopicAdoptionStatus = (typeof topicStewardships.$inferSelect)['status'];

export interface TopicAdoption {
  id: number;
  topicSlug: string;
  groupId: number;
  groupSlug: string;
  groupName: string;
  requestedBy: number;
  requesterName: string;
  reviewIntervalMonths: number;
  status: TopicAdoptionStatus;
  decidedBy: number | null;
  deciderName: string | null;
  decisionNote: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

const requester = alias(users, 'requester');
const decider = alias(users, 'decider');

function select(db: DbOrTx) {
  return db
    .select({
      id: topicStewardships.id,
      topicSlug: topicStewardships.topicSlug,
      groupId: topicStewardships.groupId,
      groupSlug: groups.slug,
      groupName: groups.name,
      requestedBy: topicStewardships.requestedBy,
      requesterName: requester.displayName,
      reviewIntervalMonths: topicStewardships.reviewIntervalMonths,
      status: topicStewardships.status,
      decidedBy: topicStewardships.decidedBy,
      deciderName: decider.displayName,
      decisionNote: topicStewardships.decisionNote,
      createdAt: topicStewardships.createdAt,
      decidedAt: topicStewardships.decidedAt,
    })
    .from(topicStewardships)
    .innerJoin(groups, eq(groups.id, topicStewardships.groupId))
    .innerJoin(requester, eq(requester.id, topicStewardships.requestedBy))
    .leftJoin(decider, eq(decider.id, topicStewardships.decidedBy));
}

export async function findAdoption(
  db: DbOrTx,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<TopicAdoption | undefined> {
  const query = select(db).where(eq(topicStewardships.id, id)).limit(1);
  return (options.forUpdate ? await query.for('update', { of: topicStewardships }) : await query)[0];
}

/** The group that maintains a topic now, if any. */
export async function adoptionOf(db: DbOrTx, topicSlug: string): Promise<TopicAdoption | undefined> {
  return (
    await select(db)
      .where(and(eq(topicStewardships.topicSlug, topicSlug), eq(topicStewardships.status, 'approved')))
      .limit(1)
  )[0];
}

export async function adopted(db: DbOrTx): Promise<TopicAdoption[]> {
  return select(db).where(eq(topicStewardships.status, 'approved')).orderBy(asc(topicStewardships.topicSlug));
}

export async function pending(db: DbOrTx, limit = 200): Promise<TopicAdoption[]> {
  return select(db)
    .where(eq(topicStewardships.status, 'pending'))
    .orderBy(asc(topicStewardships.createdAt))
    .limit(limit);
}

export async function openRequest(db: DbOrTx, topicSlug: string, groupId: number): Promise<number | undefined> {
  const rows = await db
    .select({ id: topicStewardships.id })
    .from(topicStewardships)
    .where(
      and(
        eq(topicStewardships.topicSlug, topicSlug),
        eq(topicStewardships.groupId, groupId),
        eq(topicStewardships.status, 'pending'),
      ),
    )
    .limit(1);
  return rows[0]?.id;
}

export async function insertRequest(
  db: DbOrTx,
  values: { topicSlug: string; groupId: number; requestedBy: number; reviewIntervalMonths: number; now: Date },
): Promise<number> {
  const { now, ...rest } = values;
  const rows = await db
    .insert(topicStewardships)
    .values({ ...rest, createdAt: now })
    .returning({ id: topicStewardships.id });
  return rows[0]!.id;
}

export async function setStatus(
  db: DbOrTx,
  id: number,
  values: { status: TopicAdoptionStatus; decidedBy: number; decisionNote: string | null; now: Date },
): Promise<void> {
  await db
    .update(topicStewardships)
    .set({
      status: values.status,
      decidedBy: values.decidedBy,
      decisionNote: values.decisionNote,
      decidedAt: values.now,
    })
    .where(eq(topicStewardships.id, id));
}

/** Other groups' open requests for the topic are closed when one is approved. */
export async function closeOtherRequests(db: DbOrTx, topicSlug: string, decidedBy: number, now: Date) {
  await db
    .update(topicStewardships)
    .set({ status: 'declined', decidedBy, decisionNote: 'Another group adopted the topic.', decidedAt: now })
    .where(and(eq(topicStewardships.topicSlug, topicSlug), eq(topicStewardships.status, 'pending')));
}

/** Pages of the topic that no group maintains (asked of the library, scoped by our own table). */
export async function unmaintainedIn(db: DbOrTx, topicSlug: string): Promise<number[]> {
  return articleIdsIn(db, { topicsAny: [topicSlug], idsNotIn: sql`select article_id from stewardships` });
}

/** Pages of the topic the hub's editors group keeps (by default, from the first start): a group adopting the topic takes them over. */
export async function takeableIn(db: DbOrTx, topicSlug: string, editorsGroupId: number): Promise<number[]> {
  return articleIdsIn(db, {
    topicsAny: [topicSlug],
    idsIn: sql`select article_id from stewardships where group_id = ${editorsGroupId}`,
  });
}

export async function moveToGroup(db: DbOrTx, articleIds: number[], groupId: number, topicSlug: string) {
  if (articleIds.length === 0) return;
  await db
    .update(stewardships)
    .set({ groupId, viaTopic: topicSlug })
    .where(inArray(stewardships.articleId, articleIds));
}

/** Requests to maintain a topic a person asked for or decided on (for "download my data"). */
export async function involving(db: DbOrTx, userId: number, limit = 10_000): Promise<TopicAdoption[]> {
  return select(db)
    .where(or(eq(topicStewardships.requestedBy, userId), eq(topicStewardships.decidedBy, userId)))
    .orderBy(asc(topicStewardships.createdAt))
    .limit(limit);
}

/**
 * A group gives up a topic: the pages it holds through the topic go to the editors group (or, without one, to
 * nobody: the hub-wide queue). Pages the group maintains by its own choice stay. Returns how many pages moved.
 */
export async function releasePages(
  db: DbOrTx,
  groupId: number,
  topicSlug: string,
  editorsGroupId: number | undefined,
): Promise<number> {
  const held = and(eq(stewardships.groupId, groupId), eq(stewardships.viaTopic, topicSlug));
  const rows =
    editorsGroupId !== undefined && editorsGroupId !== groupId
      ? await db
          .update(stewardships)
          .set({ groupId: editorsGroupId, viaTopic: null })
          .where(held)
          .returning({ id: stewardships.articleId })
      : await db.delete(stewardships).where(held).returning({ id: stewardships.articleId });
  return rows.length;
}

/** The adoption ends; who approved it, and when, stay on the row (the group's activity says who gave it up). */
export async function markReleased(db: DbOrTx, id: number): Promise<void> {
  await db.update(topicStewardships).set({ status: 'released' }).where(eq(topicStewardships.id, id));
}

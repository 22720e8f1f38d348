import { and, asc, desc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import { articleRefs } from '../library';
import { withArticles } from './groups.articles';
import { DAY_MS, REMINDER_DAYS, SOON_DAYS } from './groups.models';
import { groups, handovers, reviewReminders, stewardships } from './groups.table';

export interface StewardshipInfo {
  articleId: number;
  groupId: number;
  groupSlug: string;
  groupName: string;
  reviewIntervalMonths: number;
  lastReviewedAt: Date | null;
  reviewerName: string | null;
  reviewerUsername: string | null;
  reviewNote: string | null;
  nextReviewDue: Date;
  assignedAt: Date;
}

const info = {
  articleId: stewardships.articleId,
  groupId: stewardships.groupId,
  groupSlug: groups.slug,
  groupName: groups.name,
  reviewIntervalMonths: stewardships.reviewIntervalMonths,
  lastReviewedAt: stewardships.lastReviewedAt,
  reviewerName: users.displayName,
  reviewerUsername: users.username,
  reviewNote: stewardships.reviewNote,
  nextReviewDue: stewardships.nextReviewDue,
  assignedAt: stewardships.assignedAt,
};

export async function findStewardship(
  db: DbOrTx,
  articleId: number,
  options: { forUpdate?: boolean } = {},
): Promise<StewardshipInfo | undefined> {
  const query = db
    .select(info)
    .from(stewardships)
    .innerJoin(groups, eq(groups.id, stewardships.groupId))
    .leftJoin(users, eq(users.id, stewardships.lastReviewedBy))
    .where(eq(stewardships.articleId, articleId))
    .limit(1);
  return (options.forUpdate ? await query.for('update', { of: stewardships }) : await query)[0];
}

export async function insertStewardship(
  db: DbOrTx,
  values: {
    articleId: number;
    groupId: number;
    reviewIntervalMonths: number;
    nextReviewDue: Date;
    assignedAt: Date;
    lastReviewedAt?: Date;
  },
): Promise<void> {
  await db.insert(stewardships).values(values);
}

export async function updateStewardship(
  db: DbOrTx,
  articleId: number,
  values: Partial<{
    groupId: number;
    reviewIntervalMonths: number;
    nextReviewDue: Date;
    lastReviewedAt: Date;
    lastReviewedBy: number;
    reviewNote: string | null;
  }>,
): Promise<void> {
  await db.update(stewardships).set(values).where(eq(stewardships.articleId, articleId));
}

export async function deleteStewardship(db: DbOrTx, articleId: number): Promise<void> {
  await db.delete(stewardships).where(eq(stewardships.articleId, articleId));
}

export interface MaintainedArticle {
  articleId: number;
  slug: string;
  title: string;
  nextReviewDue: Date;
  lastReviewedAt: Date | null;
  reviewerName: string | null;
  reviewIntervalMonths: number;
}

const maintained = {
  articleId: stewardships.articleId,
  nextReviewDue: stewardships.nextReviewDue,
  lastReviewedAt: stewardships.lastReviewedAt,
  reviewerName: users.displayName,
  reviewIntervalMonths: stewardships.reviewIntervalMonths,
};

/** Rows with their page's address and title (asked of the library). */
async function titled<T extends { articleId: number }>(
  db: DbOrTx,
  rows: T[],
): Promise<Array<T & { slug: string; title: string }>> {
  return (await withArticles(db, rows)).map(({ article, ...r }) => ({
    ...(r as unknown as T),
    slug: article.slug,
    title: article.title,
  }));
}

/** The pages a group maintains, soonest due first (then by title). */
export async function listMaintained(db: DbOrTx, groupId: number, limit = 500): Promise<MaintainedArticle[]> {
  const rows = await db
    .select(maintained)
    .from(stewardships)
    .leftJoin(users, eq(users.id, stewardships.lastReviewedBy))
    .where(eq(stewardships.groupId, groupId))
    .orderBy(asc(stewardships.nextReviewDue), asc(stewardships.articleId))
    .limit(limit);
  return (await titled(db, rows)).sort(
    (a, b) => a.nextReviewDue.getTime() - b.nextReviewDue.getTime() || a.title.localeCompare(b.title),
  );
}

/** Overdue pages and pages due within SOON_DAYS: the stewards' review queue. */
export async function reviewQueue(db: DbOrTx, groupId: number, now: Date): Promise<MaintainedArticle[]> {
  const rows = await db
    .select(maintained)
    .from(stewardships)
    .leftJoin(users, eq(users.id, stewardships.lastReviewedBy))
    .where(
      and(
        eq(stewardships.groupId, groupId),
        lte(stewardships.nextReviewDue, new Date(now.getTime() + SOON_DAYS * DAY_MS)),
      ),
    )
    .orderBy(asc(stewardships.nextReviewDue))
    .limit(500);
  return titled(db, rows);
}

export interface DueItem {
  articleId: number;
  slug: string;
  title: string;
  groupId: number;
  groupSlug: string;
  groupName: string;
  nextReviewDue: Date;
}

const due = {
  articleId: stewardships.articleId,
  groupId: stewardships.groupId,
  groupSlug: groups.slug,
  groupName: groups.name,
  nextReviewDue: stewardships.nextReviewDue,
};

/** Pages due within REMINDER_DAYS (or overdue) that no reminder has been sent for at this due date. */
export async function dueWithoutReminder(db: DbOrTx, now: Date): Promise<DueItem[]> {
  const rows = await db
    .select(due)
    .from(stewardships)
    .innerJoin(groups, eq(groups.id, stewardships.groupId))
    .where(
      and(
        lte(stewardships.nextReviewDue, new Date(now.getTime() + REMINDER_DAYS * DAY_MS)),
        sql`not exists (select 1 from ${reviewReminders} r where r.article_id = ${stewardships.articleId} and r.due_at = ${stewardships.nextReviewDue})`,
      ),
    )
    .orderBy(asc(stewardships.groupId), asc(stewardships.nextReviewDue))
    .limit(5000);
  return titled(db, rows);
}

/** Claim reminders: returns only the rows this call inserted, so two workers never send the same one. */
export async function claimReminders(
  db: DbOrTx,
  items: Array<{ articleId: number; dueAt: Date }>,
  now: Date,
): Promise<Set<number>> {
  if (items.length === 0) return new Set();
  const rows = await db
    .insert(reviewReminders)
    .values(items.map((i) => ({ articleId: i.articleId, dueAt: i.dueAt, sentAt: now })))
    .onConflictDoNothing()
    .returning({ articleId: reviewReminders.articleId });
  return new Set(rows.map((r) => r.articleId));
}

/** Pages that became overdue in the window (since, now]. */
export async function becameOverdue(db: DbOrTx, since: Date, now: Date): Promise<DueItem[]> {
  const rows = await db
    .select(due)
    .from(stewardships)
    .innerJoin(groups, eq(groups.id, stewardships.groupId))
    .where(and(gt(stewardships.nextReviewDue, since), lte(stewardships.nextReviewDue, now)))
    .limit(5000);
  return titled(db, rows);
}

export async function articleIdsMaintainedBy(db: DbOrTx, groupId: number, articleIds: number[]): Promise<number[]> {
  if (articleIds.length === 0) return [];
  const rows = await db
    .select({ id: stewardships.articleId })
    .from(stewardships)
    .where(and(eq(stewardships.groupId, groupId), inArray(stewardships.articleId, articleIds)))
    .for('update');
  return rows.map((r) => r.id);
}

export async function articleTitles(
  db: DbOrTx,
  ids: number[],
): Promise<Array<{ id: number; slug: string; title: string }>> {
  const found = await articleRefs(db, ids);
  return [...found.values()]
    .map((a) => ({ id: a.id, slug: a.slug, title: a.title }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

export type HandoverRow = typeof handovers.$inferSelect;

export async function insertHandover(
  db: DbOrTx,
  values: { fromGroupId: number; toGroupId: number; articleIds: number[]; proposedBy: number; now: Date },
): Promise<HandoverRow> {
  const rows = await db
    .insert(handovers)
    .values({
      fromGroupId: values.fromGroupId,
      toGroupId: values.toGroupId,
      articleIds: values.articleIds,
      proposedBy: values.proposedBy,
      fromApprovedBy: values.proposedBy,
      createdAt: values.now,
    })
    .returning();
  return rows[0]!;
}

export async function findHandover(
  db: DbOrTx,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<HandoverRow | undefined> {
  const query = db.select().from(handovers).where(eq(handovers.id, id)).limit(1);
  return (options.forUpdate ? await query.for('update') : await query)[0];
}

export async function setHandoverStatus(
  db: DbOrTx,
  id: number,
  values: { status: HandoverRow['status']; toApprovedBy?: number; decidedAt: Date },
): Promise<void> {
  await db.update(handovers).set(values).where(eq(handovers.id, id));
}

export interface HandoverListItem extends HandoverRow {
  fromName: string;
  fromSlug: string;
  toName: string;
  toSlug: string;
}

const fromGroup = alias(groups, 'from_group');
const toGroup = alias(groups, 'to_group');

/** Handovers that involve the group, open ones first. */
export async function handoversOf(db: DbOrTx, groupId: number, limit = 50): Promise<HandoverListItem[]> {
  const rows = await db
    .select({
      h: handovers,
      fromName: fromGroup.name,
      fromSlug: fromGroup.slug,
      toName: toGroup.name,
      toSlug: toGroup.slug,
    })
    .from(handovers)
    .innerJoin(fromGroup, eq(fromGroup.id, handovers.fromGroupId))
    .innerJoin(toGroup, eq(toGroup.id, handovers.toGroupId))
    .where(or(eq(handovers.fromGroupId, groupId), eq(handovers.toGroupId, groupId)))
    .orderBy(sql`case when ${handovers.status} = 'proposed' then 0 else 1 end`, desc(handovers.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.h, fromName: r.fromName, fromSlug: r.fromSlug, toName: r.toName, toSlug: r.toSlug }));
}

export async function findHandoverItem(db: DbOrTx, id: number): Promise<HandoverListItem | undefined> {
  const rows = await db
    .select({
      h: handovers,
      fromName: fromGroup.name,
      fromSlug: fromGroup.slug,
      toName: toGroup.name,
      toSlug: toGroup.slug,
    })
    .from(handovers)
    .innerJoin(fromGroup, eq(fromGroup.id, handovers.fromGroupId))
    .innerJoin(toGroup, eq(toGroup.id, handovers.toGroupId))
    .where(eq(handovers.id, id))
    .limit(1);
  const r = rows[0];
  return r ? { ...r.h, fromName: r.fromName, fromSlug: r.fromSlug, toName: r.toName, toSlug: r.toSlug } : undefined;
}

/** The maintaining group of each of these articles (articles nobody maintains are left out). */
export async function stewardGroupsOf(db: DbOrTx, articleIds: number[]): Promise<Map<number, number>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db
    .select({ articleId: stewardships.articleId, groupId: stewardships.groupId })
    .from(stewardships)
    .where(inArray(stewardships.articleId, articleIds));
  return new Map(rows.map((r) => [r.articleId, r.groupId]));
}

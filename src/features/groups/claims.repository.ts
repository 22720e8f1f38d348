import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import { articleIdsIn } from '../library';
import { memberNames, withArticles } from './groups.articles';
import { groups, stewardshipClaims } from './groups.table';

export type ClaimStatus = (typeof stewardshipClaims.$inferSelect)['status'];

/** A claim with what its page says about who may approve it. */
export interface Claim {
  id: number;
  articleId: number;
  articleSlug: string;
  articleTitle: string;
  /** Starter and imported pages are the hub's: only editors approve claims on them. */
  articleOrigin: 'starter' | 'member' | 'import';
  articleAuthorId: number;
  articleAuthorName: string | null;
  groupId: number;
  groupSlug: string;
  groupName: string;
  requestedBy: number;
  requesterName: string;
  reviewIntervalMonths: number;
  lastReviewedOn: string | null;
  status: ClaimStatus;
  decidedBy: number | null;
  deciderName: string | null;
  decisionNote: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

const requester = alias(users, 'requester');
const decider = alias(users, 'decider');

const columns = {
  id: stewardshipClaims.id,
  articleId: stewardshipClaims.articleId,
  groupId: stewardshipClaims.groupId,
  groupSlug: groups.slug,
  groupName: groups.name,
  requestedBy: stewardshipClaims.requestedBy,
  requesterName: requester.displayName,
  reviewIntervalMonths: stewardshipClaims.reviewIntervalMonths,
  lastReviewedOn: stewardshipClaims.lastReviewedOn,
  status: stewardshipClaims.status,
  decidedBy: stewardshipClaims.decidedBy,
  deciderName: decider.displayName,
  decisionNote: stewardshipClaims.decisionNote,
  createdAt: stewardshipClaims.createdAt,
  decidedAt: stewardshipClaims.decidedAt,
};

function select(db: DbOrTx) {
  return db
    .select(columns)
    .from(stewardshipClaims)
    .innerJoin(groups, eq(groups.id, stewardshipClaims.groupId))
    .innerJoin(requester, eq(requester.id, stewardshipClaims.requestedBy))
    .leftJoin(decider, eq(decider.id, stewardshipClaims.decidedBy));
}

type ClaimRow = Omit<Claim, 'articleSlug' | 'articleTitle' | 'articleOrigin' | 'articleAuthorId' | 'articleAuthorName'>;

/** Each claim with its page (asked of the library) and the page's author's name. */
async function withPages(db: DbOrTx, rows: ClaimRow[]): Promise<Claim[]> {
  const found = await withArticles(db, rows);
  const authors = await memberNames(
    db,
    found.map((r) => r.article.createdBy),
  );
  return found.map(({ article, ...r }) => ({
    ...r,
    articleSlug: article.slug,
    articleTitle: article.title,
    articleOrigin: article.origin,
    articleAuthorId: article.createdBy,
    articleAuthorName: authors.get(article.createdBy) ?? null,
  }));
}

export async function findClaim(
  db: DbOrTx,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<Claim | undefined> {
  const query = select(db).where(eq(stewardshipClaims.id, id)).limit(1);
  return (
    await withPages(db, options.forUpdate ? await query.for('update', { of: stewardshipClaims }) : await query)
  )[0];
}

export async function openClaimFor(db: DbOrTx, articleId: number, groupId: number): Promise<number | undefined> {
  const rows = await db
    .select({ id: stewardshipClaims.id })
    .from(stewardshipClaims)
    .where(
      and(
        eq(stewardshipClaims.articleId, articleId),
        eq(stewardshipClaims.groupId, groupId),
        eq(stewardshipClaims.status, 'pending'),
      ),
    )
    .limit(1);
  return rows[0]?.id;
}

export async function insertClaim(
  db: DbOrTx,
  values: {
    articleId: number;
    groupId: number;
    requestedBy: number;
    reviewIntervalMonths: number;
    lastReviewedOn: string | null;
    now: Date;
  },
): Promise<number> {
  const rows = await db
    .insert(stewardshipClaims)
    .values({
      articleId: values.articleId,
      groupId: values.groupId,
      requestedBy: values.requestedBy,
      reviewIntervalMonths: values.reviewIntervalMonths,
      lastReviewedOn: values.lastReviewedOn,
      createdAt: values.now,
    })
    .returning({ id: stewardshipClaims.id });
  return rows[0]!.id;
}

export async function setClaimStatus(
  db: DbOrTx,
  id: number,
  values: { status: ClaimStatus; decidedBy: number | null; decisionNote: string | null; now: Date },
): Promise<void> {
  await db
    .update(stewardshipClaims)
    .set({
      status: values.status,
      decidedBy: values.decidedBy,
      decisionNote: values.decisionNote,
      decidedAt: values.now,
    })
    .where(eq(stewardshipClaims.id, id));
}

/** Other groups' open claims on a page that has just found its maintainer. */
export async function supersedeOpenClaims(
  db: DbOrTx,
  articleId: number,
  exceptId: number,
  now: Date,
): Promise<Array<{ id: number; requestedBy: number }>> {
  return db
    .update(stewardshipClaims)
    .set({ status: 'superseded', decidedAt: now })
    .where(
      and(
        eq(stewardshipClaims.articleId, articleId),
        eq(stewardshipClaims.status, 'pending'),
        ne(stewardshipClaims.id, exceptId),
      ),
    )
    .returning({ id: stewardshipClaims.id, requestedBy: stewardshipClaims.requestedBy });
}

/**
 * Open claims a person may decide: every one for editors, otherwise those on
 * pages they wrote themselves (member pages only).
 */
export async function openClaimsFor(
  db: DbOrTx,
  approver: { id: number; isEditor: boolean },
  limit = 200,
): Promise<Claim[]> {
  const own = approver.isEditor ? [] : await articleIdsIn(db, { createdBy: approver.id, origin: 'member' });
  if (!approver.isEditor && own.length === 0) return [];
  const mine = approver.isEditor ? undefined : inArray(stewardshipClaims.articleId, own);
  return withPages(
    db,
    await select(db)
      .where(and(eq(stewardshipClaims.status, 'pending'), mine))
      .orderBy(asc(stewardshipClaims.createdAt))
      .limit(limit),
  );
}

/** Claims a group made, open ones first: shown to its stewards. */
export async function claimsOfGroup(db: DbOrTx, groupId: number, limit = 50): Promise<Claim[]> {
  return withPages(
    db,
    await select(db)
      .where(eq(stewardshipClaims.groupId, groupId))
      .orderBy(sql`case when ${stewardshipClaims.status} = 'pending' then 0 else 1 end`, desc(stewardshipClaims.id))
      .limit(limit),
  );
}

/** Claims a person asked for or decided: for their data export. */
export async function claimsInvolving(db: DbOrTx, userId: number): Promise<Claim[]> {
  return withPages(
    db,
    await select(db)
      .where(or(eq(stewardshipClaims.requestedBy, userId), eq(stewardshipClaims.decidedBy, userId)))
      .orderBy(asc(stewardshipClaims.id)),
  );
}

/** Everyone who may approve any claim: editors, moderators and administrators with a live account. */
export async function editorIds(db: DbOrTx): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(inArray(users.role, ['editor', 'moderator', 'admin']), isNull(users.deletedAt), eq(users.isSystem, false)),
    );
  return rows.map((r) => r.id);
}

export async function isLiveMember(db: DbOrTx, userId: number): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.id, userId),
        isNull(users.deletedAt),
        eq(users.isSystem, false),
        inArray(users.role, ['member', 'editor', 'moderator', 'admin']),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

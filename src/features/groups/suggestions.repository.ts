import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import type { ArticleContent } from '../library';
import { withArticles } from './groups.articles';
import { groups, stewardships, suggestedEdits, suggestionComments } from './groups.table';

export type SuggestionStatus = (typeof suggestedEdits.$inferSelect)['status'];

export interface Suggestion {
  id: number;
  articleId: number;
  articleSlug: string;
  articleTitle: string;
  proposerId: number;
  proposerName: string;
  proposerUsername: string;
  baseRevision: number;
  content: ArticleContent;
  message: string;
  status: SuggestionStatus;
  decidedBy: number | null;
  deciderName: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  resultingRevision: number | null;
  createdAt: Date;
  updatedAt: Date;
}

const proposer = alias(users, 'proposer');
const decider = alias(users, 'decider');

const columns = {
  id: suggestedEdits.id,
  articleId: suggestedEdits.articleId,
  proposerId: suggestedEdits.proposerId,
  proposerName: proposer.displayName,
  proposerUsername: proposer.username,
  baseRevision: suggestedEdits.baseRevision,
  content: suggestedEdits.content,
  message: suggestedEdits.message,
  status: suggestedEdits.status,
  decidedBy: suggestedEdits.decidedBy,
  deciderName: decider.displayName,
  decidedAt: suggestedEdits.decidedAt,
  decisionNote: suggestedEdits.decisionNote,
  resultingRevision: suggestedEdits.resultingRevision,
  createdAt: suggestedEdits.createdAt,
  updatedAt: suggestedEdits.updatedAt,
};

function base(db: DbOrTx) {
  return db
    .select(columns)
    .from(suggestedEdits)
    .innerJoin(proposer, eq(proposer.id, suggestedEdits.proposerId))
    .leftJoin(decider, eq(decider.id, suggestedEdits.decidedBy));
}

/** Each suggestion with its page's address and title, asked of the library. */
async function titled(
  db: DbOrTx,
  rows: Array<Omit<Suggestion, 'articleSlug' | 'articleTitle'>>,
): Promise<Suggestion[]> {
  return (await withArticles(db, rows)).map(({ article, ...r }) => ({
    ...r,
    articleSlug: article.slug,
    articleTitle: article.title,
  }));
}

/** With `forUpdate`, two stewards deciding at once take turns: the second sees the first one's decision. */
export async function findSuggestion(
  db: DbOrTx,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<Suggestion | undefined> {
  const query = base(db).where(eq(suggestedEdits.id, id)).limit(1);
  return (await titled(db, options.forUpdate ? await query.for('update', { of: suggestedEdits }) : await query))[0];
}

export async function insertSuggestion(
  db: DbOrTx,
  values: {
    articleId: number;
    proposerId: number;
    baseRevision: number;
    content: ArticleContent;
    message: string;
    now: Date;
  },
): Promise<number> {
  const { now, ...rest } = values;
  const rows = await db
    .insert(suggestedEdits)
    .values({ ...rest, createdAt: now, updatedAt: now })
    .returning({ id: suggestedEdits.id });
  return rows[0]!.id;
}

export async function reviseSuggestion(
  db: DbOrTx,
  id: number,
  values: { baseRevision: number; content: ArticleContent; message: string; now: Date },
) {
  await db
    .update(suggestedEdits)
    .set({
      baseRevision: values.baseRevision,
      content: values.content,
      message: values.message,
      status: 'pending',
      updatedAt: values.now,
    })
    .where(eq(suggestedEdits.id, id));
}

export async function decide(
  db: DbOrTx,
  id: number,
  values: {
    status: SuggestionStatus;
    decidedBy: number | null;
    decisionNote: string | null;
    now: Date;
    resultingRevision?: number;
  },
) {
  await db
    .update(suggestedEdits)
    .set({
      status: values.status,
      decidedBy: values.decidedBy,
      decisionNote: values.decisionNote,
      decidedAt: values.now,
      updatedAt: values.now,
      ...(values.resultingRevision ? { resultingRevision: values.resultingRevision } : {}),
    })
    .where(eq(suggestedEdits.id, id));
}

export interface Comment {
  id: number;
  authorName: string;
  authorUsername: string;
  body: string;
  createdAt: Date;
}

export async function listComments(db: DbOrTx, suggestionId: number): Promise<Comment[]> {
  return db
    .select({
      id: suggestionComments.id,
      authorName: users.displayName,
      authorUsername: users.username,
      body: suggestionComments.body,
      createdAt: suggestionComments.createdAt,
    })
    .from(suggestionComments)
    .innerJoin(users, eq(users.id, suggestionComments.authorId))
    .where(eq(suggestionComments.suggestionId, suggestionId))
    .orderBy(asc(suggestionComments.createdAt), asc(suggestionComments.id));
}

export async function insertComment(
  db: DbOrTx,
  values: { suggestionId: number; authorId: number; body: string; now: Date },
) {
  await db
    .insert(suggestionComments)
    .values({ suggestionId: values.suggestionId, authorId: values.authorId, body: values.body, createdAt: values.now });
}

const OPEN = ['pending', 'changes_requested'] as const;

/** Open suggestions on the pages a group maintains, oldest first. */
export async function openForGroup(db: DbOrTx, groupId: number, limit = 200): Promise<Suggestion[]> {
  return titled(
    db,
    await base(db)
      .innerJoin(stewardships, eq(stewardships.articleId, suggestedEdits.articleId))
      .where(and(eq(stewardships.groupId, groupId), inArray(suggestedEdits.status, [...OPEN])))
      .orderBy(asc(suggestedEdits.createdAt))
      .limit(limit),
  );
}

export async function openForArticle(db: DbOrTx, articleId: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)` })
    .from(suggestedEdits)
    .where(and(eq(suggestedEdits.articleId, articleId), inArray(suggestedEdits.status, [...OPEN])));
  return Number(rows[0]?.n ?? 0);
}

export async function byProposer(db: DbOrTx, userId: number, limit = 100): Promise<Suggestion[]> {
  return titled(
    db,
    await base(db).where(eq(suggestedEdits.proposerId, userId)).orderBy(desc(suggestedEdits.updatedAt)).limit(limit),
  );
}

/** The group that maintains the suggestion's article now (a handover moves its suggestions with it). */
export async function maintainingGroup(db: DbOrTx, articleId: number) {
  const rows = await db
    .select({ id: groups.id, slug: groups.slug, name: groups.name })
    .from(stewardships)
    .innerJoin(groups, eq(groups.id, stewardships.groupId))
    .where(eq(stewardships.articleId, articleId))
    .limit(1);
  return rows[0];
}

/** Suggestions someone has made: how new they are at suggesting (the new-member link limit). */
export async function proposedCount(db: DbOrTx, userId: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(suggestedEdits)
    .where(eq(suggestedEdits.proposerId, userId));
  return Number(rows[0]?.n ?? 0);
}

/**
 * The hub-wide review queue editors work: open suggestions on pages no group maintains, on pages whose group has
 * no steward in office, and on maintained pages whose stewards have not decided within `fallbackDays`.
 */
export async function openForHubReview(
  db: DbOrTx,
  now: Date,
  fallbackDays: number,
  limit = 200,
): Promise<Suggestion[]> {
  const since = new Date(now.getTime() - fallbackDays * 86_400_000);
  const today = now.toISOString().slice(0, 10);
  return titled(
    db,
    await base(db)
      .leftJoin(stewardships, eq(stewardships.articleId, suggestedEdits.articleId))
      .where(
        and(
          inArray(suggestedEdits.status, [...OPEN]),
          sql`(${stewardships.groupId} is null
            or ${suggestedEdits.createdAt} <= ${since.toISOString()}
            or not exists (select 1 from group_members m where m.group_id = ${stewardships.groupId}
              and m.role in ('owner', 'steward') and (m.term_ends_on is null or m.term_ends_on > ${today})))`,
        ),
      )
      .orderBy(asc(suggestedEdits.createdAt))
      .limit(limit),
  );
}

/**
 * Open suggestions on maintained pages that were suggested before `since` and whose editors have not been told
 * yet, oldest first, locked so that two processes running the job tell each one once.
 */
export async function waitingPastFallback(
  db: DbOrTx,
  since: Date,
  limit = 100,
): Promise<Array<{ id: number; articleId: number; proposerId: number; createdAt: Date }>> {
  return db
    .select({
      id: suggestedEdits.id,
      articleId: suggestedEdits.articleId,
      proposerId: suggestedEdits.proposerId,
      createdAt: suggestedEdits.createdAt,
    })
    .from(suggestedEdits)
    .innerJoin(stewardships, eq(stewardships.articleId, suggestedEdits.articleId))
    .where(
      and(
        inArray(suggestedEdits.status, [...OPEN]),
        sql`${suggestedEdits.createdAt} <= ${since.toISOString()}`,
        sql`${suggestedEdits.editorsToldAt} is null`,
      ),
    )
    .orderBy(asc(suggestedEdits.createdAt))
    .limit(limit)
    .for('update', { of: suggestedEdits, skipLocked: true });
}

export async function markEditorsTold(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db.update(suggestedEdits).set({ editorsToldAt: now }).where(eq(suggestedEdits.id, id));
}

import { and, asc, eq, inArray, lte, ne } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { Actor } from '../../platform/auth/actor';
import type { DbOrTx } from '../../platform/db/database';
import { withArticles } from './groups.articles';
import { DAY_MS, REVIEW_STATE_LABELS, reviewState, SOON_DAYS } from './groups.models';
import { groupPolicies } from './groups.policies';
import { activeTerm } from './groups.repository';
import { groupMembers, groups, stewardships, suggestedEdits } from './groups.table';

/** Roles that review pages and decide on suggested edits (groupPolicies.steward). */
const REVIEWING_ROLES = ['owner', 'steward'] as const;

export interface SuggestionAwaiting {
  id: number;
  href: string;
  articleTitle: string;
  proposerName: string;
  groupName: string;
  createdAt: Date;
}

export interface ReviewDue {
  articleTitle: string;
  href: string;
  groupName: string;
  groupSlug: string;
  nextReviewDue: Date;
  /** "Review overdue" or "Review due soon", in words. */
  state: string;
}

/** The active groups where `userId` reviews and decides now (a handful of rows, by the member's index). */
async function reviewingGroups(
  db: DbOrTx,
  userId: number,
  now: Date,
): Promise<Array<{ id: number; slug: string; name: string }>> {
  return db
    .select({ id: groups.id, slug: groups.slug, name: groups.name })
    .from(groupMembers)
    .innerJoin(groups, and(eq(groups.id, groupMembers.groupId), eq(groups.status, 'active')))
    .where(and(eq(groupMembers.userId, userId), inArray(groupMembers.role, [...REVIEWING_ROLES]), activeTerm(now)))
    .orderBy(asc(groups.name))
    .limit(100);
}

export interface StewardWork {
  /** Pending suggested edits they may decide, oldest first, their own left out. */
  suggestions: SuggestionAwaiting[];
  /** Pages overdue or due within SOON_DAYS, soonest first. */
  reviews: ReviewDue[];
  /** The groups concerned, for links to each one's review queue. */
  groups: Array<{ slug: string; name: string }>;
}

/**
 * What waits for `actor` as a steward or owner of groups now (groupPolicies.steward): at most `limit` of each.
 * Three bounded queries: the member's groups (by the member's index); pending suggestions from the partial
 * index of open ones in date order, each page's stewardship probed by primary key (not the groups' pages,
 * which may number thousands); due pages by (group_id, next_review_due) ranges.
 */
export async function stewardWorkFor(db: DbOrTx, actor: Actor, now: Date, limit: number): Promise<StewardWork> {
  const none: StewardWork = { suggestions: [], reviews: [], groups: [] };
  if (!groupPolicies.steward(actor, 'steward')) return none;
  const mine = await reviewingGroups(db, actor.id, now);
  if (mine.length === 0) return none;
  const ids = mine.map((g) => g.id);
  const byId = new Map(mine.map((g) => [g.id, g]));
  const pendingRows = await db
    .select({
      id: suggestedEdits.id,
      articleId: suggestedEdits.articleId,
      proposerName: users.displayName,
      groupId: stewardships.groupId,
      createdAt: suggestedEdits.createdAt,
    })
    .from(suggestedEdits)
    .innerJoin(stewardships, eq(stewardships.articleId, suggestedEdits.articleId))
    .innerJoin(users, eq(users.id, suggestedEdits.proposerId))
    .where(
      and(
        eq(suggestedEdits.status, 'pending'),
        ne(suggestedEdits.proposerId, actor.id),
        inArray(stewardships.groupId, ids),
      ),
    )
    .orderBy(asc(suggestedEdits.createdAt), asc(suggestedEdits.id))
    .limit(limit);
  // Titles and addresses are the library's: asked for by id (one query per list), never joined here.
  const suggestions = (await withArticles(db, pendingRows)).map(({ article, articleId: _, ...r }) => ({
    ...r,
    articleTitle: article.title,
  }));
  const dueRows = await db
    .select({
      articleId: stewardships.articleId,
      groupId: stewardships.groupId,
      nextReviewDue: stewardships.nextReviewDue,
    })
    .from(stewardships)
    .where(
      and(
        inArray(stewardships.groupId, ids),
        lte(stewardships.nextReviewDue, new Date(now.getTime() + SOON_DAYS * DAY_MS)),
      ),
    )
    .orderBy(asc(stewardships.nextReviewDue), asc(stewardships.articleId))
    .limit(limit);
  const due = (await withArticles(db, dueRows))
    .map(({ article, articleId: _, ...r }) => ({ ...r, articleTitle: article.title, slug: article.slug }))
    .sort(
      (a, b) => a.nextReviewDue.getTime() - b.nextReviewDue.getTime() || a.articleTitle.localeCompare(b.articleTitle),
    );
  const groupName = (id: number) => byId.get(id)?.name ?? '';
  const concerned = new Set(due.map((r) => r.groupId));
  return {
    suggestions: suggestions.map(({ groupId, ...r }) => ({
      ...r,
      groupName: groupName(groupId),
      href: `/suggestions/${r.id}`,
    })),
    reviews: due.map(({ slug, groupId, ...r }) => ({
      ...r,
      groupName: groupName(groupId),
      groupSlug: byId.get(groupId)?.slug ?? '',
      href: `/articles/${encodeURIComponent(slug)}/review`,
      state: REVIEW_STATE_LABELS[reviewState(r.nextReviewDue, now)],
    })),
    groups: mine.filter((g) => concerned.has(g.id)).map(({ slug, name }) => ({ slug, name })),
  };
}

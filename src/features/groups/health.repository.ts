import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import { intArray } from '../../platform/db/arrays';
import { rowsOf } from '../../platform/db/database';
import { type ArticleRef, type ArticleScope, articleRefs, countArticlesIn, listArticlesIn } from '../library';

/**
 * Content health, site-wide or for one group. Every figure is an index scan
 * or a single anti-join, so the page stays fast on a large site (see
 * bench/groups.ts). Articles are the library's: it is asked for them with the
 * article ids these queries select from the groups' own tables.
 */
export interface HealthScope {
  /** One group, or the whole site. */
  groupId: number | null;
  now: Date;
  staleBefore: Date;
}

export interface HealthCounts {
  overdue: number;
  unmaintained: number;
  pending: number;
  oldestPendingAt: Date | null;
  stale: number;
}

const OPEN = sql`('pending','changes_requested')`;

/** Topics of the pages the group maintains: its "patch" for unmaintained pages and unanswered questions. */
export async function groupTopics(db: DbOrTx, groupId: number): Promise<string[]> {
  const ids = rowsOf<{ article_id: number }>(
    await db.execute(sql`select article_id from stewardships where group_id = ${groupId}`),
  );
  const articles = await articleRefs(
    db,
    ids.map((r) => Number(r.article_id)),
  );
  return [...new Set([...articles.values()].flatMap((a) => a.topicSlugs))].sort();
}

const MAINTAINED = sql`select article_id from stewardships`;
const maintainedBy = (groupId: number) => sql`select article_id from stewardships where group_id = ${groupId}`;

/** Pages nobody maintains: site-wide every one; for a group, those in the topics it already looks after. */
function unmaintained(topics: string[] | null): ArticleScope {
  return topics === null ? { idsNotIn: MAINTAINED } : { idsNotIn: MAINTAINED, topicsAny: topics };
}

function stale(groupId: number | null, staleBefore: Date): ArticleScope {
  return groupId === null
    ? { updatedBefore: staleBefore }
    : { idsIn: maintainedBy(groupId), updatedBefore: staleBefore };
}

export async function healthCounts(db: DbOrTx, scope: HealthScope, topics: string[] | null): Promise<HealthCounts> {
  const now = scope.now.toISOString();
  const g = scope.groupId;
  const [rows, unmaintainedCount, staleCount] = await Promise.all([
    db.execute(
      g === null
        ? sql`select
            (select count(*) from stewardships where next_review_due <= ${now}) as overdue,
            (select count(*) from suggested_edits where status in ${OPEN}) as pending,
            (select min(created_at) from suggested_edits where status in ${OPEN}) as oldest`
        : sql`select
            (select count(*) from stewardships where group_id = ${g} and next_review_due <= ${now}) as overdue,
            (select count(*) from suggested_edits e join stewardships s on s.article_id = e.article_id
              where s.group_id = ${g} and e.status in ${OPEN}) as pending,
            (select min(e.created_at) from suggested_edits e join stewardships s on s.article_id = e.article_id
              where s.group_id = ${g} and e.status in ${OPEN}) as oldest`,
    ),
    countArticlesIn(db, unmaintained(topics)),
    countArticlesIn(db, stale(g, scope.staleBefore)),
  ]);
  const r = rowsOf<{ overdue: string; pending: string; oldest: string | Date | null }>(rows)[0]!;
  return {
    overdue: Number(r.overdue),
    unmaintained: unmaintainedCount,
    pending: Number(r.pending),
    oldestPendingAt: r.oldest ? new Date(r.oldest) : null,
    stale: staleCount,
  };
}

export interface HealthItem {
  slug: string;
  title: string;
  /** The date the list is about: review due, last edit, or when the suggestion was made. */
  at: Date;
  groupName: string | null;
  groupSlug: string | null;
  suggestionId?: number;
  proposerName?: string;
}

type Row = {
  article_id: number;
  at: string | Date;
  group_name: string | null;
  group_slug: string | null;
  suggestion_id?: number;
  proposer_name?: string;
};

/** The rows in their order, each with its article's address and title (a row whose article is gone is left out). */
async function items(db: DbOrTx, rows: Row[]): Promise<HealthItem[]> {
  const articles = await articleRefs(
    db,
    rows.map((r) => Number(r.article_id)),
  );
  return rows.flatMap((r) => {
    const article = articles.get(Number(r.article_id));
    if (!article) return [];
    return [
      {
        slug: article.slug,
        title: article.title,
        at: new Date(r.at),
        groupName: r.group_name,
        groupSlug: r.group_slug,
        ...(r.suggestion_id ? { suggestionId: Number(r.suggestion_id), proposerName: r.proposer_name ?? '' } : {}),
      },
    ];
  });
}

/** Articles (oldest edit first) with the group that maintains each, if any. */
async function withGroups(db: DbOrTx, articles: ArticleRef[]): Promise<HealthItem[]> {
  if (articles.length === 0) return [];
  const groups = new Map(
    rowsOf<{ article_id: number; group_name: string; group_slug: string }>(
      await db.execute(sql`select s.article_id, gr.name as group_name, gr.slug as group_slug
        from stewardships s join groups gr on gr.id = s.group_id where s.article_id = any(${intArray(articles.map((a) => a.id))})`),
    ).map((r) => [Number(r.article_id), r]),
  );
  return articles.map((a) => ({
    slug: a.slug,
    title: a.title,
    at: a.updatedAt,
    groupName: groups.get(a.id)?.group_name ?? null,
    groupSlug: groups.get(a.id)?.group_slug ?? null,
  }));
}

export type HealthList = 'overdue' | 'unmaintained' | 'suggestions' | 'stale';

export async function healthList(
  db: DbOrTx,
  list: HealthList,
  scope: HealthScope,
  topics: string[] | null,
  page: { limit: number; offset: number },
): Promise<HealthItem[]> {
  const g = scope.groupId;
  const inGroup = g === null ? sql`true` : sql`s.group_id = ${g}`;
  const now = scope.now.toISOString();
  switch (list) {
    case 'overdue':
      return items(
        db,
        rowsOf<Row>(
          await db.execute(sql`select s.article_id, s.next_review_due as at, gr.name as group_name, gr.slug as group_slug
            from stewardships s join groups gr on gr.id = s.group_id
            where ${inGroup} and s.next_review_due <= ${now} order by s.next_review_due, s.article_id
            limit ${page.limit} offset ${page.offset}`),
        ),
      );
    case 'unmaintained':
      return withGroups(db, await listArticlesIn(db, unmaintained(topics), page));
    case 'suggestions':
      return items(
        db,
        rowsOf<Row>(
          await db.execute(sql`select e.article_id, e.created_at as at, gr.name as group_name, gr.slug as group_slug,
              e.id as suggestion_id, u.display_name as proposer_name
            from suggested_edits e join users u on u.id = e.proposer_id
            left join stewardships s on s.article_id = e.article_id left join groups gr on gr.id = s.group_id
            where e.status in ${OPEN} and ${inGroup} order by e.created_at, e.id
            limit ${page.limit} offset ${page.offset}`),
        ),
      );
    case 'stale':
      return withGroups(db, await listArticlesIn(db, stale(g, scope.staleBefore), page));
  }
}

import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import { rowsOf } from '../../platform/db/database';

/**
 * Content health, site-wide or for one group. Every figure is an index scan
 * or a single anti-join, so the page stays fast on a large site (see
 * bench/groups.ts). Raw SQL: the queries span library and groups tables.
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
  const rows = rowsOf<{ slug: string }>(
    await db.execute(sql`
      select distinct t.slug from stewardships s join articles a on a.id = s.article_id, unnest(a.topic_slugs) as t(slug)
      where s.group_id = ${groupId} order by t.slug`),
  );
  return rows.map((r) => r.slug);
}

function textArray(values: string[]): SQL {
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
}

/** Pages nobody maintains: site-wide every one; for a group, those in the topics it already looks after. */
function unmaintainedWhere(topics: string[] | null): SQL {
  const none = sql`not exists (select 1 from stewardships s where s.article_id = a.id)`;
  if (topics === null) return none;
  if (topics.length === 0) return sql`false`;
  return sql`${none} and a.topic_slugs && ${textArray(topics)}`;
}

export async function healthCounts(db: DbOrTx, scope: HealthScope, topics: string[] | null): Promise<HealthCounts> {
  const now = scope.now.toISOString();
  const staleBefore = scope.staleBefore.toISOString();
  const g = scope.groupId;
  const rows = rowsOf<{ overdue: string; unmaintained: string; pending: string; oldest: string | Date | null; stale: string }>(
    await db.execute(
      g === null
        ? sql`select
            (select count(*) from stewardships where next_review_due <= ${now}) as overdue,
            (select count(*) from articles a where ${unmaintainedWhere(null)}) as unmaintained,
            (select count(*) from suggested_edits where status in ${OPEN}) as pending,
            (select min(created_at) from suggested_edits where status in ${OPEN}) as oldest,
            (select count(*) from articles where updated_at < ${staleBefore}) as stale`
        : sql`select
            (select count(*) from stewardships where group_id = ${g} and next_review_due <= ${now}) as overdue,
            (select count(*) from articles a where ${unmaintainedWhere(topics)}) as unmaintained,
            (select count(*) from suggested_edits e join stewardships s on s.article_id = e.article_id
              where s.group_id = ${g} and e.status in ${OPEN}) as pending,
            (select min(e.created_at) from suggested_edits e join stewardships s on s.article_id = e.article_id
              where s.group_id = ${g} and e.status in ${OPEN}) as oldest,
            (select count(*) from stewardships s join articles a on a.id = s.article_id
              where s.group_id = ${g} and a.updated_at < ${staleBefore}) as stale`,
    ),
  );
  const r = rows[0]!;
  return {
    overdue: Number(r.overdue),
    unmaintained: Number(r.unmaintained),
    pending: Number(r.pending),
    oldestPendingAt: r.oldest ? new Date(r.oldest) : null,
    stale: Number(r.stale),
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

type Row = { slug: string; title: string; at: string | Date; group_name: string | null; group_slug: string | null; suggestion_id?: number; proposer_name?: string };

function items(rows: Row[]): HealthItem[] {
  return rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    at: new Date(r.at),
    groupName: r.group_name,
    groupSlug: r.group_slug,
    ...(r.suggestion_id ? { suggestionId: Number(r.suggestion_id), proposerName: r.proposer_name ?? '' } : {}),
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
  let query: SQL;
  switch (list) {
    case 'overdue':
      query = sql`select a.slug, a.title, s.next_review_due as at, gr.name as group_name, gr.slug as group_slug
        from stewardships s join articles a on a.id = s.article_id join groups gr on gr.id = s.group_id
        where ${inGroup} and s.next_review_due <= ${now} order by s.next_review_due, a.id`;
      break;
    case 'unmaintained':
      query = sql`select a.slug, a.title, a.updated_at as at, null as group_name, null as group_slug
        from articles a where ${unmaintainedWhere(topics)} order by a.updated_at, a.id`;
      break;
    case 'suggestions':
      query = sql`select a.slug, a.title, e.created_at as at, gr.name as group_name, gr.slug as group_slug, e.id as suggestion_id, u.display_name as proposer_name
        from suggested_edits e join articles a on a.id = e.article_id join users u on u.id = e.proposer_id
        left join stewardships s on s.article_id = e.article_id left join groups gr on gr.id = s.group_id
        where e.status in ${OPEN} and ${g === null ? sql`true` : sql`s.group_id = ${g}`} order by e.created_at, e.id`;
      break;
    case 'stale':
      query = sql`select a.slug, a.title, a.updated_at as at, gr.name as group_name, gr.slug as group_slug
        from articles a ${g === null ? sql`left join` : sql`join`} stewardships s on s.article_id = a.id left join groups gr on gr.id = s.group_id
        where ${inGroup} and a.updated_at < ${scope.staleBefore.toISOString()} order by a.updated_at, a.id`;
      break;
  }
  return items(rowsOf<Row>(await db.execute(sql`${query} limit ${page.limit} offset ${page.offset}`)));
}

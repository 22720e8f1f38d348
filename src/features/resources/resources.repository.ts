import { inArray, sql } from 'drizzle-orm';
import { type DbOrTx, rowsOf } from '../../platform/db/database';
import type { ArchivedCopy } from './archive';
import { isWorking, type LinkResult, type LinkStatus } from './link-checker';
import { linkChecks, linkSources } from './resources.table';

export type LinkCheckRow = typeof linkChecks.$inferSelect;

export interface LinkSource {
  url: string;
  sourceKind: 'resource' | 'article';
  sourceRef: string;
  sourceTitle: string;
  sourceHref: string;
  groupId: number | null;
}

/** Where every link appears, replaced as a whole (in the caller's transaction). */
export async function replaceSources(db: DbOrTx, sources: LinkSource[]): Promise<void> {
  await db.delete(linkSources);
  for (let i = 0; i < sources.length; i += 500)
    await db
      .insert(linkSources)
      .values(sources.slice(i, i + 500))
      .onConflictDoNothing();
}

/** Record one check: a working link clears its failures; a failing one counts them and keeps when it began. */
export async function recordCheck(
  db: DbOrTx,
  r: LinkResult,
  now: Date,
  archived: ArchivedCopy | null | undefined,
): Promise<void> {
  const working = isWorking(r.status);
  const values = {
    url: r.url,
    status: r.status,
    httpStatus: r.httpStatus,
    finalUrl: r.finalUrl,
    redirects: r.redirects,
    detail: r.detail.slice(0, 500),
    checkedAt: now,
    failingSince: working ? null : now,
    failures: working ? 0 : 1,
    archivedUrl: archived?.url ?? null,
    archivedAt: archived?.timestamp ?? null,
  };
  await db
    .insert(linkChecks)
    .values(values)
    .onConflictDoUpdate({
      target: linkChecks.url,
      set: {
        status: values.status,
        httpStatus: values.httpStatus,
        finalUrl: values.finalUrl,
        redirects: values.redirects,
        detail: values.detail,
        checkedAt: now,
        failingSince: working ? null : sql`coalesce(${linkChecks.failingSince}, ${now.toISOString()}::timestamptz)`,
        failures: working ? 0 : sql`${linkChecks.failures} + 1`,
        // A copy found once is kept (the archive does not forget); "undefined" means "not looked up this time".
        ...(archived !== undefined ? { archivedUrl: values.archivedUrl, archivedAt: values.archivedAt } : {}),
      },
    });
}

export async function archivedCopyOf(db: DbOrTx, url: string): Promise<string | null> {
  const rows = await db
    .select({ archivedUrl: linkChecks.archivedUrl })
    .from(linkChecks)
    .where(sql`${linkChecks.url} = ${url}`);
  return rows[0]?.archivedUrl ?? null;
}

export async function checksFor(db: DbOrTx, urls: string[]): Promise<Map<string, LinkCheckRow>> {
  if (urls.length === 0) return new Map();
  const rows = await db.select().from(linkChecks).where(inArray(linkChecks.url, urls));
  return new Map(rows.map((r) => [r.url, r]));
}

/**
 * Broken: dead at once (missing, gone, says "not found", cannot connect, refused, redirect loop), or failing in
 * other ways (time-outs, resets, server errors) on this many checks in a row, which rules out a bad moment.
 */
export const TRANSIENT_FAILURES_BEFORE_BROKEN = 2;
const DEAD_STATUSES: LinkStatus[] = [
  'not_found',
  'gone',
  'soft_404',
  'unreachable',
  'blocked',
  'too_many_redirects',
  'invalid',
];
const brokenSql = sql`(c.status in (${sql.join(
  DEAD_STATUSES.map((s) => sql`${s}`),
  sql`, `,
)}) or (c.status not in ('ok', 'redirected') and c.failures >= ${TRANSIENT_FAILURES_BEFORE_BROKEN}))`;

const scope = (groupId: number | null) => (groupId === null ? sql`true` : sql`s.group_id = ${groupId}`);

export async function countBroken(db: DbOrTx, groupId: number | null): Promise<number> {
  const rows = rowsOf<{ n: number | string }>(
    await db.execute(sql`
      select count(distinct c.url) as n from link_checks c join link_sources s on s.url = c.url
      where ${brokenSql} and ${scope(groupId)}`),
  );
  return Number(rows[0]?.n ?? 0);
}

export interface BrokenLink {
  url: string;
  status: LinkStatus;
  httpStatus: number | null;
  detail: string;
  finalUrl: string;
  redirects: Array<{ url: string; status: number }>;
  checkedAt: Date;
  failingSince: Date | null;
  archivedUrl: string | null;
  sources: Array<{ title: string; href: string }>;
}

export async function listBroken(
  db: DbOrTx,
  groupId: number | null,
  page: { limit: number; offset: number },
): Promise<BrokenLink[]> {
  const rows = rowsOf<{
    url: string;
    status: string;
    http_status: number | null;
    detail: string;
    final_url: string;
    redirects: Array<{ url: string; status: number }> | string;
    checked_at: Date | string;
    failing_since: Date | string | null;
    archived_url: string | null;
    sources: Array<{ title: string; href: string }> | string;
  }>(
    await db.execute(sql`
      select c.url, c.status, c.http_status, c.detail, c.final_url, c.redirects, c.checked_at, c.failing_since,
        c.archived_url,
        json_agg(json_build_object('title', s.source_title, 'href', s.source_href) order by s.source_title) as sources
      from link_checks c join link_sources s on s.url = c.url
      where ${brokenSql} and ${scope(groupId)}
      group by c.id
      order by c.failing_since asc nulls last, c.url
      limit ${page.limit} offset ${page.offset}`),
  );
  const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  return rows.map((r) => ({
    url: r.url,
    status: r.status as LinkStatus,
    httpStatus: r.http_status,
    detail: r.detail,
    finalUrl: r.final_url,
    redirects: json(r.redirects),
    checkedAt: new Date(r.checked_at),
    failingSince: r.failing_since ? new Date(r.failing_since) : null,
    archivedUrl: r.archived_url,
    sources: json(r.sources),
  }));
}

/** Links due a check: never checked, or last checked before `before`; the longest-waiting first. */
export async function dueUrls(db: DbOrTx, before: Date, limit: number): Promise<string[]> {
  const rows = rowsOf<{ url: string }>(
    await db.execute(sql`
      select s.url from (select distinct url from link_sources) s
      left join link_checks c on c.url = s.url
      where c.checked_at is null or c.checked_at < ${before.toISOString()}
      order by c.checked_at asc nulls first, s.url
      limit ${limit}`),
  );
  return rows.map((r) => r.url);
}

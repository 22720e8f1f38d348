/** Composed reports' SQL. Rules (who may read or change what) are in reports.compose.usecases.ts. */
import { and, asc, count, desc, eq, inArray, lt } from 'drizzle-orm';
import { type StoredHtmlKind, storedHtmlColumns } from '../../platform/content/stored-html';
import { RENDER_VERSION, renderMarkdown } from '../../platform/content/markdown';
import type { DbOrTx } from '../../platform/db/database';
import { composedReports } from './reports.compose.table';
import type { ComposedReport, Sharing } from './reports.compose.models';
import { reportDatasets } from './reports.table';

const toReport = (r: typeof composedReports.$inferSelect): ComposedReport => ({ ...r, sharing: r.sharing as Sharing });

/** Markdown rendered once, at save (docs/decisions/012). */
export const renderedCommentary = (commentary: string) => ({
  bodyHtml: commentary ? renderMarkdown(commentary) : null,
  renderVersion: RENDER_VERSION,
});

export async function findReport(db: DbOrTx, id: number): Promise<ComposedReport | undefined> {
  const rows = await db.select().from(composedReports).where(eq(composedReports.id, id)).limit(1);
  return rows[0] ? toReport(rows[0]) : undefined;
}

export async function findReportByToken(db: DbOrTx, token: string): Promise<ComposedReport | undefined> {
  const rows = await db
    .select()
    .from(composedReports)
    .where(and(eq(composedReports.linkToken, token), eq(composedReports.sharing, 'link')))
    .limit(1);
  return rows[0] ? toReport(rows[0]) : undefined;
}

export async function reportsOf(db: DbOrTx, ownerId: number): Promise<ComposedReport[]> {
  const rows = await db
    .select()
    .from(composedReports)
    .where(eq(composedReports.ownerId, ownerId))
    .orderBy(desc(composedReports.updatedAt));
  return rows.map(toReport);
}

export async function countReportsOf(db: DbOrTx, ownerId: number): Promise<number> {
  const rows = await db.select({ n: count() }).from(composedReports).where(eq(composedReports.ownerId, ownerId));
  return Number(rows[0]?.n ?? 0);
}

/** Reports shared with any of these groups (through their datasets), newest first. */
export async function reportsSharedWithGroups(db: DbOrTx, groupIds: number[]): Promise<ComposedReport[]> {
  if (groupIds.length === 0) return [];
  const rows = await db
    .select({ r: composedReports })
    .from(composedReports)
    .innerJoin(reportDatasets, eq(reportDatasets.id, composedReports.datasetId))
    .where(and(eq(composedReports.sharing, 'group'), inArray(reportDatasets.groupId, groupIds)))
    .orderBy(desc(composedReports.updatedAt));
  return rows.map((r) => toReport(r.r));
}

/** Datasets in these groups' workspaces, with their row counts. */
export async function groupDatasets(db: DbOrTx, groupIds: number[]) {
  if (groupIds.length === 0) return [];
  return db
    .select({ id: reportDatasets.id, name: reportDatasets.name, groupId: reportDatasets.groupId })
    .from(reportDatasets)
    .where(inArray(reportDatasets.groupId, groupIds))
    .orderBy(asc(reportDatasets.name));
}

/** The gallery: published examples, newest first. */
export async function publishedReports(db: DbOrTx): Promise<ComposedReport[]> {
  const rows = await db
    .select()
    .from(composedReports)
    .where(eq(composedReports.sharing, 'public'))
    .orderBy(desc(composedReports.publishedAt), desc(composedReports.id));
  return rows.map(toReport);
}

export async function insertReport(
  db: DbOrTx,
  values: Omit<
    ComposedReport,
    | 'id'
    | 'bodyHtml'
    | 'createdAt'
    | 'updatedAt'
    | 'publishedAt'
    | 'maintainingGroupId'
    | 'reviewDue'
    | 'lastReviewedAt'
  > & { now: Date; publishedAt?: Date | null; maintainingGroupId?: number | null; reviewDue?: string | null },
): Promise<ComposedReport> {
  const { now, ...rest } = values;
  const rows = await db
    .insert(composedReports)
    .values({ ...rest, ...renderedCommentary(rest.commentary), createdAt: now, updatedAt: now })
    .returning();
  return toReport(rows[0]!);
}

export async function updateReport(
  db: DbOrTx,
  id: number,
  values: Partial<Omit<ComposedReport, 'id' | 'bodyHtml' | 'createdAt' | 'ownerId' | 'datasetId'>> & {
    updatedAt: Date;
  },
): Promise<ComposedReport> {
  const set = values.commentary === undefined ? values : { ...values, ...renderedCommentary(values.commentary) };
  const rows = await db.update(composedReports).set(set).where(eq(composedReports.id, id)).returning();
  return toReport(rows[0]!);
}

export async function deleteReport(db: DbOrTx, id: number): Promise<void> {
  await db.delete(composedReports).where(eq(composedReports.id, id));
}

/** The published reports of a dataset (so deleting the dataset can take them out of search). */
export async function publishedIdsOfDataset(db: DbOrTx, datasetId: number): Promise<number[]> {
  const rows = await db
    .select({ id: composedReports.id })
    .from(composedReports)
    .where(and(eq(composedReports.datasetId, datasetId), eq(composedReports.sharing, 'public')));
  return rows.map((r) => r.id);
}

/** Record a review of a published example: the next one falls due on `reviewDue`. */
export async function markExampleReviewed(db: DbOrTx, id: number, reviewDue: string, now: Date): Promise<void> {
  await db.update(composedReports).set({ reviewDue, lastReviewedAt: now }).where(eq(composedReports.id, id));
}

/** Published examples whose review date has passed (`today`: YYYY-MM-DD), for one maintaining group or (null) all. */
function exampleReviewOverdue(groupId: number | null, today: string) {
  return and(
    eq(composedReports.sharing, 'public'),
    lt(composedReports.reviewDue, today),
    groupId === null ? undefined : eq(composedReports.maintainingGroupId, groupId),
  );
}

export async function countExamplesReviewOverdue(db: DbOrTx, groupId: number | null, today: string): Promise<number> {
  const rows = await db.select({ n: count() }).from(composedReports).where(exampleReviewOverdue(groupId, today));
  return Number(rows[0]?.n ?? 0);
}

/** The overdue examples, longest overdue first. */
export async function listExamplesReviewOverdue(
  db: DbOrTx,
  groupId: number | null,
  today: string,
  limit = 200,
): Promise<ComposedReport[]> {
  const rows = await db
    .select()
    .from(composedReports)
    .where(exampleReviewOverdue(groupId, today))
    .orderBy(asc(composedReports.reviewDue), asc(composedReports.id))
    .limit(limit);
  return rows.map(toReport);
}

/** Commentary rendered by an older renderer, brought up to date in the background at start. */
export const storedCommentaryHtml: StoredHtmlKind<{ id: number; body: string }> = storedHtmlColumns({
  name: 'composed reports',
  table: composedReports,
  id: composedReports.id,
  source: composedReports.commentary,
  renderVersion: composedReports.renderVersion,
  render: (_db, commentary) => renderedCommentary(commentary),
});

/** Delete a member's reports; the ids of those that were published (to take out of search). */
export async function deleteReportsOf(db: DbOrTx, ownerId: number): Promise<number[]> {
  const gone = await db
    .delete(composedReports)
    .where(eq(composedReports.ownerId, ownerId))
    .returning({ id: composedReports.id, sharing: composedReports.sharing });
  return gone.filter((r) => r.sharing === 'public').map((r) => r.id);
}

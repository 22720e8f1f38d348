import { and, asc, count, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import type { InteropReport, Protocol, SystemData, SystemPage, SystemResponse, SystemRevision } from './systems.models';
import { interopReports, systemPages, systemRepresentatives, systemResponses, systemRevisions } from './systems.table';

type PageRow = typeof systemPages.$inferSelect;

function toPage(row: PageRow): SystemPage {
  return { ...row };
}

export async function findPage(
  db: DbOrTx,
  slug: string,
  options: { forUpdate?: boolean } = {},
): Promise<SystemPage | undefined> {
  const query = db.select().from(systemPages).where(eq(systemPages.slug, slug)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0] ? toPage(rows[0]) : undefined;
}

export async function listPages(db: DbOrTx): Promise<SystemPage[]> {
  const rows = await db.select().from(systemPages).orderBy(asc(systemPages.slug));
  return rows.map(toPage);
}

/** Insert a starter page unless one with that slug exists; returns the page when it was inserted. */
export async function insertPageIfMissing(
  db: DbOrTx,
  values: { slug: string; data: SystemData; maintainingGroupId: number | null; reviewDue: string; now: Date },
): Promise<SystemPage | undefined> {
  const rows = await db
    .insert(systemPages)
    .values({
      slug: values.slug,
      data: values.data,
      maintainingGroupId: values.maintainingGroupId,
      reviewDue: values.reviewDue,
      lastReviewedAt: values.now,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .onConflictDoNothing()
    .returning();
  return rows[0] ? toPage(rows[0]) : undefined;
}

export async function updatePageData(db: DbOrTx, slug: string, data: SystemData, now: Date): Promise<SystemPage> {
  const rows = await db
    .update(systemPages)
    .set({ data, updatedAt: now, revision: sql`${systemPages.revision} + 1` })
    .where(eq(systemPages.slug, slug))
    .returning();
  return toPage(rows[0]!);
}

export async function markReviewed(db: DbOrTx, slug: string, reviewDue: string, now: Date): Promise<void> {
  await db.update(systemPages).set({ reviewDue, lastReviewedAt: now }).where(eq(systemPages.slug, slug));
}

/** Pages whose review date has passed (`today`: YYYY-MM-DD), for one maintaining group or (null) the whole hub. */
function reviewOverdue(groupId: number | null, today: string) {
  return and(
    lt(systemPages.reviewDue, today),
    groupId === null ? undefined : eq(systemPages.maintainingGroupId, groupId),
  );
}

export async function countReviewOverdue(db: DbOrTx, groupId: number | null, today: string): Promise<number> {
  const rows = await db.select({ n: count() }).from(systemPages).where(reviewOverdue(groupId, today));
  return Number(rows[0]?.n ?? 0);
}

/** The overdue pages, longest overdue first (a system page is one per system: a short list). */
export async function listReviewOverdue(
  db: DbOrTx,
  groupId: number | null,
  today: string,
  limit = 200,
): Promise<SystemPage[]> {
  const rows = await db
    .select()
    .from(systemPages)
    .where(reviewOverdue(groupId, today))
    .orderBy(asc(systemPages.reviewDue), asc(systemPages.slug))
    .limit(limit);
  return rows.map(toPage);
}

type RevisionRow = typeof systemRevisions.$inferSelect;
const toRevision = (r: RevisionRow): SystemRevision => ({ ...r, status: r.status as SystemRevision['status'] });

export async function insertRevision(
  db: DbOrTx,
  values: Omit<typeof systemRevisions.$inferInsert, 'id'>,
): Promise<SystemRevision> {
  const rows = await db.insert(systemRevisions).values(values).returning();
  return toRevision(rows[0]!);
}

export async function findRevision(
  db: DbOrTx,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<SystemRevision | undefined> {
  const query = db.select().from(systemRevisions).where(eq(systemRevisions.id, id)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0] ? toRevision(rows[0]) : undefined;
}

export async function decideRevision(
  db: DbOrTx,
  id: number,
  status: 'applied' | 'rejected',
  decidedBy: number,
  now: Date,
): Promise<void> {
  await db.update(systemRevisions).set({ status, decidedBy, decidedAt: now }).where(eq(systemRevisions.id, id));
}

export async function pendingRevisions(db: DbOrTx, slug: string): Promise<SystemRevision[]> {
  const rows = await db
    .select()
    .from(systemRevisions)
    .where(and(eq(systemRevisions.systemSlug, slug), eq(systemRevisions.status, 'pending')))
    .orderBy(asc(systemRevisions.createdAt))
    .limit(50);
  return rows.map(toRevision);
}

/** The account's verified, unrevoked representation of a system (vendor right of reply). */
export async function activeRepresentation(
  db: DbOrTx,
  userId: number,
  slug: string,
): Promise<{ organisation: string } | undefined> {
  const rows = await db
    .select({ organisation: systemRepresentatives.organisation })
    .from(systemRepresentatives)
    .where(
      and(
        eq(systemRepresentatives.userId, userId),
        eq(systemRepresentatives.systemSlug, slug),
        isNull(systemRepresentatives.revokedAt),
      ),
    )
    .limit(1);
  return rows[0];
}

/** Every system the account speaks for today (verified, not withdrawn): the vendor right of reply in threads. */
export async function activeRepresentationsOf(
  db: DbOrTx,
  userId: number,
): Promise<Array<{ systemSlug: string; organisation: string }>> {
  return db
    .select({ systemSlug: systemRepresentatives.systemSlug, organisation: systemRepresentatives.organisation })
    .from(systemRepresentatives)
    .where(and(eq(systemRepresentatives.userId, userId), isNull(systemRepresentatives.revokedAt)))
    .orderBy(asc(systemRepresentatives.systemSlug))
    .limit(20);
}

/** An administrator withdraws a verification; returns whether one was in force. */
export async function withdrawRepresentative(db: DbOrTx, userId: number, slug: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(systemRepresentatives)
    .set({ revokedAt: now })
    .where(
      and(
        eq(systemRepresentatives.userId, userId),
        eq(systemRepresentatives.systemSlug, slug),
        isNull(systemRepresentatives.revokedAt),
      ),
    )
    .returning({ id: systemRepresentatives.id });
  return rows.length > 0;
}

export async function upsertRepresentative(
  db: DbOrTx,
  values: { userId: number; slug: string; organisation: string; verifiedBy: number; now: Date },
): Promise<void> {
  await db
    .insert(systemRepresentatives)
    .values({
      userId: values.userId,
      systemSlug: values.slug,
      organisation: values.organisation,
      verifiedBy: values.verifiedBy,
      verifiedAt: values.now,
    })
    .onConflictDoUpdate({
      target: [systemRepresentatives.userId, systemRepresentatives.systemSlug],
      set: {
        organisation: values.organisation,
        verifiedBy: values.verifiedBy,
        verifiedAt: values.now,
        revokedAt: null,
      },
    });
}

export async function representativesOf(
  db: DbOrTx,
  slug: string,
): Promise<Array<{ userId: number; displayName: string; organisation: string }>> {
  return db
    .select({
      userId: systemRepresentatives.userId,
      displayName: users.displayName,
      organisation: systemRepresentatives.organisation,
    })
    .from(systemRepresentatives)
    .innerJoin(users, eq(users.id, systemRepresentatives.userId))
    .where(and(eq(systemRepresentatives.systemSlug, slug), isNull(systemRepresentatives.revokedAt)))
    .orderBy(asc(users.displayName));
}

/** Account deletion: a former member speaks for no maker. */
export async function deleteRepresentationsOf(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(systemRepresentatives).where(eq(systemRepresentatives.userId, userId));
}

export async function findUserIdByUsername(db: DbOrTx, username: string): Promise<number | undefined> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  return rows[0]?.id;
}

export async function insertResponse(
  db: DbOrTx,
  values: Omit<typeof systemResponses.$inferInsert, 'id'>,
): Promise<SystemResponse> {
  const rows = await db.insert(systemResponses).values(values).returning();
  return rows[0]!;
}

export async function responsesOf(db: DbOrTx, slug: string): Promise<SystemResponse[]> {
  return db
    .select({
      id: systemResponses.id,
      systemSlug: systemResponses.systemSlug,
      authorId: systemResponses.authorId,
      organisation: systemResponses.organisation,
      bodyHtml: systemResponses.bodyHtml,
      createdAt: systemResponses.createdAt,
    })
    .from(systemResponses)
    .where(eq(systemResponses.systemSlug, slug))
    .orderBy(desc(systemResponses.createdAt))
    .limit(50);
}

type ReportRow = typeof interopReports.$inferSelect;
const toReport = (r: ReportRow): InteropReport => ({
  ...r,
  protocol: r.protocol as Protocol,
  result: r.result as InteropReport['result'],
});

export async function insertReport(
  db: DbOrTx,
  values: Omit<typeof interopReports.$inferInsert, 'id'>,
): Promise<InteropReport> {
  const rows = await db.insert(interopReports).values(values).returning();
  return toReport(rows[0]!);
}

/** The latest report per (from, to) pair for one protocol: the matrix's cells. */
export async function latestReports(db: DbOrTx, protocol: Protocol): Promise<InteropReport[]> {
  const rows = await db
    .selectDistinctOn([interopReports.fromSystem, interopReports.toSystem])
    .from(interopReports)
    .where(eq(interopReports.protocol, protocol))
    .orderBy(
      asc(interopReports.fromSystem),
      asc(interopReports.toSystem),
      desc(interopReports.testedOn),
      desc(interopReports.createdAt),
    );
  return rows.map(toReport);
}

/** Every report about one pair, newest first (the cell's history). */
export async function reportsFor(
  db: DbOrTx,
  protocol: Protocol,
  from: string,
  to: string,
): Promise<Array<InteropReport & { reporterName: string | null }>> {
  const rows = await db
    .select({ report: interopReports, reporterName: users.displayName })
    .from(interopReports)
    .leftJoin(users, eq(users.id, interopReports.reporterId))
    .where(
      and(eq(interopReports.protocol, protocol), eq(interopReports.fromSystem, from), eq(interopReports.toSystem, to)),
    )
    .orderBy(desc(interopReports.testedOn), desc(interopReports.createdAt))
    .limit(100);
  return rows.map((r) => ({ ...toReport(r.report), reporterName: r.reporterName }));
}

/** Reports a system took part in (either side), newest first, for its page. */
export async function reportsInvolving(db: DbOrTx, slug: string, limit = 20): Promise<InteropReport[]> {
  const rows = await db
    .select()
    .from(interopReports)
    .where(sql`${interopReports.fromSystem} = ${slug} or ${interopReports.toSystem} = ${slug}`)
    .orderBy(desc(interopReports.testedOn), desc(interopReports.createdAt))
    .limit(limit);
  return rows.map(toReport);
}

export async function personalRows(db: DbOrTx, userId: number) {
  const [reports, suggestions] = await Promise.all([
    db.select().from(interopReports).where(eq(interopReports.reporterId, userId)),
    db.select().from(systemRevisions).where(eq(systemRevisions.createdBy, userId)),
  ]);
  return { reports, suggestions };
}

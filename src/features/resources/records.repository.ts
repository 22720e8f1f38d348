import { and, asc, count, desc, eq, lt, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import type { LenderCountry, Resource } from './resources.models';
import type { RecordData, RecordKind, RecordRevision, StoredRecord } from './resources.records';
import { resourceRecordRevisions, resourceRecords } from './resources.table';

type Row = typeof resourceRecords.$inferSelect;
const toRecord = <K extends RecordKind>(row: Row): StoredRecord<K> =>
  ({ ...row, kind: row.kind as K, data: row.data as unknown as RecordData<K> }) as StoredRecord<K>;

export async function findRecord<K extends RecordKind>(
  db: DbOrTx,
  kind: K,
  ref: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredRecord<K> | undefined> {
  const query = db
    .select()
    .from(resourceRecords)
    .where(and(eq(resourceRecords.kind, kind), eq(resourceRecords.ref, ref)))
    .limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0] ? toRecord<K>(rows[0]) : undefined;
}

export async function listRecords<K extends RecordKind>(db: DbOrTx, kind: K): Promise<StoredRecord<K>[]> {
  const rows = await db
    .select()
    .from(resourceRecords)
    .where(eq(resourceRecords.kind, kind))
    .orderBy(asc(resourceRecords.ref));
  return rows.map((r) => toRecord<K>(r));
}

/** The catalogue, by title (as the content loader sorted it). */
export async function listResources(db: DbOrTx): Promise<Resource[]> {
  return (await listRecords(db, 'resource')).map((r) => r.data).sort((a, b) => a.title.localeCompare(b.title, 'en'));
}

export async function listCountries(db: DbOrTx): Promise<LenderCountry[]> {
  return (await listRecords(db, 'lender-country')).map((r) => r.data);
}

/** Insert a seeded record unless it exists; returns it when it was inserted. */
export async function insertRecordIfMissing<K extends RecordKind>(
  db: DbOrTx,
  values: {
    kind: K;
    ref: string;
    data: RecordData<K>;
    maintainingGroupId: number | null;
    reviewDue: string;
    now: Date;
  },
): Promise<StoredRecord<K> | undefined> {
  const rows = await db
    .insert(resourceRecords)
    .values({
      kind: values.kind,
      ref: values.ref,
      data: values.data as unknown as Record<string, unknown>,
      maintainingGroupId: values.maintainingGroupId,
      reviewDue: values.reviewDue,
      lastReviewedAt: values.now,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .onConflictDoNothing()
    .returning();
  return rows[0] ? toRecord<K>(rows[0]) : undefined;
}

export async function updateRecordData<K extends RecordKind>(
  db: DbOrTx,
  kind: K,
  ref: string,
  data: RecordData<K>,
  now: Date,
): Promise<StoredRecord<K>> {
  const rows = await db
    .update(resourceRecords)
    .set({
      data: data as unknown as Record<string, unknown>,
      updatedAt: now,
      revision: sql`${resourceRecords.revision} + 1`,
    })
    .where(and(eq(resourceRecords.kind, kind), eq(resourceRecords.ref, ref)))
    .returning();
  return toRecord<K>(rows[0]!);
}

export async function markReviewed(db: DbOrTx, kind: RecordKind, ref: string, reviewDue: string, now: Date) {
  await db
    .update(resourceRecords)
    .set({ reviewDue, lastReviewedAt: now })
    .where(and(eq(resourceRecords.kind, kind), eq(resourceRecords.ref, ref)));
}

function reviewOverdue(groupId: number | null, today: string) {
  return and(
    lt(resourceRecords.reviewDue, today),
    groupId === null ? undefined : eq(resourceRecords.maintainingGroupId, groupId),
  );
}

/** Records whose review date has passed (`today`: YYYY-MM-DD), for one maintaining group or (null) the whole hub. */
export async function countReviewOverdue(db: DbOrTx, groupId: number | null, today: string): Promise<number> {
  const rows = await db.select({ n: count() }).from(resourceRecords).where(reviewOverdue(groupId, today));
  return Number(rows[0]?.n ?? 0);
}

export async function listReviewOverdue(
  db: DbOrTx,
  groupId: number | null,
  today: string,
  limit = 200,
): Promise<StoredRecord[]> {
  const rows = await db
    .select()
    .from(resourceRecords)
    .where(reviewOverdue(groupId, today))
    .orderBy(asc(resourceRecords.reviewDue), asc(resourceRecords.kind), asc(resourceRecords.ref))
    .limit(limit);
  return rows.map((r) => toRecord(r));
}

type RevisionRow = typeof resourceRecordRevisions.$inferSelect;
const toRevision = (r: RevisionRow): RecordRevision & { data: Record<string, unknown> } => ({
  ...r,
  kind: r.kind as RecordKind,
  status: r.status as RecordRevision['status'],
});

export async function insertRevision(
  db: DbOrTx,
  values: Omit<typeof resourceRecordRevisions.$inferInsert, 'id'>,
): Promise<RecordRevision> {
  const rows = await db.insert(resourceRecordRevisions).values(values).returning();
  return toRevision(rows[0]!);
}

export async function findRevision(db: DbOrTx, id: number, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(resourceRecordRevisions).where(eq(resourceRecordRevisions.id, id)).limit(1);
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
  await db
    .update(resourceRecordRevisions)
    .set({ status, decidedBy, decidedAt: now })
    .where(eq(resourceRecordRevisions.id, id));
}

export async function pendingRevisions(db: DbOrTx, kind: RecordKind, ref: string): Promise<RecordRevision[]> {
  const rows = await db
    .select()
    .from(resourceRecordRevisions)
    .where(
      and(
        eq(resourceRecordRevisions.kind, kind),
        eq(resourceRecordRevisions.ref, ref),
        eq(resourceRecordRevisions.status, 'pending'),
      ),
    )
    .orderBy(asc(resourceRecordRevisions.createdAt))
    .limit(50);
  return rows.map(toRevision);
}

/** A record's changes, newest first, with who made them (the history page). */
export async function revisionsOf(
  db: DbOrTx,
  kind: RecordKind,
  ref: string,
  limit = 200,
): Promise<Array<RecordRevision & { authorName: string | null }>> {
  const rows = await db
    .select({ revision: resourceRecordRevisions, authorName: users.displayName })
    .from(resourceRecordRevisions)
    .leftJoin(users, eq(users.id, resourceRecordRevisions.createdBy))
    .where(and(eq(resourceRecordRevisions.kind, kind), eq(resourceRecordRevisions.ref, ref)))
    .orderBy(desc(resourceRecordRevisions.createdAt), desc(resourceRecordRevisions.id))
    .limit(limit);
  return rows.map((r) => ({ ...toRevision(r.revision), authorName: r.authorName }));
}

/** A member's own changes (data export). */
export async function revisionsBy(db: DbOrTx, userId: number) {
  return db
    .select({
      kind: resourceRecordRevisions.kind,
      ref: resourceRecordRevisions.ref,
      status: resourceRecordRevisions.status,
      note: resourceRecordRevisions.note,
      createdAt: resourceRecordRevisions.createdAt,
    })
    .from(resourceRecordRevisions)
    .where(eq(resourceRecordRevisions.createdBy, userId));
}

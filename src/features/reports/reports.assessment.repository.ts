/** Saved self-assessments' SQL. Rules (who may read or save) are in reports.assessment.usecases.ts. */
import { asc, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import type { Assessment, AssessmentScore } from './reports.assessment.models';
import { reportAssessments } from './reports.assessment.table';

export async function assessmentsOf(db: DbOrTx, ownerId: number): Promise<Assessment[]> {
  return db
    .select()
    .from(reportAssessments)
    .where(eq(reportAssessments.ownerId, ownerId))
    .orderBy(asc(reportAssessments.createdAt), asc(reportAssessments.id));
}

export async function findAssessment(db: DbOrTx, id: number): Promise<Assessment | undefined> {
  const rows = await db.select().from(reportAssessments).where(eq(reportAssessments.id, id)).limit(1);
  return rows[0];
}

export async function countAssessmentsOf(db: DbOrTx, ownerId: number): Promise<number> {
  const rows = await db.select({ n: count() }).from(reportAssessments).where(eq(reportAssessments.ownerId, ownerId));
  return Number(rows[0]?.n ?? 0);
}

export async function insertAssessment(
  db: DbOrTx,
  values: { ownerId: number; scores: Record<string, AssessmentScore>; now: Date },
): Promise<Assessment> {
  const rows = await db
    .insert(reportAssessments)
    .values({ ownerId: values.ownerId, scores: values.scores, createdAt: values.now })
    .returning();
  return rows[0]!;
}

export async function deleteAssessmentsOf(db: DbOrTx, ownerId: number): Promise<void> {
  await db.delete(reportAssessments).where(eq(reportAssessments.ownerId, ownerId));
}

import { and, asc, count, eq, gte, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import { learningCohortMembers, learningCohorts } from './learning.table';

export interface Cohort {
  id: number;
  courseId: number;
  eventId: number;
  startsOn: string;
  threadId: number | null;
}

const columns = {
  id: learningCohorts.id,
  courseId: learningCohorts.courseId,
  eventId: learningCohorts.eventId,
  startsOn: learningCohorts.startsOn,
  threadId: learningCohorts.threadId,
};

export async function insertCohort(
  db: DbOrTx,
  values: { courseId: number; eventId: number; startsOn: string; createdBy: number; now: Date },
): Promise<Cohort> {
  const rows = await db
    .insert(learningCohorts)
    .values({
      courseId: values.courseId,
      eventId: values.eventId,
      startsOn: values.startsOn,
      createdBy: values.createdBy,
      createdAt: values.now,
    })
    .returning(columns);
  return rows[0]!;
}

export async function setCohortThread(db: DbOrTx, id: number, threadId: number): Promise<void> {
  await db
    .update(learningCohorts)
    .set({ threadId })
    .where(and(eq(learningCohorts.id, id), isNull(learningCohorts.threadId)));
}

/** A cohort of this course (another course's cohort id is not found). */
export async function findCohort(db: DbOrTx, courseId: number, id: number): Promise<Cohort | undefined> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return undefined;
  const rows = await db
    .select(columns)
    .from(learningCohorts)
    .where(and(eq(learningCohorts.id, id), eq(learningCohorts.courseId, courseId)));
  return rows[0];
}

/** The course's cohorts starting on or after `fromDay` (YYYY-MM-DD), soonest first (at most 20). */
export async function upcomingCohorts(db: DbOrTx, courseId: number, fromDay: string): Promise<Cohort[]> {
  return db
    .select(columns)
    .from(learningCohorts)
    .where(and(eq(learningCohorts.courseId, courseId), gte(learningCohorts.startsOn, fromDay)))
    .orderBy(asc(learningCohorts.startsOn), asc(learningCohorts.id))
    .limit(20);
}

export async function joinCohort(db: DbOrTx, cohortId: number, userId: number, now: Date): Promise<void> {
  await db.insert(learningCohortMembers).values({ cohortId, userId, joinedAt: now }).onConflictDoNothing();
}

export async function isMember(db: DbOrTx, cohortId: number, userId: number): Promise<boolean> {
  const rows = await db
    .select({ userId: learningCohortMembers.userId })
    .from(learningCohortMembers)
    .where(and(eq(learningCohortMembers.cohortId, cohortId), eq(learningCohortMembers.userId, userId)));
  return rows.length > 0;
}

export async function memberCount(db: DbOrTx, cohortId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(learningCohortMembers)
    .where(eq(learningCohortMembers.cohortId, cohortId));
  return row?.n ?? 0;
}

export async function cohortsOf(db: DbOrTx, userId: number) {
  return db
    .select({ cohortId: learningCohortMembers.cohortId, joinedAt: learningCohortMembers.joinedAt })
    .from(learningCohortMembers)
    .where(eq(learningCohortMembers.userId, userId));
}

export async function deleteMembershipsOf(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(learningCohortMembers).where(eq(learningCohortMembers.userId, userId));
}

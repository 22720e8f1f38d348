import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import type { Project } from './learning.models';
import { learningCourses, learningProjectEnrolments } from './learning.table';

/** Give a course its project from content unless it has one already. */
export async function setProjectIfNone(tx: DbOrTx, slug: string, project: Project): Promise<void> {
  await tx
    .update(learningCourses)
    .set({ project })
    .where(and(eq(learningCourses.slug, slug), isNull(learningCourses.project)));
}

export type CourseThread = 'teachBack' | 'project';
const threadColumn = (which: CourseThread) =>
  which === 'teachBack' ? learningCourses.teachBackThreadId : learningCourses.projectThreadId;

/** Link a course's thread unless one is linked already; returns the thread that is linked (the first one wins). */
export async function setCourseThreadOnce(
  db: DbOrTx,
  courseId: number,
  which: CourseThread,
  threadId: number,
): Promise<number> {
  const column = threadColumn(which);
  await db
    .update(learningCourses)
    .set(which === 'teachBack' ? { teachBackThreadId: threadId } : { projectThreadId: threadId })
    .where(and(eq(learningCourses.id, courseId), isNull(column)));
  const rows = await db.select({ threadId: column }).from(learningCourses).where(eq(learningCourses.id, courseId));
  return rows[0]?.threadId ?? threadId;
}

/** Link a new thread in place of one that is gone; returns it. */
export async function replaceCourseThread(
  db: DbOrTx,
  courseId: number,
  which: CourseThread,
  threadId: number,
): Promise<number> {
  await db
    .update(learningCourses)
    .set(which === 'teachBack' ? { teachBackThreadId: threadId } : { projectThreadId: threadId })
    .where(eq(learningCourses.id, courseId));
  return threadId;
}

export interface ProjectEnrolment {
  courseId: number;
  startedOn: string;
  milestonesDone: string[];
}

const enrolmentColumns = {
  courseId: learningProjectEnrolments.courseId,
  startedOn: learningProjectEnrolments.startedOn,
  milestonesDone: learningProjectEnrolments.milestonesDone,
};

export async function findEnrolment(
  db: DbOrTx,
  userId: number,
  courseId: number,
): Promise<ProjectEnrolment | undefined> {
  const rows = await db
    .select(enrolmentColumns)
    .from(learningProjectEnrolments)
    .where(and(eq(learningProjectEnrolments.userId, userId), eq(learningProjectEnrolments.courseId, courseId)));
  return rows[0];
}

/** Start the project on `startedOn` (a second start keeps the first date). */
export async function enrol(
  db: DbOrTx,
  values: { userId: number; courseId: number; startedOn: string; now: Date },
): Promise<ProjectEnrolment> {
  await db
    .insert(learningProjectEnrolments)
    .values({ userId: values.userId, courseId: values.courseId, startedOn: values.startedOn, createdAt: values.now })
    .onConflictDoNothing();
  return (await findEnrolment(db, values.userId, values.courseId))!;
}

export async function setMilestonesDone(db: DbOrTx, userId: number, courseId: number, done: string[]): Promise<void> {
  await db
    .update(learningProjectEnrolments)
    .set({ milestonesDone: done })
    .where(and(eq(learningProjectEnrolments.userId, userId), eq(learningProjectEnrolments.courseId, courseId)));
}

export async function enrolmentsOf(db: DbOrTx, userId: number) {
  return db
    .select({ ...enrolmentColumns, courseSlug: learningCourses.slug })
    .from(learningProjectEnrolments)
    .innerJoin(learningCourses, eq(learningCourses.id, learningProjectEnrolments.courseId))
    .where(eq(learningProjectEnrolments.userId, userId));
}

export async function deleteEnrolmentsOf(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(learningProjectEnrolments).where(eq(learningProjectEnrolments.userId, userId));
}

import { and, asc, count, eq, isNull, lt, sql, sum } from 'drizzle-orm';
import { renderMarkdown, RENDER_VERSION } from '../../platform/content/markdown';
import type { StoredHtmlKind } from '../../platform/content/stored-html';
import type { DbOrTx } from '../../platform/db/database';
import type { StarterLesson } from './learning.content';
import { type Course, type Lesson, type LessonProgress, type LessonSummary, lessonSummary } from './learning.models';
import { learningCourses, learningLessons, learningProgress } from './learning.table';

const courseColumns = {
  id: learningCourses.id,
  slug: learningCourses.slug,
  title: learningCourses.title,
  summary: learningCourses.summary,
  audience: learningCourses.audience,
  maintainingGroupId: learningCourses.maintainingGroupId,
  reviewDue: learningCourses.reviewDue,
  project: learningCourses.project,
  teachBackThreadId: learningCourses.teachBackThreadId,
  projectThreadId: learningCourses.projectThreadId,
  updatedAt: learningCourses.updatedAt,
};

const lessonColumns = {
  id: learningLessons.id,
  courseId: learningLessons.courseId,
  slug: learningLessons.slug,
  position: learningLessons.position,
  title: learningLessons.title,
  summary: learningLessons.summary,
  minutes: learningLessons.minutes,
  body: learningLessons.body,
  bodyHtml: learningLessons.bodyHtml,
  media: learningLessons.media,
  transcript: learningLessons.transcript,
  transcriptHtml: learningLessons.transcriptHtml,
  exercise: learningLessons.exercise,
  quiz: learningLessons.quiz,
  updatedAt: learningLessons.updatedAt,
};

/** Markdown rendered once, at save, by the platform's renderer: the reading and a media lesson's transcript. */
export const rendered = (body: string, transcript: string | null) => ({
  bodyHtml: renderMarkdown(body),
  transcriptHtml: transcript === null ? null : renderMarkdown(transcript),
  renderVersion: RENDER_VERSION,
});

/** Add a course unless one with its slug exists (a course members changed is never replaced). */
export async function insertCourseIfMissing(
  tx: DbOrTx,
  values: Omit<Course, 'id' | 'updatedAt' | 'teachBackThreadId' | 'projectThreadId'> & { now: Date },
): Promise<Course | undefined> {
  const { now, ...course } = values;
  const rows = await tx
    .insert(learningCourses)
    .values({ ...course, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: learningCourses.slug })
    .returning(courseColumns);
  return rows[0];
}

export async function insertLesson(
  tx: DbOrTx,
  courseId: number,
  position: number,
  lesson: StarterLesson,
  now: Date,
): Promise<Lesson> {
  const rows = await tx
    .insert(learningLessons)
    .values({
      courseId,
      position,
      ...lesson,
      ...rendered(lesson.body, lesson.transcript),
      createdAt: now,
      updatedAt: now,
    })
    .returning(lessonColumns);
  return rows[0]!;
}

export async function findCourse(db: DbOrTx, slug: string): Promise<Course | undefined> {
  const rows = await db.select(courseColumns).from(learningCourses).where(eq(learningCourses.slug, slug)).limit(1);
  return rows[0];
}

/** Every course with its number of lessons and minutes, by title. */
export async function listCourses(db: DbOrTx): Promise<Array<Course & { lessons: number; minutes: number }>> {
  const rows = await db
    .select({ ...courseColumns, lessons: count(learningLessons.id), minutes: sum(learningLessons.minutes) })
    .from(learningCourses)
    .leftJoin(learningLessons, eq(learningLessons.courseId, learningCourses.id))
    .groupBy(learningCourses.id)
    .orderBy(asc(learningCourses.title));
  return rows.map((r) => ({ ...r, minutes: Number(r.minutes ?? 0) }));
}

/** A course's lessons in order, without bodies or quiz keys. */
export async function lessonsOf(db: DbOrTx, courseId: number): Promise<LessonSummary[]> {
  const rows = await db
    .select(lessonColumns)
    .from(learningLessons)
    .where(eq(learningLessons.courseId, courseId))
    .orderBy(asc(learningLessons.position));
  return rows.map((l) => lessonSummary(l));
}

export async function findLesson(db: DbOrTx, courseId: number, slug: string): Promise<Lesson | undefined> {
  const rows = await db
    .select(lessonColumns)
    .from(learningLessons)
    .where(and(eq(learningLessons.courseId, courseId), eq(learningLessons.slug, slug)))
    .limit(1);
  return rows[0];
}

const progressColumns = {
  lessonId: learningProgress.lessonId,
  lessonTitle: learningProgress.lessonTitle,
  attempts: learningProgress.attempts,
  bestScore: learningProgress.bestScore,
  questions: learningProgress.questions,
  completedAt: learningProgress.completedAt,
  touchedAt: learningProgress.touchedAt,
};

/** A member's progress in a course's lessons. */
export async function progressOf(db: DbOrTx, userId: number, courseId: number): Promise<LessonProgress[]> {
  return db
    .select(progressColumns)
    .from(learningProgress)
    .where(and(eq(learningProgress.userId, userId), eq(learningProgress.courseId, courseId)));
}

export async function lessonProgress(
  db: DbOrTx,
  userId: number,
  lessonId: number,
): Promise<LessonProgress | undefined> {
  const rows = await db
    .select(progressColumns)
    .from(learningProgress)
    .where(and(eq(learningProgress.userId, userId), eq(learningProgress.lessonId, lessonId)))
    .limit(1);
  return rows[0];
}

/** Record a checked quiz attempt: one more attempt, the best score kept, done on a pass (and staying done). */
export async function recordAttempt(
  tx: DbOrTx,
  v: {
    userId: number;
    lesson: Pick<Lesson, 'id' | 'courseId' | 'title' | 'minutes'>;
    score: number;
    questions: number;
    passed: boolean;
    now: Date;
  },
): Promise<LessonProgress> {
  const completedAt = v.passed ? v.now : null;
  const rows = await tx
    .insert(learningProgress)
    .values({
      userId: v.userId,
      lessonId: v.lesson.id,
      lessonTitle: v.lesson.title,
      lessonMinutes: v.lesson.minutes,
      courseId: v.lesson.courseId,
      attempts: 1,
      bestScore: v.score,
      questions: v.questions,
      completedAt,
      touchedAt: v.now,
    })
    .onConflictDoUpdate({
      target: [learningProgress.userId, learningProgress.lessonId],
      set: {
        attempts: sql`${learningProgress.attempts} + 1`,
        bestScore: sql`greatest(${learningProgress.bestScore}, ${v.score})`,
        questions: v.questions,
        completedAt: sql`coalesce(${learningProgress.completedAt}, ${completedAt})`,
        lessonTitle: v.lesson.title,
        lessonMinutes: v.lesson.minutes,
        touchedAt: v.now,
      },
    })
    .returning(progressColumns);
  return rows[0]!;
}

/** Mark a lesson without a quiz done (again: no change but the time touched). */
export async function markDone(
  tx: DbOrTx,
  v: { userId: number; lesson: Pick<Lesson, 'id' | 'courseId' | 'title' | 'minutes'>; now: Date },
): Promise<LessonProgress> {
  const rows = await tx
    .insert(learningProgress)
    .values({
      userId: v.userId,
      lessonId: v.lesson.id,
      lessonTitle: v.lesson.title,
      lessonMinutes: v.lesson.minutes,
      courseId: v.lesson.courseId,
      completedAt: v.now,
      touchedAt: v.now,
    })
    .onConflictDoUpdate({
      target: [learningProgress.userId, learningProgress.lessonId],
      set: {
        completedAt: sql`coalesce(${learningProgress.completedAt}, ${v.now})`,
        lessonTitle: v.lesson.title,
        lessonMinutes: v.lesson.minutes,
        touchedAt: v.now,
      },
    })
    .returning(progressColumns);
  return rows[0]!;
}

/** Everything a member's learning left behind, for "download my data" (a deleted lesson: slug null, its title kept). */
export async function personalRows(db: DbOrTx, userId: number) {
  return db
    .select({
      course: learningCourses.slug,
      lesson: learningLessons.slug,
      lessonTitle: learningProgress.lessonTitle,
      lessonRemoved: isNull(learningProgress.lessonId),
      attempts: learningProgress.attempts,
      bestScore: learningProgress.bestScore,
      questions: learningProgress.questions,
      completedAt: learningProgress.completedAt,
    })
    .from(learningProgress)
    .leftJoin(learningLessons, eq(learningLessons.id, learningProgress.lessonId))
    .innerJoin(learningCourses, eq(learningCourses.id, learningProgress.courseId))
    .where(eq(learningProgress.userId, userId));
}

export async function deleteProgressOf(tx: DbOrTx, userId: number): Promise<void> {
  await tx.delete(learningProgress).where(eq(learningProgress.userId, userId));
}

/** Lessons rendered by an older renderer, brought up to date in the background at start. */
export const storedLessonHtml: StoredHtmlKind<{ id: number; body: string; transcript: string | null }> = {
  name: 'lessons',
  stale: (db, limit) =>
    db
      .select({ id: learningLessons.id, body: learningLessons.body, transcript: learningLessons.transcript })
      .from(learningLessons)
      .where(lt(learningLessons.renderVersion, RENDER_VERSION))
      .limit(limit),
  async store(db, row) {
    await db
      .update(learningLessons)
      .set(rendered(row.body, row.transcript))
      .where(and(eq(learningLessons.id, row.id), lt(learningLessons.renderVersion, RENDER_VERSION)));
  },
};

import { aliasedTable, and, asc, count, desc, eq, lt } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import type { Lesson } from './learning.models';
import { rendered } from './learning.repository';
import { learningCourses, learningLessonRevisions, learningLessonSuggestions, learningLessons } from './learning.table';

/** The upkeep of courses by their maintaining group: review dates, lesson revisions and suggested edits. */

export interface LessonRevision {
  id: number;
  lessonId: number;
  title: string;
  summary: string;
  body: string;
  note: string;
  authorName: string | null;
  createdAt: Date;
}

export type SuggestionStatus = 'pending' | 'accepted' | 'declined';

export interface LessonSuggestion {
  id: number;
  lessonId: number;
  lessonSlug: string;
  lessonTitle: string;
  proposerId: number | null;
  proposerName: string | null;
  body: string;
  note: string;
  baseUpdatedAt: Date;
  /** The lesson changed after the suggestion was made. */
  changedSince: boolean;
  status: SuggestionStatus;
  decisionNote: string;
  createdAt: Date;
}

/** A course as the maintaining group's list shows it. */
export interface MaintainedCourse {
  slug: string;
  title: string;
  reviewDue: string | null;
  pendingSuggestions: number;
}

export async function setReviewDue(db: DbOrTx, courseId: number, reviewDue: string, now: Date): Promise<void> {
  await db.update(learningCourses).set({ reviewDue, updatedAt: now }).where(eq(learningCourses.id, courseId));
}

/** The reading's new title, summary and Markdown, rendered once here (with the transcript, one render version). */
export async function updateLessonReading(
  db: DbOrTx,
  lesson: Pick<Lesson, 'id' | 'transcript'>,
  values: { title: string; summary: string; body: string },
  now: Date,
): Promise<void> {
  await db
    .update(learningLessons)
    .set({ ...values, ...rendered(values.body, lesson.transcript), updatedAt: now })
    .where(eq(learningLessons.id, lesson.id));
}

export async function hasRevisions(db: DbOrTx, lessonId: number): Promise<boolean> {
  const rows = await db
    .select({ id: learningLessonRevisions.id })
    .from(learningLessonRevisions)
    .where(eq(learningLessonRevisions.lessonId, lessonId))
    .limit(1);
  return rows.length > 0;
}

export async function insertRevision(
  db: DbOrTx,
  values: { lessonId: number; title: string; summary: string; body: string; note: string; authorId: number | null },
  now: Date,
): Promise<void> {
  await db.insert(learningLessonRevisions).values({ ...values, createdAt: now });
}

/** A lesson's revisions, newest first (all are kept; a lesson is edited a few times a year). */
export async function revisionsOf(db: DbOrTx, lessonId: number, limit = 50): Promise<LessonRevision[]> {
  return db
    .select({
      id: learningLessonRevisions.id,
      lessonId: learningLessonRevisions.lessonId,
      title: learningLessonRevisions.title,
      summary: learningLessonRevisions.summary,
      body: learningLessonRevisions.body,
      note: learningLessonRevisions.note,
      authorName: users.displayName,
      createdAt: learningLessonRevisions.createdAt,
    })
    .from(learningLessonRevisions)
    .leftJoin(users, eq(users.id, learningLessonRevisions.authorId))
    .where(eq(learningLessonRevisions.lessonId, lessonId))
    .orderBy(desc(learningLessonRevisions.createdAt), desc(learningLessonRevisions.id))
    .limit(limit);
}

export async function insertSuggestion(
  db: DbOrTx,
  values: { lessonId: number; proposerId: number; body: string; note: string; baseUpdatedAt: Date },
  now: Date,
): Promise<number> {
  const rows = await db
    .insert(learningLessonSuggestions)
    .values({ ...values, createdAt: now })
    .returning({ id: learningLessonSuggestions.id });
  return rows[0]!.id;
}

const proposer = aliasedTable(users, 'proposer');

function suggestionQuery(db: DbOrTx) {
  return db
    .select({
      id: learningLessonSuggestions.id,
      lessonId: learningLessonSuggestions.lessonId,
      lessonSlug: learningLessons.slug,
      lessonTitle: learningLessons.title,
      lessonUpdatedAt: learningLessons.updatedAt,
      courseId: learningLessons.courseId,
      proposerId: learningLessonSuggestions.proposerId,
      proposerName: proposer.displayName,
      body: learningLessonSuggestions.body,
      note: learningLessonSuggestions.note,
      baseUpdatedAt: learningLessonSuggestions.baseUpdatedAt,
      status: learningLessonSuggestions.status,
      decisionNote: learningLessonSuggestions.decisionNote,
      createdAt: learningLessonSuggestions.createdAt,
    })
    .from(learningLessonSuggestions)
    .innerJoin(learningLessons, eq(learningLessons.id, learningLessonSuggestions.lessonId))
    .leftJoin(proposer, eq(proposer.id, learningLessonSuggestions.proposerId));
}

type SuggestionRow = Awaited<ReturnType<ReturnType<typeof suggestionQuery>['execute']>>[number];

function toSuggestion(r: SuggestionRow): LessonSuggestion & { courseId: number } {
  const { lessonUpdatedAt, ...rest } = r;
  return {
    ...rest,
    status: r.status as SuggestionStatus,
    changedSince: lessonUpdatedAt.getTime() !== r.baseUpdatedAt.getTime(),
  };
}

export async function findSuggestion(
  db: DbOrTx,
  id: number,
): Promise<(LessonSuggestion & { courseId: number }) | undefined> {
  const rows = await suggestionQuery(db).where(eq(learningLessonSuggestions.id, id)).limit(1);
  return rows[0] ? toSuggestion(rows[0]) : undefined;
}

/** A course's suggestions waiting for a decision, oldest first. */
export async function pendingSuggestionsOf(db: DbOrTx, courseId: number, limit = 100): Promise<LessonSuggestion[]> {
  const rows = await suggestionQuery(db)
    .where(and(eq(learningLessons.courseId, courseId), eq(learningLessonSuggestions.status, 'pending')))
    .orderBy(asc(learningLessonSuggestions.createdAt), asc(learningLessonSuggestions.id))
    .limit(limit);
  return rows.map(toSuggestion);
}

/** Decide a pending suggestion; false when someone decided it first. */
export async function decideSuggestion(
  db: DbOrTx,
  id: number,
  values: { status: 'accepted' | 'declined'; decidedBy: number; decisionNote: string },
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(learningLessonSuggestions)
    .set({ ...values, decidedAt: now })
    .where(and(eq(learningLessonSuggestions.id, id), eq(learningLessonSuggestions.status, 'pending')))
    .returning({ id: learningLessonSuggestions.id });
  return rows.length > 0;
}

const ofGroup = (groupId: number | null) =>
  groupId === null ? undefined : eq(learningCourses.maintainingGroupId, groupId);

/** Courses past their review date (`today`: YYYY-MM-DD), for one maintaining group or (null) the whole hub. */
export async function countReviewOverdue(db: DbOrTx, groupId: number | null, today: string): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(learningCourses)
    .where(and(ofGroup(groupId), lt(learningCourses.reviewDue, today)));
  return Number(rows[0]?.n ?? 0);
}

/** Suggested lesson edits waiting, in one group's courses or (null) the whole hub's. */
export async function countPendingSuggestions(db: DbOrTx, groupId: number | null): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(learningLessonSuggestions)
    .innerJoin(learningLessons, eq(learningLessons.id, learningLessonSuggestions.lessonId))
    .innerJoin(learningCourses, eq(learningCourses.id, learningLessons.courseId))
    .where(and(ofGroup(groupId), eq(learningLessonSuggestions.status, 'pending')));
  return Number(rows[0]?.n ?? 0);
}

/** The courses a group maintains (or, null, every course), soonest review first, with their waiting suggestions. */
export async function maintainedCourses(db: DbOrTx, groupId: number | null): Promise<MaintainedCourse[]> {
  const rows = await db
    .select({
      slug: learningCourses.slug,
      title: learningCourses.title,
      reviewDue: learningCourses.reviewDue,
      pendingSuggestions: count(learningLessonSuggestions.id),
    })
    .from(learningCourses)
    .leftJoin(learningLessons, eq(learningLessons.courseId, learningCourses.id))
    .leftJoin(
      learningLessonSuggestions,
      and(eq(learningLessonSuggestions.lessonId, learningLessons.id), eq(learningLessonSuggestions.status, 'pending')),
    )
    .where(ofGroup(groupId))
    .groupBy(learningCourses.id)
    .orderBy(asc(learningCourses.reviewDue), asc(learningCourses.title))
    .limit(500);
  return rows.map((r) => ({ ...r, pendingSuggestions: Number(r.pendingSuggestions) }));
}

/** What a member wrote: their revisions and suggestions (for "download my data"). */
export async function upkeepDataOf(db: DbOrTx, userId: number) {
  const [revisions, suggestions] = await Promise.all([
    db
      .select({
        lessonId: learningLessonRevisions.lessonId,
        title: learningLessonRevisions.title,
        note: learningLessonRevisions.note,
        createdAt: learningLessonRevisions.createdAt,
      })
      .from(learningLessonRevisions)
      .where(eq(learningLessonRevisions.authorId, userId)),
    db
      .select({
        lessonId: learningLessonSuggestions.lessonId,
        body: learningLessonSuggestions.body,
        note: learningLessonSuggestions.note,
        status: learningLessonSuggestions.status,
        createdAt: learningLessonSuggestions.createdAt,
      })
      .from(learningLessonSuggestions)
      .where(eq(learningLessonSuggestions.proposerId, userId)),
  ]);
  return {
    lessonRevisions: revisions.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    lessonSuggestions: suggestions.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}

import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import type { DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import { httpErrors } from '../../platform/http/errors';
import { enforce } from '../../platform/http/rate-limit';
import type { UseCaseContext } from '../../platform/usecase';
import { notify } from '../notifications';
import { learningErrors } from './learning.errors';
import { addMonths, type Course, courseUrl, isoDay, type Lesson, lessonUrl, REVIEW_MONTHS } from './learning.models';
import * as repo from './learning.repository';
import { indexCourse, indexLesson } from './learning.search';
import {
  type LessonEditInput,
  mayMaintainCourse,
  type SuggestionInput,
  UPKEEP_LIMITS,
  upkeepPolicies,
} from './learning.upkeep';
import { upkeepErrors } from './learning.upkeep.errors';
import * as upkeep from './learning.upkeep.repository';

const WRITE_RULE = { name: 'learning:edit', limit: UPKEEP_LIMITS.writesPerHour, windowSeconds: 60 * 60 };

async function loadCourse(db: DbOrTx, slug: string): Promise<Course> {
  const course = await repo.findCourse(db, slug);
  if (!course) throw learningErrors.courseNotFound();
  return course;
}

async function loadLesson(db: DbOrTx, course: Course, slug: string): Promise<Lesson> {
  const lesson = await repo.findLesson(db, course.id, slug);
  if (!lesson) throw learningErrors.lessonNotFound();
  return lesson;
}

async function assertMaintainer(db: DbOrTx, actor: Actor | null, course: Course, now: Date): Promise<Actor> {
  if (!actor) throw httpErrors.signInRequired();
  if (!(await mayMaintainCourse(db, actor, course, now))) throw upkeepErrors.mayNotMaintain();
  return actor;
}

/**
 * Save a lesson's new reading and keep it as a revision (the lesson's starter text is kept first, the first time,
 * so the history starts where the hub did). Rendered once here; the lesson and course are indexed again.
 */
async function applyReading(
  tx: DbOrTx,
  course: Course,
  lesson: Lesson,
  values: { title: string; summary: string; body: string; note: string; authorId: number | null },
  now: Date,
): Promise<void> {
  if (!(await upkeep.hasRevisions(tx, lesson.id))) {
    const { title, summary, body } = lesson;
    await upkeep.insertRevision(
      tx,
      { lessonId: lesson.id, title, summary, body, note: 'The lesson as it was first published', authorId: null },
      new Date(Math.min(lesson.updatedAt.getTime(), now.getTime() - 1)),
    );
  }
  await upkeep.updateLessonReading(tx, lesson, values, now);
  await upkeep.insertRevision(tx, { lessonId: lesson.id, ...values }, now);
  const changed = await loadLesson(tx, course, lesson.slug);
  await indexLesson(tx, course, changed);
  const lessons = await repo.lessonsOf(tx, course.id);
  await indexCourse(
    tx,
    course,
    lessons.map((l) => l.title),
  );
}

/** The maintaining group (or an editor) records that it checked the course: the next review falls due a year on. */
export async function markCourseReviewed(ctx: UseCaseContext & { courseSlug: string }): Promise<{ reviewDue: string }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  const course = await loadCourse(db, ctx.courseSlug);
  const who = await assertMaintainer(db, actor, course, now);
  await enforce(db, now, [[WRITE_RULE, String(who.id)]]);
  const reviewDue = isoDay(addMonths(now, REVIEW_MONTHS));
  await db.transaction(async (tx) => {
    await upkeep.setReviewDue(tx, course.id, reviewDue, now);
    await recordEvent(tx, {
      type: 'learning.course_reviewed',
      actorId: who.id,
      subjectType: 'learning_course',
      subjectId: course.slug,
      data: { reviewDue, previous: course.reviewDue },
    });
  });
  return { reviewDue };
}

/** A maintainer changes a lesson's title, summary and reading; each save is kept as a revision. */
export async function editLesson(
  ctx: UseCaseContext & { courseSlug: string; lessonSlug: string; input: LessonEditInput },
): Promise<void> {
  const { db, actor, now, input } = ctx;
  await assertMayAct(db, actor, now);
  const course = await loadCourse(db, ctx.courseSlug);
  const who = await assertMaintainer(db, actor, course, now);
  await enforce(db, now, [[WRITE_RULE, String(who.id)]]);
  await db.transaction(async (tx) => {
    const lesson = await loadLesson(tx, course, ctx.lessonSlug);
    await applyReading(tx, course, lesson, { ...input, authorId: who.id }, now);
    await recordEvent(tx, {
      type: 'learning.lesson_edited',
      actorId: who.id,
      subjectType: 'learning_lesson',
      subjectId: `${course.slug}/${lesson.slug}`,
    });
  });
}

/** Any member suggests a new reading for a lesson, with a note; the course's maintaining group decides. */
export async function suggestLessonEdit(
  ctx: UseCaseContext & { courseSlug: string; lessonSlug: string; input: SuggestionInput },
): Promise<{ id: number }> {
  const { db, actor, now, input } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  await assertMayAct(db, actor, now);
  authorize(actor, upkeepPolicies.suggest(actor));
  await enforce(db, now, [[WRITE_RULE, String(actor.id)]]);
  const course = await loadCourse(db, ctx.courseSlug);
  const lesson = await loadLesson(db, course, ctx.lessonSlug);
  return db.transaction(async (tx) => {
    const id = await upkeep.insertSuggestion(
      tx,
      {
        lessonId: lesson.id,
        proposerId: actor.id,
        body: input.body,
        note: input.note,
        baseUpdatedAt: lesson.updatedAt,
      },
      now,
    );
    await recordEvent(tx, {
      type: 'learning.lesson_edit_suggested',
      actorId: actor.id,
      subjectType: 'learning_lesson',
      subjectId: `${course.slug}/${lesson.slug}`,
      data: { suggestionId: id },
    });
    return { id };
  });
}

export type SuggestionDecision = { kind: 'accept' } | { kind: 'decline'; note: string };

/**
 * A maintainer accepts a suggested edit (the reading becomes the suggested one, kept as a revision credited to the
 * member who suggested it) or declines it with a note. The member is told either way.
 */
export async function decideLessonSuggestion(
  ctx: UseCaseContext & { courseSlug: string; suggestionId: number; decision: SuggestionDecision },
): Promise<{ status: 'accepted' | 'declined' }> {
  const { db, actor, now, decision } = ctx;
  await assertMayAct(db, actor, now);
  const course = await loadCourse(db, ctx.courseSlug);
  const who = await assertMaintainer(db, actor, course, now);
  return db.transaction(async (tx) => {
    const suggestion = await upkeep.findSuggestion(tx, ctx.suggestionId);
    if (!suggestion || suggestion.courseId !== course.id) throw upkeepErrors.suggestionNotFound();
    const status = decision.kind === 'accept' ? 'accepted' : 'declined';
    const note = decision.kind === 'decline' ? decision.note : '';
    if (!(await upkeep.decideSuggestion(tx, suggestion.id, { status, decidedBy: who.id, decisionNote: note }, now)))
      throw upkeepErrors.alreadyDecided();
    if (status === 'accepted') {
      const lesson = await loadLesson(tx, course, suggestion.lessonSlug);
      const credit = suggestion.proposerName ? `Suggested by ${suggestion.proposerName}` : 'Suggested';
      await applyReading(
        tx,
        course,
        lesson,
        {
          title: lesson.title,
          summary: lesson.summary,
          body: suggestion.body,
          note: `${credit}, accepted by ${who.displayName}: ${suggestion.note}`.slice(0, UPKEEP_LIMITS.noteChars),
          authorId: suggestion.proposerId,
        },
        now,
      );
    }
    await recordEvent(tx, {
      type: 'learning.lesson_suggestion_decided',
      actorId: who.id,
      subjectType: 'learning_lesson',
      subjectId: `${course.slug}/${suggestion.lessonSlug}`,
      data: { suggestionId: suggestion.id, status },
    });
    if (suggestion.proposerId !== null)
      await notify(tx, {
        userIds: [suggestion.proposerId],
        kind: `learning.suggestion_${status}`,
        actorId: who.id,
        subjectType: 'learning_lesson',
        subjectId: String(suggestion.lessonId),
        url: status === 'accepted' ? lessonUrl(course.slug, suggestion.lessonSlug) : courseUrl(course.slug),
        title: `${who.displayName} ${status} your suggested edit to “${suggestion.lessonTitle}”`,
        ...(note ? { excerpt: note } : {}),
        now,
      });
    return { status };
  });
}

import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { announcePersonalChange } from '../../platform/cache/personal';
import type { DbOrTx } from '../../platform/db/database';
import type { FormValues } from '../../platform/http/forms';
import { httpErrors } from '../../platform/http/errors';
import { enforce } from '../../platform/http/rate-limit';
import type { UseCaseContext } from '../../platform/usecase';
import { awardIfComplete } from './learning.certificates';
import { learningErrors } from './learning.errors';
import { type Course, LEARNING_LIMITS, type Lesson, type LessonProgress } from './learning.models';
import { learningPolicies } from './learning.policies';
import { checkQuiz, type QuizCheck } from './learning.quiz';
import * as repo from './learning.repository';
import { addLessonCards } from './learning.review.repository';

const CHECK_RULE = { name: 'learning:quiz', limit: LEARNING_LIMITS.checksPerHour, windowSeconds: 60 * 60 };

async function loadLesson(
  db: DbOrTx,
  courseSlug: string,
  lessonSlug: string,
): Promise<{ course: Course; lesson: Lesson }> {
  const course = await repo.findCourse(db, courseSlug);
  if (!course) throw learningErrors.courseNotFound();
  const lesson = await repo.findLesson(db, course.id, lessonSlug);
  if (!lesson) throw learningErrors.lessonNotFound();
  return { course, lesson };
}

/**
 * Check a quiz on the server against the lesson's key. Anyone may try (retries welcome, no time limit); for a
 * signed-in reader the attempt is kept (best score; the lesson done on a pass, and staying done). Only the
 * lesson's own questions are read from the form, so no extra or foreign field can raise a score.
 */
export async function submitQuiz(
  ctx: UseCaseContext & { courseSlug: string; lessonSlug: string; answers: FormValues; ip: string },
): Promise<{ check: QuizCheck; progress: LessonProgress | undefined }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  const { lesson } = await loadLesson(db, ctx.courseSlug, ctx.lessonSlug);
  if (lesson.quiz.length === 0) throw learningErrors.noQuiz();
  await enforce(db, now, [[CHECK_RULE, actor ? `user:${actor.id}` : `ip:${ctx.ip}`]]);
  const check = checkQuiz(lesson.quiz, ctx.answers);
  if (!check.ok || !learningPolicies.keepProgress(actor)) return { check, progress: undefined };
  const progress = await db.transaction(async (tx) => {
    const row = await repo.recordAttempt(tx, {
      userId: actor.id,
      lesson,
      score: check.score,
      questions: check.questions,
      passed: check.passed,
      now,
    });
    if (row.completedAt) await awardIfComplete(tx, { userId: actor.id, courseId: lesson.courseId, now });
    // A pass puts the lesson's questions in the member's review deck (once).
    if (check.passed) await addLessonCards(tx, actor.id, lesson, now);
    // Progress is personal: no public page changes, only this member's personal parts.
    await announcePersonalChange(tx);
    return row;
  });
  return { check, progress };
}

/** A signed-in reader marks a lesson without a quiz done (a lesson with one is done when its quiz is passed). */
export async function markLessonDone(
  ctx: UseCaseContext & { courseSlug: string; lessonSlug: string },
): Promise<LessonProgress> {
  const { db, actor, now } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  await assertMayAct(db, actor, now);
  authorize(actor, learningPolicies.keepProgress(actor));
  const { lesson } = await loadLesson(db, ctx.courseSlug, ctx.lessonSlug);
  if (lesson.quiz.length > 0) throw learningErrors.quizRequired();
  return db.transaction(async (tx) => {
    const row = await repo.markDone(tx, { userId: actor.id, lesson, now });
    await awardIfComplete(tx, { userId: actor.id, courseId: lesson.courseId, now });
    await announcePersonalChange(tx);
    return row;
  });
}

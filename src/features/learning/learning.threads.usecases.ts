import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { announcePersonalChange } from '../../platform/cache/personal';
import type { Db } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import { type FieldErrors, type FormValues, text, validate } from '../../platform/http/forms';
import { AppError, httpErrors } from '../../platform/http/errors';
import type { UseCaseContext } from '../../platform/usecase';
import { createThread, replyToThread } from '../community';
import { learningErrors } from './learning.errors';
import { type Course, courseUrl, isoDay, LEARNING_LIMITS, type Project } from './learning.models';
import { learningPolicies } from './learning.policies';
import * as projects from './learning.projects.repository';
import type { CourseThread } from './learning.projects.repository';
import * as repo from './learning.repository';

/**
 * The forum threads of a course (docs/decisions/043): its teach-back thread and its project thread, each started
 * on first use in the "Training & careers" category through the forum's own use cases (standing, posting rate,
 * new-member link rule, held first posts), and posts made with `replyToThread`, so the forum's rules all apply.
 */
export const LEARNING_FORUM_CATEGORY = 'training';

/** Text read literally by Markdown: every ASCII punctuation mark that could start markup is escaped. */
function markdownText(s: string): string {
  return s.replace(/[\\`*_[\]{}()<>#+!|~&]/g, '\\$&');
}

function threadInput(course: Course, which: CourseThread) {
  const link = `[${markdownText(course.title)}](${courseUrl(course.slug)})`;
  const title = which === 'teachBack' ? `Teach-back: ${course.title}` : `Project: ${course.title}`;
  const body =
    which === 'teachBack'
      ? `What learners of ${link} will change in their work, posted when they finish a lesson or the course. Reply to compare notes.`
      : `Progress on the project of ${link}${course.project ? ` (“${markdownText(course.project.title)}”)` : ''}: post where you are, and reply to others with feedback.`;
  return {
    title: title.length > 160 ? `${title.slice(0, 159)}…` : title,
    body,
    categorySlug: LEARNING_FORUM_CATEGORY,
    kind: 'discussion' as const,
    topicSlugs: [],
  };
}

/** The course's thread, started now in the caller's transaction when it has none (two at once: the first wins). */
async function courseThread(
  tx: Db,
  actor: Actor,
  now: Date,
  course: Course,
  which: CourseThread,
  replace = false,
): Promise<number> {
  const linked = which === 'teachBack' ? course.teachBackThreadId : course.projectThreadId;
  if (linked !== null) return linked;
  const result = await createThread({
    db: tx,
    actor,
    now,
    input: threadInput(course, which),
    idempotencyKey: replace ? null : `learning-${which}-${course.id}-${actor.id}`,
  });
  if (!result.ok) throw learningErrors.threadRefused(Object.values(result.errors).join(' '));
  const threadId = replace
    ? await projects.replaceCourseThread(tx, course.id, which, result.thread.id)
    : await projects.setCourseThreadOnce(tx, course.id, which, result.thread.id);
  await recordEvent(tx, {
    type: 'learning.thread_started',
    actorId: actor.id,
    subjectType: 'learning_course',
    subjectId: course.slug,
    data: { threadId, which },
  });
  return threadId;
}

const postSchema = z.object({ body: text('What you will change', LEARNING_LIMITS.teachBackChars, { min: 10 }) });

export type ThreadPostResult =
  | { ok: true; threadId: number; postId: number; held: boolean }
  | { ok: false; errors: FieldErrors; values: FormValues };

async function postIn(
  ctx: UseCaseContext & { course: Course; which: CourseThread; body: string; key: string | null },
): Promise<ThreadPostResult & { ok: true }> {
  const actor = ctx.actor!;
  return ctx.db.transaction(async (tx) => {
    let threadId = await courseThread(tx, actor, ctx.now, ctx.course, ctx.which);
    const reply = (id: number) =>
      replyToThread({ db: tx, actor, now: ctx.now, threadId: id, body: ctx.body, idempotencyKey: ctx.key });
    let result: Awaited<ReturnType<typeof replyToThread>>;
    try {
      result = await reply(threadId);
    } catch (error) {
      // The linked thread is gone for this member (deleted, or its first post still held for approval): the course
      // gets a new thread, linked in its place, rather than refusing every post until a moderator acts.
      if (!(error instanceof AppError && error.code === 'forum.thread_not_found')) throw error;
      threadId = await courseThread(
        tx,
        actor,
        ctx.now,
        { ...ctx.course, teachBackThreadId: null, projectThreadId: null },
        ctx.which,
        true,
      );
      result = await reply(threadId);
    }
    if (!result.ok) throw learningErrors.threadRefused(Object.values(result.errors).join(' '));
    return { ok: true as const, threadId, postId: result.post.id, held: result.post.status !== 'published' };
  });
}

async function mayTakePart(ctx: UseCaseContext): Promise<Actor> {
  const { db, actor, now } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  await assertMayAct(db, actor, now);
  authorize(
    actor,
    learningPolicies.takePart(actor),
    'Readers cannot post in the forum. Ask an administrator to make you a member.',
  );
  return actor;
}

async function loadCourse(db: Db, slug: string): Promise<Course> {
  const course = await repo.findCourse(db, slug);
  if (!course) throw learningErrors.courseNotFound();
  return course;
}

/**
 * Teach-back: after a lesson or the course, a member posts what they will change to the course's teach-back thread.
 * The lesson (when given) is named in the post; the form's field error comes back with status 400.
 */
export async function postTeachBack(
  ctx: UseCaseContext & { courseSlug: string; lessonSlug?: string | undefined; values: FormValues; key: string | null },
): Promise<ThreadPostResult> {
  await mayTakePart(ctx);
  const course = await loadCourse(ctx.db, ctx.courseSlug);
  const lesson = ctx.lessonSlug ? await repo.findLesson(ctx.db, course.id, ctx.lessonSlug) : undefined;
  if (ctx.lessonSlug && !lesson) throw learningErrors.lessonNotFound();
  const form = validate(postSchema, ctx.values);
  if (!form.ok) return form;
  const after = lesson ? `After the lesson “${lesson.title}”` : 'After the course';
  return postIn({ ...ctx, course, which: 'teachBack', body: `${after}: ${form.data.body}`, key: ctx.key });
}

// Projects

const progressSchema = z.object({ body: text('Your progress', LEARNING_LIMITS.teachBackChars, { min: 10 }) });

function projectOf(course: Course): Project {
  if (!course.project) throw learningErrors.noProject();
  return course.project;
}

/** A member starts the course's project today (their own start date; starting again keeps the first date). */
export async function startProject(ctx: UseCaseContext & { courseSlug: string }) {
  const actor = await mayTakePart(ctx);
  const course = await loadCourse(ctx.db, ctx.courseSlug);
  projectOf(course);
  return ctx.db.transaction(async (tx) => {
    const row = await projects.enrol(tx, {
      userId: actor.id,
      courseId: course.id,
      startedOn: isoDay(ctx.now),
      now: ctx.now,
    });
    await announcePersonalChange(tx);
    return row;
  });
}

/** Tick the milestones the member has finished (ids not in the project are ignored). */
export async function saveMilestones(ctx: UseCaseContext & { courseSlug: string; done: string[] }) {
  const actor = await mayTakePart(ctx);
  const course = await loadCourse(ctx.db, ctx.courseSlug);
  const project = projectOf(course);
  const enrolment = await projects.findEnrolment(ctx.db, actor.id, course.id);
  if (!enrolment) throw learningErrors.notInProject();
  const done = project.milestones.map((m) => m.id).filter((id) => ctx.done.includes(id));
  await ctx.db.transaction(async (tx) => {
    await projects.setMilestonesDone(tx, actor.id, course.id, done);
    await announcePersonalChange(tx);
  });
  return done;
}

/** Post progress to the project's thread (peer feedback comes as replies there). Only members who started it. */
export async function postProgress(
  ctx: UseCaseContext & { courseSlug: string; values: FormValues; key: string | null },
): Promise<ThreadPostResult> {
  const actor = await mayTakePart(ctx);
  const course = await loadCourse(ctx.db, ctx.courseSlug);
  projectOf(course);
  if (!(await projects.findEnrolment(ctx.db, actor.id, course.id))) throw learningErrors.notInProject();
  const form = validate(progressSchema, ctx.values);
  if (!form.ok) return form;
  return postIn({ ...ctx, course, which: 'project', body: form.data.body, key: ctx.key });
}

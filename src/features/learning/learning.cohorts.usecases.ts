import { z } from 'zod';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { announcePersonalChange } from '../../platform/cache/personal';
import type { Db } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import { httpErrors } from '../../platform/http/errors';
import { type FieldErrors, type FormValues, validate } from '../../platform/http/forms';
import type { UseCaseContext } from '../../platform/usecase';
import { createThread } from '../community';
import { eventForCourse } from '../events';
import { mayAddCohort } from './learning.cohorts.access';
import * as cohorts from './learning.cohorts.repository';
import { learningErrors } from './learning.errors';
import { type Course, courseUrl, isoDay } from './learning.models';
import { learningPolicies } from './learning.policies';
import * as repo from './learning.repository';
import { LEARNING_FORUM_CATEGORY } from './learning.threads.usecases';

/**
 * Cohorts (docs/decisions/043): a course run together, tied to an event of the events feature (its live sessions),
 * starting on a date, with a forum thread of its own started when the cohort is added. Editors, and members of the
 * course's maintaining group, add cohorts; any member joins one.
 */

/** "123", "/events/123" or a full address of the event's page: its id. */
function eventIdFrom(raw: string): number | null {
  const m = raw.trim().match(/^(?:(?:https?:\/\/[^/\s]+)?\/events\/)?(\d{1,10})\/?$/);
  return m ? Number(m[1]) : null;
}

const cohortSchema = z.object({
  event: z
    .string({ error: 'Give the event’s number or the address of its page.' })
    .transform((s) => eventIdFrom(s))
    .refine((id) => id !== null, 'Give the event’s number or the address of its page (like /events/12).'),
  startsOn: z
    .string({ error: 'Give the date the cohort starts.' })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date the cohort starts (YYYY-MM-DD).')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'That is not a date on the calendar.'),
});

async function loadCourse(db: Db, slug: string): Promise<Course> {
  const course = await repo.findCourse(db, slug);
  if (!course) throw learningErrors.courseNotFound();
  return course;
}

export type AddCohortResult = { ok: true; cohortId: number } | { ok: false; errors: FieldErrors; values: FormValues };

export async function addCohort(
  ctx: UseCaseContext & { courseSlug: string; values: FormValues },
): Promise<AddCohortResult> {
  const { db, actor, now } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  await assertMayAct(db, actor, now);
  const course = await loadCourse(db, ctx.courseSlug);
  authorize(
    actor,
    await mayAddCohort(db, actor, course, now),
    'Editors and members of the course’s maintaining group add cohorts.',
  );
  const form = validate(cohortSchema, ctx.values);
  if (!form.ok) return form;
  const event = await eventForCourse(db, form.data.event!);
  if (!event) return { ok: false, errors: { event: 'No event has that number.' }, values: ctx.values };
  if (event.cancelled) return { ok: false, errors: { event: 'That event is cancelled.' }, values: ctx.values };
  if (form.data.startsOn < isoDay(now))
    return {
      ok: false,
      errors: { startsOn: 'The start date has passed: give today or a later date.' },
      values: ctx.values,
    };
  return db.transaction(async (tx) => {
    const cohort = await cohorts.insertCohort(tx, {
      courseId: course.id,
      eventId: event.id,
      startsOn: form.data.startsOn,
      createdBy: actor.id,
      now,
    });
    const title = `Cohort: ${course.title}, from ${form.data.startsOn}`;
    const thread = await createThread({
      db: tx,
      actor,
      now,
      input: {
        title: title.length > 160 ? `${title.slice(0, 159)}…` : title,
        body: `The cohort taking [the course](${courseUrl(course.slug)}) together from ${form.data.startsOn}, with the live sessions of [the event](${event.url}). Introduce yourself, ask questions between sessions, and share what you try.`,
        categorySlug: LEARNING_FORUM_CATEGORY,
        kind: 'discussion',
        topicSlugs: [],
      },
      idempotencyKey: `learning-cohort-${cohort.id}`,
    });
    if (!thread.ok) throw learningErrors.threadRefused(Object.values(thread.errors).join(' '));
    await cohorts.setCohortThread(tx, cohort.id, thread.thread.id);
    await recordEvent(tx, {
      type: 'learning.cohort_added',
      actorId: actor.id,
      subjectType: 'learning_course',
      subjectId: course.slug,
      data: { cohortId: cohort.id, eventId: event.id, threadId: thread.thread.id },
    });
    return { ok: true as const, cohortId: cohort.id };
  });
}

/** A member joins a cohort of the course (joining twice changes nothing). Private: only they see it. */
export async function joinCohort(ctx: UseCaseContext & { courseSlug: string; cohortId: number }): Promise<void> {
  const { db, actor, now } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  await assertMayAct(db, actor, now);
  authorize(actor, learningPolicies.takePart(actor));
  const course = await loadCourse(db, ctx.courseSlug);
  const cohort = await cohorts.findCohort(db, course.id, ctx.cohortId);
  if (!cohort) throw learningErrors.cohortNotFound();
  await db.transaction(async (tx) => {
    await cohorts.joinCohort(tx, cohort.id, actor.id, now);
    await announcePersonalChange(tx);
  });
}

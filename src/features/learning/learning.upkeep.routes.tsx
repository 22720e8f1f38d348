import type { Hono } from 'hono';
import { actorOf, type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import { httpErrors } from '../../platform/http/errors';
import { type FieldErrors, type FormValues, readForm } from '../../platform/http/forms';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { findGroupBySlug } from '../groups';
import { learningErrors } from './learning.errors';
import { type Course, courseUrl, isoDay, type Lesson, lessonUrl } from './learning.models';
import * as repo from './learning.repository';
import { mayMaintainCourse, parseDecline, parseLessonEdit, parseSuggestion } from './learning.upkeep';
import { upkeepErrors } from './learning.upkeep.errors';
import * as upkeep from './learning.upkeep.repository';
import * as usecases from './learning.upkeep.usecases';
import { DeclineSuggestionPageView, EditLessonPageView, SuggestEditPageView, UpkeepListView } from './views/upkeep';

const HOME = { label: 'Home', href: '/' };
const LEARNING = { label: 'Learning', href: '/learning' };

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now() };
}

async function load(c: AppContext): Promise<{ course: Course; lesson: Lesson }> {
  const { db } = deps(c);
  const course = await repo.findCourse(db, c.req.param('course') ?? '');
  if (!course) throw learningErrors.courseNotFound();
  const lesson = await repo.findLesson(db, course.id, c.req.param('lesson') ?? '');
  if (!lesson) throw learningErrors.lessonNotFound();
  return { course, lesson };
}

const crumbs = (course: Course, lesson: Lesson, last: string) => [
  HOME,
  LEARNING,
  { label: course.title, href: courseUrl(course.slug) },
  { label: lesson.title, href: lessonUrl(course.slug, lesson.slug) },
  { label: last },
];

async function editPage(
  c: AppContext,
  course: Course,
  lesson: Lesson,
  form?: { values: FormValues; errors: FieldErrors },
) {
  const revisions = await upkeep.revisionsOf(deps(c).db, lesson.id);
  return renderPage(
    c,
    { title: `Edit: ${lesson.title}`, breadcrumbs: crumbs(course, lesson, 'Edit') },
    <EditLessonPageView
      course={course}
      lesson={lesson}
      csrfToken={csrfTokenFor(c)}
      revisions={revisions}
      values={form?.values}
      errors={form?.errors}
    />,
    form ? 400 : 200,
  );
}

function suggestPage(
  c: AppContext,
  course: Course,
  lesson: Lesson,
  form?: { values: FormValues; errors: FieldErrors },
) {
  return renderPage(
    c,
    { title: `Suggest an edit: ${lesson.title}`, breadcrumbs: crumbs(course, lesson, 'Suggest an edit') },
    <SuggestEditPageView
      course={course}
      lesson={lesson}
      csrfToken={csrfTokenFor(c)}
      values={form?.values}
      errors={form?.errors}
    />,
    form ? 400 : 200,
  );
}

/**
 * A course's upkeep by its maintaining group (docs/decisions/046): the list of courses and their reviews (before
 * '/:course'), recording a review, editing a lesson, and suggested edits.
 */
export function addUpkeepRoutes(routes: Hono<AppEnv>): void {
  // A working list for members, linked from the content-health pages (not a public page).
  routes.get('/upkeep', async (c) => {
    requireActor(c);
    const { db, now } = deps(c);
    const slug = c.req.query('group') || undefined;
    const group = slug ? await findGroupBySlug(db, slug) : undefined;
    if (slug && group?.status !== 'active') throw httpErrors.notFound('group');
    const courses = await upkeep.maintainedCourses(db, group?.id ?? null);
    const healthCrumb = { label: 'Content health', href: group ? `/groups/${group.slug}/health` : '/health' };
    return renderPage(
      c,
      { title: 'Courses and their reviews', breadcrumbs: [HOME, healthCrumb, { label: 'Courses and their reviews' }] },
      <UpkeepListView
        courses={courses}
        group={group ? { slug: group.slug, name: group.name } : undefined}
        today={isoDay(now)}
      />,
    );
  });

  routes.post('/:course/reviewed', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    const courseSlug = c.req.param('course');
    await usecases.markCourseReviewed({ db, actor, now, courseSlug });
    return seeOther(c, `${courseUrl(courseSlug)}?notice=reviewed`);
  });

  routes.post('/:course/suggestions/:id/accept', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    const courseSlug = c.req.param('course');
    const suggestionId = Number.parseInt(c.req.param('id'), 10);
    if (!Number.isSafeInteger(suggestionId)) throw upkeepErrors.suggestionNotFound();
    await usecases.decideLessonSuggestion({ db, actor, now, courseSlug, suggestionId, decision: { kind: 'accept' } });
    return seeOther(c, `${courseUrl(courseSlug)}?notice=accepted#suggestions`);
  });

  routes.post('/:course/suggestions/:id/decline', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    const courseSlug = c.req.param('course');
    const suggestionId = Number.parseInt(c.req.param('id'), 10);
    if (!Number.isSafeInteger(suggestionId)) throw upkeepErrors.suggestionNotFound();
    const form = parseDecline(await readForm(c));
    if (!form.ok) {
      const course = await repo.findCourse(db, courseSlug);
      if (!course) throw learningErrors.courseNotFound();
      return renderPage(
        c,
        {
          title: 'Decline a suggested edit',
          breadcrumbs: [HOME, LEARNING, { label: course.title, href: courseUrl(course.slug) }, { label: 'Decline' }],
        },
        <DeclineSuggestionPageView
          course={course}
          suggestionId={suggestionId}
          csrfToken={csrfTokenFor(c)}
          values={form.values}
          errors={form.errors}
        />,
        400,
      );
    }
    await usecases.decideLessonSuggestion({
      db,
      actor,
      now,
      courseSlug,
      suggestionId,
      decision: { kind: 'decline', note: form.data.note },
    });
    return seeOther(c, `${courseUrl(courseSlug)}?notice=declined#suggestions`);
  });

  routes.get('/:course/:lesson/edit', async (c) => {
    const actor = requireActor(c);
    const { course, lesson } = await load(c);
    const { db, now } = deps(c);
    if (!(await mayMaintainCourse(db, actor, course, now))) throw upkeepErrors.mayNotMaintain();
    return editPage(c, course, lesson);
  });

  routes.post('/:course/:lesson/edit', async (c) => {
    const actor = requireActor(c);
    const { course, lesson } = await load(c);
    const { db, now } = deps(c);
    const form = parseLessonEdit(await readForm(c));
    if (!form.ok) {
      if (!(await mayMaintainCourse(db, actor, course, now))) throw upkeepErrors.mayNotMaintain();
      return editPage(c, course, lesson, { values: form.values, errors: form.errors });
    }
    await usecases.editLesson({ db, actor, now, courseSlug: course.slug, lessonSlug: lesson.slug, input: form.data });
    return seeOther(c, `${lessonUrl(course.slug, lesson.slug)}?notice=edited`);
  });

  routes.get('/:course/:lesson/suggest', async (c) => {
    requireActor(c);
    const { course, lesson } = await load(c);
    return suggestPage(c, course, lesson);
  });

  routes.post('/:course/:lesson/suggest', async (c) => {
    const actor = requireActor(c);
    const { course, lesson } = await load(c);
    const { db, now } = deps(c);
    const form = parseSuggestion(await readForm(c));
    if (!form.ok) return suggestPage(c, course, lesson, { values: form.values, errors: form.errors });
    await usecases.suggestLessonEdit({
      db,
      actor,
      now,
      courseSlug: course.slug,
      lessonSlug: lesson.slug,
      input: form.data,
    });
    return seeOther(c, `${lessonUrl(course.slug, lesson.slug)}?notice=suggested`);
  });
}

/** For the course page: its maintainers' section (null for everyone else). */
export async function courseUpkeepFor(c: AppContext, course: Course) {
  const actor = actorOf(c);
  const { db, now } = deps(c);
  if (!actor || !(await mayMaintainCourse(db, actor, course, now))) return null;
  return { suggestions: await upkeep.pendingSuggestionsOf(db, course.id), csrfToken: csrfTokenFor(c) };
}

/** For the lesson page: whether the signed-in reader edits it or suggests an edit. */
export async function lessonUpkeepFor(c: AppContext, course: Course) {
  const { db, now } = deps(c);
  return { mayEdit: await mayMaintainCourse(db, actorOf(c), course, now) };
}

import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { type AppContext, type AppEnv, actorOf, requireActor } from '../../platform/http/context';
import { type FieldErrors, type FormValues, list, readForm, str } from '../../platform/http/forms';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { authorize } from '../../platform/authz/policy';
import type { Db } from '../../platform/db/database';
import { latestRepliesIn, threadUrl } from '../community';
import { eventForCourse } from '../events';
import { mayAddCohort } from './learning.cohorts.access';
import { findCohort, isMember, memberCount, upcomingCohorts } from './learning.cohorts.repository';
import * as cohortUsecases from './learning.cohorts.usecases';
import { learningErrors } from './learning.errors';
import { type Course, courseUrl, isoDay, LEARNING_LIMITS, projectUrl } from './learning.models';
import { findEnrolment } from './learning.projects.repository';
import * as repo from './learning.repository';
import * as usecases from './learning.threads.usecases';
import { AddCohortPageView, type CohortListed, CohortPageView, cohortUrl } from './views/cohorts';
import { ProjectPageView, TeachBackPageView } from './views/together';

const HOME = { label: 'Home', href: '/' };
const LEARNING = { label: 'Learning', href: '/learning' };

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now() };
}

/** A fresh key per form shown: a double-clicked submit makes one post (the forum's idempotency keys). */
export const newKey = () => randomBytes(18).toString('base64url');
const keyOf = (values: FormValues) => {
  const key = str(values, 'idempotencyKey');
  return /^[A-Za-z0-9_-]{16,64}$/.test(key) ? key : null;
};

async function courseOr404(c: AppContext): Promise<Course> {
  const course = await repo.findCourse(deps(c).db, c.req.param('course') ?? '');
  if (!course) throw learningErrors.courseNotFound();
  return course;
}

const PROJECT_NOTICES: Record<string, string> = {
  started: 'Project started: your milestones count from today.',
  saved: 'Milestones saved.',
  posted: 'Progress posted to the project thread.',
  held: 'Progress posted: it shows once a moderator approves it (new members’ first posts are checked).',
};

const crumbs = (course: Course, last: string) => [
  HOME,
  LEARNING,
  { label: course.title, href: courseUrl(course.slug) },
  { label: last },
];

async function teachBackPage(
  c: AppContext,
  course: Course,
  lessonSlug: string,
  values?: FormValues,
  errors?: FieldErrors,
) {
  const lesson = lessonSlug ? await repo.findLesson(deps(c).db, course.id, lessonSlug) : undefined;
  if (lessonSlug && !lesson) throw learningErrors.lessonNotFound();
  return renderPage(
    c,
    { title: 'What will you change?', breadcrumbs: crumbs(course, 'Teach-back') },
    <TeachBackPageView
      course={course}
      lesson={lesson}
      member={{ csrfToken: csrfTokenFor(c), idempotencyKey: keyOf(values ?? {}) ?? newKey() }}
      values={values}
      errors={errors}
    />,
    errors ? 400 : 200,
  );
}

async function projectPage(c: AppContext, course: Course, after?: { values: FormValues; errors: FieldErrors }) {
  const { db, now } = deps(c);
  if (!course.project) throw learningErrors.noProject();
  const actor = actorOf(c);
  const enrolment = actor ? ((await findEnrolment(db, actor.id, course.id)) ?? null) : undefined;
  const replies = course.projectThreadId
    ? await latestRepliesIn(db, course.projectThreadId, LEARNING_LIMITS.postsShown)
    : [];
  const notice = PROJECT_NOTICES[c.req.query('notice') ?? ''];
  return renderPage(
    c,
    { title: `Project: ${course.project.title}`, breadcrumbs: crumbs(course, 'Project') },
    <ProjectPageView
      course={course}
      project={course.project}
      enrolment={enrolment}
      member={actor ? { csrfToken: csrfTokenFor(c), idempotencyKey: keyOf(after?.values ?? {}) ?? newKey() } : null}
      replies={replies}
      threadUrl={course.projectThreadId ? threadUrl(course.projectThreadId) : null}
      today={isoDay(now)}
      values={after?.values}
      errors={after?.errors}
      notice={notice}
    />,
    after ? 400 : 200,
  );
}

/** Teach-back and projects under /learning/:course (registered before '/:course/:lesson', which would take them). */
export function addTogetherRoutes(routes: Hono<AppEnv>): void {
  routes.get('/:course/teach-back', async (c) => {
    requireActor(c);
    return teachBackPage(c, await courseOr404(c), c.req.query('lesson') ?? '');
  });

  routes.post('/:course/teach-back', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const { db, now } = deps(c);
    const courseSlug = c.req.param('course');
    const lessonSlug = str(values, 'lesson') || undefined;
    const result = await usecases.postTeachBack({ db, actor, now, courseSlug, lessonSlug, values, key: keyOf(values) });
    if (!result.ok) return teachBackPage(c, await courseOr404(c), lessonSlug ?? '', values, result.errors);
    return seeOther(c, `${courseUrl(courseSlug)}?notice=${result.held ? 'teach-back-held' : 'teach-back'}#teach-back`);
  });

  routes.get('/:course/project', async (c) => projectPage(c, await courseOr404(c)));

  routes.post('/:course/project/start', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    const courseSlug = c.req.param('course');
    await usecases.startProject({ db, actor, now, courseSlug });
    return seeOther(c, `${projectUrl(courseSlug)}?notice=started`);
  });

  routes.post('/:course/project/milestones', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const { db, now } = deps(c);
    const courseSlug = c.req.param('course');
    await usecases.saveMilestones({ db, actor, now, courseSlug, done: list(values, 'done') });
    return seeOther(c, `${projectUrl(courseSlug)}?notice=saved`);
  });

  routes.post('/:course/project/progress', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const { db, now } = deps(c);
    const courseSlug = c.req.param('course');
    const result = await usecases.postProgress({ db, actor, now, courseSlug, values, key: keyOf(values) });
    if (!result.ok) return projectPage(c, await courseOr404(c), { values, errors: result.errors });
    return seeOther(c, `${projectUrl(courseSlug)}?notice=${result.held ? 'held' : 'posted'}#progress`);
  });
}

/** A course's upcoming cohorts with their events' titles (read through the events feature's index.ts). */
export async function listedCohorts(db: Db, courseId: number, today: string): Promise<CohortListed[]> {
  const rows = await upcomingCohorts(db, courseId, today);
  return Promise.all(
    rows.map(async (r) => {
      const event = await eventForCourse(db, r.eventId);
      return { id: r.id, startsOn: r.startsOn, event: event ? { title: event.title, url: event.url } : null };
    }),
  );
}

const COHORT_NOTICES: Record<string, string> = {
  added: 'Cohort added, with its thread in the forum.',
  joined: 'You joined the cohort. See you at the live sessions and in the thread.',
};

async function cohortOr404(c: AppContext, course: Course) {
  const cohort = await findCohort(deps(c).db, course.id, Number(c.req.param('cohort')));
  if (!cohort) throw learningErrors.cohortNotFound();
  return cohort;
}

async function addCohortPage(c: AppContext, course: Course, values?: FormValues, errors?: FieldErrors) {
  const { db, now } = deps(c);
  authorize(
    requireActor(c),
    await mayAddCohort(db, actorOf(c), course, now),
    'Editors and members of the course’s maintaining group add cohorts.',
  );
  return renderPage(
    c,
    { title: 'Add a cohort', breadcrumbs: crumbs(course, 'Add a cohort') },
    <AddCohortPageView course={course} csrfToken={csrfTokenFor(c)} values={values} errors={errors} />,
    errors ? 400 : 200,
  );
}

/** Cohorts under /learning/:course/cohorts (registered before '/:course/:lesson'). */
export function addCohortRoutes(routes: Hono<AppEnv>): void {
  routes.get('/:course/cohorts', async (c) => addCohortPage(c, await courseOr404(c)));

  routes.post('/:course/cohorts', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const { db, now } = deps(c);
    const courseSlug = c.req.param('course');
    const result = await cohortUsecases.addCohort({ db, actor, now, courseSlug, values });
    if (!result.ok) return addCohortPage(c, await courseOr404(c), values, result.errors);
    return seeOther(c, `${cohortUrl(courseSlug, result.cohortId)}?notice=added`);
  });

  routes.get('/:course/cohorts/:cohort', async (c) => {
    const course = await courseOr404(c);
    const cohort = await cohortOr404(c, course);
    const { db } = deps(c);
    const actor = actorOf(c);
    const [event, members, joined] = await Promise.all([
      eventForCourse(db, cohort.eventId),
      memberCount(db, cohort.id),
      actor ? isMember(db, cohort.id, actor.id) : false,
    ]);
    return renderPage(
      c,
      {
        title: `Cohort starting ${cohort.startsOn}`,
        breadcrumbs: crumbs(course, `Cohort starting ${cohort.startsOn}`),
      },
      <CohortPageView
        course={course}
        cohort={{
          id: cohort.id,
          startsOn: cohort.startsOn,
          threadUrl: cohort.threadId ? threadUrl(cohort.threadId) : null,
          members,
        }}
        event={event ?? null}
        member={actor ? { csrfToken: csrfTokenFor(c), joined } : null}
        notice={COHORT_NOTICES[c.req.query('notice') ?? '']}
      />,
    );
  });

  routes.post('/:course/cohorts/:cohort/join', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    const courseSlug = c.req.param('course');
    const cohortId = Number(c.req.param('cohort'));
    await cohortUsecases.joinCohort({ db, actor, now, courseSlug, cohortId });
    return seeOther(c, `${cohortUrl(courseSlug, cohortId)}?notice=joined`);
  });
}

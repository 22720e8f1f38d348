import { Hono } from 'hono';
import { personal } from '../../platform/cache/personal';
import { publicPage } from '../../platform/cache/public-page';
import { shared } from '../../platform/cache/shared';
import { clientIp } from '../../platform/http/client-ip';
import { actorOf, type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import { type FieldErrors, type FormValues, readForm } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { pageHtml, renderPage } from '../../platform/ui/render';
import { findGroupById } from '../groups';
import { latestRepliesIn, threadUrl } from '../community';
import { findArticle } from '../library';
import { certificateOf, verifyCertificate } from './learning.certificates';
import { addBadgeRoutes } from './learning.badges.routes';
import { addCitationRoutes } from './learning.citations.routes';
import { learningErrors } from './learning.errors';
import { addMediaRoutes } from './learning.media.routes';
import { addUpkeepRoutes, courseUpkeepFor, lessonUpkeepFor } from './learning.upkeep.routes';
import {
  type Course,
  courseUrl,
  isoDay,
  LEARNING_LIMITS,
  type Lesson,
  lessonUrl,
  shownQuestions,
} from './learning.models';
import { courseProgress } from './learning.progress';
import type { QuizCheck } from './learning.quiz';
import * as repo from './learning.repository';
import { createReviewRoutes } from './learning.review.routes';
import { addLogRoutes, createPlanRoutes } from './learning.plans.routes';
import { addCohortRoutes, addTogetherRoutes, listedCohorts, newKey } from './learning.together.routes';
import { mayAddCohort } from './learning.cohorts.access';
import * as usecases from './learning.usecases';
import { CertificatePageView } from './views/certificate';
import { CoursePageView, CoursesIndexView } from './views/course';
import { LessonPageView } from './views/lesson';
import { QuizPageView } from './views/quiz';

const HOME = { label: 'Home', href: '/' };
const LEARNING = { label: 'Learning', href: '/learning' };

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now() };
}

/** What every reader of a course sees alike: loaded once per public change and shared. */
function coursePart(c: AppContext, slug: string) {
  const { db } = deps(c);
  return shared(c, `learning.course:${slug}`, async () => {
    // Thrown, not kept: unknown addresses must not fill the cache.
    const course = await repo.findCourse(db, slug);
    if (!course) throw learningErrors.courseNotFound();
    const [lessons, group] = await Promise.all([
      repo.lessonsOf(db, course.id),
      course.maintainingGroupId !== null ? findGroupById(db, course.maintainingGroupId) : undefined,
    ]);
    // The latest teach-back posts are public forum posts: a new one is a public change, which retires this part.
    const teachBack = course.teachBackThreadId
      ? await latestRepliesIn(db, course.teachBackThreadId, LEARNING_LIMITS.postsShown)
      : [];
    return {
      course,
      lessons,
      maintainer: group ? { name: group.name, url: `/groups/${group.slug}` } : null,
      teachBack,
      // Cohorts from today (a cohort added or an event renamed is a public change, which retires this part).
      cohorts: await listedCohorts(db, course.id, isoDay(deps(c).now)),
    };
  });
}

function lessonPart(c: AppContext, courseSlug: string, lessonSlug: string) {
  const { db } = deps(c);
  return shared(c, `learning.lesson:${courseSlug}/${lessonSlug}`, async () => {
    const { course, lessons } = await coursePart(c, courseSlug);
    const lesson = await repo.findLesson(db, course.id, lessonSlug);
    if (!lesson) throw learningErrors.lessonNotFound();
    const at = lessons.findIndex((l) => l.id === lesson.id);
    return { course, lesson, at, of: lessons.length, prev: lessons[at - 1] ?? null, next: lessons[at + 1] ?? null };
  });
}

const TEACH_BACK_NOTICES: Record<string, string> = {
  'teach-back': 'Posted to the teach-back thread. Thank you for sharing what you will change.',
  'teach-back-held':
    'Posted to the teach-back thread: it shows once a moderator approves it (new members’ first posts are checked).',
  reviewed: 'Review recorded: the next one falls due in a year.',
  accepted: 'Suggested edit accepted: the lesson now reads as suggested.',
  declined: 'Suggested edit declined; the member has been told why.',
};

const LESSON_NOTICES: Record<string, string> = {
  done: 'Lesson marked as done.',
  edited: 'Lesson saved; the earlier version is kept in its history.',
  suggested: 'Thank you: your suggested edit goes to the group that maintains this course.',
};

const crumbs = (course: Course, last?: string) => [
  HOME,
  LEARNING,
  ...(last ? [{ label: course.title, href: courseUrl(course.slug) }, { label: last }] : [{ label: course.title }]),
];

async function quizPage(
  c: AppContext,
  course: Course,
  lesson: Lesson,
  after?: { values: FormValues; check: QuizCheck; saved: boolean },
) {
  const { db } = deps(c);
  const check = after?.check;
  let errors: FieldErrors | undefined;
  let articles: Map<string, string> | undefined;
  if (check && !check.ok) errors = check.errors;
  if (check?.ok) {
    const slugs = [...new Set(check.results.flatMap((r) => (r.article ? [r.article] : [])))];
    const found = await Promise.all(slugs.map((s) => findArticle(db, s)));
    articles = new Map(found.flatMap((a) => (a ? [[a.slug, a.title] as [string, string]] : [])));
  }
  return renderPage(
    c,
    { title: `Quiz: ${lesson.title}`, breadcrumbs: crumbs(course, `Quiz: ${lesson.title}`) },
    <QuizPageView
      course={course}
      lesson={lesson}
      questions={shownQuestions(lesson.quiz)}
      csrfToken={csrfTokenFor(c)}
      values={after?.values}
      errors={errors}
      results={check?.ok ? new Map(check.results.map((r) => [r.id, r])) : undefined}
      articles={articles}
      outcome={
        check?.ok
          ? { score: check.score, questions: check.questions, passed: check.passed, saved: after?.saved ?? false }
          : undefined
      }
      signedIn={actorOf(c) !== null}
    />,
    check && !check.ok ? 400 : 200,
  );
}

/** Path prefix "/learning". */
export function createLearningRoutes(): RouteMounts {
  const routes = new Hono<AppEnv>();
  // First: /citations must not be read as a course.
  addCitationRoutes(routes);
  // Likewise /review (the member's review deck).
  routes.route('/review', createReviewRoutes());
  // And /plans (onboarding plans) and /log (the member's learning log).
  routes.route('/plans', createPlanRoutes());
  addLogRoutes(routes);
  // A course's teach-back and project pages, before '/:course/:lesson'.
  addTogetherRoutes(routes);
  addCohortRoutes(routes);
  // A certificate's Open Badges 3.0 credential (before '/certificates/:code'), and a lesson's video or audio player.
  addBadgeRoutes(routes);
  addMediaRoutes(routes);
  // The maintaining group's list (/upkeep, before '/:course'), reviews, lesson edits and suggested edits.
  addUpkeepRoutes(routes);

  routes.get('/', async (c) => {
    const courses = await shared(c, 'learning.courses', () => repo.listCourses(deps(c).db));
    return publicPage(c, () =>
      pageHtml(
        c,
        { title: 'Learning', description: 'Short courses for ILL staff.', breadcrumbs: [HOME, { label: 'Learning' }] },
        <CoursesIndexView courses={courses} />,
      ),
    );
  });

  routes.get('/:course', async (c) => {
    const part = await coursePart(c, c.req.param('course'));
    const actor = actorOf(c);
    const { db, now } = deps(c);
    // Personal: read for the signed-in reader only, never part of the anonymous (cached) page.
    const rows = actor
      ? await personal(c, `learning.progress:${part.course.id}`, () => repo.progressOf(db, actor.id, part.course.id))
      : null;
    const certificate = actor
      ? await personal(
          c,
          `learning.certificate:${part.course.id}`,
          async () => (await certificateOf(db, actor.id, part.course.slug)) ?? null,
        )
      : null;
    const mayAdd = await mayAddCohort(db, actor, part.course, now);
    const upkeep = await courseUpkeepFor(c, part.course);
    return publicPage(c, () =>
      pageHtml(
        c,
        { title: part.course.title, description: part.course.summary, breadcrumbs: crumbs(part.course) },
        <CoursePageView
          course={part.course}
          lessons={part.lessons}
          maintainer={part.maintainer}
          reviewOverdue={part.course.reviewDue !== null && part.course.reviewDue < isoDay(now)}
          progress={rows ? courseProgress(part.lessons, rows) : null}
          certificateCode={certificate?.code ?? null}
          teachBack={part.teachBack}
          teachBackThread={part.course.teachBackThreadId ? threadUrl(part.course.teachBackThreadId) : null}
          member={actor ? { csrfToken: csrfTokenFor(c), idempotencyKey: newKey() } : null}
          notice={actor ? TEACH_BACK_NOTICES[c.req.query('notice') ?? ''] : undefined}
          cohorts={part.cohorts}
          mayAddCohort={mayAdd}
          upkeep={upkeep}
        />,
      ),
    );
  });

  // Public: anyone with the code may check a certificate (before '/:course/:lesson', which would take the path).
  routes.get('/certificates/:code', async (c) => {
    const certificate = await verifyCertificate(deps(c).db, c.req.param('code'));
    if (!certificate) throw learningErrors.certificateNotFound();
    return renderPage(
      c,
      {
        title: `Certificate: ${certificate.courseTitle}`,
        breadcrumbs: [HOME, LEARNING, { label: 'Certificate' }],
      },
      <CertificatePageView certificate={certificate} />,
    );
  });

  routes.get('/:course/:lesson', async (c) => {
    const part = await lessonPart(c, c.req.param('course'), c.req.param('lesson'));
    const actor = actorOf(c);
    const { db } = deps(c);
    const mine = actor
      ? await personal(
          c,
          `learning.lesson:${part.lesson.id}`,
          async () => (await repo.lessonProgress(db, actor.id, part.lesson.id)) ?? null,
        )
      : null;
    const upkeep = actor ? await lessonUpkeepFor(c, part.course) : null;
    return publicPage(c, () =>
      pageHtml(
        c,
        {
          title: part.lesson.title,
          description: part.lesson.summary,
          breadcrumbs: crumbs(part.course, part.lesson.title),
        },
        <LessonPageView
          course={part.course}
          lesson={part.lesson}
          position={{ index: part.at + 1, of: part.of }}
          prev={part.prev}
          next={part.next}
          member={
            actor ? { done: Boolean(mine?.completedAt), csrfToken: csrfTokenFor(c), idempotencyKey: newKey() } : null
          }
          notice={actor ? LESSON_NOTICES[c.req.query('notice') ?? ''] : undefined}
          upkeep={upkeep}
        />,
      ),
    );
  });

  // The quiz is a page of its own, made for each reader (its form carries their token); its keys never leave
  // the server: the page shows questions and choices, and feedback comes back only after an answer.
  routes.get('/:course/:lesson/quiz', async (c) => {
    const { course, lesson } = await lessonPart(c, c.req.param('course'), c.req.param('lesson'));
    if (lesson.quiz.length === 0) throw learningErrors.noQuiz();
    return quizPage(c, course, lesson);
  });

  routes.post('/:course/:lesson/quiz', async (c) => {
    const { course, lesson } = await lessonPart(c, c.req.param('course'), c.req.param('lesson'));
    const values = await readForm(c);
    const { db, now } = deps(c);
    const { check, progress } = await usecases.submitQuiz({
      db,
      actor: actorOf(c),
      now,
      courseSlug: course.slug,
      lessonSlug: lesson.slug,
      answers: values,
      ip: clientIp(c),
    });
    return quizPage(c, course, lesson, { values, check, saved: progress !== undefined });
  });

  routes.post('/:course/:lesson/done', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    const courseSlug = c.req.param('course');
    const lessonSlug = c.req.param('lesson');
    await usecases.markLessonDone({ db, actor, now, courseSlug, lessonSlug });
    return seeOther(c, `${lessonUrl(courseSlug, lessonSlug)}?notice=done`);
  });

  return { '/learning': routes };
}

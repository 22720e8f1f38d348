import { Notice } from '../../../platform/ui/components';
import { certificateUrl } from '../learning.certificates';
import { type Course, courseUrl, type LessonSummary, lessonUrl, longDay } from '../learning.models';
import type { CourseProgress } from '../learning.progress';
import type { ThreadReply } from '../../community';
import { type PostFormMember, ProjectSummary, TeachBackSection } from './together';
import { type CohortListed, CohortsSection } from './cohorts';
import { CourseUpkeepSection } from './upkeep';
import type { LessonSuggestion } from '../learning.upkeep.repository';

const minutes = (n: number) => `${n} min`;

function formats(l: LessonSummary): string {
  return ['Reading', l.media ?? '', l.hasExercise ? 'hands-on exercise' : '', l.hasQuiz ? 'quiz' : '']
    .filter(Boolean)
    .join(', ');
}

export function CoursesIndexView({ courses }: { courses: Array<Course & { lessons: number; minutes: number }> }) {
  return (
    <div class="page narrow-wide">
      <h1>Learning</h1>
      <p class="lead">
        Short courses for ILL staff: lessons of 5 to 15 minutes, with quizzes checked as you go and hands-on exercises
        in your own system.
      </p>
      <p>
        <a href="/learning/review">Your review deck</a>: the questions of quizzes you passed (and glossary terms, if you
        add them), each brought back just before you would forget it.
      </p>
      <p>
        Practise reading requests with the <a href="/learning/citations">citation detective</a>: citations and OpenURLs
        to identify, check and place.
      </p>
      <p>
        <a href="/learning/plans">Onboarding plans</a>: your first weeks, if a colleague built you a plan, and plans you
        build for new colleagues. Your <a href="/learning/log">learning log</a> lists what you took and the time, to
        print or download.
      </p>
      {courses.length === 0 ? (
        <p class="empty">No courses yet.</p>
      ) : (
        <ul class="article-list">
          {courses.map((c) => (
            <li>
              <h2 class="article-list-title">
                <a href={courseUrl(c.slug)}>{c.title}</a>
              </h2>
              <p class="article-list-summary">{c.summary}</p>
              <p class="meta">
                {c.lessons} lessons, about {c.minutes} minutes in all
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface CoursePageProps {
  course: Course;
  lessons: LessonSummary[];
  maintainer: { name: string; url: string } | null;
  reviewOverdue: boolean;
  /** The signed-in reader's progress; null for anonymous readers. */
  progress: CourseProgress | null;
  /** The signed-in reader's certificate code once they have finished every lesson; null otherwise. */
  certificateCode?: string | null;
  /** The latest teach-back posts (shared) and the thread's address once it exists. */
  teachBack?: ThreadReply[];
  teachBackThread?: string | null;
  /** The signed-in reader's token and a fresh submission key for the teach-back form; null for anonymous readers. */
  member?: PostFormMember | null;
  notice?: string | undefined;
  /** Upcoming cohorts (shared), and whether the reader may add one. */
  cohorts?: CohortListed[];
  mayAddCohort?: boolean;
  /** For the course's maintainers: the suggested edits waiting, and their token (null for everyone else). */
  upkeep?: { suggestions: LessonSuggestion[]; csrfToken: string } | null;
}

export function CoursePageView(props: CoursePageProps) {
  const { course, lessons, progress } = props;
  const total = lessons.reduce((n, l) => n + l.minutes, 0);
  const doneCount = progress ? lessons.filter((l) => progress.done.has(l.id)).length : 0;
  const first = lessons[0];
  return (
    <div class="page narrow-wide">
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <h1>{course.title}</h1>
      <p class="lead">{course.summary}</p>
      {course.audience ? <p>{course.audience}</p> : null}
      <p class="meta">
        {lessons.length} lessons, about {total} minutes in all.{' '}
        {props.maintainer ? (
          <>
            Maintained by <a href={props.maintainer.url}>{props.maintainer.name}</a>
          </>
        ) : (
          'No maintaining group'
        )}
        {course.reviewDue ? `, next review ${course.reviewDue}` : ''}
        {props.reviewOverdue ? ' (overdue)' : ''}.
      </p>
      {props.reviewOverdue ? (
        <Notice kind="warning" title="Review overdue">
          This course is past its review date: check what it says against your local policies.
        </Notice>
      ) : null}
      {props.upkeep ? (
        <CourseUpkeepSection
          course={course}
          suggestions={props.upkeep.suggestions}
          csrfToken={props.upkeep.csrfToken}
        />
      ) : null}
      {progress ? (
        <section aria-labelledby="your-progress" class="panel">
          <h2 id="your-progress">Your progress</h2>
          <p data-testid="progress-count">
            {doneCount} of {lessons.length} lessons done.
          </p>
          {progress.resume ? (
            <p>
              <a href={lessonUrl(course.slug, progress.resume.slug)}>
                {progress.started ? 'Resume where you stopped' : 'Start the course'}: {progress.resume.title}
              </a>
            </p>
          ) : progress.started ? (
            <p>You have finished every lesson of this course.</p>
          ) : first ? (
            <p>
              <a href={lessonUrl(course.slug, first.slug)}>Start the course: {first.title}</a>
            </p>
          ) : null}
          {progress.removed.length > 0 ? (
            <>
              <h3>Lessons since removed from the course</h3>
              <ul data-testid="removed-lessons">
                {progress.removed.map((r) => (
                  <li>
                    {r.title} (removed)
                    {r.completedAt ? `: you finished it on ${longDay(r.completedAt)}` : ': you had started it'}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {props.certificateCode ? (
            <p>
              <a href={certificateUrl(props.certificateCode)}>Your certificate</a> (a public page you can share to show
              you finished the course)
            </p>
          ) : null}
        </section>
      ) : first ? (
        <p>
          <a href={lessonUrl(course.slug, first.slug)}>Start the course: {first.title}</a>.{' '}
          <a href={`/sign-in?next=${encodeURIComponent(courseUrl(course.slug))}`}>Sign in</a> to keep your progress.
        </p>
      ) : null}
      <h2>Lessons</h2>
      <ol class="workflow-steps">
        {lessons.map((l) => {
          const done = progress?.done.has(l.id) ?? false;
          return (
            <li>
              <a href={lessonUrl(course.slug, l.slug)}>{l.title}</a>{' '}
              {done ? <span class="badge badge-answered">Done</span> : null}
              <p class="meta">
                {minutes(l.minutes)} · {formats(l)}
              </p>
              <p>{l.summary}</p>
            </li>
          );
        })}
      </ol>
      {course.project ? <ProjectSummary course={course} project={course.project} /> : null}
      <CohortsSection course={course} cohorts={props.cohorts ?? []} mayAdd={props.mayAddCohort ?? false} />
      <TeachBackSection
        course={course}
        replies={props.teachBack ?? []}
        threadUrl={props.teachBackThread ?? null}
        member={props.member ?? null}
      />
    </div>
  );
}

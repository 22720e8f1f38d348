import { Html } from '../../../platform/content/SafeHtml';
import { storedHtml } from '../../../platform/content/stored-html';
import { CsrfField, Notice } from '../../../platform/ui/components';
import { lessonEmbed } from '../learning.media';
import { MediaSection } from './media';
import { LessonUpkeepLinks } from './upkeep';
import { TeachBackForm } from './together';
import { type Course, courseUrl, type Lesson, type LessonSummary, lessonUrl, quizUrl } from '../learning.models';

export interface LessonPageProps {
  course: Course;
  lesson: Lesson;
  position: { index: number; of: number };
  prev: LessonSummary | null;
  next: LessonSummary | null;
  /** Signed-in readers: whether the lesson is done, and the token for "Mark as done". Null for anonymous readers. */
  member: { done: boolean; csrfToken: string; idempotencyKey: string } | null;
  notice?: string | undefined;
  /** Signed-in readers: whether they edit the lesson (its maintainers) or suggest an edit. */
  upkeep?: { mayEdit: boolean } | null;
}

export function LessonPageView(props: LessonPageProps) {
  const { course, lesson, member } = props;
  const hasQuiz = lesson.quiz.length > 0;
  return (
    <div class="page narrow-wide">
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p class="meta">
        <a href={courseUrl(course.slug)}>{course.title}</a>: lesson {props.position.index} of {props.position.of},{' '}
        {lesson.minutes} min
        {member?.done ? (
          <>
            {' '}
            <span class="badge badge-answered">Done</span>
          </>
        ) : null}
      </p>
      <h1>{lesson.title}</h1>
      <p class="lead">{lesson.summary}</p>
      {lesson.media ? (
        <MediaSection
          course={course}
          lesson={lesson}
          media={lesson.media}
          embed={lessonEmbed(lesson.media)}
          playing={false}
        />
      ) : null}
      <div class="prose">
        <Html html={storedHtml(lesson.bodyHtml, lesson.body)} />
      </div>
      {lesson.exercise ? (
        <section aria-labelledby="exercise" class="panel">
          <h2 id="exercise">Hands-on exercise</h2>
          <p>{lesson.exercise.task}</p>
          <h3>Checklist</h3>
          <ul class="step-checks">
            {lesson.exercise.checklist.map((item) => (
              <li>{item}</li>
            ))}
          </ul>
          <h3>What “done” looks like</h3>
          <p>{lesson.exercise.done}</p>
        </section>
      ) : null}
      <section aria-labelledby="finish" class="panel">
        <h2 id="finish">{hasQuiz ? 'Check what you learned' : 'Finish this lesson'}</h2>
        {hasQuiz ? (
          <p>
            <a href={quizUrl(course.slug, lesson.slug)}>Take the quiz ({lesson.quiz.length} questions)</a>. No time
            limit; try as often as you like.{' '}
            {member ? 'The lesson is done when you pass.' : 'Sign in to keep your progress.'}
          </p>
        ) : member ? (
          member.done ? (
            <p>You marked this lesson done.</p>
          ) : (
            <form method="post" action={`${lessonUrl(course.slug, lesson.slug)}/done`} class="inline-form">
              <CsrfField token={member.csrfToken} />
              <button type="submit">Mark this lesson as done</button>
            </form>
          )
        ) : (
          <p>
            <a href={`/sign-in?next=${encodeURIComponent(lessonUrl(course.slug, lesson.slug))}`}>Sign in</a> to mark
            lessons done and keep your place.
          </p>
        )}
      </section>
      {member?.done ? (
        <section aria-labelledby="teach-back" class="panel">
          <h2 id="teach-back">What will you change?</h2>
          <p>
            You finished this lesson. Teaching back helps it stick: post a few sentences on what you will do
            differently, and read what others wrote on{' '}
            <a href={`${courseUrl(course.slug)}#teach-back`}>the course page</a>.
          </p>
          <TeachBackForm
            course={course}
            lesson={lesson}
            member={{ csrfToken: member.csrfToken, idempotencyKey: member.idempotencyKey }}
          />
        </section>
      ) : null}
      {props.upkeep ? <LessonUpkeepLinks course={course} lesson={lesson} mayEdit={props.upkeep.mayEdit} /> : null}
      <nav aria-label="Lessons" class="pagination">
        {props.prev ? (
          <a href={lessonUrl(course.slug, props.prev.slug)} rel="prev">
            Previous: {props.prev.title}
          </a>
        ) : null}{' '}
        {props.next ? (
          <a href={lessonUrl(course.slug, props.next.slug)} rel="next">
            Next: {props.next.title}
          </a>
        ) : (
          <a href={courseUrl(course.slug)}>Back to the course</a>
        )}
      </nav>
    </div>
  );
}

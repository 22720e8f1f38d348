import type { ThreadReply } from '../../community';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice, TextArea } from '../../../platform/ui/components';
import {
  type Course,
  courseUrl,
  LEARNING_LIMITS,
  type Lesson,
  milestoneDue,
  type Project,
  projectUrl,
  teachBackUrl,
} from '../learning.models';

/** What a teach-back or progress form needs of the member: their token and a fresh submission key. */
export interface PostFormMember {
  csrfToken: string;
  idempotencyKey: string;
}

/** "What I will change": posted to the course's teach-back thread in the forum. */
export function TeachBackForm(props: {
  course: Course;
  lesson?: Pick<Lesson, 'slug' | 'title'> | undefined;
  member: PostFormMember;
  values?: FormValues | undefined;
  errors?: FieldErrors | undefined;
}) {
  const { course, lesson } = props;
  return (
    <form method="post" action={teachBackUrl(course.slug)}>
      <CsrfField token={props.member.csrfToken} />
      <input type="hidden" name="idempotencyKey" value={props.member.idempotencyKey} />
      {lesson ? <input type="hidden" name="lesson" value={lesson.slug} /> : null}
      <TextArea
        name="body"
        label="What I will change"
        hint={`A few sentences on what you will do differently at work after ${lesson ? 'this lesson' : 'this course'}. It is posted in the forum under your name.`}
        maxLength={LEARNING_LIMITS.teachBackChars}
        rows={4}
        required
        values={props.values}
        errors={props.errors}
      />
      <button type="submit">Post to the teach-back thread</button>
    </form>
  );
}

/** The latest posts of a course thread, each linking to itself in the forum. */
export function ThreadReplies(props: { replies: ThreadReply[]; empty: string; label: string }) {
  if (props.replies.length === 0) return <p class="empty">{props.empty}</p>;
  return (
    <ul class="article-list" aria-label={props.label}>
      {props.replies.map((r) => (
        <li>
          <p>{r.excerpt}</p>
          <p class="meta">
            {r.authorName}, <DateText date={r.createdAt} /> · <a href={r.url}>Read in the forum</a>
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The course page's teach-back section: the latest posts for everyone (shared), the form for members (personal). */
export function TeachBackSection(props: {
  course: Course;
  replies: ThreadReply[];
  threadUrl: string | null;
  member: PostFormMember | null;
}) {
  const { course } = props;
  return (
    <section aria-labelledby="teach-back" class="panel">
      <h2 id="teach-back">Teach-back: what learners will change</h2>
      <ThreadReplies
        replies={props.replies}
        label="Latest teach-back posts"
        empty="No teach-back posts yet. Finish a lesson and be the first to say what you will change."
      />
      {props.threadUrl ? (
        <p>
          <a href={props.threadUrl}>All teach-back posts in the forum</a>
        </p>
      ) : null}
      {props.member ? (
        <TeachBackForm course={course} member={props.member} />
      ) : (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(courseUrl(course.slug))}`}>Sign in</a> to post what you will
          change.
        </p>
      )}
    </section>
  );
}

/** The teach-back form on a page of its own (linked from lessons, and where errors come back). */
export function TeachBackPageView(props: {
  course: Course;
  lesson?: Pick<Lesson, 'slug' | 'title'> | undefined;
  member: PostFormMember;
  values?: FormValues | undefined;
  errors?: FieldErrors | undefined;
}) {
  return (
    <div class="page narrow">
      <h1>What will you change?</h1>
      <p class="lead">
        {props.lesson ? `You finished “${props.lesson.title}”` : `You are taking “${props.course.title}”`}: say in a few
        sentences what you will do differently. Teaching back what you learned helps it stick, and helps colleagues.
      </p>
      <ErrorSummary errors={props.errors} />
      <TeachBackForm {...props} />
      <p>
        <a href={courseUrl(props.course.slug)}>Back to the course</a>
      </p>
    </div>
  );
}

/** The course page's short note on its project. */
export function ProjectSummary({ course, project }: { course: Course; project: Project }) {
  return (
    <section aria-labelledby="project" class="panel">
      <h2 id="project">Project: {project.title}</h2>
      <p>{project.description}</p>
      <p>
        {project.milestones.length} milestones.{' '}
        <a href={projectUrl(course.slug)}>See the milestones and start the project</a>
      </p>
    </section>
  );
}

export interface ProjectPageProps {
  course: Course;
  project: Project;
  /** The member's enrolment, null before they start; undefined for anonymous readers. */
  enrolment: { startedOn: string; milestonesDone: string[] } | null | undefined;
  member: PostFormMember | null;
  replies: ThreadReply[];
  threadUrl: string | null;
  today: string;
  values?: FormValues | undefined;
  errors?: FieldErrors | undefined;
  notice?: string | undefined;
}

export function ProjectPageView(props: ProjectPageProps) {
  const { course, project, enrolment, member } = props;
  const base = projectUrl(course.slug);
  return (
    <div class="page narrow-wide">
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p class="meta">
        Project of <a href={courseUrl(course.slug)}>{course.title}</a>
      </p>
      <h1>{project.title}</h1>
      <p class="lead">{project.description}</p>
      <ErrorSummary errors={props.errors} />
      <h2>Milestones</h2>
      {enrolment ? (
        <form method="post" action={`${base}/milestones`}>
          <CsrfField token={member!.csrfToken} />
          <p>You started on {enrolment.startedOn}. Tick what you have finished.</p>
          <ol class="workflow-steps">
            {project.milestones.map((m) => {
              const due = milestoneDue(m, enrolment.startedOn);
              const done = enrolment.milestonesDone.includes(m.id);
              return (
                <li>
                  <div class="checkbox">
                    <input type="checkbox" id={`m-${m.id}`} name="done" value={m.id} checked={done} />
                    <label for={`m-${m.id}`}>{m.title}</label>
                  </div>
                  <p class="meta">
                    Due {due}
                    {done ? ' · done' : due < props.today ? ' · past due' : ''}
                  </p>
                  <p>{m.produce}</p>
                </li>
              );
            })}
          </ol>
          <button type="submit">Save finished milestones</button>
        </form>
      ) : (
        <>
          <ol class="workflow-steps">
            {project.milestones.map((m) => (
              <li>
                <strong>{m.title}</strong>
                <p class="meta">{m.date ? `Due ${m.date}` : `Week ${m.week} after you start`}</p>
                <p>{m.produce}</p>
              </li>
            ))}
          </ol>
          {member ? (
            <form method="post" action={`${base}/start`} class="inline-form">
              <CsrfField token={member.csrfToken} />
              <button type="submit">Start the project today</button>
            </form>
          ) : (
            <p>
              <a href={`/sign-in?next=${encodeURIComponent(base)}`}>Sign in</a> to start the project.
            </p>
          )}
        </>
      )}
      <section aria-labelledby="progress">
        <h2 id="progress">Progress posts</h2>
        <ThreadReplies replies={props.replies} label="Latest progress posts" empty="No progress posted yet." />
        {props.threadUrl ? (
          <p>
            <a href={props.threadUrl}>The project’s thread in the forum</a>: reply there to give feedback.
          </p>
        ) : null}
        {enrolment && member ? (
          <form method="post" action={`${base}/progress`}>
            <CsrfField token={member.csrfToken} />
            <input type="hidden" name="idempotencyKey" value={member.idempotencyKey} />
            <TextArea
              name="body"
              label="Your progress"
              hint="Where you are, what you found, what you would like feedback on. Posted in the forum under your name."
              maxLength={LEARNING_LIMITS.teachBackChars}
              rows={4}
              required
              values={props.values}
              errors={props.errors}
            />
            <button type="submit">Post progress to the project thread</button>
          </form>
        ) : null}
      </section>
    </div>
  );
}

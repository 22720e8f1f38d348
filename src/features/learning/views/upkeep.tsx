import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice, TextArea, TextField } from '../../../platform/ui/components';
import { type Course, courseUrl, type Lesson, lessonUrl } from '../learning.models';
import { editLessonUrl, reviewedUrl, suggestionUrl, suggestLessonUrl, UPKEEP_LIMITS } from '../learning.upkeep';
import type { LessonRevision, LessonSuggestion, MaintainedCourse } from '../learning.upkeep.repository';

/** On a lesson page for signed-in members: edit it (maintainers) or suggest an edit (everyone else). */
export function LessonUpkeepLinks(props: { course: Course; lesson: Lesson; mayEdit: boolean }) {
  const { course, lesson } = props;
  return (
    <p class="meta">
      {props.mayEdit ? (
        <a href={editLessonUrl(course.slug, lesson.slug)}>Edit this lesson</a>
      ) : (
        <a href={suggestLessonUrl(course.slug, lesson.slug)}>Suggest an edit to this lesson</a>
      )}
    </p>
  );
}

/** On the course page for its maintainers: record a review, and decide on suggested edits. */
export function CourseUpkeepSection(props: { course: Course; suggestions: LessonSuggestion[]; csrfToken: string }) {
  const { course } = props;
  return (
    <section aria-labelledby="upkeep" class="panel">
      <h2 id="upkeep">Looking after this course</h2>
      <p>
        You can change its lessons and decide on edits members suggest. When you have checked the whole course, record
        the review: the next one falls due a year later.
      </p>
      <form method="post" action={reviewedUrl(course.slug)} class="inline-form">
        <CsrfField token={props.csrfToken} />
        <button type="submit">Mark this course reviewed</button>
      </form>
      <h3 id="suggestions">Suggested edits waiting ({props.suggestions.length})</h3>
      {props.suggestions.length === 0 ? (
        <p class="empty">No suggested edits are waiting.</p>
      ) : (
        <ul class="article-list" data-testid="pending-suggestions">
          {props.suggestions.map((s) => (
            <li>
              <h4>
                <a href={lessonUrl(course.slug, s.lessonSlug)}>{s.lessonTitle}</a>
              </h4>
              <p class="meta">
                From {s.proposerName ?? 'a former member'}, <DateText date={s.createdAt} />
                {s.changedSince ? '. The lesson has changed since: accepting replaces those changes.' : ''}
              </p>
              <p>{s.note}</p>
              <details>
                <summary>Their version of the reading</summary>
                <pre class="pre-wrap">{s.body}</pre>
              </details>
              <form method="post" action={`${suggestionUrl(course.slug, s.id)}/accept`} class="inline-form">
                <CsrfField token={props.csrfToken} />
                <button type="submit">Accept this edit</button>
              </form>
              <form method="post" action={`${suggestionUrl(course.slug, s.id)}/decline`}>
                <CsrfField token={props.csrfToken} />
                <TextField
                  name="note"
                  id={`decline-note-${s.id}`}
                  label="Why it is declined"
                  maxLength={UPKEEP_LIMITS.noteChars}
                  required
                />
                <button type="submit">Decline this edit</button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Revisions({ revisions }: { revisions: LessonRevision[] }) {
  return (
    <section aria-labelledby="revisions">
      <h2 id="revisions">Earlier versions</h2>
      {revisions.length === 0 ? (
        <p class="empty">The lesson has not been changed in the hub yet.</p>
      ) : (
        <ol reversed data-testid="revisions">
          {revisions.map((r) => (
            <li>
              <DateText date={r.createdAt} withTime />, {r.authorName ?? 'no author (the starter course)'}
              {r.note ? `: ${r.note}` : ''}
              <details>
                <summary>The reading as saved then</summary>
                <p>
                  <strong>{r.title}</strong>: {r.summary}
                </p>
                <pre class="pre-wrap">{r.body}</pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function EditLessonPageView(props: {
  course: Course;
  lesson: Lesson;
  csrfToken: string;
  revisions: LessonRevision[];
  values?: FormValues | undefined;
  errors?: FieldErrors | undefined;
}) {
  const { course, lesson } = props;
  const values = props.values ?? { title: lesson.title, summary: lesson.summary, body: lesson.body };
  return (
    <div class="page narrow-wide">
      <h1>Edit “{lesson.title}”</h1>
      <p class="lead">
        A lesson of <a href={courseUrl(course.slug)}>{course.title}</a>. The reading is Markdown; each save is kept
        below, with your name.
      </p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action={editLessonUrl(course.slug, lesson.slug)}>
        <CsrfField token={props.csrfToken} />
        <TextField
          name="title"
          label="Title"
          maxLength={UPKEEP_LIMITS.titleChars}
          required
          values={values}
          errors={props.errors}
        />
        <TextArea
          name="summary"
          label="Summary"
          rows={2}
          maxLength={UPKEEP_LIMITS.summaryChars}
          required
          values={values}
          errors={props.errors}
        />
        <TextArea
          name="body"
          label="Reading"
          hint="Markdown: headings with ##, lists with -, links as [text](address)."
          rows={20}
          maxLength={UPKEEP_LIMITS.bodyChars}
          showLimit={false}
          required
          values={values}
          errors={props.errors}
        />
        <TextField
          name="note"
          label="What changed"
          maxLength={UPKEEP_LIMITS.noteChars}
          values={props.values}
          errors={props.errors}
        />
        <button type="submit">Save the lesson</button>
      </form>
      <Revisions revisions={props.revisions} />
    </div>
  );
}

export function SuggestEditPageView(props: {
  course: Course;
  lesson: Lesson;
  csrfToken: string;
  values?: FormValues | undefined;
  errors?: FieldErrors | undefined;
  notice?: string | undefined;
}) {
  const { course, lesson } = props;
  const values = props.values ?? { body: lesson.body };
  return (
    <div class="page narrow-wide">
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <h1>Suggest an edit to “{lesson.title}”</h1>
      <p class="lead">
        Change the reading below and say why. The group that maintains{' '}
        <a href={courseUrl(course.slug)}>{course.title}</a> decides; you hear back either way.
      </p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action={suggestLessonUrl(course.slug, lesson.slug)}>
        <CsrfField token={props.csrfToken} />
        <TextArea
          name="body"
          label="Your version of the reading"
          hint="Markdown: headings with ##, lists with -, links as [text](address)."
          rows={20}
          maxLength={UPKEEP_LIMITS.bodyChars}
          showLimit={false}
          required
          values={values}
          errors={props.errors}
        />
        <TextArea
          name="note"
          label="Why"
          hint="What is wrong or missing now, and where you checked."
          rows={3}
          maxLength={UPKEEP_LIMITS.noteChars}
          required
          values={props.values}
          errors={props.errors}
        />
        <button type="submit">Send the suggestion</button>
      </form>
    </div>
  );
}

/** The courses a group maintains (or every course), with review dates and waiting suggestions. */
export function UpkeepListView(props: {
  courses: MaintainedCourse[];
  group: { slug: string; name: string } | undefined;
  today: string;
}) {
  const back = props.group ? `/groups/${props.group.slug}/health` : '/health';
  return (
    <div class="page narrow-wide">
      <h1>Courses and their reviews{props.group ? `: ${props.group.name}` : ''}</h1>
      <p>
        {props.group ? `The courses ${props.group.name} maintains` : 'Every course'}, soonest review first. Open a
        course to record its review or decide on suggested edits. <a href={back}>Back to content health</a>
      </p>
      {props.courses.length === 0 ? (
        <p class="empty">No courses.</p>
      ) : (
        <ul class="article-list" data-testid="maintained-courses">
          {props.courses.map((c) => (
            <li>
              <a href={courseUrl(c.slug)}>{c.title}</a>
              <p class="meta">
                {c.reviewDue
                  ? `${c.reviewDue < props.today ? 'Review overdue since' : 'Next review'} ${c.reviewDue}`
                  : 'No review date'}
                {c.pendingSuggestions > 0
                  ? `; ${c.pendingSuggestions} suggested edit${c.pendingSuggestions === 1 ? '' : 's'} waiting`
                  : ''}
                .
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** When declining without a note: the form again, the error next to the field. */
export function DeclineSuggestionPageView(props: {
  course: Course;
  suggestionId: number;
  csrfToken: string;
  values: FormValues;
  errors: FieldErrors;
}) {
  const { course } = props;
  return (
    <div class="page narrow">
      <h1>Decline a suggested edit</h1>
      <p class="lead">
        Say why, for the member who suggested it.{' '}
        <a href={`${courseUrl(course.slug)}#suggestions`}>Back to the course</a>
      </p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action={`${suggestionUrl(course.slug, props.suggestionId)}/decline`}>
        <CsrfField token={props.csrfToken} />
        <TextField
          name="note"
          label="Why it is declined"
          maxLength={UPKEEP_LIMITS.noteChars}
          required
          values={props.values}
          errors={props.errors}
        />
        <button type="submit">Decline this edit</button>
      </form>
    </div>
  );
}

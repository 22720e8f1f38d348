import type { EventForCourse } from '../../events';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice, TextField } from '../../../platform/ui/components';
import { type Course, courseUrl } from '../learning.models';

export const cohortsUrl = (course: string) => `${courseUrl(course)}/cohorts`;
export const cohortUrl = (course: string, id: number) => `${cohortsUrl(course)}/${id}`;

/** An upcoming cohort as the course page lists it. */
export interface CohortListed {
  id: number;
  startsOn: string;
  event: { title: string; url: string } | null;
}

/** The course page's list of upcoming cohorts (shared: the same for every reader). */
export function CohortsSection(props: { course: Course; cohorts: CohortListed[]; mayAdd: boolean }) {
  const { course } = props;
  if (props.cohorts.length === 0 && !props.mayAdd) return null;
  return (
    <section aria-labelledby="cohorts" class="panel">
      <h2 id="cohorts">Take it with a cohort</h2>
      {props.cohorts.length === 0 ? (
        <p class="empty">No upcoming cohorts.</p>
      ) : (
        <ul>
          {props.cohorts.map((c) => (
            <li>
              <a href={cohortUrl(course.slug, c.id)}>Cohort starting {c.startsOn}</a>
              {c.event ? (
                <>
                  , with the live sessions of <a href={c.event.url}>{c.event.title}</a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {props.mayAdd ? (
        <p>
          <a href={cohortsUrl(course.slug)}>Add a cohort</a>
        </p>
      ) : null}
    </section>
  );
}

export function CohortPageView(props: {
  course: Course;
  cohort: { id: number; startsOn: string; threadUrl: string | null; members: number };
  event: EventForCourse | null;
  member: { csrfToken: string; joined: boolean } | null;
  notice?: string | undefined;
}) {
  const { course, cohort, event, member } = props;
  return (
    <div class="page narrow-wide">
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p class="meta">
        Cohort of <a href={courseUrl(course.slug)}>{course.title}</a>
      </p>
      <h1>Cohort starting {cohort.startsOn}</h1>
      <p class="lead">
        Take the course together: work through the lessons at your own pace, meet at the live sessions, and talk in the
        cohort’s thread. {cohort.members === 1 ? '1 member has' : `${cohort.members} members have`} joined.
      </p>
      {cohort.threadUrl ? (
        <p>
          <a href={cohort.threadUrl}>The cohort’s thread in the forum</a>
        </p>
      ) : null}
      <h2>Live sessions</h2>
      {event ? (
        <>
          <p>
            From the event <a href={event.url}>{event.title}</a>
            {event.cancelled ? ' (cancelled)' : ''}.
          </p>
          {event.sessions.length > 0 ? (
            <ol class="workflow-steps">
              {event.sessions.map((s) => (
                <li>
                  {s.title}: <DateText date={s.startsAt} withTime /> to <DateText date={s.endsAt} withTime />
                </li>
              ))}
            </ol>
          ) : (
            <p>
              <DateText date={event.startsAt} withTime={!event.allDay} /> to{' '}
              <DateText date={event.endsAt} withTime={!event.allDay} /> (times in UTC; the event’s page shows them in
              yours).
            </p>
          )}
        </>
      ) : (
        <p class="empty">The event this cohort was tied to is no longer listed.</p>
      )}
      {member ? (
        member.joined ? (
          <p>You are in this cohort.</p>
        ) : (
          <form method="post" action={`${cohortUrl(course.slug, cohort.id)}/join`} class="inline-form">
            <CsrfField token={member.csrfToken} />
            <button type="submit">Join this cohort</button>
          </form>
        )
      ) : (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(cohortUrl(course.slug, cohort.id))}`}>Sign in</a> to join.
        </p>
      )}
    </div>
  );
}

export function AddCohortPageView(props: {
  course: Course;
  csrfToken: string;
  values?: FormValues | undefined;
  errors?: FieldErrors | undefined;
}) {
  const { course } = props;
  return (
    <div class="page narrow">
      <h1>Add a cohort</h1>
      <p class="lead">
        Run “{course.title}” as a cohort alongside an event in the hub’s calendar: its sessions are the cohort’s live
        sessions. A forum thread for the cohort is started with it.
      </p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action={cohortsUrl(course.slug)}>
        <CsrfField token={props.csrfToken} />
        <TextField
          name="event"
          label="Event"
          hint="The event’s number or the address of its page in the hub, like /events/12."
          maxLength={300}
          showLimit={false}
          required
          values={props.values}
          errors={props.errors}
        />
        <TextField
          name="startsOn"
          type="date"
          label="Start date"
          required
          values={props.values}
          errors={props.errors}
        />
        <button type="submit">Add the cohort</button>
      </form>
    </div>
  );
}

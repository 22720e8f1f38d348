import { CsrfField, DateText, Notice } from '../../../platform/ui/components';
import type { AttendanceChoice, MyEvent } from '../events.attendance';
import { ATTENDANCE_LABELS } from '../events.attendance';
import type { EventWhen } from '../events.display';
import { EventTime, ZoneNote } from './events-list';

export interface AttendanceProps {
  eventId: number;
  counts: { interested: number; attending: number };
  /** The signed-in member's own choice (null: none); undefined for anonymous readers. */
  mine: AttendanceChoice | null | undefined;
  /** A cancelled event takes no new marks. */
  open: boolean;
  csrfToken: string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "Interested" / "attending": one button each (a plain form POST, no JavaScript), the member's own choice, and
 * counts for everyone. Who chose what is never shown.
 */
export function AttendanceBox(props: AttendanceProps) {
  const { counts, mine } = props;
  const action = `/events/${props.eventId}/attendance`;
  return (
    <section aria-labelledby="attendance" class="attendance">
      <h2 id="attendance">Going?</h2>
      <p class="meta">
        {plural(counts.attending, 'member attending', 'members attending')},{' '}
        {plural(counts.interested, 'member interested', 'members interested')}.
      </p>
      {mine === undefined ? (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(`/events/${props.eventId}`)}`}>Sign in</a> to mark it interested
          or attending.
        </p>
      ) : (
        <>
          <p>
            {mine ? (
              <>
                Your choice: <strong>{ATTENDANCE_LABELS[mine]}</strong>.{' '}
              </>
            ) : null}
            Only you see your choice; others see the counts. Members attending get a reminder the day before.
          </p>
          <ul class="actions">
            {props.open
              ? (['interested', 'attending'] as const).map((choice) => (
                  <li>
                    <form method="post" action={action}>
                      <CsrfField token={props.csrfToken} />
                      <input type="hidden" name="choice" value={choice} />
                      <button
                        type="submit"
                        class={mine === choice ? undefined : 'secondary'}
                        aria-pressed={mine === choice ? 'true' : 'false'}
                      >
                        {choice === 'interested' ? 'I’m interested' : 'I’m attending'}
                      </button>
                    </form>
                  </li>
                ))
              : null}
            {mine ? (
              <li>
                <form method="post" action={action}>
                  <CsrfField token={props.csrfToken} />
                  <input type="hidden" name="choice" value="none" />
                  <button type="submit" class="secondary">
                    Clear my choice
                  </button>
                </form>
              </li>
            ) : null}
            <li>
              <a href="/events/mine">My events</a>
            </li>
          </ul>
        </>
      )}
    </section>
  );
}

/** A marked event with its next time as the list shows it (marked for the browser's zone when the reader has none). */
export interface MyEventView extends MyEvent, EventWhen {
  whenIso: string;
}

export interface PersonalCalendarProps {
  /** When the member's current address was made (null: they have none). */
  since: Date | null;
  /** The address just made: shown this once (only its fingerprint is kept). */
  fresh?: { attending: string; withInterested: string } | undefined;
  csrfToken: string;
}

/** The member's secret calendar address: made, shown once, replaced or stopped. */
function PersonalCalendar(props: PersonalCalendarProps) {
  const { fresh, since } = props;
  return (
    <section aria-labelledby="mine-calendar" id="calendar" class="attendance">
      <h2 id="mine-calendar">Your events in your calendar app</h2>
      <p>
        Calendar apps cannot sign in, so they use a secret address instead. Subscribe to it in your calendar app and the
        events you mark attending appear there. Anyone who has the address can read that list: keep it to yourself, and
        make a new one if it gets out (the old one then stops working).
      </p>
      {fresh ? (
        <Notice kind="success" title="Your new calendar address">
          <p>Copy it now: we keep only a fingerprint of it, so this page cannot show it again.</p>
          <p>
            <label for="calendar-attending">Events you attend</label>
            <br />
            <input id="calendar-attending" type="text" readonly value={fresh.attending} class="calendar-address" />
          </p>
          <p>
            <label for="calendar-interested">Events you attend or are interested in</label>
            <br />
            <input
              id="calendar-interested"
              type="text"
              readonly
              value={fresh.withInterested}
              class="calendar-address"
            />
          </p>
        </Notice>
      ) : since ? (
        <p>
          You have a calendar address, made <DateText date={since} />. We cannot show it again; if you lost it, make a
          new one.
        </p>
      ) : (
        <p>You have no calendar address yet.</p>
      )}
      <ul class="actions">
        <li>
          <form method="post" action="/events/mine/calendar">
            <CsrfField token={props.csrfToken} />
            <button type="submit">{since || fresh ? 'Make a new address' : 'Make my calendar address'}</button>
          </form>
        </li>
        {since || fresh ? (
          <li>
            <form method="post" action="/events/mine/calendar/stop">
              <CsrfField token={props.csrfToken} />
              <button type="submit" class="secondary">
                Stop my calendar address
              </button>
            </form>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

/** The member's own events: what they marked interested or attending (private to them). */
export function MyEventsPage(props: {
  items: MyEventView[];
  /** The member's own zone (from their profile); without one, times are the events' own until the browser's script. */
  readerZone: string | undefined;
  notice?: string | undefined;
  calendar?: PersonalCalendarProps | undefined;
}) {
  const upcoming = props.items.filter((e) => e.nextStartsAt !== null && e.status === 'scheduled');
  const rest = props.items.filter((e) => !(e.nextStartsAt !== null && e.status === 'scheduled'));
  const List = ({ items }: { items: MyEventView[] }) => (
    <ul class="card-list">
      {items.map((e) => (
        <li>
          <a href={`/events/${e.eventId}`}>{e.title}</a> <span class="badge">{ATTENDANCE_LABELS[e.choice]}</span>
          {e.status === 'cancelled' ? <span class="badge badge-unanswered">Cancelled</span> : null}
          <br />
          <span class="meta">
            <EventTime iso={e.whenIso} text={e.when} local={e.local} />
            {e.ownWhen ? <span> · event’s own time: {e.ownWhen}</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
  return (
    <article>
      <h1>My events</h1>
      <p class="lead">
        Events you marked interested or attending. Only you see this list; it is in your data download.
      </p>
      {props.notice ? (
        <Notice kind="success">
          <p>{props.notice}</p>
        </Notice>
      ) : null}
      {props.items.length ? <ZoneNote readerZone={props.readerZone} /> : null}
      <section aria-labelledby="mine-upcoming">
        <h2 id="mine-upcoming">Coming up</h2>
        {upcoming.length ? (
          <List items={upcoming} />
        ) : (
          <p>
            Nothing coming up. <a href="/events">Find events</a>.
          </p>
        )}
      </section>
      {rest.length ? (
        <section aria-labelledby="mine-past">
          <h2 id="mine-past">Past and cancelled</h2>
          <List items={rest} />
        </section>
      ) : null}
      {props.calendar ? <PersonalCalendar {...props.calendar} /> : null}
    </article>
  );
}

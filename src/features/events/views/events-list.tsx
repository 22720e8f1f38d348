import type { EventCard, LocalMark } from '../events.display';

/**
 * An event's time: in the reader's zone, else the event's own, marked (`local`) so the browser can show it in its
 * zone with the event's own beside it (src/client/local-time.ts).
 */
export function EventTime(props: { iso: string; text: string; local: LocalMark | undefined }) {
  const { local } = props;
  return local ? (
    <time datetime={props.iso} data-local="event" data-zone={local.zone} data-end={local.endIso}>
      {props.text}
    </time>
  ) : (
    <time datetime={props.iso}>{props.text}</time>
  );
}

export interface FilterOptions {
  topics: ReadonlyArray<{ value: string; label: string }>;
  organisers: ReadonlyArray<{ value: string; label: string }>;
  regions: ReadonlyArray<{ value: string; label: string }>;
  /** A signed-in member may narrow the list to the events they marked attending. */
  attendingFilter?: boolean;
}

export interface ListProps {
  /** The filters as query parameters (canonical). */
  query: Record<string, string>;
  /** The same filters as a query string ("?free=1…" or ""). */
  qs: string;
  options: FilterOptions;
  /** The reader's zone, when their profile names one. */
  readerZone: string | undefined;
  canAdd: boolean;
}

function Check(props: { name: string; value: string; label: string; query: Record<string, string> }) {
  const id = `filter-${props.name}`;
  return (
    <div class="checkbox filter-check">
      <input
        type="checkbox"
        id={id}
        name={props.name}
        value={props.value}
        checked={props.query[props.name] === props.value}
      />
      <label for={id}>{props.label}</label>
    </div>
  );
}

function Choose(props: {
  name: string;
  label: string;
  blank: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  query: Record<string, string>;
}) {
  const id = `filter-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        <option value="">{props.blank}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={props.query[props.name] === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The filters: a plain GET form, so they combine and work without JavaScript. */
export function FilterForm(props: ListProps & { action: string; extra?: Record<string, string> }) {
  const { query, options } = props;
  return (
    <form class="filter-bar" method="get" action={props.action} aria-label="Filter events">
      {Object.entries(props.extra ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <Check name="free" value="1" label="Free" query={query} />
      <Check name="virtual" value="1" label="Online (virtual, hybrid, on demand)" query={query} />
      <Check name="when" value="this-month" label="This month" query={query} />
      <Check name="audience" value="new" label="For new staff" query={query} />
      <Check name="beyond" value="1" label="Skills beyond ILL" query={query} />
      {options.attendingFilter ? (
        <Check name="mine" value="attending" label="Only events I’m attending" query={query} />
      ) : null}
      <Choose name="topic" label="Topic" blank="Any topic" options={options.topics} query={query} />
      <Choose name="organiser" label="Organiser" blank="Any organiser" options={options.organisers} query={query} />
      <Choose name="region" label="Region" blank="Anywhere" options={options.regions} query={query} />
      <button type="submit">Show events</button>
    </form>
  );
}

export function EventCardItem({ card }: { card: EventCard }) {
  return (
    <li>
      <h3 class="article-list-title">
        <a href={card.href}>{card.title}</a>
      </h3>
      <p class="meta">
        <span class="badge">{card.kind}</span>
        {card.cancelled ? <span class="badge badge-unanswered">Cancelled</span> : null}
        {card.format} · {card.cost}
        {card.repeats ? ' · Repeats' : null}
      </p>
      <p class="meta">
        <EventTime iso={card.whenIso} text={card.when} local={card.local} />
        {card.ownWhen ? <span> · event’s own time: {card.ownWhen}</span> : null}
      </p>
      <p class="meta">
        Organiser: {card.organiser.href ? <a href={card.organiser.href}>{card.organiser.name}</a> : card.organiser.name}
      </p>
      {card.summary ? <p class="article-list-summary">{card.summary}</p> : null}
    </li>
  );
}

/** Whose zone the times are in; without the reader's own, the browser's script rewrites it (`data-local-note`). */
export function ZoneNote({ readerZone }: { readerZone: string | undefined }) {
  return readerZone ? (
    <p class="meta">
      Times are in your time zone, {readerZone} (from <a href="/account/profile">your profile</a>), with each event’s
      own zone beside it.
    </p>
  ) : (
    <p class="meta" data-local-note="">
      Times are in each event’s own time zone. Members can set theirs in their profile to see local times.
    </p>
  );
}

function Subscribe({ qs }: { qs: string }) {
  return (
    <ul class="actions">
      <li>
        {/* The public calendar knows no member: "mine" lives behind the member's secret address instead. */}
        {qs.includes('mine=attending') ? (
          <a href="/events/mine#calendar">Your events in your calendar app</a>
        ) : (
          <a href={`/events.ics${qs}`}>Subscribe to these events (iCalendar)</a>
        )}
      </li>
      <li>
        <a href="/events/feed.atom">New events (Atom feed)</a>
      </li>
    </ul>
  );
}

export function EventsPage(props: ListProps & { cards: EventCard[]; page: number; more: boolean }) {
  const { qs } = props;
  const sep = qs ? '&' : '?';
  return (
    <>
      <h1>Events and training</h1>
      <p class="lead">Conferences, workshops, webinars, courses and meetups for ILL staff, and training beyond ILL.</p>
      <ul class="actions">
        <li>
          <a href={`/events/month${qs}`}>Month view</a>
        </li>
        <li>
          <a href="/events/organisers">Organisers and recurring venues</a>
        </li>
        {props.canAdd ? (
          <li>
            <a href="/events/new">Add an event</a>
          </li>
        ) : null}
      </ul>
      <FilterForm {...props} action="/events" />
      <ZoneNote readerZone={props.readerZone} />
      <h2>Upcoming</h2>
      {props.cards.length === 0 ? (
        <p class="empty">No upcoming events match these filters.</p>
      ) : (
        <ul class="article-list">
          {props.cards.map((card) => (
            <EventCardItem card={card} />
          ))}
        </ul>
      )}
      <nav class="pagination" aria-label="More events">
        {props.page > 1 ? <a href={`/events${qs}${sep}page=${props.page - 1}`}>Earlier page</a> : null}
        {props.more ? <a href={`/events${qs}${sep}page=${props.page + 1}`}>Later events</a> : null}
      </nav>
      <Subscribe qs={qs} />
    </>
  );
}

export interface MonthDay {
  key: string;
  label: string;
  cards: EventCard[];
  /** Occurrences of the day not shown here ("+N more"). */
  more: number;
  /** The day's full list. */
  moreHref: string;
}

export function MonthPage(
  props: ListProps & {
    title: string;
    month: string;
    prev: string;
    next: string;
    /** "December 2026", "February 2027": the month links after the days. */
    prevTitle: string;
    nextTitle: string;
    days: MonthDay[];
    /** One day's full list, when shown. */
    day?: { key: string; label: string } | undefined;
  },
) {
  const { qs } = props;
  const sep = qs ? '&' : '?';
  const monthHref = `/events/month${qs}${sep}m=${props.month}`;
  return (
    <>
      <h1>{props.day ? `Events on ${props.day.label}` : `Events in ${props.title}`}</h1>
      <nav aria-label="Months">
        <ul class="actions">
          {props.day ? (
            <li>
              <a href={monthHref}>All of {props.title}</a>
            </li>
          ) : null}
          <li>
            <a href={`/events/month${qs}${sep}m=${props.prev}`} rel="prev">
              Previous month
            </a>
          </li>
          <li>
            <a href={`/events/month${qs}${sep}m=${props.next}`} rel="next">
              Next month
            </a>
          </li>
          <li>
            <a href={`/events${qs}`}>Upcoming list</a>
          </li>
        </ul>
      </nav>
      <FilterForm
        {...props}
        action="/events/month"
        extra={props.day ? { m: props.month, day: props.day.key } : { m: props.month }}
      />
      <ZoneNote readerZone={props.readerZone} />
      {props.days.length === 0 ? (
        <p class="empty">{props.day ? 'No events this day' : 'No events this month'} match these filters.</p>
      ) : (
        props.days.map((day) => (
          <section aria-labelledby={`day-${day.key}`}>
            <h2 id={`day-${day.key}`}>
              <time datetime={day.key}>{day.label}</time>
            </h2>
            <ul class="article-list">
              {day.cards.map((card) => (
                <EventCardItem card={card} />
              ))}
            </ul>
            {day.more > 0 && !props.day ? (
              <p class="meta">
                <a href={day.moreHref}>
                  +{day.more} more {day.more === 1 ? 'event' : 'events'} on {day.label}
                </a>
              </p>
            ) : null}
            {day.more > 0 && props.day ? (
              <p class="notice notice-warning">
                This day has {day.more} more {day.more === 1 ? 'event' : 'events'} than one page shows: the earliest are
                listed. Choose filters to narrow them.
              </p>
            ) : null}
          </section>
        ))
      )}
      {props.days.length > 0 ? (
        // Again after the days: a long month is a long way back up by keyboard.
        <nav aria-label="Other months">
          <ul class="actions">
            {props.day ? (
              <li>
                <a href={monthHref}>All of {props.title}</a>
              </li>
            ) : null}
            <li>
              <a href={`/events/month${qs}${sep}m=${props.prev}`}>{props.prevTitle}</a>
            </li>
            <li>
              <a href={`/events/month${qs}${sep}m=${props.next}`}>{props.nextTitle}</a>
            </li>
          </ul>
        </nav>
      ) : null}
      <Subscribe qs={qs} />
    </>
  );
}

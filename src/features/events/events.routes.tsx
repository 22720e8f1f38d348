import { Hono } from 'hono';
import { authorize } from '../../platform/authz/policy';
import { actorOf, type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import type { FieldErrors, FormValues } from '../../platform/http/forms';
import { readForm } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { idParam, pageParam } from '../../platform/http/params';
import { httpErrors } from '../../platform/http/errors';
import { seeOther } from '../../platform/http/redirect';
import { contentSecurityPolicyWithFrames, csrfTokenFor } from '../../platform/http/security';
import { publicPage } from '../../platform/cache/public-page';
import { pageHtml, renderPage } from '../../platform/ui/render';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { threadUrl } from '../community';
import { listGroups } from '../groups';
import { AUDIENCE_LABELS, AUDIENCES, listTopics } from '../library';
import { visibleProfiles } from '../people';
import { mayEditEvent } from './events.access';
import * as after from './events.after.repository';
import { recordingViews } from './events.after.display';
import { addAfterRoutes } from './events.after.routes';
import { addQuestionRoutes, questionsBox } from './events.questions.routes';
import { cardOf, eventWhen, jsonLd, organiserOf, whenIsoOf } from './events.display';
import { eventsErrors } from './events.errors';
import { eventsFeed } from './events.feed';
import { buildCalendar } from './events.ics';
import {
  endOfMonth,
  eventsForCalendar,
  monthDays,
  parseFilters,
  queryString,
  startOfMonth,
  upcoming,
} from './events.listing';
import {
  type CalendarEvent,
  EVENT_LIMITS,
  type EventFilters,
  eventIcsUrl,
  eventUrl,
  REPEAT_LABELS,
} from './events.models';
import { eventPolicies } from './events.policies';
import { repeatOf } from './events.recurrence';
import * as repo from './events.repository';
import {
  type FormContext,
  parseEventForm,
  parseLinkForm,
  parseSessionForm,
  parseTeachBackForm,
} from './events.schemas';
import { allZones, formatDay, formatRange, localValue, wallTime } from './events.time';
import * as usecases from './events.usecases';
import {
  ATTENDANCE_CHOICES,
  type AttendanceChoice,
  attendanceCounts,
  attendanceOf,
  myEvents,
} from './events.attendance';
import { setAttendance } from './events.attendance.usecases';
import { calendarKeyOf, markedEvents, ownerOfCalendarKey, personalCalendarUrl } from './events.calendar-keys';
import { makeCalendarKey, revokeCalendarKey } from './events.calendar-keys.usecases';
import { AttendanceBox, MyEventsPage } from './views/attendance';
import { EventFormPage } from './views/event-form';
import { EventPage } from './views/event-page';
import { EventsPage, type FilterOptions, MonthPage } from './views/events-list';
import { OrganisersPage } from './views/organisers';

const HOME = { label: 'Home', href: '/' };
const EVENTS = { label: 'Events', href: '/events' };
const ICS = 'text/calendar; charset=utf-8';
/** For readers without a zone of their own: times in the browser's zone (src/client/local-time.ts). */
const LOCAL_TIME = 'local-time';

const NOTICES: Record<string, string> = {
  created: 'Event added.',
  saved: 'Changes saved. Subscribed calendars pick them up at their next refresh.',
  session: 'Session added.',
  link: 'Link added.',
  note: 'Thank you: your note is on the event’s page.',
  cancelled: 'Event cancelled. Subscribed calendars will show it as cancelled.',
  interested: 'Marked as interested. Only you see your choice.',
  attending: 'Marked as attending. We will remind you the day before.',
  cleared: 'Your choice is cleared.',
  transcript: 'Transcript saved: it is on this page and in search.',
  file: 'File uploaded.',
  question: 'Thank you: your question is on the list for the speakers.',
  'question-removed': 'Question removed.',
};

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now(), config: d.config };
}

type GroupInfo = { id: number; name: string; slug: string };

async function groupsInfo(c: AppContext): Promise<{ byId: Map<number, GroupInfo>; idBySlug: Map<string, number> }> {
  const { db, now } = deps(c);
  const groups = await listGroups(db, now);
  return {
    byId: new Map(groups.map((g) => [g.id, { id: g.id, name: g.name, slug: g.slug }])),
    idBySlug: new Map(groups.map((g) => [g.slug, g.id])),
  };
}

/** The reader's time zone from their profile (members), else undefined (each event's own zone is used). */
async function readerZone(c: AppContext): Promise<string | undefined> {
  const actor = actorOf(c);
  if (!actor) return undefined;
  const profiles = await visibleProfiles(deps(c).db, [actor.id], actor);
  return profiles.get(actor.id)?.timeZone || undefined;
}

async function filterOptions(c: AppContext, byId: Map<number, GroupInfo>): Promise<FilterOptions> {
  const { db, config } = deps(c);
  const [topics, vocabulary, organiserIds] = await Promise.all([
    listTopics(db),
    vocabularyFor(config.contentDir),
    repo.organiserGroupIds(db),
  ]);
  return {
    topics: topics.map((t) => ({ value: t.slug, label: t.name })),
    organisers: organiserIds
      .map((id) => byId.get(id))
      .filter((g): g is GroupInfo => g !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((g) => ({ value: g.slug, label: g.name })),
    regions: vocabulary.regions.options(),
    attendingFilter: actorOf(c) !== null,
  };
}

/** "Only events I'm attending": for the signed-in member themselves (their pages are private, never cached). */
function withAttending(
  c: AppContext,
  parsed: { filters: EventFilters; canonical: Record<string, string> },
): { filters: EventFilters; canonical: Record<string, string> } {
  const actor = actorOf(c);
  if (!actor || c.req.query('mine') !== 'attending') return parsed;
  return {
    filters: { ...parsed.filters, attendingUserId: actor.id },
    canonical: { ...parsed.canonical, mine: 'attending' },
  };
}

async function formContext(c: AppContext, idBySlug: Map<string, number>): Promise<FormContext> {
  const { db, config } = deps(c);
  const [topics, vocabulary] = await Promise.all([listTopics(db), vocabularyFor(config.contentDir)]);
  return {
    topicSlugs: new Set(topics.map((t) => t.slug)),
    areaSlugs: new Set(vocabulary.trainingAreas.slugs()),
    regionSlugs: new Set(vocabulary.regions.slugs()),
    groupIdBySlug: idBySlug,
  };
}

async function eventForm(
  c: AppContext,
  props: { mode: 'create' | 'edit'; action: string; values: FormValues; errors?: FieldErrors },
  status: 200 | 400 = 200,
) {
  const { db, config } = deps(c);
  const [groups, topics, vocabulary] = await Promise.all([
    groupsInfo(c),
    listTopics(db),
    vocabularyFor(config.contentDir),
  ]);
  const title = props.mode === 'create' ? 'Add an event' : 'Edit event';
  return renderPage(
    c,
    { title, breadcrumbs: [HOME, EVENTS, { label: title }] },
    <EventFormPage
      {...props}
      errors={props.errors}
      csrfToken={csrfTokenFor(c)}
      options={{
        groups: [...groups.byId.values()].map((g) => ({ value: g.slug, label: g.name })),
        zones: allZones(),
        audiences: AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] })),
        topics: topics.map((t) => ({ value: t.slug, label: t.name })),
        areas: vocabulary.trainingAreas.options(),
        regions: vocabulary.regions.options(),
      }}
    />,
    status,
  );
}

function valuesOf(event: CalendarEvent, groups: Map<number, GroupInfo>): FormValues {
  const group = event.organiserGroupId !== null ? groups.get(event.organiserGroupId) : undefined;
  const values: FormValues = {
    title: event.title,
    summary: event.summary,
    description: event.description,
    kind: event.kind,
    organiserGroup: group?.slug ?? '',
    organiserName: event.organiserName,
    organiserUrl: event.organiserUrl,
    format: event.format,
    place: event.place,
    onlineUrl: event.onlineUrl,
    startsAt: localValue(event.startsAt, event.timeZone),
    // An all-day event's Ends is its last day (it is stored as the midnight after it).
    endsAt: localValue(event.allDay ? new Date(event.endsAt.getTime() - 1) : event.endsAt, event.timeZone),
    timeZone: event.timeZone,
    repeat: repeatOf(event.rrule),
    repeatsUntil: event.repeatsUntil ? event.repeatsUntil.toISOString().slice(0, 10) : '',
    cost: event.cost,
    feeAmount: event.feeAmount,
    level: event.level,
    audiences: event.audiences,
    topics: event.topics,
    areas: event.areas,
    regions: event.regions,
    accessibility: event.accessibility,
    registrationUrl: event.registrationUrl,
    registrationDeadline: event.registrationDeadline ?? '',
    cfpDeadline: event.cfpDeadline ?? '',
  };
  if (event.allDay) {
    values.startsAt = `${String(values.startsAt).slice(0, 10)}T00:00`;
    values.endsAt = `${String(values.endsAt).slice(0, 10)}T00:00`;
    values.allDay = 'on';
  }
  if (event.captions) values.captions = 'on';
  if (event.signLanguage) values.signLanguage = 'on';
  return values;
}

async function loadEvent(c: AppContext): Promise<CalendarEvent> {
  const id = idParam(c.req.param('id'), eventsErrors.notFound);
  const event = await repo.findEvent(deps(c).db, id);
  if (!event) throw eventsErrors.notFound();
  return event;
}

type PageForms = Parameters<typeof EventPage>[0]['forms'];

async function eventPage(c: AppContext, event: CalendarEvent, forms: PageForms = {}, status: 200 | 400 = 200) {
  const { db, now, config } = deps(c);
  const actor = actorOf(c);
  const [groups, zone, sessions, links, teachBacks, topics, vocabulary, canEdit, transcripts, files] =
    await Promise.all([
      groupsInfo(c),
      readerZone(c),
      repo.sessionsOf(db, event.id),
      repo.linksOf(db, event.id),
      repo.teachBacksOf(db, event.id),
      listTopics(db),
      vocabularyFor(config.contentDir),
      mayEditEvent(db, actor, event, now),
      after.transcriptsOf(db, event.id),
      after.filesOf(db, event.id),
    ]);
  // A recording's player only on the response the reader asked for (?play=<id>), with frame-src for its host.
  const recordings = recordingViews(event.id, links, transcripts, c.req.query('play'));
  const organiser = organiserOf(event, groups.byId);
  const shown = zone ?? event.timeZone;
  const when = eventWhen(event, event.startsAt, event.endsAt, zone);
  const topicName = new Map(topics.map((t) => [t.slug, t.name]));
  const repeat = repeatOf(event.rrule);
  const key = c.req.query('notice');
  const [attendance, questions] = await Promise.all([
    attendanceBox(c, event),
    questionsBox(
      c,
      event,
      sessions.map((s) => ({ id: s.id, title: s.title })),
      forms.question,
    ),
  ]);
  const page = renderPage(
    c,
    {
      title: event.title,
      description: event.summary || undefined,
      breadcrumbs: [HOME, EVENTS, { label: event.title }],
      scripts: zone ? [] : [LOCAL_TIME],
    },
    <EventPage
      event={event}
      organiser={organiser}
      when={when.when}
      ownWhen={when.ownWhen}
      readerZone={zone}
      repeatText={
        repeat === 'none'
          ? undefined
          : `${REPEAT_LABELS[repeat]}${event.repeatsUntil ? ` until ${event.repeatsUntil.toISOString().slice(0, 10)}` : ''}`
      }
      labels={{
        audiences: event.audiences.map((a) => AUDIENCE_LABELS[a as keyof typeof AUDIENCE_LABELS] ?? a),
        topics: event.topics.map((t) => topicName.get(t) ?? t),
        areas: event.areas.map((a) => vocabulary.trainingAreas.label(a)),
        regions: event.regions.map((r) => vocabulary.regions.label(r)),
      }}
      sessions={sessions.map((s) => ({
        id: s.id,
        title: s.title,
        when: formatRange(s.startsAt, s.endsAt, shown),
        startIso: s.startsAt.toISOString(),
        endsAt: s.endsAt,
        speakers: s.speakers.map((p) => ({ name: p.name, href: p.username ? `/people/${p.username}` : undefined })),
        room: s.room,
        link: s.link,
        materials: s.materials,
        now: s.startsAt <= now && now < s.endsAt,
        threadHref: s.threadId ? threadUrl(s.threadId) : undefined,
      }))}
      recordings={recordings.views}
      files={files}
      links={links}
      teachBacks={teachBacks}
      jsonLd={jsonLd(event, organiser, config.baseUrl)}
      icsHref={eventIcsUrl(event.id)}
      threadHref={event.threadId !== null ? threadUrl(event.threadId) : undefined}
      canEdit={canEdit}
      canPost={eventPolicies.teachBack(actor)}
      csrfToken={actor ? csrfTokenFor(c) : ''}
      notice={key && actor ? NOTICES[key] : undefined}
      forms={forms}
      attendance={attendance}
      questions={questions}
    />,
    status,
  );
  if (recordings.playing) {
    page.headers.set('Content-Security-Policy', contentSecurityPolicyWithFrames([recordings.playing.origin]));
  }
  return page;
}

function monthParam(raw: string | undefined, now: Date, zone: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(raw ?? '');
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (year >= 1970 && year <= 2200 && month >= 1 && month <= 12) return { year, month };
  }
  const w = wallTime(now, zone);
  return { year: w.year, month: w.month };
}

/** "March 2026". */
const monthTitle = (year: number, month: number) =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 15)),
  );

const monthKey = (year: number, month: number) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;

export function createEventRoutes(): RouteMounts {
  const routes = new Hono<AppEnv>();
  const calendar = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const { db, now } = deps(c);
    const groups = await groupsInfo(c);
    const { filters, canonical } = withAttending(c, parseFilters(c.req.query(), groups.idBySlug));
    const page = pageParam(c.req.query('page'), 100);
    const zone = await readerZone(c);
    const [{ items, more }, options] = await Promise.all([
      upcoming(db, {
        filters,
        now,
        zone: zone ?? 'UTC',
        offset: (page - 1) * EVENT_LIMITS.pageSize,
      }),
      filterOptions(c, groups.byId),
    ]);
    const actor = actorOf(c);
    return renderPage(
      c,
      {
        title: 'Events and training',
        breadcrumbs: [HOME, { label: 'Events' }],
        links: [{ rel: 'alternate', type: 'application/atom+xml', href: '/events/feed.atom', title: 'New events' }],
        scripts: zone ? [] : [LOCAL_TIME],
      },
      <EventsPage
        cards={items.map((o) => cardOf(o, zone, groups.byId))}
        page={page}
        more={more}
        query={canonical}
        qs={queryString(canonical)}
        options={options}
        readerZone={zone}
        canAdd={eventPolicies.create(actor)}
      />,
    );
  });

  routes.get('/month', async (c) => {
    const { db, now } = deps(c);
    const groups = await groupsInfo(c);
    const { filters, canonical } = withAttending(c, parseFilters(c.req.query(), groups.idBySlug));
    const readerTz = await readerZone(c);
    const zone = readerTz ?? 'UTC';
    const { year, month } = monthParam(c.req.query('m'), now, zone);
    const from = startOfMonth(year, month, zone);
    const to = endOfMonth(from, zone);
    // One day's full list ("+N more" on a busy day links here); a day outside the month is ignored.
    const dayRaw = c.req.query('day');
    const day =
      dayRaw && /^\d{4}-\d{2}-(0[1-9]|[12]\d|3[01])$/.test(dayRaw) && dayRaw.startsWith(`${monthKey(year, month)}-`)
        ? dayRaw
        : undefined;
    const [found, options] = await Promise.all([
      monthDays(db, { filters: { ...filters, thisMonth: false }, from, to, zone: readerTz, day }),
      filterOptions(c, groups.byId),
    ]);
    const qs = queryString(canonical);
    const sep = qs ? '&' : '?';
    // A day of the month view is a day in the reader's zone (events that began last month show on the 1st); an
    // all-day event's day is its own date, so for a reader with a zone it can fall just outside the month.
    const shownDays = readerTz ? found.filter((d) => d.day.startsWith(`${monthKey(year, month)}-`)) : found;
    const days = shownDays.map((d) => ({
      key: d.day,
      label: formatDay(new Date(`${d.day}T12:00:00Z`), 'UTC'),
      cards: d.items.map((o) => cardOf(o, readerTz, groups.byId)),
      more: d.total - d.items.length,
      moreHref: `/events/month${qs}${sep}m=${monthKey(year, month)}&day=${d.day}`,
    }));
    const prev = month === 1 ? monthKey(year - 1, 12) : monthKey(year, month - 1);
    const next = month === 12 ? monthKey(year + 1, 1) : monthKey(year, month + 1);
    const title = monthTitle(year, month);
    const dayLabel = day ? (days[0]?.label ?? day) : undefined;
    const props = {
      title: dayLabel ? `Events on ${dayLabel}` : `Events in ${title}`,
      scripts: readerTz ? [] : [LOCAL_TIME],
      breadcrumbs: dayLabel
        ? [
            HOME,
            EVENTS,
            { label: title, href: `/events/month${qs}${sep}m=${monthKey(year, month)}` },
            { label: dayLabel },
          ]
        : [HOME, EVENTS, { label: title }],
    };
    const content = (
      <MonthPage
        title={title}
        month={monthKey(year, month)}
        prev={prev}
        next={next}
        prevTitle={month === 1 ? monthTitle(year - 1, 12) : monthTitle(year, month - 1)}
        nextTitle={month === 12 ? monthTitle(year + 1, 1) : monthTitle(year, month + 1)}
        days={days}
        day={day && dayLabel ? { key: day, label: dayLabel } : undefined}
        query={canonical}
        qs={qs}
        options={options}
        readerZone={readerTz}
        canAdd={eventPolicies.create(actorOf(c))}
      />
    );
    // Anonymous readers all see the same month: rendered once per month, filters and change to public content
    // (the hub's page cache, cleared by every calendar change), then served without a query.
    if (!actorOf(c))
      return publicPage(c, () => pageHtml(c, props, content), { ...canonical, m: monthKey(year, month), day });
    return renderPage(c, props, content);
  });

  routes.get('/feed.atom', async (c) => {
    const { db, config } = deps(c);
    const groups = await groupsInfo(c);
    const body = await eventsFeed(db, config.baseUrl, groups.byId);
    return c.body(body, 200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
  });

  // The member's own events (interested or attending): private, never cached for anyone else.
  routes.get('/mine', async (c) => {
    const notice = c.req.query('notice') === 'calendar-stopped' ? 'Your calendar address no longer works.' : undefined;
    return myEventsPage(c, { notice });
  });

  // A new personal calendar address (the old one stops working): shown on this response only, as only its hash is kept.
  routes.post('/mine/calendar', async (c) => {
    const actor = requireActor(c);
    await readForm(c);
    const { db, now, config } = deps(c);
    const { key } = await makeCalendarKey({ db, actor, now });
    const attending = `${config.baseUrl}${personalCalendarUrl(key)}`;
    return myEventsPage(c, { fresh: { attending, withInterested: `${attending}?with=interested` } });
  });

  routes.post('/mine/calendar/stop', async (c) => {
    const actor = requireActor(c);
    await readForm(c);
    const { db, now } = deps(c);
    await revokeCalendarKey({ db, actor, now });
    return seeOther(c, '/events/mine?notice=calendar-stopped#calendar');
  });

  // The personal calendar: the key in the address stands in for the cookie a calendar app cannot send. Private to
  // its owner: never cached by anyone but them, never indexed, never sent on as a referrer.
  routes.get('/calendar/:file', async (c) => {
    const { db, now, config } = deps(c);
    const file = c.req.param('file');
    const userId = file.endsWith('.ics') ? await ownerOfCalendarKey(db, file.slice(0, -4)) : null;
    if (userId === null) throw httpErrors.notFound('calendar');
    const choices: AttendanceChoice[] =
      c.req.query('with') === 'interested' ? ['attending', 'interested'] : ['attending'];
    const events = await markedEvents(db, userId, choices);
    const body = buildCalendar({
      name: 'My ILL Commons events',
      entries: events.map((event) => ({ event })),
      baseUrl: config.baseUrl,
      now,
    });
    return c.body(body, 200, {
      'Content-Type': ICS,
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex, nofollow, noarchive',
      'Referrer-Policy': 'no-referrer',
    });
  });

  // "Interested" / "attending" / clear: one form POST each, works without JavaScript.
  routes.post('/:id/attendance', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    const values = await readForm(c);
    const raw = typeof values.choice === 'string' ? values.choice : '';
    const choice = (ATTENDANCE_CHOICES as readonly string[]).includes(raw) ? (raw as AttendanceChoice) : null;
    if (choice === null && raw !== 'none') throw eventsErrors.badAttendance();
    const { db, now } = deps(c);
    await setAttendance({ db, actor, now, eventId: event.id, choice });
    return seeOther(c, `${eventUrl(event.id)}?notice=${choice ?? 'cleared'}#attendance`);
  });

  routes.get('/new', (c) => {
    const actor = actorOf(c);
    authorize(actor, eventPolicies.create(actor));
    return eventForm(c, {
      mode: 'create',
      action: '/events',
      values: { kind: 'webinar', format: 'virtual', cost: 'free', level: 'all', repeat: 'none', timeZone: 'UTC' },
    });
  });

  routes.post('/', async (c) => {
    const actor = requireActor(c);
    authorize(actor, eventPolicies.create(actor));
    const values = await readForm(c);
    const groups = await groupsInfo(c);
    const form = parseEventForm(values, await formContext(c, groups.idBySlug));
    if (!form.ok) return eventForm(c, { mode: 'create', action: '/events', values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    const organiserLabel = organiserLabelOf(form.data.organiserGroupId, form.data.organiserName, groups.byId);
    const { event } = await usecases.createEvent({ db, actor, now, input: form.data, organiserLabel });
    return seeOther(c, `${eventUrl(event.id)}?notice=created`);
  });

  // Starter content: the recurring venues (before "/:id", which would take the name as an id).
  routes.get('/organisers', (c) =>
    renderPage(
      c,
      { title: 'Organisers and recurring venues', breadcrumbs: [HOME, EVENTS, { label: 'Organisers' }] },
      <OrganisersPage />,
    ),
  );

  routes.get('/:id', async (c) => eventPage(c, await loadEvent(c)));

  routes.get('/:id/calendar.ics', async (c) => {
    const { db, now, config } = deps(c);
    const event = await loadEvent(c);
    const sessions = await repo.sessionsOf(db, event.id);
    const body = buildCalendar({ name: event.title, entries: [{ event, sessions }], baseUrl: config.baseUrl, now });
    return c.body(body, 200, {
      'Content-Type': ICS,
      'Content-Disposition': `attachment; filename="event-${event.id}.ics"`,
    });
  });

  routes.get('/:id/edit', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    if (!(await mayEditEvent(deps(c).db, actor, event, deps(c).now))) throw eventsErrors.mayNotEdit();
    const groups = await groupsInfo(c);
    return eventForm(c, { mode: 'edit', action: eventUrl(event.id), values: valuesOf(event, groups.byId) });
  });

  routes.post('/:id', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    const values = await readForm(c);
    const groups = await groupsInfo(c);
    const form = parseEventForm(values, await formContext(c, groups.idBySlug));
    if (!form.ok) return eventForm(c, { mode: 'edit', action: eventUrl(event.id), values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    const organiserLabel = organiserLabelOf(form.data.organiserGroupId, form.data.organiserName, groups.byId);
    await usecases.updateEvent({ db, actor, now, id: event.id, input: form.data, organiserLabel });
    return seeOther(c, `${eventUrl(event.id)}?notice=saved`);
  });

  routes.post('/:id/cancel', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    await readForm(c);
    const { db, now } = deps(c);
    await usecases.cancelEvent({ db, actor, now, id: event.id });
    return seeOther(c, `${eventUrl(event.id)}?notice=cancelled`);
  });

  routes.post('/:id/sessions', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    const values = await readForm(c);
    const form = parseSessionForm(values, event.timeZone);
    if (!form.ok) return eventPage(c, event, { session: { values, errors: form.errors } }, 400);
    const { db, now } = deps(c);
    const { session } = await usecases.addSession({ db, actor, now, eventId: event.id, input: form.data });
    return seeOther(c, `${eventUrl(event.id)}?notice=session#session-${session.id}`);
  });

  routes.post('/:id/links', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    const values = await readForm(c);
    const form = parseLinkForm(values);
    if (!form.ok) return eventPage(c, event, { link: { values, errors: form.errors } }, 400);
    const { db, now } = deps(c);
    await usecases.addLink({ db, actor, now, eventId: event.id, input: form.data });
    return seeOther(c, `${eventUrl(event.id)}?notice=link`);
  });

  routes.post('/:id/discussion', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    await readForm(c);
    const { db, now } = deps(c);
    const { threadId } = await usecases.startDiscussion({ db, actor, now, eventId: event.id });
    return seeOther(c, threadUrl(threadId));
  });

  routes.post('/:id/teach-back', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    const values = await readForm(c);
    const form = parseTeachBackForm(values);
    if (!form.ok) return eventPage(c, event, { teachBack: { values, errors: form.errors } }, 400);
    const { db, now } = deps(c);
    const { id } = await usecases.postTeachBack({ db, actor, now, eventId: event.id, body: form.data.body });
    return seeOther(c, `${eventUrl(event.id)}?notice=note#note-${id}`);
  });

  // During and after: session threads, captions and transcripts, slides (events.after.routes.tsx).
  addAfterRoutes(routes, { loadEvent, eventPage });
  // Before: questions for the speakers (events.questions.routes.tsx).
  addQuestionRoutes(routes, { loadEvent, eventPage });

  // The subscribable calendar: the list's filters, in iCalendar.
  calendar.get('/', async (c) => {
    const { db, now, config } = deps(c);
    const groups = await groupsInfo(c);
    const { filters } = parseFilters(c.req.query(), groups.idBySlug);
    const events = await eventsForCalendar(db, { filters, now, zone: 'UTC' });
    const body = buildCalendar({
      name: 'ILL Commons events',
      entries: events.map((event) => ({ event })),
      baseUrl: config.baseUrl,
      now,
    });
    return c.body(body, 200, { 'Content-Type': ICS });
  });

  return { '/events': routes, '/events.ics': calendar };
}

/** "My events", with the member's calendar address (`fresh`: the one just made, shown this once). */
async function myEventsPage(
  c: AppContext,
  extra: { notice?: string | undefined; fresh?: { attending: string; withInterested: string } },
) {
  const actor = requireActor(c);
  const { db, now } = deps(c);
  const zone = await readerZone(c);
  const [items, key] = await Promise.all([myEvents(db, actor.id, now), calendarKeyOf(db, actor.id)]);
  return renderPage(
    c,
    // Readers without a zone of their own see the times in the browser's, as in the list.
    { title: 'My events', breadcrumbs: [HOME, EVENTS, { label: 'My events' }], scripts: zone ? [] : [LOCAL_TIME] },
    <MyEventsPage
      items={items.map((e) => {
        const start = e.nextStartsAt ?? e.startsAt;
        const end = new Date(start.getTime() + (e.endsAt.getTime() - e.startsAt.getTime()));
        return { ...e, ...eventWhen(e, start, end, zone), whenIso: whenIsoOf(e, start) };
      })}
      readerZone={zone}
      notice={extra.notice}
      calendar={{ since: key?.createdAt ?? null, fresh: extra.fresh, csrfToken: csrfTokenFor(c) }}
    />,
  );
}

function organiserLabelOf(groupId: number | null, name: string, groups: Map<number, GroupInfo>): string {
  return (groupId !== null ? groups.get(groupId)?.name : undefined) ?? name;
}

/** The "Going?" box: counts for everyone, the member's own choice for them alone. */
async function attendanceBox(c: AppContext, event: CalendarEvent) {
  const { db } = deps(c);
  const actor = actorOf(c);
  const [counts, mine] = await Promise.all([
    attendanceCounts(db, event.id),
    actor ? attendanceOf(db, event.id, actor.id) : Promise.resolve(undefined),
  ]);
  return (
    <AttendanceBox
      eventId={event.id}
      counts={counts}
      mine={mine}
      open={event.status === 'scheduled'}
      csrfToken={actor ? csrfTokenFor(c) : ''}
    />
  );
}

/**
 * What pages show of an event, worked out once from the event and the reader's zone (views get only strings):
 * times in the reader's zone with the event's own zone beside it, labels from the models and the vocabulary.
 */
import {
  type CalendarEvent,
  EVENT_COST_LABELS,
  EVENT_FORMAT_LABELS,
  EVENT_KIND_LABELS,
  eventUrl,
  type Occurrence,
} from './events.models';
import { dayKey, formatDay, formatRange, offsetLabel } from './events.time';

export interface Organiser {
  name: string;
  /** A group page on the hub, or the organisation's own site. */
  href: string | undefined;
}

export interface EventCard {
  id: number;
  href: string;
  title: string;
  summary: string;
  kind: string;
  format: string;
  cost: string;
  /** In the reader's zone (or the event's, when the reader has none); an all-day event's dates. */
  when: string;
  /** The start instant, or an all-day event's first day (YYYY-MM-DD). */
  whenIso: string;
  /** The event's own time, when the reader's zone differs. */
  ownWhen: string | undefined;
  /**
   * For readers without a zone of their own: what the browser needs to show `when` in its zone instead
   * (src/client/local-time.ts), the event's own time kept beside it.
   */
  local: LocalMark | undefined;
  organiser: Organiser;
  repeats: boolean;
  cancelled: boolean;
}

/** The marks on a <time> written in the event's own zone, so the browser can show it in the reader's. */
export interface LocalMark {
  zone: string;
  endIso: string;
}

/** Marks for the browser when the reader has no zone of their own (their times are in the event's zone). */
export function localMark(readerZone: string | undefined, eventZone: string, endsAt: Date): LocalMark | undefined {
  return readerZone ? undefined : { zone: eventZone, endIso: endsAt.toISOString() };
}

/** The organiser as shown: the hub group when there is one, else the named organisation. */
export function organiserOf(
  event: CalendarEvent,
  groups: ReadonlyMap<number, { name: string; slug: string }>,
): Organiser {
  const group = event.organiserGroupId !== null ? groups.get(event.organiserGroupId) : undefined;
  if (group) return { name: group.name, href: `/groups/${group.slug}` };
  return { name: event.organiserName || 'Unnamed organiser', href: event.organiserUrl || undefined };
}

/** "Tue, 8 Dec 2026, 14:00–15:30 (Europe/London, UTC+00:00)". */
export function whenText(start: Date, end: Date, zone: string): string {
  return `${formatRange(start, end, zone)} (${zone}, ${offsetLabel(start, zone)})`;
}

/**
 * "Tue, 8 Dec 2026, all day", or "Tue, 8 Dec 2026 – Thu, 10 Dec 2026, all day": an all-day event is dates, not
 * times, so they are its dates in its own zone for every reader (`end` is the midnight after the last day).
 */
export function allDayText(start: Date, end: Date, zone: string): string {
  const first = formatDay(start, zone);
  const last = end.getTime() > start.getTime() ? formatDay(new Date(end.getTime() - 1), zone) : first;
  return `${first === last ? first : `${first} – ${last}`}, all day`;
}

/**
 * An event's dates as text that does not depend on the reader (an opening post, a notice): "Tue, 10 Mar 2026,
 * 10:00–11:00 America/New_York", or an all-day event's days; a repeating event's first, "and repeats".
 */
export function eventDates(
  event: Pick<CalendarEvent, 'startsAt' | 'endsAt' | 'timeZone' | 'allDay' | 'rrule' | 'format'>,
): string {
  const { startsAt: start, endsAt: end, timeZone: zone } = event;
  if (event.format === 'on_demand') return onDemandText(end, zone);
  const when = event.allDay ? allDayText(start, end, zone) : `${formatRange(start, end, zone)} ${zone}`;
  return event.rrule ? `${when}, and repeats` : when;
}

export interface EventWhen {
  /** In the reader's zone (or the event's, when the reader has none); an all-day event's dates. */
  when: string;
  /** The event's own time, when the reader's zone differs. */
  ownWhen: string | undefined;
  local: LocalMark | undefined;
}

/**
 * "On demand: start any time (listed until Fri, 4 Jun 2027)": an on-demand course has no time of day, and its
 * listing's start is only when it was added, so it is shown as when it can be taken, not as a time window.
 */
export function onDemandText(end: Date, zone: string): string {
  return `On demand: start any time (listed until ${formatDay(new Date(end.getTime() - 1), zone)})`;
}

/**
 * An occurrence's time as a reader sees it: their zone else the event's, the event's own beside it; "all day";
 * or, for an on-demand course, when it can be taken.
 */
export function eventWhen(
  event: Pick<CalendarEvent, 'timeZone' | 'allDay' | 'format'>,
  start: Date,
  end: Date,
  readerZone: string | undefined,
): EventWhen {
  if (event.format === 'on_demand')
    return { when: onDemandText(end, event.timeZone), ownWhen: undefined, local: undefined };
  if (event.allDay) return { when: allDayText(start, end, event.timeZone), ownWhen: undefined, local: undefined };
  const zone = readerZone ?? event.timeZone;
  return {
    when: whenText(start, end, zone),
    ownWhen: zone !== event.timeZone ? whenText(start, end, event.timeZone) : undefined,
    local: localMark(readerZone, event.timeZone, end),
  };
}

/** The `datetime` of an occurrence's <time>: its start instant, or an all-day event's first day (YYYY-MM-DD). */
export function whenIsoOf(event: Pick<CalendarEvent, 'timeZone' | 'allDay'>, start: Date): string {
  return event.allDay ? dayKey(start, event.timeZone) : start.toISOString();
}

export function cardOf(
  occurrence: Occurrence,
  readerZone: string | undefined,
  groups: ReadonlyMap<number, { name: string; slug: string }>,
): EventCard {
  const { event, startsAt, endsAt } = occurrence;
  return {
    id: event.id,
    href: eventUrl(event.id),
    title: event.title,
    summary: event.summary,
    kind: EVENT_KIND_LABELS[event.kind],
    format: EVENT_FORMAT_LABELS[event.format],
    cost: event.cost === 'free' ? EVENT_COST_LABELS.free : event.feeAmount || EVENT_COST_LABELS[event.cost],
    ...eventWhen(event, startsAt, endsAt, readerZone),
    whenIso: whenIsoOf(event, startsAt),
    organiser: organiserOf(event, groups),
    repeats: event.rrule !== null,
    cancelled: event.status === 'cancelled',
  };
}

/**
 * schema.org Event (https://schema.org/Event) as JSON-LD, for search engines and calendars. Serialised so that it
 * can sit in a <script type="application/ld+json"> block: "<", ">" and "&" are written as \u escapes, so no
 * value (a title holding "</script>") can end the block.
 */
export function jsonLd(event: CalendarEvent, organiser: Organiser, baseUrl: string): string {
  const attendance =
    event.format === 'in_person'
      ? 'https://schema.org/OfflineEventAttendanceMode'
      : event.format === 'hybrid'
        ? 'https://schema.org/MixedEventAttendanceMode'
        : 'https://schema.org/OnlineEventAttendanceMode';
  const location: unknown[] = [];
  if (event.place) location.push({ '@type': 'Place', name: event.place, address: event.place });
  if (event.onlineUrl || event.format === 'virtual' || event.format === 'on_demand')
    location.push({ '@type': 'VirtualLocation', url: event.onlineUrl || `${baseUrl}${eventUrl(event.id)}` });
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: event.title,
    description: event.summary || undefined,
    // An all-day event's dates (its first and last day), else instants.
    startDate: event.allDay ? dayKey(event.startsAt, event.timeZone) : event.startsAt.toISOString(),
    endDate: event.allDay ? dayKey(new Date(event.endsAt.getTime() - 1), event.timeZone) : event.endsAt.toISOString(),
    eventStatus:
      event.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: attendance,
    location: location.length === 1 ? location[0] : location,
    organizer: {
      '@type': 'Organization',
      name: organiser.name,
      url: organiser.href?.startsWith('/') ? `${baseUrl}${organiser.href}` : organiser.href,
    },
    url: `${baseUrl}${eventUrl(event.id)}`,
    isAccessibleForFree: event.cost === 'free',
  };
  if (event.registrationUrl || event.cost === 'free') {
    data.offers = {
      '@type': 'Offer',
      url: event.registrationUrl || `${baseUrl}${eventUrl(event.id)}`,
      ...(event.cost === 'free' ? { price: '0' } : { description: event.feeAmount }),
    };
  }
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

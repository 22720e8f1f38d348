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
import { formatRange, offsetLabel } from './events.time';

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
  /** In the reader's zone (or the event's, when the reader has none). */
  when: string;
  whenIso: string;
  /** The event's own time, when the reader's zone differs. */
  ownWhen: string | undefined;
  organiser: Organiser;
  repeats: boolean;
  cancelled: boolean;
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

/** "Tue 8 Dec 2026, 14:00–15:30 (Europe/London, UTC+00:00)". */
export function whenText(start: Date, end: Date, zone: string): string {
  return `${formatRange(start, end, zone)} (${zone}, ${offsetLabel(start, zone)})`;
}

export function cardOf(
  occurrence: Occurrence,
  readerZone: string | undefined,
  groups: ReadonlyMap<number, { name: string; slug: string }>,
): EventCard {
  const { event, startsAt, endsAt } = occurrence;
  const zone = readerZone ?? event.timeZone;
  return {
    id: event.id,
    href: eventUrl(event.id),
    title: event.title,
    summary: event.summary,
    kind: EVENT_KIND_LABELS[event.kind],
    format: EVENT_FORMAT_LABELS[event.format],
    cost: event.cost === 'free' ? EVENT_COST_LABELS.free : event.feeAmount || EVENT_COST_LABELS[event.cost],
    when: whenText(startsAt, endsAt, zone),
    whenIso: startsAt.toISOString(),
    ownWhen: zone !== event.timeZone ? whenText(startsAt, endsAt, event.timeZone) : undefined,
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
    startDate: event.startsAt.toISOString(),
    endDate: event.endsAt.toISOString(),
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

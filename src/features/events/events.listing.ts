/**
 * Reading the calendar: the upcoming list (each event once, at its next occurrence), a month's occurrences, and
 * the filters both share with /events.ics, read from the query string the same way everywhere.
 */
import type { DbOrTx } from '../../platform/db/database';
import { type CalendarEvent, EVENT_LIMITS, type EventFilters, type Occurrence } from './events.models';
import { addMonths } from './events.recurrence';
import * as repo from './events.repository';
import type { DayOccurrences } from './events.repository';
import { wallTime, zonedToUtc } from './events.time';

export interface FilterQuery {
  free?: string | undefined;
  virtual?: string | undefined;
  when?: string | undefined;
  audience?: string | undefined;
  beyond?: string | undefined;
  topic?: string | undefined;
  organiser?: string | undefined;
  region?: string | undefined;
}

export const FILTER_PARAMS = ['free', 'virtual', 'when', 'audience', 'beyond', 'topic', 'organiser', 'region'] as const;

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/**
 * The filters in a query string, with the canonical query (what a link back to the same list carries). Unknown
 * values are dropped, not refused: a stale link still lists something.
 */
export function parseFilters(
  query: Record<string, string | undefined>,
  groupIdBySlug: ReadonlyMap<string, number>,
): { filters: EventFilters; canonical: Record<string, string> } {
  const filters: EventFilters = {};
  const canonical: Record<string, string> = {};
  if (query.free === '1') {
    filters.free = true;
    canonical.free = '1';
  }
  if (query.virtual === '1') {
    filters.virtual = true;
    canonical.virtual = '1';
  }
  if (query.when === 'this-month') {
    filters.thisMonth = true;
    canonical.when = 'this-month';
  }
  if (query.audience === 'new') {
    filters.newStaff = true;
    canonical.audience = 'new';
  }
  if (query.beyond === '1') {
    filters.beyondIll = true;
    canonical.beyond = '1';
  }
  for (const key of ['topic', 'region'] as const) {
    const v = query[key];
    if (v && SLUG.test(v)) {
      filters[key] = v;
      canonical[key] = v;
    }
  }
  const organiser = query.organiser;
  if (organiser && groupIdBySlug.has(organiser)) {
    filters.organiser = groupIdBySlug.get(organiser);
    canonical.organiser = organiser;
  }
  return { filters, canonical };
}

export function queryString(params: Record<string, string>): string {
  const q = new URLSearchParams(params).toString();
  return q ? `?${q}` : '';
}

/** The first instant of the month after the one `date` falls in, in `zone`. */
export function endOfMonth(date: Date, zone: string): Date {
  const w = wallTime(date, zone);
  const next = w.month === 12 ? { year: w.year + 1, month: 1 } : { year: w.year, month: w.month + 1 };
  return zonedToUtc({ ...next, day: 1, hour: 0, minute: 0 }, zone);
}

export function startOfMonth(year: number, month: number, zone: string): Date {
  return zonedToUtc({ year, month, day: 1, hour: 0, minute: 0 }, zone);
}

interface Dated {
  id: number;
  startsAt: Date;
  endsAt: Date;
}

/** Read the chosen occurrences' events (the columns a card shows) and pair them up, in order. */
async function withEvents(db: DbOrTx, chosen: Dated[]): Promise<Occurrence[]> {
  const byId = new Map((await repo.cardEvents(db, [...new Set(chosen.map((o) => o.id))])).map((e) => [e.id, e]));
  return chosen.flatMap((o) => {
    const event = byId.get(o.id);
    return event ? [{ event, startsAt: o.startsAt, endsAt: o.endsAt }] : [];
  });
}

/**
 * Upcoming events, each once at its next occurrence, soonest first: `pageSize` of them from `offset`.
 * "This month" ends the window at the end of the reader's month. Occurrences come from the occurrence table
 * (docs/decisions/029) by an indexed range with a LIMIT; only the events on the page are read.
 */
export async function upcoming(
  db: DbOrTx,
  input: { filters: EventFilters; now: Date; zone: string; offset?: number; pageSize?: number },
): Promise<{ items: Occurrence[]; more: boolean }> {
  const { filters, now, zone } = input;
  const pageSize = input.pageSize ?? EVENT_LIMITS.pageSize;
  const offset = input.offset ?? 0;
  const to = filters.thisMonth ? endOfMonth(now, zone) : addMonths(now, EVENT_LIMITS.horizonMonths);
  const dated = await repo.upcomingOccurrences(db, filters, now, to, offset + pageSize + 1);
  const page = dated.slice(offset, offset + pageSize);
  return { items: await withEvents(db, page), more: dated.length > offset + pageSize };
}

/** Every occurrence in [from, to) (a month view), soonest first, at most `limit` (the page says when there are more). */
export async function occurrencesBetween(
  db: DbOrTx,
  input: { filters: EventFilters; from: Date; to: Date; now: Date; limit?: number },
): Promise<{ items: Occurrence[]; more: boolean }> {
  const limit = input.limit ?? EVENT_LIMITS.monthItems;
  const items = await repo.occurrenceCardsInRange(db, input.filters, input.from, input.to, limit + 1);
  return { items: items.slice(0, limit), more: items.length > limit };
}

/**
 * The month view: the days of [from, to) that hold occurrences, each with its first `perDay` (soonest first) and
 * its count, so a busy month shows a few entries a day and "+N more" instead of hundreds of cards. Days are in
 * the reader's zone, else each event's own. With `day` (YYYY-MM-DD), that day only, up to the month limit: the
 * list "+N more" links to.
 */
export async function monthDays(
  db: DbOrTx,
  input: {
    filters: EventFilters;
    from: Date;
    to: Date;
    zone: string | undefined;
    perDay?: number;
    day?: string | undefined;
  },
): Promise<DayOccurrences[]> {
  const { filters, from, to, zone, day } = input;
  let range = { from, to };
  if (day) {
    // The day's instants (widened by the largest zone offsets when each event's own zone decides), within the month.
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const start = zonedToUtc({ year: y, month: m, day: d, hour: 0, minute: 0 }, zone ?? 'UTC');
    const next = new Date(Date.UTC(y, m - 1, d + 1));
    const end = zonedToUtc(
      { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0 },
      zone ?? 'UTC',
    );
    const slack = zone ? 0 : 15 * 3_600_000;
    range = {
      from: new Date(Math.max(from.getTime(), start.getTime() - slack)),
      to: new Date(Math.min(to.getTime(), end.getTime() + slack)),
    };
    if (range.from >= range.to) return [];
  }
  const perDay = day ? EVENT_LIMITS.monthItems : (input.perDay ?? EVENT_LIMITS.monthPerDay);
  return repo.occurrencesByDay(db, { filters, ...range, clampFrom: from, zone, perDay, ...(day ? { day } : {}) });
}

/** Events for a calendar subscription: everything upcoming that matches (recurring ones once, with their rule). */
export async function eventsForCalendar(
  db: DbOrTx,
  input: { filters: EventFilters; now: Date; zone: string },
): Promise<CalendarEvent[]> {
  const { filters, now, zone } = input;
  // A subscription keeps the recent past too, so a calendar does not drop an event the moment it starts.
  const from = new Date(now.getTime() - 31 * 86_400_000);
  const to = filters.thisMonth ? endOfMonth(now, zone) : addMonths(now, EVENT_LIMITS.horizonMonths);
  return repo.fullEventsInWindow(db, filters, from, to, EVENT_LIMITS.calendarItems);
}

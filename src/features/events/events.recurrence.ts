/**
 * Recurring events: the RRULE the hub writes (FREQ=WEEKLY|MONTHLY|YEARLY, optional UNTIL) and its occurrences.
 * Occurrences keep the event's wall-clock time in its own zone, so a 14:00 London meeting stays at 14:00 London
 * across the change to summer time. A rule with no end is expanded only to a bounded horizon.
 */
import type { CalendarEvent, Repeat } from './events.models';
import { EVENT_LIMITS } from './events.models';
import { wallTime, zonedToUtc } from './events.time';

const FREQ: Record<Exclude<Repeat, 'none'>, string> = { weekly: 'WEEKLY', monthly: 'MONTHLY', yearly: 'YEARLY' };

function icsUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The RRULE value for a form's choice, or null for a one-off event. */
export function rruleFor(repeat: Repeat, until: Date | null): string | null {
  if (repeat === 'none') return null;
  return until ? `FREQ=${FREQ[repeat]};UNTIL=${icsUtc(until)}` : `FREQ=${FREQ[repeat]}`;
}

/** The form's choice for a stored RRULE. */
export function repeatOf(rrule: string | null): Repeat {
  const freq = /FREQ=(\w+)/.exec(rrule ?? '')?.[1];
  if (freq === 'WEEKLY') return 'weekly';
  if (freq === 'MONTHLY') return 'monthly';
  if (freq === 'YEARLY') return 'yearly';
  return 'none';
}

export function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/**
 * The occurrences of `event` that overlap [from, to), bounded by its UNTIL and by `now` + the horizon
 * (EVENT_LIMITS.horizonMonths), at most `max`.
 */
/** What expanding needs of an event. */
export type Recurring = Pick<CalendarEvent, 'startsAt' | 'endsAt' | 'timeZone' | 'rrule' | 'repeatsUntil'> & {
  /** Occurrences that do not happen (ISO instants of their starts): imported EXDATEs and moved occurrences. */
  exdates?: readonly string[] | null;
};

export interface Span {
  startsAt: Date;
  endsAt: Date;
}

export function occurrences(event: Recurring, from: Date, to: Date, now: Date, max = 500): Span[] {
  const duration = event.endsAt.getTime() - event.startsAt.getTime();
  const repeat = repeatOf(event.rrule);
  if (repeat === 'none') {
    return event.endsAt > from && event.startsAt < to ? [{ startsAt: event.startsAt, endsAt: event.endsAt }] : [];
  }
  const horizon = addMonths(now, EVENT_LIMITS.horizonMonths);
  const last = new Date(
    Math.min(to.getTime(), horizon.getTime(), event.repeatsUntil ? event.repeatsUntil.getTime() + 1 : Infinity),
  );
  const w = wallTime(event.startsAt, event.timeZone);
  const out: Span[] = [];
  // Skip the occurrences that ended long before `from` (a weekly meeting that began years ago).
  const behind = from.getTime() - duration - event.startsAt.getTime();
  const step = repeat === 'weekly' ? 7 * 86_400_000 : repeat === 'monthly' ? 28 * 86_400_000 : 365 * 86_400_000;
  const first = behind > 0 ? Math.max(0, Math.floor(behind / step) - (repeat === 'weekly' ? 1 : 2)) : 0;
  const firstIndex = repeat === 'monthly' ? Math.floor((first * 28) / 31) : first;
  for (let i = firstIndex; i < firstIndex + 2000 && out.length < max; i++) {
    let year = w.year;
    let month = w.month;
    let day = w.day;
    if (repeat === 'weekly') {
      const base = new Date(Date.UTC(w.year, w.month - 1, w.day + 7 * i));
      year = base.getUTCFullYear();
      month = base.getUTCMonth() + 1;
      day = base.getUTCDate();
    } else {
      const total = w.month - 1 + (repeat === 'monthly' ? i : 12 * i);
      year = w.year + Math.floor(total / 12);
      month = (total % 12) + 1;
      // RFC 5545: a day the month does not have (31 June) produces no occurrence.
      if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) continue;
    }
    const startsAt = zonedToUtc({ year, month, day, hour: w.hour, minute: w.minute }, event.timeZone);
    if (startsAt >= last) break;
    const endsAt = new Date(startsAt.getTime() + duration);
    if (event.exdates?.length && event.exdates.includes(startsAt.toISOString())) continue;
    if (endsAt > from) out.push({ startsAt, endsAt });
  }
  return out;
}

const HOUR = 3_600_000;
const nextCache = new Map<string, Span | null>();

/**
 * The next occurrence that has not ended at `now`, if any. Lists ask this of every recurring event on each view,
 * so answers are kept per process for the hour (keyed by the rule and times, so a changed event is a new key).
 */
export function nextOccurrence(event: Recurring, now: Date): Span | undefined {
  const hour = Math.floor(now.getTime() / HOUR);
  const key = `${hour}|${event.startsAt.getTime()}|${event.endsAt.getTime()}|${event.timeZone}|${event.rrule}|${event.repeatsUntil?.getTime()}|${event.exdates?.join(',') ?? ''}`;
  const known = nextCache.get(key);
  // A cached occurrence still counts only while it has not ended.
  if (known !== undefined && (known === null || known.endsAt > now)) return known ?? undefined;
  const found = occurrences(event, now, addMonths(now, EVENT_LIMITS.horizonMonths), now, 1)[0];
  if (nextCache.size >= 50_000) nextCache.clear();
  nextCache.set(key, found ?? null);
  return found;
}

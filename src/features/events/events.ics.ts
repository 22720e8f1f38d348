/**
 * iCalendar out (RFC 5545), written by hand (the parser, ical.js, is used only by the tests that read it back).
 * Every event keeps its own zone: DTSTART;TZID=Europe/London:20261208T140000 with a VTIMEZONE built from the
 * zone's offset changes around the events (found with Intl), so calendars that do not know the zone still show
 * the right instant. UIDs are stable (event-<id>@host), SEQUENCE rises with each change, lines are folded at 75
 * octets and end in CRLF.
 */
import type { CalendarEvent, EventSession } from './events.models';
import { EVENT_KIND_LABELS, EVENT_LIMITS, eventUrl } from './events.models';
import { addMonths, repeatOf } from './events.recurrence';
import { offsetMinutes, transitions, wallTime } from './events.time';

export interface IcsEntry {
  event: CalendarEvent;
  sessions?: EventSession[];
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function icsText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Fold a content line at 75 octets (never inside a UTF-8 sequence). */
export function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74; // continuation lines start with a space
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function localStamp(date: Date, zone: string): string {
  const w = wallTime(date, zone);
  return `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;
}

/** "20261208": the date a clock in `zone` shows at `date` (an all-day event's DATE values). */
function dateStamp(date: Date, zone: string): string {
  return localStamp(date, zone).slice(0, 8);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

/** A VTIMEZONE for `zone` that is right for every instant in [from, to]. */
export function vtimezone(zone: string, from: Date, to: Date): string[] {
  const start = new Date(Date.UTC(from.getUTCFullYear() - 1, 0, 1));
  const end = new Date(Date.UTC(to.getUTCFullYear() + 1, 11, 31));
  const initial = offsetMinutes(start, zone);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  // The offset in force from the start of the range, then one component per change.
  lines.push(
    'BEGIN:STANDARD',
    `DTSTART:${localStamp(start, 'UTC').slice(0, 9)}000000`,
    `TZOFFSETFROM:${offsetText(initial)}`,
    `TZOFFSETTO:${offsetText(initial)}`,
    'END:STANDARD',
  );
  for (const t of transitions(zone, start, end)) {
    const kind = t.to > t.from ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART of an observance is the local time, in the offset before the change, at which it starts.
    const localBefore = new Date(t.at.getTime() + t.from * 60_000);
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${localStamp(localBefore, 'UTC')}`,
      `TZOFFSETFROM:${offsetText(t.from)}`,
      `TZOFFSETTO:${offsetText(t.to)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host || 'ill-commons';
  } catch {
    return 'ill-commons';
  }
}

export function eventUid(id: number, baseUrl: string): string {
  return `event-${id}@${hostOf(baseUrl)}`;
}

function descriptionOf(event: CalendarEvent, url: string): string {
  const parts = [event.summary, event.description ? event.description : '', `More: ${url}`];
  return parts.filter(Boolean).join('\n\n');
}

function locationOf(event: CalendarEvent): string {
  if (event.format === 'virtual' || event.format === 'on_demand') return event.onlineUrl || 'Online';
  return event.place || event.onlineUrl;
}

function vevent(event: CalendarEvent, baseUrl: string, now: Date): string[] {
  const url = `${baseUrl}${eventUrl(event.id)}`;
  const zone = event.timeZone;
  const lines = [
    'BEGIN:VEVENT',
    `UID:${eventUid(event.id, baseUrl)}`,
    `DTSTAMP:${utcStamp(now)}`,
    `CREATED:${utcStamp(event.createdAt)}`,
    `LAST-MODIFIED:${utcStamp(event.updatedAt)}`,
    `SEQUENCE:${event.sequence}`,
    // An all-day event is dates (DTEND the day after its last, RFC 5545 §3.6.1), the same days in every zone.
    ...(event.allDay
      ? [`DTSTART;VALUE=DATE:${dateStamp(event.startsAt, zone)}`, `DTEND;VALUE=DATE:${dateStamp(event.endsAt, zone)}`]
      : [
          `DTSTART;TZID=${zone}:${localStamp(event.startsAt, zone)}`,
          `DTEND;TZID=${zone}:${localStamp(event.endsAt, zone)}`,
        ]),
    `SUMMARY:${icsText(event.title)}`,
    `DESCRIPTION:${icsText(descriptionOf(event, url))}`,
    `URL:${url}`,
    `CATEGORIES:${icsText(EVENT_KIND_LABELS[event.kind])}`,
    `STATUS:${event.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
  ];
  const location = locationOf(event);
  if (location) lines.push(`LOCATION:${icsText(location)}`);
  if (event.rrule) {
    // A rule with no end is written bounded to the horizon the hub expands to (UNTIL in UTC, as RFC 5545 asks
    // when DTSTART has a TZID; a date when DTSTART is one: the last day an occurrence may start on).
    const until = event.repeatsUntil ?? addMonths(now, EVENT_LIMITS.horizonMonths);
    const freq = repeatOf(event.rrule).toUpperCase();
    lines.push(`RRULE:FREQ=${freq};UNTIL=${event.allDay ? dateStamp(until, zone) : utcStamp(until)}`);
    // Occurrences that do not happen (imported EXDATEs, moved occurrences), in the event's own wall time.
    for (const skipped of event.exdates ?? [])
      lines.push(
        event.allDay
          ? `EXDATE;VALUE=DATE:${dateStamp(new Date(skipped), zone)}`
          : `EXDATE;TZID=${zone}:${localStamp(new Date(skipped), zone)}`,
      );
  }
  if (event.organiserName)
    lines.push(`ORGANIZER;CN="${event.organiserName.replace(/["\r\n]/g, '')}":${event.organiserUrl || url}`);
  lines.push('END:VEVENT');
  return lines;
}

function sessionEvent(session: EventSession, event: CalendarEvent, baseUrl: string, now: Date): string[] {
  const zone = event.timeZone;
  const speakers = session.speakers.map((s) => s.name).join(', ');
  const description = [speakers ? `Speakers: ${speakers}` : '', session.materials, `Part of: ${event.title}`]
    .filter(Boolean)
    .join('\n\n');
  const lines = [
    'BEGIN:VEVENT',
    `UID:session-${session.id}@${hostOf(baseUrl)}`,
    `DTSTAMP:${utcStamp(now)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTART;TZID=${zone}:${localStamp(session.startsAt, zone)}`,
    `DTEND;TZID=${zone}:${localStamp(session.endsAt, zone)}`,
    `SUMMARY:${icsText(session.title)}`,
    `DESCRIPTION:${icsText(description)}`,
    `URL:${baseUrl}${eventUrl(event.id)}#session-${session.id}`,
    `RELATED-TO:${eventUid(event.id, baseUrl)}`,
    `STATUS:${event.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
  ];
  const where = session.room || session.link;
  if (where) lines.push(`LOCATION:${icsText(where)}`);
  lines.push('END:VEVENT');
  return lines;
}

/** A whole calendar: one VTIMEZONE per zone used, then each event (and its sessions). */
export function buildCalendar(input: { name: string; entries: IcsEntry[]; baseUrl: string; now: Date }): string {
  const { entries, baseUrl, now } = input;
  const ranges = new Map<string, { from: Date; to: Date }>();
  for (const { event, sessions } of entries) {
    // DATE values name no zone: an all-day event needs a VTIMEZONE only for its sessions' times.
    if (event.allDay && !sessions?.length) continue;
    const to = event.rrule ? (event.repeatsUntil ?? addMonths(now, EVENT_LIMITS.horizonMonths)) : event.endsAt;
    const times = [event.startsAt, to, ...(sessions ?? []).flatMap((s) => [s.startsAt, s.endsAt])];
    const r = ranges.get(event.timeZone);
    const from = new Date(Math.min(...times.map((t) => t.getTime()), r?.from.getTime() ?? Infinity));
    const until = new Date(Math.max(...times.map((t) => t.getTime()), r?.to.getTime() ?? -Infinity));
    ranges.set(event.timeZone, { from, to: until });
  }
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//ILL Commons//Events//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(input.name)}`,
  ];
  for (const [zone, r] of ranges) lines.push(...vtimezone(zone, r.from, r.to));
  for (const { event, sessions } of entries) {
    lines.push(...vevent(event, baseUrl, now));
    for (const s of sessions ?? []) lines.push(...sessionEvent(s, event, baseUrl, now));
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

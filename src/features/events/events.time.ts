/**
 * Time zones for events, with Intl only (never the server's own zone): an event's times are instants plus the
 * IANA zone its organiser gave; forms speak in the event's wall-clock time, pages in the reader's. Formatters are
 * costly to build, so each is made once per zone.
 */

let zoneSet: Set<string> | undefined;

/** The canonical name of a zone ("US/Eastern" → "America/New_York"), or undefined when Intl does not know it. */
export function canonicalZone(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > 64) return undefined;
  try {
    const zone = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
    zoneSet ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
    return zoneSet.has(zone) ? zone : undefined;
  } catch {
    return undefined;
  }
}

/** Every zone Intl knows, sorted (for the form's list). */
export function allZones(): string[] {
  return [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    partsFormatters.set(zone, f);
  }
  return f;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

/** What a clock in `zone` shows at `date`. */
export function wallTime(date: Date, zone: string): WallTime {
  const local = new Date(date.getTime() + offsetMinutes(date, zone) * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: (local.getUTCDay() + 6) % 7,
  };
}

/** The zone's offset at `date` asked of Intl (slow: a formatter call); `offsetMinutes` caches it by year. */
function intlOffset(date: Date, zone: string): number {
  const parts: Record<string, string> = {};
  for (const p of partsFormatter(zone).formatToParts(date)) parts[p.type] = p.value;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

interface ZoneYear {
  /** Offset at the start of the year (UTC). */
  initial: number;
  /** Changes during the year, in order. */
  changes: Array<{ at: number; to: number }>;
}

const zoneYears = new Map<string, ZoneYear>();

/**
 * A zone's offsets through one year, found once per process (a day-by-day scan, then to the minute): lists of
 * thousands of recurring events then cost arithmetic, not thousands of Intl calls.
 */
function zoneYear(zone: string, year: number): ZoneYear {
  const key = `${zone}|${year}`;
  let found = zoneYears.get(key);
  if (!found) {
    const start = Date.UTC(year, 0, 1);
    const end = Date.UTC(year + 1, 0, 1);
    const initial = intlOffset(new Date(start), zone);
    const changes: ZoneYear['changes'] = [];
    let before = initial;
    for (let t = start; t < end; t += 86_400_000) {
      const next = Math.min(t + 86_400_000, end);
      const after = intlOffset(new Date(next), zone);
      if (after === before) continue;
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (intlOffset(new Date(mid), zone) === before) lo = mid;
        else hi = mid;
      }
      changes.push({ at: hi, to: after });
      before = after;
    }
    found = { initial, changes };
    if (zoneYears.size > 5000) zoneYears.clear();
    zoneYears.set(key, found);
  }
  return found;
}

/** The zone's offset from UTC at `date`, in minutes (east positive). */
export function offsetMinutes(date: Date, zone: string): number {
  const t = date.getTime();
  if (!Number.isFinite(t)) return 0;
  const year = zoneYear(zone, new Date(t).getUTCFullYear());
  let offset = year.initial;
  for (const change of year.changes) {
    if (change.at > t) break;
    offset = change.to;
  }
  return offset;
}

/**
 * The instant a clock in `zone` shows the given wall time. In a gap (the hour skipped when clocks go forward)
 * the time after the gap; in an overlap (the hour repeated) the earlier one, as RFC 5545 says.
 */
export function zonedToUtc(
  local: { year: number; month: number; day: number; hour: number; minute: number },
  zone: string,
): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const first = guess - offsetMinutes(new Date(guess), zone) * 60_000;
  const second = guess - offsetMinutes(new Date(first), zone) * 60_000;
  // Overlap: both readings are valid; take the earlier instant.
  const candidates = [first, second].filter((t) => {
    const w = wallTime(new Date(t), zone);
    return w.hour === local.hour && w.minute === local.minute && w.day === local.day;
  });
  if (candidates.length) return new Date(Math.min(...candidates));
  return new Date(Math.max(first, second));
}

/** "2026-03-08T14:30" (a datetime-local value) in `zone` → the instant, or undefined when malformed. */
export function parseLocal(value: string, zone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return undefined;
  return zonedToUtc({ year, month, day, hour, minute }, zone);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The datetime-local value for `date` in `zone` (for filling a form again). */
export function localValue(date: Date, zone: string): string {
  const w = wallTime(date, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** "2026-03-08" in `zone`. */
export function dayKey(date: Date, zone: string): string {
  const w = wallTime(date, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

function displayFormatter(zone: string, kind: 'date' | 'time' | 'full'): Intl.DateTimeFormat {
  const key = `${zone}|${kind}`;
  let f = displayFormatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'date'
          ? { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }
          : {
              timeZone: zone,
              weekday: 'short',
              day: 'numeric',
              month: 'short',
              year: 'numeric',
              hour: '2-digit',
              minute: '2-digit',
              hourCycle: 'h23',
            };
    f = new Intl.DateTimeFormat('en-GB', options);
    displayFormatters.set(key, f);
  }
  return f;
}

/** "Tue 8 Dec 2026, 14:00–15:30" or across days "Tue 8 Dec 2026, 14:00 – Wed 9 Dec 2026, 12:00", in `zone`. */
export function formatRange(start: Date, end: Date, zone: string): string {
  const startText = displayFormatter(zone, 'full').format(start);
  if (dayKey(start, zone) === dayKey(end, zone)) return `${startText}–${displayFormatter(zone, 'time').format(end)}`;
  return `${startText} – ${displayFormatter(zone, 'full').format(end)}`;
}

export function formatDay(date: Date, zone: string): string {
  return displayFormatter(zone, 'date').format(date);
}

/** "UTC+01:00" style label of the zone's offset at `date`. */
export function offsetLabel(date: Date, zone: string): string {
  const m = offsetMinutes(date, zone);
  const sign = m < 0 ? '−' : '+';
  const a = Math.abs(m);
  return `UTC${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

export interface Transition {
  /** The instant the offset changes. */
  at: Date;
  from: number;
  to: number;
}

/** Offset changes of `zone` between two instants (found day by day, then to the minute). */
export function transitions(zone: string, from: Date, to: Date): Transition[] {
  const out: Transition[] = [];
  const DAY = 86_400_000;
  let t = from.getTime();
  let before = offsetMinutes(new Date(t), zone);
  while (t < to.getTime()) {
    const next = t + DAY;
    const after = offsetMinutes(new Date(next), zone);
    if (after !== before) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offsetMinutes(new Date(mid), zone) === before) lo = mid;
        else hi = mid;
      }
      out.push({ at: new Date(hi), from: before, to: after });
      before = after;
    }
    t = next;
  }
  return out;
}

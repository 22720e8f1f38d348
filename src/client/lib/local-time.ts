/**
 * Event times in the browser's own time zone: the enhancement for readers whose profile names no zone (the server
 * shows them each event's own time and marks those <time> elements). The dates are written as the server writes
 * them ("Tue, 8 Dec 2026, 14:00–15:30", en-GB, 24-hour clock), followed by the browser zone's short name. Kept apart
 * from the DOM wiring (src/client/local-time.ts) so it can be tested without a page.
 */

/** What the server marks on a <time data-local> element. */
export interface MarkedTime {
  /** The `datetime` attribute: the start, an ISO instant. */
  datetime: string;
  /** `data-end`: the end, an ISO instant. */
  end: string | undefined;
  /** `data-zone`: the event's own zone, the one the text is written in. */
  zone: string | undefined;
  /** The text the server wrote (the event's own time), kept beside the new text. */
  text: string;
}

export interface Rewrite {
  /** The new text of the <time> element: the browser's zone. */
  text: string;
  /** The event's own time, as the server wrote it, for beside it. */
  own: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function instant(value: string | undefined): Date | undefined {
  if (!value || !ISO_INSTANT.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, kind: 'full' | 'time' | 'day' | 'name', locale = 'en-GB'): Intl.DateTimeFormat {
  const key = `${zone}|${kind}|${locale}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'day'
          ? { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }
          : kind === 'name'
            ? { timeZone: zone, timeZoneName: 'short' }
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
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** The zone's short name at `date` ("GMT", "BST", "CET", "EST"…), in the reader's own language when it has one. */
export function shortZoneName(date: Date, zone: string, locale = 'en-GB'): string {
  const part = formatter(zone, 'name', locale)
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/**
 * "Tue, 8 Dec 2026, 14:00" put together from its parts, so every browser writes it as the server does whatever
 * punctuation its own locale data uses.
 */
function dayAndTime(date: Date, zone: string): string {
  const p: Record<string, string> = {};
  for (const part of formatter(zone, 'full').formatToParts(date)) p[part.type] = part.value;
  return `${p.weekday}, ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

/** "Tue, 8 Dec 2026, 14:00–15:30", or across days "Tue, 8 Dec 2026, 21:00 – Wed, 9 Dec 2026, 02:00", in `zone`. */
function rangeText(start: Date, end: Date | undefined, zone: string): string {
  const text = dayAndTime(start, zone);
  if (!end || end.getTime() <= start.getTime()) return text;
  const day = formatter(zone, 'day');
  return day.format(start) === day.format(end)
    ? `${text}–${formatter(zone, 'time').format(end)}`
    : `${text} – ${dayAndTime(end, zone)}`;
}

/** "Tue, 8 Dec 2026, 09:00–10:30 (your time, EST)", or across days "…, 21:00 – Wed, 9 Dec 2026, 02:00 (…)". */
export function localRangeText(start: Date, end: Date | undefined, zone: string, nameLocale = 'en-GB'): string {
  return `${rangeText(start, end, zone)} (your time, ${shortZoneName(start, zone, nameLocale)})`;
}

/** Whether a zone name is one this browser's Intl knows. */
export function knownZone(zone: string | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * What to write instead of a marked time, or undefined to leave it as it is: when the browser's zone is unknown,
 * its clock reads the same as the event's own at both ends (the text is already right), or the marks are malformed.
 */
export function rewriteOf(
  marked: MarkedTime,
  browserZone: string | undefined,
  nameLocale = 'en-GB',
): Rewrite | undefined {
  if (!knownZone(browserZone) || !knownZone(marked.zone) || !marked.text.trim()) return undefined;
  const start = instant(marked.datetime);
  if (!start) return undefined;
  const end = marked.end === undefined ? undefined : instant(marked.end);
  if (marked.end !== undefined && !end) return undefined;
  if (rangeText(start, end, browserZone) === rangeText(start, end, marked.zone)) return undefined;
  return { text: localRangeText(start, end, browserZone, nameLocale), own: marked.text.trim() };
}

/** The note above a list, once times are in the browser's zone. */
export function zoneNoteText(zone: string): string {
  return `Times are in your browser’s time zone, ${zone}, with each event’s own time beside it. Members can set a zone in their profile.`;
}

/** The language for zone names: the browser's, when it is English (the page is), else British English. */
export function nameLocaleOf(languages: readonly string[] | undefined): string {
  const first = languages?.[0];
  return first && /^en(-[A-Za-z]{2})?$/.test(first) ? first : 'en-GB';
}

/**
 * iCalendar in: a file's bytes → the events the hub would store, or one refusal with the line and the reason.
 * Pure (no database): the import use case decides what to create, change or cancel. ical.js parses; the hub's own
 * pre-scan gives line numbers ical.js does not. Times become instants plus an IANA zone (Windows and prefixed
 * names mapped; an unknown zone refuses the file). A rule the hub can keep (FREQ=WEEKLY|MONTHLY|YEARLY, every
 * period, on DTSTART's day, with or without an end) is kept as a rule with its EXDATEs; any other rule is expanded
 * into one-off occurrences, bounded (docs/decisions/032).
 */
import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { markdownEngines } from '../../platform/content/markdown';
import { formatBytes } from '../../platform/http/errors';
import { EVENT_LIMITS } from './events.models';
import { addMonths, rruleFor } from './events.recurrence';
import { canonicalZone, zonedToUtc } from './events.time';

export const ICAL_IMPORT_LIMITS = {
  /** A file or feed body larger than this is refused before parsing. */
  maxBytes: 2 * 1024 * 1024,
  /** VEVENTs in one file. */
  maxEvents: 1000,
  /** Events the hub stores for one file once rules it cannot keep are expanded. */
  maxRows: 2000,
  /** Occurrences one expanded rule may produce (a daily rule over the horizon is ~550). */
  maxOccurrences: 600,
} as const;

export type Repeat = 'weekly' | 'monthly' | 'yearly';

export interface ImportedEvent {
  /** UID, or UID#instant for one occurrence (an expanded rule, or a RECURRENCE-ID override). */
  key: string;
  uid: string;
  line: number;
  sequence: number;
  title: string;
  description: string;
  place: string;
  onlineUrl: string;
  registrationUrl: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  allDay: boolean;
  rrule: string | null;
  repeatsUntil: Date | null;
  exdates: string[];
  status: 'scheduled' | 'cancelled';
  /** What was taken from the file, hashed: an unchanged event is not written again. */
  hash: string;
}

export interface SkippedEvent {
  uid: string;
  line: number;
  reason: string;
}

export type IcsParseResult =
  | { ok: true; events: ImportedEvent[]; skipped: SkippedEvent[]; calendarName: string }
  | { ok: false; line: number | null; reason: string };

class Refusal extends Error {
  constructor(
    readonly line: number | null,
    reason: string,
  ) {
    super(reason);
  }
}

/** Zone names Outlook and Exchange write (Windows names) for the zones ILL staff most often meet. */
const WINDOWS_ZONES: Record<string, string> = {
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'US Mountain Standard Time': 'America/Phoenix',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Alaskan Standard Time': 'America/Anchorage',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Atlantic Standard Time': 'America/Halifax',
  'Newfoundland Standard Time': 'America/St_Johns',
  'Canada Central Standard Time': 'America/Regina',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'GTB Standard Time': 'Europe/Bucharest',
  'Russian Standard Time': 'Europe/Moscow',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'India Standard Time': 'Asia/Kolkata',
  'China Standard Time': 'Asia/Shanghai',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Singapore Standard Time': 'Asia/Singapore',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'W. Australia Standard Time': 'Australia/Perth',
  'New Zealand Standard Time': 'Pacific/Auckland',
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
};

/** An IANA zone for a TZID: IANA names as they are, Windows names, and prefixed names (/mozilla.org/…/Europe/Paris). */
const zoneCache = new Map<string, string | undefined>();

export function ianaZone(tzid: string): string | undefined {
  if (zoneCache.has(tzid)) return zoneCache.get(tzid);
  const zone = findZone(tzid);
  if (zoneCache.size < 1000) zoneCache.set(tzid, zone);
  return zone;
}

function findZone(tzid: string): string | undefined {
  const name = tzid.trim().replace(/^"|"$/g, '');
  const direct = canonicalZone(name) ?? (WINDOWS_ZONES[name] ? canonicalZone(WINDOWS_ZONES[name]) : undefined);
  if (direct) return direct;
  const parts = name.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const zone = canonicalZone(parts.slice(i).join('/'));
    if (zone?.includes('/')) return zone;
  }
  return undefined;
}

interface Scan {
  text: string;
  /** The physical line where each VEVENT begins, in document order. */
  veventLines: number[];
}

const CONTENT_LINE = /^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*:/;

/** Bytes → text (UTF-8 only), then the structure checked line by line, so a refusal names its line. */
function scan(bytes: Uint8Array): Scan {
  if (bytes.byteLength > ICAL_IMPORT_LIMITS.maxBytes)
    throw new Refusal(
      null,
      `the file is ${formatBytes(bytes.byteLength)}; the limit is ${formatBytes(ICAL_IMPORT_LIMITS.maxBytes)}`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    throw new Refusal(line, 'the file is not UTF-8 text (save or export it as UTF-8)');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) throw new Refusal(null, 'the file holds NUL characters: it is not a calendar file');
  const physical = text.split(/\r?\n/);
  const stack: Array<{ name: string; line: number }> = [];
  const veventLines: number[] = [];
  let seenCalendar = false;
  let closed = false;
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i]!;
    const line = i + 1;
    if (raw.startsWith(' ') || raw.startsWith('\t')) {
      if (i === 0 || stack.length === 0) throw new Refusal(line, 'a continuation line with nothing to continue');
      continue;
    }
    // Gather the folded line to check its name and parameters.
    let logical = raw;
    for (let j = i + 1; j < physical.length && /^[ \t]/.test(physical[j]!); j++) logical += physical[j]!.slice(1);
    if (logical.trim() === '') {
      if (closed && stack.length === 0) continue;
      if (!seenCalendar) continue;
      throw new Refusal(line, 'a blank line inside the calendar (not allowed by RFC 5545)');
    }
    if (!seenCalendar && logical.toUpperCase() !== 'BEGIN:VCALENDAR')
      throw new Refusal(line, 'an iCalendar file starts with BEGIN:VCALENDAR');
    if (!CONTENT_LINE.test(logical))
      throw new Refusal(line, `“${logical.slice(0, 40)}” is not an iCalendar line (NAME:value expected)`);
    const upper = logical.toUpperCase();
    if (upper.startsWith('BEGIN:')) {
      const name = upper.slice(6).trim();
      if (stack.length === 0 && name !== 'VCALENDAR') throw new Refusal(line, `BEGIN:${name} outside a VCALENDAR`);
      stack.push({ name, line });
      if (name === 'VCALENDAR') {
        seenCalendar = true;
        closed = false;
      }
      if (name === 'VEVENT') veventLines.push(line);
    } else if (upper.startsWith('END:')) {
      const name = upper.slice(4).trim();
      const open = stack.pop();
      if (!open) throw new Refusal(line, `END:${name} with nothing open`);
      if (open.name !== name)
        throw new Refusal(line, `END:${name} does not close BEGIN:${open.name} (line ${open.line})`);
      if (stack.length === 0) closed = true;
    } else if (stack.length === 0) {
      throw new Refusal(line, 'a property outside BEGIN:VCALENDAR … END:VCALENDAR');
    }
  }
  const open = stack.pop();
  if (open) throw new Refusal(open.line, `BEGIN:${open.name} is never closed (END:${open.name} missing)`);
  if (!seenCalendar) throw new Refusal(null, 'the file holds no calendar (BEGIN:VCALENDAR … END:VCALENDAR)');
  if (veventLines.length > ICAL_IMPORT_LIMITS.maxEvents)
    throw new Refusal(
      null,
      `the file holds ${veventLines.length} events; the limit is ${ICAL_IMPORT_LIMITS.maxEvents} per file`,
    );
  return { text, veventLines };
}

interface Context {
  now: Date;
  /** The zone of floating times and all-day events when the calendar names none (X-WR-TIMEZONE). */
  zone: string;
  line: number;
}

/** A DATE or DATE-TIME property value → the instant, the zone it was given in, and whether it is a date. */
function instantOf(
  prop: ICAL.Property,
  ctx: Context,
  label: string,
): { at: Date; zone: string | undefined; allDay: boolean } {
  const value = prop.getFirstValue();
  if (!(value instanceof ICAL.Time)) throw new Refusal(ctx.line, `${label} is not a date or date-time`);
  return timeToInstant(value, prop.getParameter('tzid') as string | undefined, ctx, label);
}

function timeToInstant(
  time: ICAL.Time,
  tzid: string | undefined,
  ctx: Context,
  label: string,
): { at: Date; zone: string | undefined; allDay: boolean } {
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute };
  if (!Number.isFinite(time.year) || time.year < 1900 || time.year > 2200)
    throw new Refusal(ctx.line, `${label} has a year the hub cannot use (${time.year})`);
  if (time.isDate) return { at: zonedToUtc({ ...wall, hour: 0, minute: 0 }, ctx.zone), zone: undefined, allDay: true };
  if (tzid) {
    const zone = ianaZone(tzid);
    if (!zone)
      throw new Refusal(
        ctx.line,
        `unknown time zone “${tzid.slice(0, 60)}” in ${label} (use an IANA name such as Europe/London or America/Chicago)`,
      );
    return { at: zonedToUtc(wall, zone), zone, allDay: false };
  }
  if (time.zone?.tzid === 'UTC' || time.zone === ICAL.Timezone.utcTimezone)
    return { at: time.toJSDate(), zone: undefined, allDay: false };
  // Floating time: the calendar's zone.
  return { at: zonedToUtc(wall, ctx.zone), zone: undefined, allDay: false };
}

function text(value: unknown, max: number): string {
  const s = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  return s.replace(/\r\n?/g, '\n').trim().slice(0, max);
}

const HTTP = /^https?:\/\/[^\s/]+\.[^\s]+$/i;

function webUrl(value: unknown): string {
  const s = text(value, EVENT_LIMITS.url);
  return HTTP.test(s) ? s : '';
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The hub's kind of repeat when the rule fits its subset (every period, on DTSTART's day), else undefined. */
function hubRepeat(rule: ICAL.Recur, start: ICAL.Time): Repeat | undefined {
  if ((rule.interval ?? 1) !== 1) return undefined;
  const parts = Object.entries(rule.parts ?? {}).filter(([, v]) => Array.isArray(v) && v.length > 0);
  const only = (name: string, expected: string | number) => {
    const values = (rule.parts as Record<string, Array<string | number>>)[name];
    return values?.length === 1 && String(values[0]) === String(expected);
  };
  const weekday = WEEKDAYS[(start.dayOfWeek() + 5) % 7]!;
  if (rule.freq === 'WEEKLY')
    return parts.every(([k]) => k === 'BYDAY' && only('BYDAY', weekday)) ? 'weekly' : undefined;
  if (rule.freq === 'MONTHLY')
    return parts.every(([k]) => k === 'BYMONTHDAY' && only('BYMONTHDAY', start.day)) ? 'monthly' : undefined;
  if (rule.freq === 'YEARLY')
    return parts.every(
      ([k]) =>
        (k === 'BYMONTH' && only('BYMONTH', start.month)) || (k === 'BYMONTHDAY' && only('BYMONTHDAY', start.day)),
    )
      ? 'yearly'
      : undefined;
  return undefined;
}

const SUB_DAILY = new Set(['SECONDLY', 'MINUTELY', 'HOURLY']);

function hash(fields: unknown): string {
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32);
}

interface Base {
  uid: string;
  line: number;
  sequence: number;
  title: string;
  description: string;
  place: string;
  onlineUrl: string;
  registrationUrl: string;
  status: 'scheduled' | 'cancelled';
}

function finish(base: Base, rest: Omit<ImportedEvent, keyof Base | 'key' | 'hash'> & { key: string }): ImportedEvent {
  const fields = {
    ...base,
    ...rest,
    startsAt: rest.startsAt.toISOString(),
    endsAt: rest.endsAt.toISOString(),
    repeatsUntil: rest.repeatsUntil?.toISOString() ?? null,
    line: undefined,
    sequence: undefined,
  };
  return { ...base, ...rest, hash: hash(fields) };
}

/** The file's events, or the one reason it is refused (with its line where there is one). */
export function parseIcs(input: Uint8Array | string, options: { now: Date; defaultZone: string }): IcsParseResult {
  try {
    return parseOrRefuse(typeof input === 'string' ? new TextEncoder().encode(input) : input, options);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, line: error.line, reason: error.message };
    throw error;
  }
}

function parseOrRefuse(bytes: Uint8Array, options: { now: Date; defaultZone: string }): IcsParseResult {
  const { text: source, veventLines } = scan(bytes);
  let jcal: unknown;
  try {
    jcal = ICAL.parse(source);
  } catch (error) {
    throw new Refusal(null, `not valid iCalendar: ${error instanceof Error ? error.message : String(error)}`);
  }
  const roots = (Array.isArray(jcal) && typeof jcal[0] === 'string' ? [jcal] : (jcal as unknown[])) as unknown[];
  const horizon = addMonths(options.now, EVENT_LIMITS.horizonMonths);
  const events: ImportedEvent[] = [];
  const skipped: SkippedEvent[] = [];
  const seen = new Map<string, number>();
  let calendarName = '';
  let index = 0;
  for (const root of roots) {
    const calendar = new ICAL.Component(root as unknown[]);
    calendarName ||= text(calendar.getFirstPropertyValue('x-wr-calname'), 200);
    const calendarZone = ianaZone(String(calendar.getFirstPropertyValue('x-wr-timezone') ?? '')) ?? options.defaultZone;
    const vevents = calendar.getAllSubcomponents('vevent');
    // Masters first, so an override can find its series; lines kept from document order.
    const withLines = vevents.map((v) => ({ v, line: veventLines[index++] ?? 0 }));
    const overrides = new Map<string, Array<{ v: ICAL.Component; line: number }>>();
    const masters: Array<{ v: ICAL.Component; line: number }> = [];
    for (const item of withLines) {
      const uid = text(item.v.getFirstPropertyValue('uid'), 500);
      if (!uid) throw new Refusal(item.line, 'this VEVENT has no UID (RFC 5545 requires one, and re-imports need it)');
      const recurrenceId = item.v.getFirstProperty('recurrence-id');
      const key = recurrenceId ? `${uid}#${String(recurrenceId.getFirstValue())}` : uid;
      const first = seen.get(key);
      if (first !== undefined)
        throw new Refusal(
          item.line,
          `the UID “${uid.slice(0, 80)}” appears twice in the file (first at line ${first})`,
        );
      seen.set(key, item.line);
      if (recurrenceId) {
        const list = overrides.get(uid) ?? [];
        list.push(item);
        overrides.set(uid, list);
      } else masters.push(item);
    }
    const masterUids = new Set(masters.map((m) => text(m.v.getFirstPropertyValue('uid'), 500)));
    for (const item of masters) {
      const result = readEvent(item.v, item.line, {
        now: options.now,
        zone: calendarZone,
        horizon,
        overrides: overrides.get(text(item.v.getFirstPropertyValue('uid'), 500)) ?? [],
      });
      if ('reason' in result) skipped.push(result);
      else events.push(...result);
    }
    // Overrides whose series is not in the file: one-off events of their own.
    for (const [uid, list] of overrides) {
      if (masterUids.has(uid)) continue;
      for (const o of list) {
        const single = readSingle(o.v, o.line, { now: options.now, zone: calendarZone, line: o.line });
        if (single.status !== 'cancelled') events.push(single);
      }
    }
  }
  if (events.length > ICAL_IMPORT_LIMITS.maxRows)
    throw new Refusal(
      null,
      `the file expands to ${events.length} events; the limit is ${ICAL_IMPORT_LIMITS.maxRows} (split it, or end its repeating events sooner)`,
    );
  return { ok: true, events, skipped, calendarName };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/**
 * Descriptions written as HTML (Google, Outlook) become Markdown text: line breaks and links kept, every other tag
 * and script content dropped by the hub's one sanitiser; the result is rendered and sanitised as all Markdown is.
 */
function fromHtml(value: string): string {
  if (!/<[a-z!/][^>]*>/i.test(value)) return value;
  const marked = value
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6])>/gi, '\n\n')
    .replace(
      /<a\s[^>]*href\s*=\s*"(https?:\/\/[^"\s]+)"[^>]*>([\s\S]*?)<\/a>/gi,
      (_m, href: string, label: string) => `[${label}](<${href}>)`,
    );
  const plain = markdownEngines().sanitize(marked, { allowedTags: [], allowedAttributes: {} });
  return plain
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ENTITIES[e] ?? '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function baseOf(v: ICAL.Component, line: number): Base {
  const uid = text(v.getFirstPropertyValue('uid'), 500);
  const location = text(v.getFirstPropertyValue('location'), EVENT_LIMITS.place);
  const url = webUrl(v.getFirstPropertyValue('url'));
  const links: string[] = [];
  for (const attach of v.getAllProperties('attach')) {
    // Attachments by address only; inline (base64) files are not taken.
    if (attach.getParameter('encoding') || attach.getParameter('value') === 'BINARY') continue;
    const href = webUrl(attach.getFirstValue());
    if (!href) continue;
    const name = text(attach.getParameter('filename') ?? attach.getParameter('x-filename') ?? '', 120);
    links.push(`- [${(name || href).replace(/[[\]]/g, '')}](<${href}>)`);
  }
  let description = fromHtml(text(v.getFirstPropertyValue('description'), EVENT_LIMITS.description));
  if (links.length) description = `${description}\n\nAttachments:\n\n${links.slice(0, 20).join('\n')}`.trim();
  const status = text(v.getFirstPropertyValue('status'), 20).toUpperCase() === 'CANCELLED' ? 'cancelled' : 'scheduled';
  const sequence = Number(v.getFirstPropertyValue('sequence') ?? 0);
  return {
    uid,
    line,
    sequence: Number.isInteger(sequence) && sequence >= 0 ? sequence : 0,
    title: text(v.getFirstPropertyValue('summary'), EVENT_LIMITS.title) || 'Untitled event',
    description: description.slice(0, EVENT_LIMITS.description),
    place: HTTP.test(location) ? '' : location,
    onlineUrl: HTTP.test(location) ? location : '',
    registrationUrl: url,
    status,
  };
}

/** DTSTART, DTEND (or DURATION) as instants, checked. */
function spanOf(v: ICAL.Component, ctx: Context, title: string) {
  const dtstart = v.getFirstProperty('dtstart');
  if (!dtstart) throw new Refusal(ctx.line, `the event “${title.slice(0, 60)}” has no DTSTART`);
  const start = instantOf(dtstart, ctx, 'DTSTART');
  const zone = start.zone ?? ctx.zone;
  const dtend = v.getFirstProperty('dtend');
  let endsAt: Date;
  if (dtend) endsAt = instantOf(dtend, { ...ctx, zone }, 'DTEND').at;
  else if (v.getFirstProperty('duration')) {
    const end = new ICAL.Event(v).endDate;
    endsAt = timeToInstant(end, dtstart.getParameter('tzid') as string | undefined, { ...ctx, zone }, 'DURATION').at;
  } else endsAt = start.allDay ? new Date(start.at.getTime() + 86_400_000) : start.at;
  if (endsAt < start.at) throw new Refusal(ctx.line, `the event “${title.slice(0, 60)}” ends before it starts`);
  return { startsAt: start.at, endsAt, zone, allDay: start.allDay };
}

function readSingle(v: ICAL.Component, line: number, ctx: Context): ImportedEvent {
  const base = baseOf(v, line);
  const span = spanOf(v, ctx, base.title);
  const recurrenceId = v.getFirstProperty('recurrence-id');
  const key = recurrenceId
    ? `${base.uid}#${instantOf(recurrenceId, { ...ctx, zone: span.zone }, 'RECURRENCE-ID').at.toISOString()}`
    : base.uid;
  return finish(base, {
    key,
    startsAt: span.startsAt,
    endsAt: span.endsAt,
    timeZone: span.zone,
    allDay: span.allDay,
    rrule: null,
    repeatsUntil: null,
    exdates: [],
  });
}

function readEvent(
  v: ICAL.Component,
  line: number,
  options: { now: Date; zone: string; horizon: Date; overrides: Array<{ v: ICAL.Component; line: number }> },
): ImportedEvent[] | SkippedEvent {
  const ctx: Context = { now: options.now, zone: options.zone, line };
  const base = baseOf(v, line);
  const span = spanOf(v, ctx, base.title);
  const duration = span.endsAt.getTime() - span.startsAt.getTime();
  if (duration > EVENT_LIMITS.maxDays * 86_400_000)
    return { uid: base.uid, line, reason: `it lasts more than ${EVENT_LIMITS.maxDays} days` };
  const rules = v.getAllProperties('rrule').map((p) => p.getFirstValue() as ICAL.Recur);
  const rdates = v.getAllProperties('rdate');
  const zoneCtx = { ...ctx, zone: span.zone };
  const overrides = options.overrides.map((o) => readSingle(o.v, o.line, { ...zoneCtx, line: o.line }));
  if (rules.length === 0 && rdates.length === 0) {
    return [
      finish(base, {
        key: base.uid,
        ...span,
        timeZone: span.zone,
        rrule: null,
        repeatsUntil: null,
        exdates: [],
      }),
      ...overrides.filter((o) => o.status !== 'cancelled'),
    ];
  }
  const rule = rules[0];
  if (rule && SUB_DAILY.has(rule.freq))
    return {
      uid: base.uid,
      line,
      reason: `it repeats ${rule.freq.toLowerCase()}; the hub keeps events that repeat at most daily`,
    };
  const dtstart = v.getFirstPropertyValue('dtstart') as ICAL.Time;
  const exdates = v.getAllProperties('exdate').flatMap((p) =>
    p
      .getValues()
      .filter((t): t is ICAL.Time => t instanceof ICAL.Time)
      .map((t) => timeToInstant(t, (p.getParameter('tzid') as string | undefined) ?? undefined, zoneCtx, 'EXDATE').at),
  );
  const repeat = rules.length === 1 && rdates.length === 0 && rule ? hubRepeat(rule, dtstart) : undefined;
  if (repeat && rule) {
    // The hub's own rule: its end from UNTIL, or COUNT's last occurrence; moved or cancelled occurrences excluded.
    let repeatsUntil: Date | null = null;
    if (rule.until)
      repeatsUntil = timeToInstant(
        rule.until,
        rule.until.isDate
          ? undefined
          : rule.until.zone?.tzid === 'UTC'
            ? undefined
            : (v.getFirstProperty('dtstart')?.getParameter('tzid') as string | undefined),
        zoneCtx,
        'UNTIL',
      ).at;
    else if (rule.count) {
      const it = new ICAL.Event(v).iterator();
      let last: ICAL.Time | undefined;
      for (let n = 0; n < rule.count && n < 10_000; n++) {
        const next = it.next();
        if (!next) break;
        last = next;
      }
      if (last)
        repeatsUntil = timeToInstant(
          last,
          v.getFirstProperty('dtstart')?.getParameter('tzid') as string | undefined,
          zoneCtx,
          'COUNT',
        ).at;
    }
    if (span.allDay && repeatsUntil) repeatsUntil = new Date(repeatsUntil.getTime() + 86_399_000);
    const moved = overrides.map((o) => o.key.slice(base.uid.length + 1));
    const excluded = [...new Set([...exdates.map((d) => d.toISOString()), ...moved])].sort();
    return [
      finish(base, {
        key: base.uid,
        ...span,
        timeZone: span.zone,
        rrule: rruleFor(repeat, repeatsUntil),
        repeatsUntil,
        exdates: excluded,
      }),
      ...overrides.filter((o) => o.status !== 'cancelled'),
    ];
  }
  // Any other rule: its occurrences as one-off events, bounded by the horizon (18 months from now). A rule with an
  // end keeps its past occurrences too; a rule without one starts a month back.
  const finite = rules.every((r) => r.isFinite()) || rules.length === 0;
  const from = finite ? new Date(-8.64e15) : new Date(options.now.getTime() - 31 * 86_400_000);
  const tzid = v.getFirstProperty('dtstart')?.getParameter('tzid') as string | undefined;
  const it = new ICAL.Event(v).iterator();
  const byKey = new Map(overrides.map((o) => [o.key, o]));
  const out: ImportedEvent[] = [];
  for (let n = 0; n < 50_000; n++) {
    const raw = it.next() as ICAL.Time | ICAL.Period | null;
    if (!raw) break;
    // An RDATE given as a period yields the period: its start is the occurrence.
    const next = raw instanceof ICAL.Period ? raw.start : raw;
    // Far before the window (wall time read as UTC is within a day of the instant): skip the zone arithmetic.
    const roughly = Date.UTC(next.year, next.month - 1, next.day, next.hour, next.minute);
    if (roughly + duration + 2 * 86_400_000 < from.getTime()) continue;
    const startsAt = timeToInstant(
      next,
      next.isDate ? undefined : next.zone?.tzid === 'UTC' ? undefined : tzid,
      zoneCtx,
      'RRULE',
    ).at;
    if (startsAt > options.horizon) break;
    if (startsAt.getTime() + duration < from.getTime()) continue;
    const key = `${base.uid}#${startsAt.toISOString()}`;
    const override = byKey.get(key);
    if (override) {
      byKey.delete(key);
      if (override.status !== 'cancelled') out.push(override);
    } else
      out.push(
        finish(base, {
          key,
          startsAt,
          endsAt: new Date(startsAt.getTime() + duration),
          timeZone: span.zone,
          allDay: span.allDay,
          rrule: null,
          repeatsUntil: null,
          exdates: [],
        }),
      );
    if (out.length > ICAL_IMPORT_LIMITS.maxOccurrences)
      return {
        uid: base.uid,
        line,
        reason: `it repeats more than ${ICAL_IMPORT_LIMITS.maxOccurrences} times in the next ${EVENT_LIMITS.horizonMonths} months`,
      };
  }
  for (const o of byKey.values()) if (o.status !== 'cancelled') out.push(o);
  return out;
}

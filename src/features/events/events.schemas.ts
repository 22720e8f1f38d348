/**
 * The event form, checked on the server: every problem is reported next to its field (400), nothing is saved
 * half. Times are read in the event's own zone and become instants here; lists are checked against the shared
 * vocabulary (topics, audiences, areas beyond ILL, regions).
 */
import { z } from 'zod';
import { type FieldErrors, type FormValues, list, str, text } from '../../platform/http/forms';
import { AUDIENCES } from '../library';
import {
  EVENT_COSTS,
  EVENT_FORMATS,
  EVENT_KINDS,
  EVENT_LEVELS,
  EVENT_LIMITS,
  type EventInput,
  LINK_KINDS,
  type LinkKind,
  REPEATS,
  type Speaker,
} from './events.models';
import { canonicalZone, parseLocal, zonedToUtc } from './events.time';

export interface FormContext {
  topicSlugs: ReadonlySet<string>;
  areaSlugs: ReadonlySet<string>;
  regionSlugs: ReadonlySet<string>;
  /** Hub groups by slug (active ones). */
  groupIdBySlug: ReadonlyMap<string, number>;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

const httpUrl = (label: string) =>
  text(label, EVENT_LIMITS.url, { optional: true }).refine(
    (v) => v === '' || /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(v),
    `${label} must be a web address starting with https:// or http://.`,
  );

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

const optionalDate = (label: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .refine((v) => v === '' || validDate(v), `${label} must be a date (YYYY-MM-DD).`)
    .transform((v) => (v === '' ? null : v));

const choice = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z.enum(values, { error: `Choose ${label}.` });

const baseSchema = z.object({
  title: text('Title', EVENT_LIMITS.title),
  summary: text('Summary', EVENT_LIMITS.summary, { optional: true }),
  description: text('Description', EVENT_LIMITS.description, { optional: true }),
  kind: choice('the kind of event', EVENT_KINDS),
  organiserGroup: z.string().optional(),
  organiserName: text('Organiser', EVENT_LIMITS.organiserName, { optional: true }),
  organiserUrl: httpUrl('Organiser’s link'),
  format: choice('a format', EVENT_FORMATS),
  place: text('Place', EVENT_LIMITS.place, { optional: true }),
  onlineUrl: httpUrl('Online link'),
  cost: choice('the cost', EVENT_COSTS),
  feeAmount: text('Fee', EVENT_LIMITS.fee, { optional: true }),
  level: choice('a level', EVENT_LEVELS),
  repeat: choice('how it repeats', REPEATS),
  accessibility: text('Accessibility', EVENT_LIMITS.accessibility, { optional: true }),
  registrationUrl: httpUrl('Registration link'),
  registrationDeadline: optionalDate('Registration deadline'),
  cfpDeadline: optionalDate('Call-for-proposals deadline'),
  repeatsUntil: optionalDate('Repeats until'),
});

function slugList(
  values: FormValues,
  name: string,
  label: string,
  known: ReadonlySet<string>,
  errors: FieldErrors,
): string[] {
  const items = [...new Set(list(values, name).filter(Boolean))];
  if (items.length > EVENT_LIMITS.listItems) errors[name] = `${label}: choose at most ${EVENT_LIMITS.listItems}.`;
  const unknown = items.find((v) => !known.has(v));
  if (unknown !== undefined)
    errors[name] = `${label}: “${unknown.slice(0, 60)}” is not in the list. Choose from the list.`;
  return items;
}

/**
 * An all-day event's bound: midnight in `zone` at the start of the value's day, or `days` later. Only the date of
 * a datetime-local value counts (a plain date is taken too).
 */
function allDayBounds(value: string, zone: string, days = 0): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2})?)?$/.exec(value.trim());
  if (!m || !validDate(m[1]!)) return undefined;
  const day = new Date(`${m[1]}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return zonedToUtc(
    { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: 0, minute: 0 },
    zone,
  );
}

/** Read the event form. */
export function parseEventForm(values: FormValues, ctx: FormContext): Parsed<EventInput> {
  const parsed = baseSchema.safeParse(values);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '_form');
      errors[key] ??= issue.message;
    }
  }
  const zone = canonicalZone(str(values, 'timeZone'));
  if (!zone) errors.timeZone = 'Time zone: choose a zone from the list (e.g. Europe/London, America/Chicago).';
  const allDay = str(values, 'allDay') === 'on';
  const read = (name: string, zone: string, days: number) =>
    allDay ? allDayBounds(str(values, name), zone, days) : parseLocal(str(values, name), zone);
  const startsAt = zone ? read('startsAt', zone, 0) : undefined;
  // An all-day event ends at the midnight after its last day.
  const endsAt = zone ? read('endsAt', zone, 1) : undefined;
  if (zone && !startsAt) errors.startsAt = allDay ? 'Starts: give the first day.' : 'Starts: give a date and time.';
  if (zone && !endsAt) errors.endsAt = allDay ? 'Ends: give the last day.' : 'Ends: give a date and time.';
  if (startsAt && endsAt) {
    if (endsAt <= startsAt)
      errors.endsAt = allDay ? 'Ends (the last day) must be on or after Starts.' : 'Ends must be after Starts.';
    else if (endsAt.getTime() - startsAt.getTime() > EVENT_LIMITS.maxDays * 86_400_000)
      errors.endsAt = `An event lasts at most ${EVENT_LIMITS.maxDays} days: add a long course as a recurring event or as sessions.`;
  }
  const audiences = slugList(values, 'audiences', 'Audience', new Set(AUDIENCES), errors);
  const topics = slugList(values, 'topics', 'Topics', ctx.topicSlugs, errors);
  const areas = slugList(values, 'areas', 'Skills beyond ILL', ctx.areaSlugs, errors);
  const regions = slugList(values, 'regions', 'Regions', ctx.regionSlugs, errors);

  const groupSlug = str(values, 'organiserGroup').trim();
  let organiserGroupId: number | null = null;
  if (groupSlug) {
    const id = ctx.groupIdBySlug.get(groupSlug);
    if (id === undefined) errors.organiserGroup = 'Organising group: choose a group from the list.';
    else organiserGroupId = id;
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const data = parsed.data;
  if (!organiserGroupId && !data.organiserName)
    errors.organiserName = 'Organiser: choose a group on the hub or name the organisation.';
  if ((data.format === 'in_person' || data.format === 'hybrid') && !data.place)
    errors.place = 'Place: say where it happens (venue and city).';
  if (data.cost !== 'free' && !data.feeAmount) errors.feeAmount = 'Fee: give the amount (e.g. USD 50, members USD 30).';
  let repeatsUntil: Date | null = null;
  if (data.repeat !== 'none' && data.repeatsUntil) {
    repeatsUntil = new Date(`${data.repeatsUntil}T23:59:59Z`);
    if (startsAt && repeatsUntil < startsAt) errors.repeatsUntil = 'Repeats until must be on or after the first date.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    data: {
      title: data.title,
      summary: data.summary,
      description: data.description,
      kind: data.kind,
      organiserGroupId,
      organiserName: data.organiserName,
      organiserUrl: data.organiserUrl,
      format: data.format,
      place: data.place,
      onlineUrl: data.onlineUrl,
      startsAt: startsAt!,
      endsAt: endsAt!,
      timeZone: zone!,
      allDay,
      repeat: data.repeat,
      repeatsUntil,
      cost: data.cost,
      feeAmount: data.cost === 'free' ? '' : data.feeAmount,
      level: data.level,
      audiences,
      topics,
      areas,
      regions,
      captions: str(values, 'captions') === 'on',
      signLanguage: str(values, 'signLanguage') === 'on',
      accessibility: data.accessibility,
      registrationUrl: data.registrationUrl,
      registrationDeadline: data.registrationDeadline,
      cfpDeadline: data.cfpDeadline,
    },
  };
}

export interface SessionInput {
  title: string;
  speakers: Speaker[];
  startsAt: Date;
  endsAt: Date;
  room: string;
  link: string;
  materials: string;
}

const sessionSchema = z.object({
  title: text('Session title', EVENT_LIMITS.sessionTitle),
  speakers: text('Speakers', EVENT_LIMITS.speakers, { optional: true }),
  room: text('Room', EVENT_LIMITS.room, { optional: true }),
  link: httpUrl('Session link'),
  materials: text('Materials', EVENT_LIMITS.materials, { optional: true }),
});

/**
 * A session, its times in the event's zone. Speakers are comma-separated; "@username" names a member (checked by
 * the use case), anything else is a named person.
 */
export function parseSessionForm(values: FormValues, zone: string): Parsed<SessionInput> {
  const parsed = sessionSchema.safeParse(values);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '_form')] ??= issue.message;
  }
  const startsAt = parseLocal(str(values, 'startsAt'), zone);
  const endsAt = parseLocal(str(values, 'endsAt'), zone);
  if (!startsAt) errors.startsAt = 'Session starts: give a date and time.';
  if (!endsAt) errors.endsAt = 'Session ends: give a date and time.';
  if (startsAt && endsAt && endsAt <= startsAt) errors.endsAt = 'Session ends must be after Session starts.';
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const speakers = parsed.data.speakers
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 20)
    .map((s): Speaker => (s.startsWith('@') ? { name: s.slice(1), username: s.slice(1) } : { name: s }));
  return { ok: true, data: { ...parsed.data, speakers, startsAt: startsAt!, endsAt: endsAt! } };
}

const linkSchema = z.object({
  kind: z.enum(LINK_KINDS, { error: 'Choose what the link is.' }),
  title: text('Link title', 200),
  url: httpUrl('Address').refine((v) => v !== '', 'Address is required.'),
});

export function parseLinkForm(values: FormValues): Parsed<{ kind: LinkKind; title: string; url: string }> {
  const parsed = linkSchema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '_form')] ??= issue.message;
  return { ok: false, errors };
}

const teachBackSchema = z.object({ body: text('Your note', EVENT_LIMITS.teachBack, { min: 20 }) });

export function parseTeachBackForm(values: FormValues): Parsed<{ body: string }> {
  const parsed = teachBackSchema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '_form')] ??= issue.message;
  return { ok: false, errors };
}

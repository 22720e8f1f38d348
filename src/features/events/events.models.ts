/** Types, vocabularies and limits of events, defined once for schema, views and use cases. */
import type { SafeHtml } from '../../platform/content/markdown';

export const EVENT_KINDS = ['conference', 'workshop', 'webinar', 'course', 'meetup', 'cfp'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  conference: 'Conference',
  workshop: 'Workshop',
  webinar: 'Webinar',
  course: 'Course',
  meetup: 'Meetup',
  cfp: 'Call for proposals',
};

export const EVENT_FORMATS = ['in_person', 'virtual', 'hybrid', 'on_demand'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];
export const EVENT_FORMAT_LABELS: Record<EventFormat, string> = {
  in_person: 'In person',
  virtual: 'Virtual',
  hybrid: 'Hybrid (in person and online)',
  on_demand: 'On demand',
};

export const EVENT_COSTS = ['free', 'fee', 'member_rates'] as const;
export type EventCost = (typeof EVENT_COSTS)[number];
export const EVENT_COST_LABELS: Record<EventCost, string> = {
  free: 'Free',
  fee: 'Fee',
  member_rates: 'Fee, with member rates',
};

export const EVENT_LEVELS = ['all', 'introductory', 'intermediate', 'advanced'] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];
export const EVENT_LEVEL_LABELS: Record<EventLevel, string> = {
  all: 'All levels',
  introductory: 'Introductory',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

export const REPEATS = ['none', 'weekly', 'monthly', 'yearly'] as const;
export type Repeat = (typeof REPEATS)[number];
export const REPEAT_LABELS: Record<Repeat, string> = {
  none: 'Does not repeat',
  weekly: 'Every week',
  monthly: 'Every month (same day of the month)',
  yearly: 'Every year',
};

export const LINK_KINDS = ['pre_read', 'recording', 'slides'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
export const LINK_KIND_LABELS: Record<LinkKind, string> = {
  pre_read: 'Pre-read',
  recording: 'Recording',
  slides: 'Slides',
};

export const EVENT_LIMITS = {
  title: 200,
  summary: 500,
  description: 20_000,
  organiserName: 200,
  url: 500,
  place: 300,
  fee: 100,
  accessibility: 1000,
  listItems: 12,
  /** An event lasts at most this many days (a long course is a series of sessions, or a recurrence). */
  maxDays: 366,
  sessions: 100,
  sessionTitle: 200,
  speakers: 500,
  materials: 2000,
  room: 300,
  links: 50,
  teachBack: 5000,
  /** Events a member may create or change per hour (every entry point: form, import, API). */
  writesPerHour: 30,
  /** Teach-back notes and links a member may add per hour. */
  notesPerHour: 20,
  /** "Interested" / "attending" changes a member may make per hour. */
  attendancePerHour: 60,
  /** Recurring events are expanded this many months ahead (an RRULE with no end is bounded here). */
  horizonMonths: 18,
  pageSize: 50,
  /** Occurrences a month view shows (narrow the filters for the rest). */
  monthItems: 300,
  /** Entries a day of the month view shows; the rest are "+N more", linking to the day's list. */
  monthPerDay: 4,
  /** Events in one subscribed calendar file. */
  calendarItems: 1000,
  /** A question for the speakers (plain text), and how many one event holds (its page lists them all). */
  question: 1000,
  questionsPerEvent: 200,
} as const;

/** Entries that outlive one date (recurring, on demand) are checked again by their group this often. */
export const REVIEW_MONTHS = 12;

export interface CalendarEvent {
  id: number;
  title: string;
  summary: string;
  description: string;
  descriptionHtml: SafeHtml | null;
  kind: EventKind;
  organiserGroupId: number | null;
  organiserName: string;
  organiserUrl: string;
  format: EventFormat;
  place: string;
  onlineUrl: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  /** Dates, not times: midnight to midnight in `timeZone`, shown as "all day" and exported as DATE values. */
  allDay: boolean;
  rrule: string | null;
  repeatsUntil: Date | null;
  cost: EventCost;
  feeAmount: string;
  level: EventLevel;
  audiences: string[];
  topics: string[];
  areas: string[];
  regions: string[];
  captions: boolean;
  signLanguage: boolean;
  accessibility: string;
  registrationUrl: string;
  registrationDeadline: string | null;
  cfpDeadline: string | null;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  reviewDue: string | null;
  threadId: number | null;
  /** Occurrences of the rule that do not happen (ISO instants): imported EXDATEs and moved occurrences. */
  exdates: string[];
  /**
   * Imported events: where from ("feed:<id>", "feed-url:<address>" once that feed is stopped, "user:<id>",
   * "operator"), the UID there, its SEQUENCE and hash.
   */
  importSource: string | null;
  importUid: string | null;
  importSequence: number | null;
  importHash: string | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a form gives (validated): the event's fields with its times already turned into instants. */
export interface EventInput {
  title: string;
  summary: string;
  description: string;
  kind: EventKind;
  organiserGroupId: number | null;
  organiserName: string;
  organiserUrl: string;
  format: EventFormat;
  place: string;
  onlineUrl: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  /** Starts at midnight of its first day and ends at midnight after its last, in `timeZone`. */
  allDay: boolean;
  repeat: Repeat;
  repeatsUntil: Date | null;
  cost: EventCost;
  feeAmount: string;
  level: EventLevel;
  audiences: string[];
  topics: string[];
  areas: string[];
  regions: string[];
  captions: boolean;
  signLanguage: boolean;
  accessibility: string;
  registrationUrl: string;
  registrationDeadline: string | null;
  cfpDeadline: string | null;
}

export interface Speaker {
  name: string;
  username?: string;
}

export interface EventSession {
  id: number;
  eventId: number;
  title: string;
  speakers: Speaker[];
  startsAt: Date;
  endsAt: Date;
  room: string;
  link: string;
  materials: string;
  /** The session's own forum thread, once an organiser started it. */
  threadId?: number | null;
}

export interface EventLink {
  id: number;
  eventId: number;
  kind: LinkKind;
  title: string;
  url: string;
  createdAt: Date;
}

export interface TeachBack {
  id: number;
  eventId: number;
  authorName: string;
  bodyHtml: SafeHtml;
  createdAt: Date;
}

/** One occurrence of an event on the calendar (a one-off event has one). */
export interface Occurrence {
  event: CalendarEvent;
  startsAt: Date;
  endsAt: Date;
}

/** The list's filters, combinable; the same set drives /events, /events/month and /events.ics. */
export interface EventFilters {
  free?: boolean;
  virtual?: boolean;
  thisMonth?: boolean;
  newStaff?: boolean;
  /** Skills beyond ILL: events with at least one non-ILL area. */
  beyondIll?: boolean;
  topic?: string | undefined;
  /** A group's id. */
  organiser?: number | undefined;
  region?: string | undefined;
  /** Only events this member marked attending (their own list view; never in /events.ics, which has no member). */
  attendingUserId?: number | undefined;
}

export function eventUrl(id: number): string {
  return `/events/${id}`;
}

export function eventIcsUrl(id: number): string {
  return `/events/${id}/calendar.ics`;
}

/** The import_source of a subscribed feed's events. */
export const feedSource = (feedId: number): string => `feed:${feedId}`;
/**
 * The import_source of the events a stopped feed left behind, by the calendar's normalised address: the next
 * subscription of that address takes them over, so its refreshes update them instead of adding them again.
 */
export const keptFeedSource = (urlKey: string): string => `feed-url:${urlKey}`;

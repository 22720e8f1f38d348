import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import { groups } from '../groups/groups.table';

/**
 * Conferences, workshops, webinars, courses, meetups and calls for proposals ("calendar_" because the hub's
 * audit trail already owns the table name "events"). Times are instants (UTC) plus the IANA zone the organiser
 * gave, so a reader sees them in their own zone and the event's zone stays beside it.
 */
export const calendarEvents = pgTable(
  'calendar_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    description: text('description').notNull().default(''),
    descriptionHtml: text('description_html'),
    /** conference, workshop, webinar, course, meetup, cfp. */
    kind: text('kind').notNull(),
    /** A group on the hub (committee, consortium…), else a named organisation with a link. */
    organiserGroupId: integer('organiser_group_id').references(() => groups.id, { onDelete: 'set null' }),
    organiserName: text('organiser_name').notNull().default(''),
    organiserUrl: text('organiser_url').notNull().default(''),
    /** in_person, virtual, hybrid, on_demand. */
    format: text('format').notNull(),
    place: text('place').notNull().default(''),
    onlineUrl: text('online_url').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    timeZone: text('time_zone').notNull(),
    /**
     * Dates, not times (an iCalendar DATE, or "All-day event" on the form): starts at midnight of its first day and
     * ends at midnight after its last, in `time_zone`; shown as "all day", exported as DATE values.
     */
    allDay: boolean('all_day').notNull().default(false),
    /** An RFC 5545 RRULE value (FREQ=WEEKLY;UNTIL=…), or null for a one-off event. */
    rrule: text('rrule'),
    /** The last day an occurrence may start (null: one-off, or bounded by the horizon). */
    repeatsUntil: timestamp('repeats_until', { withTimezone: true }),
    /** free, fee, member_rates. */
    cost: text('cost').notNull(),
    feeAmount: text('fee_amount').notNull().default(''),
    /** all, introductory, intermediate, advanced. */
    level: text('level').notNull().default('all'),
    /** The library's audiences (new, experienced, manager). */
    audiences: text('audiences').array().notNull().default([]),
    /** The library's topic slugs. */
    topics: text('topics').array().notNull().default([]),
    /** Skills beyond ILL (vocabulary: training-areas.yaml). */
    areas: text('areas').array().notNull().default([]),
    /** Regions (vocabulary: regions.yaml); none = anywhere. */
    regions: text('regions').array().notNull().default([]),
    captions: boolean('captions').notNull().default(false),
    signLanguage: boolean('sign_language').notNull().default(false),
    accessibility: text('accessibility').notNull().default(''),
    registrationUrl: text('registration_url').notNull().default(''),
    registrationDeadline: date('registration_deadline'),
    cfpDeadline: date('cfp_deadline'),
    /** scheduled or cancelled. */
    status: text('status').notNull().default('scheduled'),
    /** RFC 5545 SEQUENCE: raised on every change, so calendars replace their copy. */
    sequence: integer('sequence').notNull().default(0),
    /** When the maintaining group should check the entry again (for entries that outlive one date). */
    reviewDue: date('review_due'),
    /** The forum thread for talk during and after the event (community feature). */
    threadId: integer('thread_id'),
    /** Occurrences of the rule that do not happen (iCalendar EXDATE, or moved by a RECURRENCE-ID): ISO instants. */
    exdates: text('exdates').array().notNull().default([]),
    /**
     * Imported events: where from ("feed:<id>", "feed-url:<url_key>" once that feed is stopped, "user:<id>",
     * "operator") and the UID there (+ "#" recurrence).
     */
    importSource: text('import_source'),
    importUid: text('import_uid'),
    /** The imported VEVENT's SEQUENCE and a hash of what was taken from it (unchanged: no update, no new SEQUENCE). */
    importSequence: integer('import_sequence'),
    importHash: text('import_hash'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('calendar_events_starts_idx').on(t.startsAt),
    index('calendar_events_ends_idx').on(t.endsAt),
    index('calendar_events_created_idx').on(t.createdAt),
    index('calendar_events_organiser_idx').on(t.organiserGroupId),
    uniqueIndex('calendar_events_import_uid_idx').on(t.importSource, t.importUid),
  ],
);

/** Sessions inside an event: title, speakers (members or named people), time, room or link, materials. */
export const calendarSessions = pgTable(
  'calendar_sessions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => calendarEvents.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** Each speaker: a display name, and the member's username when the speaker is a member. */
    speakers: jsonb('speakers').$type<Array<{ name: string; username?: string }>>().notNull().default([]),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    room: text('room').notNull().default(''),
    link: text('link').notNull().default(''),
    materials: text('materials').notNull().default(''),
    /** The session's own forum thread (started by an organiser), beside the event's live thread. */
    threadId: integer('thread_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('calendar_sessions_event_idx').on(t.eventId, t.startsAt)],
);

/** Links kept with an event: pre-reads before it, recordings and slides after it. */
export const calendarLinks = pgTable(
  'calendar_links',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => calendarEvents.id, { onDelete: 'cascade' }),
    /** pre_read, recording, slides. */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    url: text('url').notNull(),
    addedBy: integer('added_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('calendar_links_event_idx').on(t.eventId)],
);

/** Teach-back notes: "what I learned and will change", kept on the event's page for good. */
export const calendarTeachbacks = pgTable(
  'calendar_teachbacks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => calendarEvents.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    bodyHtml: text('body_html'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('calendar_teachbacks_event_idx').on(t.eventId, t.createdAt)],
);

/**
 * Captions (WebVTT, validated) and transcripts of a recording link: one per recording, shown on the event's
 * page as text and indexed in search. `vtt` is the uploaded file as given (served back as text/vtt).
 */
export const calendarTranscripts = pgTable('calendar_transcripts', {
  linkId: bigint('link_id', { mode: 'number' })
    .primaryKey()
    .references(() => calendarLinks.id, { onDelete: 'cascade' }),
  eventId: integer('event_id')
    .notNull()
    .references(() => calendarEvents.id, { onDelete: 'cascade' }),
  vtt: text('vtt'),
  text: text('text').notNull(),
  addedBy: integer('added_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Slides and handouts uploaded to an event (PDF or image, type decided from the bytes as library files are). */
export const calendarFiles = pgTable(
  'calendar_files',
  {
    id: text('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => calendarEvents.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('calendar_files_event_idx').on(t.eventId)],
);

/**
 * iCalendar feeds an organiser subscribed the hub to: refreshed by a job; a refresh that fails keeps the events and
 * shows its error to the feed's owner. Its events carry import_source "feed:<id>"; when the feed is stopped they are
 * re-labelled "feed-url:<url_key>", so that a later subscription of the same address adopts them.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ownerId: integer('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** The address normalised (feedUrlKey): one active subscription per calendar, whoever subscribed it. */
    urlKey: text('url_key').notNull(),
    /** What every event of the feed gets that iCalendar does not say (kind, cost, organiser, zone for floating times). */
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    lastFetchedAt: timestamp('last_fetched_at', { withTimezone: true }),
    lastOkAt: timestamp('last_ok_at', { withTimezone: true }),
    lastError: text('last_error'),
    eventCount: integer('event_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('calendar_feeds_owner_idx').on(t.ownerId), index('calendar_feeds_url_key_idx').on(t.urlKey)],
);

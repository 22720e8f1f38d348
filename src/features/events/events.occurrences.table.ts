import { boolean, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import { calendarEvents } from './events.table';

/**
 * Every occurrence of every scheduled event up to the hub's horizon (18 months ahead), kept by the event's writes
 * in their transaction and carried forward by a daily job (docs/decisions/029), so lists and the month view read
 * an indexed range instead of expanding rules. A one-off event has one row; a cancelled event has none.
 * `long` marks occurrences over a week long: the few that a "starts within the last week" range cannot find.
 */
export const eventOccurrences = pgTable(
  'event_occurrences',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => calendarEvents.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    long: boolean('long').notNull().default(false),
    /**
     * An all-day event's zone: its occurrence's day is the date there for every reader (a date is not an instant);
     * null for timed events, whose day is the reader's (the month view, docs/decisions/036).
     */
    dayZone: text('day_zone'),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.startsAt] }),
    index('event_occurrences_starts_idx').on(t.startsAt, t.eventId),
    index('event_occurrences_long_idx').on(t.endsAt).where(sql`${t.long}`),
  ],
);

/**
 * A member's "interested" or "attending" for an event: private to them (others see only counts), in their data
 * export, the basis of the reminder a day before and of the notice when a recording is posted.
 */
export const eventAttendance = pgTable(
  'event_attendance',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => calendarEvents.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** interested or attending. */
    choice: text('choice').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] }), index('event_attendance_user_idx').on(t.userId, t.choice)],
);

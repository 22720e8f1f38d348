import { integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';

/**
 * A member's personal calendar address (`/events/calendar/<key>.ics`): the events they marked attending (and, if
 * they ask, interested), for calendar apps that cannot send a cookie. One per member; only the key's SHA-256 is
 * kept, so the address is shown once, when it is made. Making a new one replaces (revokes) the old.
 */
export const eventCalendarKeys = pgTable(
  'event_calendar_keys',
  {
    userId: integer('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** sha256(key), base64url: the key itself is never stored. */
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('event_calendar_keys_hash_idx').on(t.keyHash)],
);

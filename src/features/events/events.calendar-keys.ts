/**
 * A member's personal calendar address: calendar apps cannot send the hub's session cookie, so a member who wants
 * the events they marked attending in their own calendar gets a secret address instead. The key is random
 * (160 bits), only its SHA-256 is stored (so it is shown once, when made), and making a new one revokes the old.
 * A wrong or revoked key finds nothing (the route answers 404).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { newToken, sha256 } from '../../platform/auth/tokens';
import type { SafeHtml } from '../../platform/content/markdown';
import type { DbOrTx } from '../../platform/db/database';
import type { AttendanceChoice } from './events.attendance';
import { eventCalendarKeys } from './events.calendar-keys.table';
import type { CalendarEvent } from './events.models';
import { eventAttendance } from './events.occurrences.table';
import { calendarEvents } from './events.table';

export const CALENDAR_KEY_LIMITS = {
  /** Random bytes in a key: 20 bytes = 160 bits, 27 base64url characters. */
  keyBytes: 20,
  /** New addresses a member may make per hour. */
  makePerHour: 10,
  /** Events in one personal calendar (the most recent first). */
  items: 500,
} as const;

/** What a key looks like; anything else is not looked up. */
const KEY_SHAPE = /^[A-Za-z0-9_-]{20,64}$/;

export function personalCalendarUrl(key: string): string {
  return `/events/calendar/${key}.ics`;
}

/** The member's current address, without its key (we do not have it): only whether there is one, and since when. */
export async function calendarKeyOf(db: DbOrTx, userId: number): Promise<{ createdAt: Date } | null> {
  const rows = await db
    .select({ createdAt: eventCalendarKeys.createdAt })
    .from(eventCalendarKeys)
    .where(eq(eventCalendarKeys.userId, userId))
    .limit(1);
  return rows[0] ?? null;
}

/** Make a new key for the member, replacing any old one (which stops working at once). Returns the key. */
export async function replaceCalendarKey(db: DbOrTx, userId: number, now: Date): Promise<string> {
  const key = newToken(CALENDAR_KEY_LIMITS.keyBytes);
  const keyHash = sha256(key);
  await db
    .insert(eventCalendarKeys)
    .values({ userId, keyHash, createdAt: now })
    .onConflictDoUpdate({ target: eventCalendarKeys.userId, set: { keyHash, createdAt: now } });
  return key;
}

export async function deleteCalendarKeyOf(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(eventCalendarKeys).where(eq(eventCalendarKeys.userId, userId));
}

/** The member a key belongs to, or null for a malformed, wrong or revoked key. */
export async function ownerOfCalendarKey(db: DbOrTx, key: string): Promise<number | null> {
  if (!KEY_SHAPE.test(key)) return null;
  const rows = await db
    .select({ userId: eventCalendarKeys.userId })
    .from(eventCalendarKeys)
    .where(eq(eventCalendarKeys.keyHash, sha256(key)))
    .limit(1);
  return rows[0]?.userId ?? null;
}

/** The events a member marked with one of `choices` (cancelled ones too, so calendars drop them), newest first. */
export async function markedEvents(
  db: DbOrTx,
  userId: number,
  choices: readonly AttendanceChoice[],
): Promise<CalendarEvent[]> {
  const rows = await db
    .select({ event: calendarEvents })
    .from(eventAttendance)
    .innerJoin(calendarEvents, eq(calendarEvents.id, eventAttendance.eventId))
    .where(and(eq(eventAttendance.userId, userId), inArray(eventAttendance.choice, [...choices])))
    .orderBy(desc(calendarEvents.startsAt), desc(calendarEvents.id))
    .limit(CALENDAR_KEY_LIMITS.items);
  return rows.map(({ event }) => ({
    ...event,
    descriptionHtml: event.descriptionHtml as SafeHtml | null,
    kind: event.kind as CalendarEvent['kind'],
    format: event.format as CalendarEvent['format'],
    cost: event.cost as CalendarEvent['cost'],
    level: event.level as CalendarEvent['level'],
    status: event.status as CalendarEvent['status'],
  }));
}

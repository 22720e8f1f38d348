/**
 * The events a member marked "attending" that have begun, for their learning log (the learning feature reads it
 * through index.ts). Private to the member, like the choice itself.
 */
import { and, asc, eq, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import { eventUrl } from './events.models';
import { eventAttendance } from './events.occurrences.table';
import { calendarEvents } from './events.table';

export interface AttendedEvent {
  eventId: number;
  title: string;
  url: string;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  /** Repeats (a series): its first occurrence's times only are given. */
  recurring: boolean;
}

/** Events the member attends whose (first) start is at or before `now`, oldest first. Cancelled ones are left out. */
export async function eventsAttendedBy(db: DbOrTx, userId: number, now: Date, limit = 1000): Promise<AttendedEvent[]> {
  const rows = await db
    .select({
      eventId: calendarEvents.id,
      title: calendarEvents.title,
      status: calendarEvents.status,
      startsAt: calendarEvents.startsAt,
      endsAt: calendarEvents.endsAt,
      allDay: calendarEvents.allDay,
      rrule: calendarEvents.rrule,
    })
    .from(eventAttendance)
    .innerJoin(calendarEvents, eq(calendarEvents.id, eventAttendance.eventId))
    .where(
      and(
        eq(eventAttendance.userId, userId),
        eq(eventAttendance.choice, 'attending'),
        lte(calendarEvents.startsAt, now),
      ),
    )
    .orderBy(asc(calendarEvents.startsAt))
    .limit(limit);
  return rows
    .filter((r) => r.status !== 'cancelled')
    .map((r) => ({
      eventId: r.eventId,
      title: r.title,
      url: eventUrl(r.eventId),
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      allDay: r.allDay,
      recurring: r.rrule !== null,
    }));
}

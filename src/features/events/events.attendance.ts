/**
 * "Interested" and "attending": a member's private choice about an event. Others see counts only; the member sees
 * their own choice, their "My events" page and their data export. The choice drives two notices through the hub's
 * notifications: a reminder a day before each occurrence of an event they attend, and a notice when a recording is
 * posted to an event they attend or are interested in.
 */
import { and, asc, eq, gt, inArray, lte, min, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import { notify } from '../notifications';
import { type EventFormat, eventUrl } from './events.models';
import { dayKey } from './events.time';
import { eventAttendance, eventOccurrences } from './events.occurrences.table';
import { calendarEvents } from './events.table';

export const ATTENDANCE_CHOICES = ['interested', 'attending'] as const;
export type AttendanceChoice = (typeof ATTENDANCE_CHOICES)[number];
export const ATTENDANCE_LABELS: Record<AttendanceChoice, string> = {
  interested: 'Interested',
  attending: 'Attending',
};

export const EVENT_REMINDER_QUEUE = 'events:reminders';
/** Notification kinds the events feature sends. */
export const EVENT_NOTICE_KINDS = { reminder: 'event.reminder', recording: 'event.recording_posted' } as const;
/** Occurrences read per reminder run (the next run, an hour later, takes any that were left). */
const REMINDER_BATCH = 2000;

export async function attendanceOf(db: DbOrTx, eventId: number, userId: number): Promise<AttendanceChoice | null> {
  const rows = await db
    .select({ choice: eventAttendance.choice })
    .from(eventAttendance)
    .where(and(eq(eventAttendance.eventId, eventId), eq(eventAttendance.userId, userId)))
    .limit(1);
  return (rows[0]?.choice as AttendanceChoice | undefined) ?? null;
}

/** Set (or with null, clear) a member's choice. */
export async function writeAttendance(
  db: DbOrTx,
  input: { eventId: number; userId: number; choice: AttendanceChoice | null; now: Date },
): Promise<void> {
  const { eventId, userId, choice, now } = input;
  if (choice === null) {
    await db
      .delete(eventAttendance)
      .where(and(eq(eventAttendance.eventId, eventId), eq(eventAttendance.userId, userId)));
    return;
  }
  await db
    .insert(eventAttendance)
    .values({ eventId, userId, choice, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [eventAttendance.eventId, eventAttendance.userId],
      set: { choice, updatedAt: now },
    });
}

/** How many members are interested and attending (what everyone else sees). */
export async function attendanceCounts(
  db: DbOrTx,
  eventId: number,
): Promise<{ interested: number; attending: number }> {
  const rows = await db
    .select({ choice: eventAttendance.choice, n: sql<number>`count(*)::int` })
    .from(eventAttendance)
    .where(eq(eventAttendance.eventId, eventId))
    .groupBy(eventAttendance.choice);
  const count = (c: AttendanceChoice) => rows.find((r) => r.choice === c)?.n ?? 0;
  return { interested: count('interested'), attending: count('attending') };
}

export interface MyEvent {
  eventId: number;
  title: string;
  choice: AttendanceChoice;
  status: string;
  /** The next occurrence that has not ended, if any (none: over, or cancelled). */
  nextStartsAt: Date | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  allDay: boolean;
  format: EventFormat;
}

/** A member's marked events: upcoming ones first (by next occurrence), then the rest, newest first. */
export async function myEvents(db: DbOrTx, userId: number, now: Date, limit = 200): Promise<MyEvent[]> {
  const next = db
    .select({ eventId: eventOccurrences.eventId, nextStartsAt: min(eventOccurrences.startsAt).as('next_starts_at') })
    .from(eventOccurrences)
    .innerJoin(eventAttendance, eq(eventAttendance.eventId, eventOccurrences.eventId))
    .where(and(eq(eventAttendance.userId, userId), gt(eventOccurrences.endsAt, now)))
    .groupBy(eventOccurrences.eventId)
    .as('next');
  const rows = await db
    .select({
      eventId: calendarEvents.id,
      title: calendarEvents.title,
      choice: eventAttendance.choice,
      status: calendarEvents.status,
      nextStartsAt: next.nextStartsAt,
      startsAt: calendarEvents.startsAt,
      endsAt: calendarEvents.endsAt,
      timeZone: calendarEvents.timeZone,
      allDay: calendarEvents.allDay,
      format: calendarEvents.format,
    })
    .from(eventAttendance)
    .innerJoin(calendarEvents, eq(calendarEvents.id, eventAttendance.eventId))
    .leftJoin(next, eq(next.eventId, eventAttendance.eventId))
    .where(eq(eventAttendance.userId, userId))
    .orderBy(sql`${next.nextStartsAt} asc nulls last`, sql`${calendarEvents.startsAt} desc`)
    .limit(limit);
  return rows.map((r) => ({
    ...r,
    choice: r.choice as AttendanceChoice,
    format: r.format as EventFormat,
    nextStartsAt: r.nextStartsAt ? new Date(r.nextStartsAt as unknown as string) : null,
  }));
}

/** Everything a member chose, for "download my data". */
export async function attendanceRows(db: DbOrTx, userId: number) {
  return db
    .select({
      eventId: eventAttendance.eventId,
      title: calendarEvents.title,
      choice: eventAttendance.choice,
      updatedAt: eventAttendance.updatedAt,
    })
    .from(eventAttendance)
    .innerJoin(calendarEvents, eq(calendarEvents.id, eventAttendance.eventId))
    .where(eq(eventAttendance.userId, userId))
    .orderBy(asc(eventAttendance.eventId));
}

export async function deleteAttendanceOf(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(eventAttendance).where(eq(eventAttendance.userId, userId));
}

/**
 * Tell the members who attend or are interested in an event that a recording was posted to it. Call it in the
 * transaction that adds the recording (a recording use case); `recordingKey` names the recording (its id), so each
 * member hears of each recording once, however often this runs. The poster is not told.
 */
export async function notifyRecordingPosted(
  tx: DbOrTx,
  input: { eventId: number; recordingKey: string | number; actorId: number | null; now: Date; title?: string },
): Promise<number> {
  const [event] = await tx
    .select({ id: calendarEvents.id, title: calendarEvents.title })
    .from(calendarEvents)
    .where(eq(calendarEvents.id, input.eventId))
    .limit(1);
  if (!event) return 0;
  const members = await tx
    .select({ userId: eventAttendance.userId })
    .from(eventAttendance)
    .where(and(eq(eventAttendance.eventId, event.id), inArray(eventAttendance.choice, [...ATTENDANCE_CHOICES])));
  const userIds = members.map((m) => m.userId);
  if (userIds.length === 0) return 0;
  await notify(tx, {
    userIds,
    kind: EVENT_NOTICE_KINDS.recording,
    actorId: input.actorId,
    subjectType: 'calendar_event',
    subjectId: String(event.id),
    url: eventUrl(event.id),
    title: `Recording posted: ${event.title}`,
    excerpt: input.title ? `“${input.title}” is on the event’s page.` : 'A recording is on the event’s page.',
    subjectTitle: event.title,
    context: 'Events',
    dedupeKey: `event-recording:${event.id}:${input.recordingKey}`,
    now: input.now,
  });
  return userIds.length;
}

/**
 * The hourly reminder job: every member attending an event hears of each occurrence that starts within the next
 * day, once (the notification's dedupe key names the occurrence), so a run that repeats, or a member who marks
 * "attending" an hour before, is handled alike. Returns how many occurrences it looked at.
 */
export async function sendEventReminders(db: DbOrTx, now: Date): Promise<number> {
  const dayAhead = new Date(now.getTime() + 86_400_000);
  const rows = await db
    .select({
      eventId: eventOccurrences.eventId,
      startsAt: eventOccurrences.startsAt,
      title: calendarEvents.title,
      /** An all-day occurrence's zone (its date there is the day it happens). */
      dayZone: eventOccurrences.dayZone,
      userId: eventAttendance.userId,
    })
    .from(eventOccurrences)
    .innerJoin(calendarEvents, eq(calendarEvents.id, eventOccurrences.eventId))
    .innerJoin(eventAttendance, eq(eventAttendance.eventId, eventOccurrences.eventId))
    .where(
      and(
        gt(eventOccurrences.startsAt, now),
        lte(eventOccurrences.startsAt, dayAhead),
        eq(calendarEvents.status, 'scheduled'),
        eq(eventAttendance.choice, 'attending'),
      ),
    )
    .orderBy(asc(eventOccurrences.startsAt), asc(eventOccurrences.eventId))
    .limit(REMINDER_BATCH);
  type Entry = { eventId: number; startsAt: Date; dayZone: string | null; title: string; userIds: number[] };
  const byOccurrence = new Map<string, Entry>();
  for (const r of rows) {
    const key = `${r.eventId}:${r.startsAt.toISOString()}`;
    const { userId: _u, ...occurrence } = r;
    const entry = byOccurrence.get(key) ?? { ...occurrence, userIds: [] };
    entry.userIds.push(r.userId);
    byOccurrence.set(key, entry);
  }
  for (const [key, o] of byOccurrence) {
    await db.transaction((tx) =>
      notify(tx, {
        userIds: o.userIds,
        kind: EVENT_NOTICE_KINDS.reminder,
        actorId: null,
        subjectType: 'calendar_event',
        subjectId: String(o.eventId),
        url: eventUrl(o.eventId),
        title: `Tomorrow: ${o.title}`,
        excerpt: `${
          o.dayZone
            ? `All day on ${dayKey(o.startsAt, o.dayZone)}.`
            : `Starts ${o.startsAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`
        } You marked yourself as attending.`,
        subjectTitle: o.title,
        context: 'Events',
        dedupeKey: `event-reminder:${key}`,
        now,
      }),
    );
  }
  return byOccurrence.size;
}

/**
 * An event as another feature shows it (the learning feature's cohorts: a course run alongside an event, its live
 * sessions coming from the event). Read through index.ts; nothing here writes.
 */
import type { DbOrTx } from '../../platform/db/database';
import { eventUrl } from './events.models';
import { findEvent, sessionsOf } from './events.repository';

export interface EventForCourse {
  id: number;
  title: string;
  url: string;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  timeZone: string;
  cancelled: boolean;
  /** The event's sessions in order (live sessions of a cohort); none when the event is one sitting. */
  sessions: Array<{ title: string; startsAt: Date; endsAt: Date }>;
}

/** The event with this id, or undefined when there is none (ids outside the integer range included). */
export async function eventForCourse(db: DbOrTx, id: number): Promise<EventForCourse | undefined> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return undefined;
  const event = await findEvent(db, id);
  if (!event) return undefined;
  const sessions = await sessionsOf(db, id);
  return {
    id: event.id,
    title: event.title,
    url: eventUrl(event.id),
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    allDay: event.allDay,
    timeZone: event.timeZone,
    cancelled: event.status === 'cancelled',
    sessions: sessions.map((s) => ({ title: s.title, startsAt: s.startsAt, endsAt: s.endsAt })),
  };
}

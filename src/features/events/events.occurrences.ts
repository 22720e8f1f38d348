/**
 * The occurrence table (docs/decisions/029): every occurrence of every scheduled event from its start (at most
 * ten years back) to the horizon, 18 months ahead. Rewritten for an event by each write that changes its times,
 * rule or status (in the write's transaction, from the repository), carried forward by a daily job, and filled
 * once for the events that existed before it.
 */
import { and, eq, gt, gte, inArray, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { getAppState, runOnce, setAppState } from '../../platform/db/app-state';
import type { Db, DbOrTx } from '../../platform/db/database';
import { type CalendarEvent, EVENT_LIMITS } from './events.models';
import { eventOccurrences } from './events.occurrences.table';
import { addMonths, occurrences, type Span } from './events.recurrence';
import { calendarEvents } from './events.table';

/** Occurrences longer than this are "long": found by their own small index, not by the recent-starts range. */
export const LONG_OCCURRENCE_MS = 7 * 86_400_000;
/** How far back a recurring event's occurrences are kept (month views of older months show one-off events only). */
const HISTORY_YEARS = 10;
/** The horizon the rows reach (ISO instant), kept in app_state. */
export const HORIZON_KEY = 'events.occurrences.horizon';
export const OCCURRENCES_BACKFILL_KEY = 'events.occurrences.v1';
export const OCCURRENCE_HORIZON_QUEUE = 'events:occurrence-horizon';

/** What the table needs of an event (with EXDATEs when the event has them: imported events). */
type Shape = Pick<CalendarEvent, 'id' | 'startsAt' | 'endsAt' | 'timeZone' | 'rrule' | 'repeatsUntil' | 'status'> & {
  exdates?: string[];
  allDay?: boolean;
};

export function horizonOf(now: Date): Date {
  return addMonths(now, EVENT_LIMITS.horizonMonths);
}

/** The occurrences an event should have in the table, seen at `now`, from `from` (default: as far back as kept). */
export function spansOf(event: Shape, now: Date, from?: Date): Span[] {
  if (event.status !== 'scheduled') return [];
  if (!event.rrule) return [{ startsAt: event.startsAt, endsAt: event.endsAt }];
  const oldest = new Date(now);
  oldest.setUTCFullYear(oldest.getUTCFullYear() - HISTORY_YEARS);
  const start = new Date(Math.max(event.startsAt.getTime(), oldest.getTime(), from?.getTime() ?? 0));
  return occurrences(event, start, horizonOf(now), now, 5000);
}

/** An event's rows: its spans, with the zone that decides an all-day occurrence's day. */
function rowsOf(event: Shape, spans: Span[]): Array<{ eventId: number; dayZone: string | null } & Span> {
  const dayZone = event.allDay ? event.timeZone : null;
  return spans.map((s) => ({ eventId: event.id, dayZone, ...s }));
}

async function insertSpans(db: DbOrTx, rows: Array<{ eventId: number; dayZone: string | null } & Span>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000).map((r) => ({
      eventId: r.eventId,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      long: r.endsAt.getTime() - r.startsAt.getTime() > LONG_OCCURRENCE_MS,
      dayZone: r.dayZone,
    }));
    await db.insert(eventOccurrences).values(chunk).onConflictDoNothing();
  }
}

/** Rewrite one event's occurrences (call in the transaction of the write that changed it). */
export async function syncOccurrences(db: DbOrTx, event: Shape, now: Date): Promise<void> {
  await db.delete(eventOccurrences).where(eq(eventOccurrences.eventId, event.id));
  await insertSpans(db, rowsOf(event, spansOf(event, now)));
}

/**
 * Rewrite many events' occurrences at once (an import: one delete and a few multi-row inserts instead of two
 * statements per event), in the caller's transaction. `fresh`: the events were just inserted, so they have no rows.
 */
export async function syncOccurrencesOf(
  db: DbOrTx,
  events: readonly Shape[],
  now: Date,
  options: { fresh?: boolean } = {},
): Promise<void> {
  if (events.length === 0) return;
  if (!options.fresh)
    await db.delete(eventOccurrences).where(
      inArray(
        eventOccurrences.eventId,
        events.map((e) => e.id),
      ),
    );
  await insertSpans(
    db,
    events.flatMap((e) => rowsOf(e, spansOf(e, now))),
  );
}

const SHAPE = {
  id: calendarEvents.id,
  startsAt: calendarEvents.startsAt,
  endsAt: calendarEvents.endsAt,
  timeZone: calendarEvents.timeZone,
  rrule: calendarEvents.rrule,
  repeatsUntil: calendarEvents.repeatsUntil,
  status: calendarEvents.status,
  exdates: calendarEvents.exdates,
  allDay: calendarEvents.allDay,
};

/** Pages of events (by id) matching `where`, rows rewritten or extended by `each`. */
async function forEachEvent(
  db: DbOrTx,
  where: ReturnType<typeof and>,
  each: (events: Shape[]) => Promise<void>,
): Promise<number> {
  let after = 0;
  let seen = 0;
  for (;;) {
    const rows = await db
      .select(SHAPE)
      .from(calendarEvents)
      .where(and(where, gt(calendarEvents.id, after)))
      .orderBy(calendarEvents.id)
      .limit(500);
    if (rows.length === 0) return seen;
    await each(rows as Shape[]);
    seen += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}

/** Fill the table for every scheduled event (events that existed before it; the bench's generated corpus). */
export async function rebuildOccurrences(db: DbOrTx, now: Date): Promise<number> {
  const count = await forEachEvent(db, eq(calendarEvents.status, 'scheduled'), async (events) => {
    await db.delete(eventOccurrences).where(
      inArray(
        eventOccurrences.eventId,
        events.map((e) => e.id),
      ),
    );
    await insertSpans(
      db,
      events.flatMap((e) => rowsOf(e, spansOf(e, now))),
    );
  });
  await setAppState(db, HORIZON_KEY, horizonOf(now).toISOString(), now);
  return count;
}

/** Once per database: the events written before the table existed get their rows. */
export function backfillOccurrences(db: Db, now: Date): Promise<boolean> {
  return runOnce(db, OCCURRENCES_BACKFILL_KEY, now, async (tx) => {
    await rebuildOccurrences(tx, now);
  });
}

/**
 * The daily job: recurring events gain the occurrences between the horizon the table reached and today's horizon.
 * Idempotent (rows already there are kept), so a run that repeats or overlaps an event's own write does no harm.
 */
export async function extendOccurrenceHorizon(db: Db, now: Date): Promise<{ events: number; horizon: Date }> {
  const target = horizonOf(now);
  const stored = await getAppState(db, HORIZON_KEY);
  const reached = stored ? new Date(stored) : now;
  if (reached >= target) return { events: 0, horizon: reached };
  // A day's overlap: an occurrence that straddles the old horizon is found again (and kept once).
  const from = new Date(reached.getTime() - 86_400_000);
  const events = await db.transaction(async (tx) => {
    const count = await forEachEvent(
      tx,
      and(
        eq(calendarEvents.status, 'scheduled'),
        isNotNull(calendarEvents.rrule),
        lt(calendarEvents.startsAt, target),
        or(isNull(calendarEvents.repeatsUntil), gte(calendarEvents.repeatsUntil, from)),
      ),
      async (rows) => {
        await insertSpans(
          tx,
          rows.flatMap((e) => rowsOf(e, spansOf(e, now, from))),
        );
      },
    );
    await setAppState(tx, HORIZON_KEY, target.toISOString(), now);
    return count;
  });
  return { events, horizon: target };
}

/** Keys in an update that change an event's occurrences. */
const OCCURRENCE_FIELDS = ['startsAt', 'endsAt', 'timeZone', 'allDay', 'rrule', 'repeatsUntil', 'status', 'exdates'];

export function changesOccurrences(values: Record<string, unknown>): boolean {
  return OCCURRENCE_FIELDS.some((k) => k in values);
}

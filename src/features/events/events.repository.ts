import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import type { SafeHtml } from '../../platform/content/markdown';
import { intArray, textArray } from '../../platform/db/arrays';
import { type DbOrTx, rowsOf } from '../../platform/db/database';
import type {
  CalendarEvent,
  EventFilters,
  EventLink,
  EventSession,
  LinkKind,
  Speaker,
  TeachBack,
} from './events.models';
import { changesOccurrences, LONG_OCCURRENCE_MS, syncOccurrences, syncOccurrencesOf } from './events.occurrences';
import { eventOccurrences } from './events.occurrences.table';
import { calendarEvents, calendarLinks, calendarSessions, calendarTeachbacks } from './events.table';

type Row = typeof calendarEvents.$inferSelect;
type Values = Omit<typeof calendarEvents.$inferInsert, 'id'>;

function toEvent(row: Row): CalendarEvent {
  return {
    ...row,
    descriptionHtml: row.descriptionHtml as SafeHtml | null,
    kind: row.kind as CalendarEvent['kind'],
    format: row.format as CalendarEvent['format'],
    cost: row.cost as CalendarEvent['cost'],
    level: row.level as CalendarEvent['level'],
    status: row.status as CalendarEvent['status'],
  };
}

export async function findEvent(
  db: DbOrTx,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<CalendarEvent | undefined> {
  const query = db.select().from(calendarEvents).where(eq(calendarEvents.id, id)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0] ? toEvent(rows[0]) : undefined;
}

/** Add an event; its occurrences are written in the same transaction (docs/decisions/029). */
export async function insertEvent(db: DbOrTx, values: Values): Promise<CalendarEvent> {
  const rows = await db.insert(calendarEvents).values(values).returning();
  const event = toEvent(rows[0]!);
  await syncOccurrences(db, event, values.updatedAt);
  return event;
}

/** Change an event; its SEQUENCE rises so subscribed calendars replace their copy. */
export async function updateEvent(db: DbOrTx, id: number, values: Partial<Values>): Promise<CalendarEvent> {
  const rows = await db
    .update(calendarEvents)
    .set({ ...values, sequence: sql`${calendarEvents.sequence} + 1` })
    .where(eq(calendarEvents.id, id))
    .returning();
  const event = toEvent(rows[0]!);
  // New times, rule or status (cancelled): the event's occurrences are rewritten in the same transaction.
  if (changesOccurrences(values)) await syncOccurrences(db, event, values.updatedAt ?? event.updatedAt);
  return event;
}

/** Rows per multi-row insert of events (about 40 bound values each). */
const INSERT_BATCH = 200;

/** Rewrite the occurrences of written events, grouped by the instant each write saw as now. */
async function syncWritten(db: DbOrTx, written: Array<{ event: CalendarEvent; now: Date }>, fresh: boolean) {
  const byNow = new Map<number, { now: Date; events: CalendarEvent[] }>();
  for (const { event, now } of written) {
    const group = byNow.get(now.getTime()) ?? { now, events: [] };
    group.events.push(event);
    byNow.set(now.getTime(), group);
  }
  for (const group of byNow.values()) await syncOccurrencesOf(db, group.events, group.now, { fresh });
}

/**
 * Add many events (an import), in the given order: multi-row inserts, then their occurrences in a few statements,
 * all in the caller's transaction — the same rows as `insertEvent` for each.
 */
export async function insertEvents(db: DbOrTx, values: readonly Values[]): Promise<CalendarEvent[]> {
  const written: Array<{ event: CalendarEvent; now: Date }> = [];
  for (let i = 0; i < values.length; i += INSERT_BATCH) {
    const chunk = values.slice(i, i + INSERT_BATCH);
    // An INSERT … VALUES returns its rows in the order of the VALUES list.
    const rows = await db
      .insert(calendarEvents)
      .values([...chunk])
      .returning();
    rows.forEach((row, j) => {
      written.push({ event: toEvent(row), now: chunk[j]!.updatedAt });
    });
  }
  await syncWritten(db, written, true);
  return written.map((w) => w.event);
}

/**
 * Change many events (an import): one update each (SEQUENCE rises), then the occurrences of those whose times,
 * rule or status changed rewritten together — the same rows as `updateEvent` for each.
 */
export async function updateEvents(
  db: DbOrTx,
  changes: ReadonlyArray<{ id: number; values: Partial<Values> }>,
): Promise<CalendarEvent[]> {
  const out: CalendarEvent[] = [];
  const resync: Array<{ event: CalendarEvent; now: Date }> = [];
  for (const { id, values } of changes) {
    const rows = await db
      .update(calendarEvents)
      .set({ ...values, sequence: sql`${calendarEvents.sequence} + 1` })
      .where(eq(calendarEvents.id, id))
      .returning();
    const event = toEvent(rows[0]!);
    out.push(event);
    if (changesOccurrences(values)) resync.push({ event, now: values.updatedAt ?? event.updatedAt });
  }
  await syncWritten(db, resync, false);
  return out;
}

/** Link the event's discussion thread unless one is linked already; returns the thread that is linked. */
export async function setThreadOnce(db: DbOrTx, id: number, threadId: number): Promise<number> {
  await db
    .update(calendarEvents)
    .set({ threadId })
    .where(and(eq(calendarEvents.id, id), isNull(calendarEvents.threadId)));
  const rows = await db
    .select({ threadId: calendarEvents.threadId })
    .from(calendarEvents)
    .where(eq(calendarEvents.id, id));
  return rows[0]?.threadId ?? threadId;
}

function filterSql(filters: EventFilters): SQL[] {
  const parts: SQL[] = [eq(calendarEvents.status, 'scheduled')];
  if (filters.free) parts.push(eq(calendarEvents.cost, 'free'));
  if (filters.virtual) parts.push(ne(calendarEvents.format, 'in_person'));
  if (filters.newStaff) parts.push(sql`${calendarEvents.audiences} @> array['new']::text[]`);
  if (filters.beyondIll) parts.push(sql`cardinality(${calendarEvents.areas}) > 0`);
  if (filters.topic) parts.push(sql`${calendarEvents.topics} @> ${textArray([filters.topic])}`);
  if (filters.region) parts.push(sql`${calendarEvents.regions} @> ${textArray([filters.region])}`);
  if (filters.organiser !== undefined) parts.push(eq(calendarEvents.organiserGroupId, filters.organiser));
  if (filters.attendingUserId !== undefined) {
    parts.push(sql`exists (select 1 from event_attendance ea where ea.event_id = ${calendarEvents.id}
      and ea.user_id = ${filters.attendingUserId} and ea.choice = 'attending')`);
  }
  return parts;
}

/** What lists need of an event (no description): lists of many events read less. */
const { description: _d, descriptionHtml: _h, ...listColumns } = getTableColumns(calendarEvents);

function listed(row: Omit<Row, 'description' | 'descriptionHtml'>): CalendarEvent {
  return toEvent({ ...row, description: '', descriptionHtml: null });
}

/** An occurrence found in the table: which event, when. */
export interface DatedOccurrence {
  id: number;
  startsAt: Date;
  endsAt: Date;
}

/**
 * An instant as milliseconds since the epoch: lists read hundreds of them, and the embedded database's driver
 * parses a number far faster than a timestamp text (docs/decisions/029).
 */
const epochMs = (column: SQL.Aliased | AnyPgColumn) => sql<number>`(extract(epoch from ${column}) * 1000)::float8`;
const toDate = (ms: number | string) => new Date(Number(ms));

const DATED = {
  id: eventOccurrences.eventId,
  startsMs: epochMs(eventOccurrences.startsAt),
  endsMs: epochMs(eventOccurrences.endsAt),
};
const dated = (rows: Array<{ id: number; startsMs: number; endsMs: number }>): DatedOccurrence[] =>
  rows.map((r) => ({ id: r.id, startsAt: toDate(r.startsMs), endsAt: toDate(r.endsMs) }));
const BY_TIME = [asc(eventOccurrences.startsAt), asc(eventOccurrences.eventId)] as const;

/** Whether the filters narrow the events (not only the window, as "this month" does). */
function narrows(filters: EventFilters): boolean {
  const { thisMonth: _window, ...rest } = filters;
  return Object.values(rest).some((v) => v !== undefined && v !== false);
}

/**
 * Occurrences matching `where`, soonest first, at most `limit`: one indexed range scan in time order, joined to the
 * filters when there are any (the join stops at `limit` matches).
 */
async function datedWhere(
  db: DbOrTx,
  filters: EventFilters,
  where: SQL | undefined,
  limit: number,
): Promise<DatedOccurrence[]> {
  if (!narrows(filters)) {
    // No filters: every occurrence is listed (cancelled events have none), no need to read the events.
    return dated(
      await db
        .select(DATED)
        .from(eventOccurrences)
        .where(where)
        .orderBy(...BY_TIME)
        .limit(limit),
    );
  }
  return dated(
    await db
      .select(DATED)
      .from(eventOccurrences)
      .innerJoin(calendarEvents, eq(calendarEvents.id, eventOccurrences.eventId))
      .where(and(...filterSql(filters), where))
      .orderBy(...BY_TIME)
      .limit(limit),
  );
}

/** The same, found from the matching events' ids by the primary key (for filters that match few events). */
async function datedOfMatching(
  db: DbOrTx,
  filters: EventFilters,
  where: SQL | undefined,
  limit: number,
): Promise<DatedOccurrence[]> {
  const ids = (
    await db
      .select({ id: calendarEvents.id })
      .from(calendarEvents)
      .where(and(...filterSql(filters)))
  ).map((r) => r.id);
  if (ids.length === 0) return [];
  return dated(
    await db
      .select(DATED)
      .from(eventOccurrences)
      .where(and(sql`${eventOccurrences.eventId} = any(${intArray(ids)})`, where))
      .orderBy(...BY_TIME)
      .limit(limit),
  );
}

/** The upcoming list first looks this far ahead; fewer matches than a page there: it reads by matching event. */
const FIRST_LOOK_MS = 14 * 86_400_000;

/**
 * Each event once, at its first occurrence that has not ended at `now` and starts before `to`, soonest first, at
 * most `limit`. Occurrences of a week or less are read from the starts index beginning a week back (none that
 * began earlier can still run); the few longer ones have their own index. Both are indexed range scans + LIMIT.
 * With filters, the first two weeks are walked; if they hold fewer than `limit` matches, the rest is found from the
 * matching events' ids, so a filter that matches little never walks the whole horizon.
 */
export async function upcomingOccurrences(
  db: DbOrTx,
  filters: EventFilters,
  now: Date,
  to: Date,
  limit: number,
): Promise<DatedOccurrence[]> {
  const weekBack = new Date(now.getTime() - LONG_OCCURRENCE_MS);
  const firstLook = new Date(Math.min(to.getTime(), now.getTime() + FIRST_LOOK_MS));
  const short = (until: Date) =>
    and(
      eq(eventOccurrences.long, false),
      gte(eventOccurrences.startsAt, weekBack),
      lt(eventOccurrences.startsAt, until),
      gt(eventOccurrences.endsAt, now),
      // Only the event's first occurrence still to come: no earlier one that has not ended either.
      sql`not exists (select 1 from event_occurrences p where p.event_id = ${eventOccurrences.eventId}
        and p.starts_at >= ${weekBack.toISOString()} and p.starts_at < ${eventOccurrences.startsAt}
        and p.ends_at > ${now.toISOString()})`,
    );
  const long = and(
    eq(eventOccurrences.long, true),
    gt(eventOccurrences.endsAt, now),
    lt(eventOccurrences.startsAt, to),
  );
  const [soon, longOnes] = await Promise.all([
    datedWhere(db, filters, short(narrows(filters) ? firstLook : to), limit),
    datedWhere(db, filters, long, limit * 4),
  ]);
  const shortOnes =
    soon.length < limit && narrows(filters) && firstLook < to
      ? await datedOfMatching(db, filters, short(to), limit)
      : soon;
  const firstOfLong = new Map<number, DatedOccurrence>();
  for (const o of longOnes) if (!firstOfLong.has(o.id)) firstOfLong.set(o.id, o);
  return mergeDated(shortOnes, [...firstOfLong.values()], limit);
}

/**
 * The month view in one read: the occurrences overlapping [from, to), soonest first, at most `limit`, each with its
 * event's card columns (joined, so no second read of hundreds of events).
 */
export async function occurrenceCardsInRange(
  db: DbOrTx,
  filters: EventFilters,
  from: Date,
  to: Date,
  limit: number,
): Promise<Array<{ event: CalendarEvent; startsAt: Date; endsAt: Date }>> {
  const weekBack = new Date(from.getTime() - LONG_OCCURRENCE_MS);
  const overlapping = and(lt(eventOccurrences.startsAt, to), gt(eventOccurrences.endsAt, from));
  const read = (part: SQL | undefined) =>
    db
      .select({
        ...cardColumns,
        occursMs: epochMs(eventOccurrences.startsAt),
        occursEndMs: epochMs(eventOccurrences.endsAt),
      })
      .from(eventOccurrences)
      .innerJoin(calendarEvents, eq(calendarEvents.id, eventOccurrences.eventId))
      .where(and(...filterSql(filters), part, overlapping))
      .orderBy(...BY_TIME)
      .limit(limit);
  const [short, long] = await Promise.all([
    read(and(eq(eventOccurrences.long, false), gte(eventOccurrences.startsAt, weekBack))),
    read(eq(eventOccurrences.long, true)),
  ]);
  const rows = long.length === 0 ? short : [...short, ...long].sort((a, b) => a.occursMs - b.occursMs || a.id - b.id);
  return rows.slice(0, limit).map(({ occursMs, occursEndMs, ...card }) => ({
    event: cardEvent(card),
    startsAt: toDate(occursMs),
    endsAt: toDate(occursEndMs),
  }));
}

/** A day of the month view: its first occurrences (card columns) and how many it holds in all. */
export interface DayOccurrences {
  /** YYYY-MM-DD in the reader's zone (or each event's own zone when the reader has none). */
  day: string;
  total: number;
  items: Array<{ event: CalendarEvent; startsAt: Date; endsAt: Date }>;
}

/**
 * The month view in one read (docs/decisions/029, 034): the occurrences overlapping [from, to), grouped by the day
 * each starts on (an occurrence that began before `clampFrom` counts on its first day), each day's first `perDay`
 * with their card columns and the day's count. The database groups and counts, so a month of thousands of
 * occurrences returns a few rows a day. `day`: that day only (the day's full list).
 */
export async function occurrencesByDay(
  db: DbOrTx,
  input: {
    filters: EventFilters;
    from: Date;
    to: Date;
    clampFrom: Date;
    /** The reader's zone; undefined: each event's own. */
    zone: string | undefined;
    perDay: number;
    day?: string;
  },
): Promise<DayOccurrences[]> {
  const { filters, from, to, zone } = input;
  const weekBack = new Date(from.getTime() - LONG_OCCURRENCE_MS);
  const clamp = input.clampFrom.toISOString();
  // An all-day occurrence's day is its own date (`day_zone`, the event's zone) whoever reads: a date, not an instant.
  const dayOf = sql`(greatest(o.starts_at, ${clamp}::timestamptz) at time zone coalesce(o.day_zone, ${zone ?? sql`calendar_events.time_zone`}))::date`;
  // Without filters and with the reader's zone the events need not be read to group (cancelled ones have no rows).
  const joinEvents = narrows(filters) || zone === undefined;
  const part = (where: SQL) => sql`
    select o.event_id, o.starts_at, o.ends_at, ${dayOf} as day
    from event_occurrences o ${joinEvents ? sql`join calendar_events on calendar_events.id = o.event_id` : sql``}
    where ${where} and o.starts_at < ${to.toISOString()}::timestamptz and o.ends_at > ${from.toISOString()}::timestamptz
      ${joinEvents ? sql`and ${and(...filterSql(filters))}` : sql``}`;
  const rows = rowsOf<{ day: string; total: number; id: number; occursMs: number; occursEndMs: number }>(
    await db.execute(sql`
    with occ as (
      ${part(sql`not o.long and o.starts_at >= ${weekBack.toISOString()}::timestamptz`)}
      union all
      ${part(sql`o.long`)}
    ), ranked as (
      select event_id, starts_at, ends_at, day,
        row_number() over (partition by day order by starts_at, event_id) as rn,
        count(*) over (partition by day) as total
      from occ ${input.day ? sql`where day = ${input.day}` : sql``}
    )
    select day::text as day, total::int as total, event_id as id,
      (extract(epoch from starts_at) * 1000)::float8 as "occursMs",
      (extract(epoch from ends_at) * 1000)::float8 as "occursEndMs"
    from ranked where rn <= ${input.perDay}
    order by starts_at, event_id`),
  );
  // The few events shown are read by their ids (a join here would hash every event).
  const byId = new Map((await cardEvents(db, [...new Set(rows.map((r) => r.id))])).map((e) => [e.id, e]));
  const days = new Map<string, DayOccurrences>();
  for (const { day, total, id, occursMs, occursEndMs } of rows) {
    const event = byId.get(id);
    if (!event) continue;
    let entry = days.get(day);
    if (!entry) {
      entry = { day, total, items: [] };
      days.set(day, entry);
    }
    entry.items.push({ event, startsAt: toDate(occursMs), endsAt: toDate(occursEndMs) });
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

function mergeDated(a: DatedOccurrence[], b: DatedOccurrence[], limit: number): DatedOccurrence[] {
  if (b.length === 0) return a.slice(0, limit);
  return [...a, ...b].sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime() || x.id - y.id).slice(0, limit);
}

/** Events by id (list columns), in no particular order. */
export async function listedEvents(db: DbOrTx, ids: number[]): Promise<CalendarEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db.select(listColumns).from(calendarEvents).where(inArray(calendarEvents.id, ids));
  return rows.map(listed);
}

/** What a card in a list or the month view shows of an event: read for a page of hundreds, so only these. */
const cardColumns = {
  id: calendarEvents.id,
  title: calendarEvents.title,
  summary: calendarEvents.summary,
  kind: calendarEvents.kind,
  format: calendarEvents.format,
  cost: calendarEvents.cost,
  feeAmount: calendarEvents.feeAmount,
  startsMs: epochMs(calendarEvents.startsAt),
  endsMs: epochMs(calendarEvents.endsAt),
  timeZone: calendarEvents.timeZone,
  allDay: calendarEvents.allDay,
  rrule: calendarEvents.rrule,
  status: calendarEvents.status,
  organiserGroupId: calendarEvents.organiserGroupId,
  organiserName: calendarEvents.organiserName,
  organiserUrl: calendarEvents.organiserUrl,
  sequence: calendarEvents.sequence,
};

/**
 * Events by id with the card's columns only (lists and the month view); the rest are empty (`repeatsUntil`,
 * `createdAt` and `updatedAt` are the series' start). Views that need more read the event whole (`findEvent`).
 */
export async function cardEvents(db: DbOrTx, ids: number[]): Promise<CalendarEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(cardColumns)
    .from(calendarEvents)
    .where(sql`${calendarEvents.id} = any(${intArray(ids)})`);
  return rows.map(cardEvent);
}

function cardEvent({ startsMs, endsMs, ...row }: { startsMs: number; endsMs: number } & Record<string, unknown>) {
  const startsAt = toDate(startsMs);
  return toEvent({
    ...emptyEvent,
    ...row,
    startsAt,
    endsAt: toDate(endsMs),
    repeatsUntil: null,
    createdAt: startsAt,
    updatedAt: startsAt,
  } as unknown as Row);
}

const emptyEvent = {
  description: '',
  descriptionHtml: null,
  place: '',
  onlineUrl: '',
  level: 'all',
  audiences: [],
  topics: [],
  areas: [],
  regions: [],
  captions: false,
  signLanguage: false,
  accessibility: '',
  registrationUrl: '',
  registrationDeadline: null,
  cfpDeadline: null,
  reviewDue: null,
  threadId: null,
  createdBy: null,
};

/** Every event (full rows) that may have an occurrence in [from, to), one-off or recurring, at most `limit`. */
export async function fullEventsInWindow(
  db: DbOrTx,
  filters: EventFilters,
  from: Date,
  to: Date,
  limit: number,
): Promise<CalendarEvent[]> {
  const rows = await db
    .select()
    .from(calendarEvents)
    .where(
      and(
        ...filterSql(filters),
        lt(calendarEvents.startsAt, to),
        or(
          and(isNull(calendarEvents.rrule), gt(calendarEvents.endsAt, from)),
          and(
            isNotNull(calendarEvents.rrule),
            or(isNull(calendarEvents.repeatsUntil), gte(calendarEvents.repeatsUntil, from)),
          ),
        ),
      ),
    )
    .orderBy(asc(calendarEvents.startsAt), asc(calendarEvents.id))
    .limit(limit);
  return rows.map(toEvent);
}

/** The newest events (for the Atom feed), cancelled ones included (their entry says so). */
export async function newestEvents(db: DbOrTx, limit: number): Promise<CalendarEvent[]> {
  const rows = await db
    .select()
    .from(calendarEvents)
    .orderBy(desc(calendarEvents.createdAt), desc(calendarEvents.id))
    .limit(limit);
  return rows.map(toEvent);
}

/** Group ids that organise at least one event (for the organiser filter). */
export async function organiserGroupIds(db: DbOrTx): Promise<number[]> {
  const rows = await db
    .selectDistinct({ id: calendarEvents.organiserGroupId })
    .from(calendarEvents)
    .where(isNotNull(calendarEvents.organiserGroupId));
  return rows.map((r) => r.id!).filter((id) => id !== null);
}

export async function sessionsOf(db: DbOrTx, eventId: number): Promise<EventSession[]> {
  const rows = await db
    .select()
    .from(calendarSessions)
    .where(eq(calendarSessions.eventId, eventId))
    .orderBy(asc(calendarSessions.startsAt), asc(calendarSessions.id));
  return rows.map(({ createdAt: _c, ...s }) => s);
}

export async function countSessions(db: DbOrTx, eventId: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(calendarSessions)
    .where(eq(calendarSessions.eventId, eventId));
  return rows[0]?.n ?? 0;
}

export async function insertSession(
  db: DbOrTx,
  values: {
    eventId: number;
    title: string;
    speakers: Speaker[];
    startsAt: Date;
    endsAt: Date;
    room: string;
    link: string;
    materials: string;
    now: Date;
  },
): Promise<EventSession> {
  const { now, ...rest } = values;
  const rows = await db
    .insert(calendarSessions)
    .values({ ...rest, createdAt: now })
    .returning();
  const { createdAt: _c, ...s } = rows[0]!;
  return s;
}

export async function deleteSession(db: DbOrTx, eventId: number, sessionId: number): Promise<boolean> {
  const rows = await db
    .delete(calendarSessions)
    .where(and(eq(calendarSessions.eventId, eventId), eq(calendarSessions.id, sessionId)))
    .returning({ id: calendarSessions.id });
  return rows.length > 0;
}

export async function linksOf(db: DbOrTx, eventId: number): Promise<EventLink[]> {
  const rows = await db
    .select({
      id: calendarLinks.id,
      eventId: calendarLinks.eventId,
      kind: calendarLinks.kind,
      title: calendarLinks.title,
      url: calendarLinks.url,
      createdAt: calendarLinks.createdAt,
    })
    .from(calendarLinks)
    .where(eq(calendarLinks.eventId, eventId))
    .orderBy(asc(calendarLinks.createdAt), asc(calendarLinks.id));
  return rows.map((r) => ({ ...r, kind: r.kind as LinkKind }));
}

export async function countLinks(db: DbOrTx, eventId: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(calendarLinks)
    .where(eq(calendarLinks.eventId, eventId));
  return rows[0]?.n ?? 0;
}

export async function insertLink(
  db: DbOrTx,
  values: { eventId: number; kind: LinkKind; title: string; url: string; addedBy: number; now: Date },
): Promise<number> {
  const { now, ...rest } = values;
  const rows = await db
    .insert(calendarLinks)
    .values({ ...rest, createdAt: now })
    .returning({ id: calendarLinks.id });
  return rows[0]!.id;
}

export async function teachBacksOf(db: DbOrTx, eventId: number): Promise<TeachBack[]> {
  const rows = await db
    .select({
      id: calendarTeachbacks.id,
      eventId: calendarTeachbacks.eventId,
      authorName: sql<string>`coalesce(${users.displayName}, 'Former member')`,
      body: calendarTeachbacks.body,
      bodyHtml: calendarTeachbacks.bodyHtml,
      createdAt: calendarTeachbacks.createdAt,
    })
    .from(calendarTeachbacks)
    .leftJoin(users, eq(users.id, calendarTeachbacks.userId))
    .where(eq(calendarTeachbacks.eventId, eventId))
    .orderBy(asc(calendarTeachbacks.createdAt), asc(calendarTeachbacks.id));
  return rows.map((r) => ({
    id: r.id,
    eventId: r.eventId,
    authorName: r.authorName,
    bodyHtml: (r.bodyHtml ?? '') as SafeHtml,
    createdAt: r.createdAt,
  }));
}

export async function insertTeachBack(
  db: DbOrTx,
  values: { eventId: number; userId: number; body: string; bodyHtml: string; now: Date },
): Promise<number> {
  const rows = await db
    .insert(calendarTeachbacks)
    .values({
      eventId: values.eventId,
      userId: values.userId,
      body: values.body,
      bodyHtml: values.bodyHtml,
      createdAt: values.now,
    })
    .returning({ id: calendarTeachbacks.id });
  return rows[0]!.id;
}

/** What a person wrote here (teach-back notes) and created (events), for "download my data". */
export async function personalRows(db: DbOrTx, userId: number) {
  const [created, notes] = await Promise.all([
    db
      .select({ id: calendarEvents.id, title: calendarEvents.title, createdAt: calendarEvents.createdAt })
      .from(calendarEvents)
      .where(eq(calendarEvents.createdBy, userId)),
    db
      .select({
        eventId: calendarTeachbacks.eventId,
        body: calendarTeachbacks.body,
        createdAt: calendarTeachbacks.createdAt,
      })
      .from(calendarTeachbacks)
      .where(eq(calendarTeachbacks.userId, userId)),
  ]);
  return { created, notes };
}

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
import { users } from '../../platform/auth/auth.table';
import type { SafeHtml } from '../../platform/content/markdown';
import { textArray } from '../../platform/db/arrays';
import type { DbOrTx } from '../../platform/db/database';
import type {
  CalendarEvent,
  EventFilters,
  EventLink,
  EventSession,
  LinkKind,
  Speaker,
  TeachBack,
} from './events.models';
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

export async function insertEvent(db: DbOrTx, values: Values): Promise<CalendarEvent> {
  const rows = await db.insert(calendarEvents).values(values).returning();
  return toEvent(rows[0]!);
}

/** Change an event; its SEQUENCE rises so subscribed calendars replace their copy. */
export async function updateEvent(db: DbOrTx, id: number, values: Partial<Values>): Promise<CalendarEvent> {
  const rows = await db
    .update(calendarEvents)
    .set({ ...values, sequence: sql`${calendarEvents.sequence} + 1` })
    .where(eq(calendarEvents.id, id))
    .returning();
  return toEvent(rows[0]!);
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
  return parts;
}

/** What lists need of an event (no description): lists of many events read less. */
const { description: _d, descriptionHtml: _h, ...listColumns } = getTableColumns(calendarEvents);

function listed(row: Omit<Row, 'description' | 'descriptionHtml'>): CalendarEvent {
  return toEvent({ ...row, description: '', descriptionHtml: null });
}

/** One-off events overlapping [from, to), soonest first, at most `limit` (list columns). */
export async function oneOffEvents(
  db: DbOrTx,
  filters: EventFilters,
  from: Date,
  to: Date,
  limit: number,
): Promise<CalendarEvent[]> {
  const rows = await db
    .select(listColumns)
    .from(calendarEvents)
    .where(
      and(
        ...filterSql(filters),
        isNull(calendarEvents.rrule),
        gt(calendarEvents.endsAt, from),
        lt(calendarEvents.startsAt, to),
      ),
    )
    .orderBy(asc(calendarEvents.startsAt), asc(calendarEvents.id))
    .limit(limit);
  return rows.map(listed);
}

/** A recurring event's rule and times only: enough to expand it before reading the rest. */
export interface RecurringShape {
  id: number;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  rrule: string | null;
  repeatsUntil: Date | null;
}

/** Every recurring event whose rule may reach [from, to) (a few columns each; the caller expands them). */
export async function recurringShapes(
  db: DbOrTx,
  filters: EventFilters,
  from: Date,
  to: Date,
): Promise<RecurringShape[]> {
  return db
    .select({
      id: calendarEvents.id,
      startsAt: calendarEvents.startsAt,
      endsAt: calendarEvents.endsAt,
      timeZone: calendarEvents.timeZone,
      rrule: calendarEvents.rrule,
      repeatsUntil: calendarEvents.repeatsUntil,
    })
    .from(calendarEvents)
    .where(
      and(
        ...filterSql(filters),
        isNotNull(calendarEvents.rrule),
        lt(calendarEvents.startsAt, to),
        or(isNull(calendarEvents.repeatsUntil), gte(calendarEvents.repeatsUntil, from)),
      ),
    )
    .limit(10_000);
}

/** Events by id (list columns), in no particular order. */
export async function listedEvents(db: DbOrTx, ids: number[]): Promise<CalendarEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db.select(listColumns).from(calendarEvents).where(inArray(calendarEvents.id, ids));
  return rows.map(listed);
}

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
): Promise<void> {
  const { now, ...rest } = values;
  await db.insert(calendarLinks).values({ ...rest, createdAt: now });
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

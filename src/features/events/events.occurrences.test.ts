import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { eventInput } from '../../../test/helpers/events';
import { getAppState } from '../../platform/db/app-state';
import { occurrencesBetween, upcoming } from './events.listing';
import {
  backfillOccurrences,
  extendOccurrenceHorizon,
  HORIZON_KEY,
  OCCURRENCES_BACKFILL_KEY,
} from './events.occurrences';
import { eventOccurrences } from './events.occurrences.table';
import { calendarEvents } from './events.table';
import { cancelEvent, createEvent, updateEvent } from './events.usecases';

// The test clock: 2 March 2026, 15:00 UTC.
let t: TestApp;
let author: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  author = await createUser(t.database, { role: 'editor' });
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();

async function rowsOf(eventId: number) {
  return db()
    .select()
    .from(eventOccurrences)
    .where(eq(eventOccurrences.eventId, eventId))
    .orderBy(asc(eventOccurrences.startsAt));
}

async function add(over: Parameters<typeof eventInput>[0] = {}) {
  const { event } = await createEvent({ db: db(), actor: actorFor(author), now: now(), input: eventInput(over) });
  return event;
}

describe('the occurrence table follows the event’s writes', () => {
  it('holds one row for a one-off event and every weekly occurrence up to 18 months ahead', async () => {
    const once = await add({ title: 'Example one-off' });
    expect((await rowsOf(once.id)).map((r) => r.startsAt.toISOString())).toEqual(['2026-03-10T14:00:00.000Z']);

    // Every Tuesday 10:00 New York, no end: bounded at the horizon (2 September 2027).
    const weekly = await add({
      title: 'Example weekly',
      startsAt: new Date('2026-03-03T15:00:00Z'),
      endsAt: new Date('2026-03-03T16:00:00Z'),
      repeat: 'weekly',
    });
    const rows = await rowsOf(weekly.id);
    expect(rows[0]!.startsAt.toISOString()).toBe('2026-03-03T15:00:00.000Z');
    // 10:00 New York stays 10:00 after the change to summer time (8 March): 14:00 UTC.
    expect(rows[1]!.startsAt.toISOString()).toBe('2026-03-10T14:00:00.000Z');
    expect(rows.at(-1)!.startsAt < new Date('2027-09-02T15:00:00Z')).toBe(true);
    expect(rows.at(-1)!.startsAt > new Date('2027-08-24T00:00:00Z')).toBe(true);
    expect(rows.length).toBeGreaterThan(75);
    expect(rows.every((r) => !r.long)).toBe(true);
  });

  it('rewrites the rows when the times or the rule change, and drops them when the event is cancelled', async () => {
    const event = await add({ title: 'Example to move', repeat: 'monthly' });
    expect((await rowsOf(event.id)).length).toBeGreaterThan(15);
    await updateEvent({
      db: db(),
      actor: actorFor(author),
      now: now(),
      id: event.id,
      input: eventInput({
        title: 'Example to move',
        startsAt: new Date('2026-04-01T14:00:00Z'),
        endsAt: new Date('2026-04-01T15:00:00Z'),
      }),
    });
    expect((await rowsOf(event.id)).map((r) => r.startsAt.toISOString())).toEqual(['2026-04-01T14:00:00.000Z']);

    await cancelEvent({ db: db(), actor: actorFor(author), now: now(), id: event.id });
    expect(await rowsOf(event.id)).toEqual([]);
    const { items } = await occurrencesBetween(db(), {
      filters: {},
      from: new Date('2026-04-01T00:00:00Z'),
      to: new Date('2026-05-01T00:00:00Z'),
      now: now(),
    });
    expect(items.map((o) => o.event.id)).not.toContain(event.id);
  });

  it('loses the rows with the event when it is deleted', async () => {
    const event = await add({ title: 'Example to delete', repeat: 'weekly' });
    expect((await rowsOf(event.id)).length).toBeGreaterThan(0);
    await db().delete(calendarEvents).where(eq(calendarEvents.id, event.id));
    expect(await rowsOf(event.id)).toEqual([]);
  });

  it('marks occurrences over a week long, and lists a running 10-day course until it ends', async () => {
    const course = await add({
      title: 'Example ten-day course',
      kind: 'course',
      startsAt: new Date('2026-02-24T14:00:00Z'),
      endsAt: new Date('2026-03-06T14:00:00Z'),
    });
    expect((await rowsOf(course.id)).map((r) => r.long)).toEqual([true]);
    const { items } = await upcoming(db(), { filters: {}, now: now(), zone: 'UTC', pageSize: 500 });
    expect(items.map((o) => o.event.id)).toContain(course.id);
    const filtered = await upcoming(db(), { filters: { free: true }, now: now(), zone: 'UTC', pageSize: 500 });
    expect(filtered.items.map((o) => o.event.id)).toContain(course.id);
    const later = await upcoming(db(), {
      filters: {},
      now: new Date('2026-03-07T00:00:00Z'),
      zone: 'UTC',
      pageSize: 500,
    });
    expect(later.items.map((o) => o.event.id)).not.toContain(course.id);
  });

  it('lists a weekly event once, at its next occurrence, with or without filters', async () => {
    const weekly = await add({
      title: 'Example weekly for the list',
      startsAt: new Date('2026-01-06T15:00:00Z'),
      endsAt: new Date('2026-01-06T16:00:00Z'),
      repeat: 'weekly',
      regions: ['canada'],
    });
    for (const filters of [{}, { region: 'canada' }, { free: true, virtual: true }]) {
      const { items } = await upcoming(db(), { filters, now: now(), zone: 'UTC', pageSize: 500 });
      expect(items.filter((o) => o.event.id === weekly.id).map((o) => o.startsAt.toISOString())).toEqual([
        '2026-03-03T15:00:00.000Z',
      ]);
    }
  });
});

describe('the daily horizon job and the first start', () => {
  it('carries a rule with no end forward to the new horizon, once however often it runs', async () => {
    const weekly = await add({
      title: 'Example weekly forever',
      startsAt: new Date('2026-03-04T15:00:00Z'),
      endsAt: new Date('2026-03-04T16:00:00Z'),
      repeat: 'weekly',
    });
    const before = await rowsOf(weekly.id);
    const twoMonthsOn = new Date('2026-05-02T15:00:00Z');
    await extendOccurrenceHorizon(db(), twoMonthsOn);
    const after = await rowsOf(weekly.id);
    expect(after.length).toBeGreaterThan(before.length + 7);
    expect(after.at(-1)!.startsAt > new Date('2027-10-20T00:00:00Z')).toBe(true);
    expect(after.at(-1)!.startsAt < new Date('2027-11-02T15:00:00Z')).toBe(true);
    expect(await getAppState(db(), HORIZON_KEY)).toBe('2027-11-02T15:00:00.000Z');
    // Again (a repeated job, a second process): nothing doubles.
    await extendOccurrenceHorizon(db(), twoMonthsOn);
    expect((await rowsOf(weekly.id)).length).toBe(after.length);
    // Every start is distinct and a week apart.
    const gaps = new Set(
      after.slice(1).map((r, i) => Math.round((r.startsAt.getTime() - after[i]!.startsAt.getTime()) / 86_400_000)),
    );
    expect([...gaps]).toEqual([7]);
  });

  it('fills the table once for events written before it existed', async () => {
    const rows = await db()
      .insert(calendarEvents)
      .values({
        title: 'Example written before the table',
        kind: 'meetup',
        format: 'virtual',
        startsAt: new Date('2026-03-12T15:00:00Z'),
        endsAt: new Date('2026-03-12T16:00:00Z'),
        timeZone: 'UTC',
        rrule: 'FREQ=MONTHLY',
        cost: 'free',
        createdAt: now(),
        updatedAt: now(),
      })
      .returning({ id: calendarEvents.id });
    const id = rows[0]!.id;
    expect(await rowsOf(id)).toEqual([]);
    expect(await getAppState(db(), OCCURRENCES_BACKFILL_KEY)).toBeUndefined();
    expect(await backfillOccurrences(db(), now())).toBe(true);
    expect((await rowsOf(id)).length).toBe(18);
    expect(await backfillOccurrences(db(), now())).toBe(false);
  });
});

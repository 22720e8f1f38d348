import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { eventInput } from '../../../test/helpers/events';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { search } from '../../platform/search/search';
import {
  attendanceCounts,
  attendanceOf,
  EVENT_NOTICE_KINDS,
  notifyRecordingPosted,
  sendEventReminders,
} from './events.attendance';
import { setAttendance } from './events.attendance.usecases';
import { EVENT_LIMITS } from './events.models';
import { eventsModule } from './events.module';
import { eventAttendance } from './events.occurrences.table';
import { cancelEvent, createEvent } from './events.usecases';

// The test clock: 2 March 2026, 15:00 UTC.
let t: TestApp;
let organiser: TestUser;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  organiser = await createUser(t.database, { role: 'editor' });
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

async function add(over: Parameters<typeof eventInput>[0] = {}) {
  const { event } = await createEvent({ db: db(), actor: actorFor(organiser), now: now(), input: eventInput(over) });
  return event;
}

const mark = (user: TestUser, eventId: number, choice: 'interested' | 'attending' | null) =>
  setAttendance({ db: db(), actor: actorFor(user), now: now(), eventId, choice });

async function notices(userId: number, kind: string) {
  return rowsOf<{ subject_id: string; title: string }>(
    await db().execute(sql`select subject_id, title from notifications where user_id = ${userId} and kind = ${kind}`),
  );
}

describe('interested and attending', () => {
  it('keeps each member’s own choice, changes and clears it, and counts them', async () => {
    const event = await add({ title: 'Example webinar to attend' });
    const [a, b] = [await createUser(t.database), await createUser(t.database)];
    await mark(a, event.id, 'interested');
    await mark(b, event.id, 'attending');
    expect(await attendanceOf(db(), event.id, a.id)).toBe('interested');
    expect(await attendanceCounts(db(), event.id)).toEqual({ interested: 1, attending: 1 });
    await mark(a, event.id, 'attending');
    expect(await attendanceCounts(db(), event.id)).toEqual({ interested: 0, attending: 2 });
    await mark(a, event.id, null);
    expect(await attendanceOf(db(), event.id, a.id)).toBeNull();
    expect(await attendanceCounts(db(), event.id)).toEqual({ interested: 0, attending: 1 });
  });

  it('refuses anonymous visitors, readers, unknown and cancelled events; limits changes per hour', async () => {
    const event = await add({ title: 'Example event for refusals' });
    const reader = await createUser(t.database, { role: 'reader' });
    expect(
      await codeOf(() => setAttendance({ db: db(), actor: null, now: now(), eventId: event.id, choice: 'attending' })),
    ).toBe('auth.sign_in_required');
    expect(await codeOf(() => mark(reader, event.id, 'attending'))).toBe('http.forbidden');
    const member = await createUser(t.database);
    expect(await codeOf(() => mark(member, 999_999, 'attending'))).toBe('events.not_found');
    const cancelled = await add({ title: 'Example cancelled event' });
    await cancelEvent({ db: db(), actor: actorFor(organiser), now: now(), id: cancelled.id });
    expect(await codeOf(() => mark(member, cancelled.id, 'attending'))).toBe('events.cancelled');
    expect(await codeOf(() => mark(member, cancelled.id, null))).toBe('accepted');

    const busy = await createUser(t.database);
    for (let i = 0; i < EVENT_LIMITS.attendancePerHour; i++)
      await mark(busy, event.id, i % 2 ? 'interested' : 'attending');
    expect(await codeOf(() => mark(busy, event.id, 'attending'))).toBe('http.rate_limited');
  });
});

describe('one click each, without JavaScript', () => {
  it('marks attending by a form POST (with CSRF), shows the member their choice and others only counts', async () => {
    const event = await add({ title: 'Example workshop for the form' });
    const user = await createUser(t.database, { displayName: 'Quillon Attendee' });
    const client = await clientFor(t, user);
    const res = await client.post(
      `/events/${event.id}/attendance`,
      { choice: 'attending' },
      { from: `/events/${event.id}` },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/events/${event.id}?notice=attending#attendance`);
    const own = await (await client.get(`/events/${event.id}`)).text();
    expect(own).toMatch(/Your choice: <strong>Attending<\/strong>/);
    expect(own).toContain('aria-pressed="true"');

    const other = await clientFor(t, await createUser(t.database));
    const theirs = await (await other.get(`/events/${event.id}`)).text();
    expect(theirs).toContain('1 member attending');
    expect(theirs).not.toContain('Your choice');
    expect(theirs).not.toContain('Quillon');
    expect(theirs).not.toContain(user.username);
    const anonymous = await (await new TestClient(t.app).get(`/events/${event.id}`)).text();
    expect(anonymous).toContain('1 member attending');
    expect(anonymous).not.toContain('Quillon');

    // Without the token: refused, nothing changes.
    const forged = await other.post(`/events/${event.id}/attendance`, { choice: 'attending' }, { csrf: false });
    expect(forged.status).toBe(403);
    expect(await attendanceCounts(db(), event.id)).toEqual({ interested: 0, attending: 1 });
    // A choice that is not one: refused.
    const odd = await client.post(
      `/events/${event.id}/attendance`,
      { choice: 'maybe' },
      { from: `/events/${event.id}` },
    );
    expect(odd.status).toBe(400);
    expect(await attendanceOf(db(), event.id, user.id)).toBe('attending');
  });

  it('lists the member’s events on “My events”, for them alone', async () => {
    const event = await add({ title: 'Example course I am interested in' });
    const user = await createUser(t.database);
    await mark(user, event.id, 'interested');
    const client = await clientFor(t, user);
    const page = await (await client.get('/events/mine')).text();
    expect(page).toContain('Example course I am interested in');
    expect(page).toContain('Interested');
    const other = await (await (await clientFor(t, await createUser(t.database))).get('/events/mine')).text();
    expect(other).not.toContain('Example course I am interested in');
    const anonymous = await new TestClient(t.app).get('/events/mine');
    expect([302, 303, 401]).toContain(anonymous.status);
  });
});

describe('private: only in the member’s own data', () => {
  it('never reaches the calendar feeds or search, and is in the member’s own export only', async () => {
    const event = await add({ title: 'Example conference for privacy' });
    const user = await createUser(t.database, { displayName: 'Zorvath Private' });
    await mark(user, event.id, 'attending');
    const anon = new TestClient(t.app);
    for (const path of ['/events.ics', `/events/${event.id}/calendar.ics`, '/events/feed.atom', '/events']) {
      const body = await (await anon.get(path)).text();
      expect(body).not.toContain('Zorvath');
      expect(body).not.toContain(user.username);
    }
    // Search knows the member (people) but no event carries who attends it.
    for (const q of ['Zorvath', user.username]) {
      const found = await search(db(), { q });
      const eventHits = found.hits.filter((h) => h.url.startsWith('/events'));
      expect(JSON.stringify(eventHits)).not.toContain('Zorvath');
      expect(eventHits.map((h) => h.url)).not.toContain(`/events/${event.id}`);
    }

    const exported = await eventsModule.personalData!.export(t.deps, user.id);
    expect(exported.eventAttendance).toEqual([
      expect.objectContaining({ eventId: event.id, title: 'Example conference for privacy', choice: 'attending' }),
    ]);
    const someoneElse = await eventsModule.personalData!.export(t.deps, organiser.id);
    expect(someoneElse.eventAttendance).toEqual([]);

    await db().transaction((tx) => eventsModule.personalData!.erase(tx, user.id));
    const left = await db()
      .select()
      .from(eventAttendance)
      .where(and(eq(eventAttendance.userId, user.id), eq(eventAttendance.eventId, event.id)));
    expect(left).toEqual([]);
  });
});

describe('reminders', () => {
  it('reminds members attending an occurrence that starts within a day, once each', async () => {
    const soon = await add({
      title: 'Example meetup tomorrow',
      startsAt: new Date('2026-03-03T12:00:00Z'),
      endsAt: new Date('2026-03-03T13:00:00Z'),
    });
    const later = await add({
      title: 'Example meetup in two days',
      startsAt: new Date('2026-03-04T18:00:00Z'),
      endsAt: new Date('2026-03-04T19:00:00Z'),
    });
    const [going, curious] = [await createUser(t.database), await createUser(t.database)];
    await mark(going, soon.id, 'attending');
    await mark(going, later.id, 'attending');
    await mark(curious, soon.id, 'interested');

    await sendEventReminders(db(), now());
    await sendEventReminders(db(), new Date(now().getTime() + 3_600_000));
    const sent = await notices(going.id, EVENT_NOTICE_KINDS.reminder);
    expect(sent.map((n) => n.subject_id)).toEqual([String(soon.id)]);
    expect(sent[0]!.title).toBe('Tomorrow: Example meetup tomorrow');
    expect(await notices(curious.id, EVENT_NOTICE_KINDS.reminder)).toEqual([]);

    // The next day: the later one, once.
    await sendEventReminders(db(), new Date('2026-03-03T19:00:00Z'));
    await sendEventReminders(db(), new Date('2026-03-03T20:00:00Z'));
    expect((await notices(going.id, EVENT_NOTICE_KINDS.reminder)).map((n) => n.subject_id).sort()).toEqual(
      [String(soon.id), String(later.id)].sort(),
    );
  });

  it('reminds before each occurrence of a recurring event', async () => {
    const weekly = await add({
      title: 'Example weekly call',
      startsAt: new Date('2026-03-03T14:00:00Z'),
      endsAt: new Date('2026-03-03T15:00:00Z'),
      repeat: 'weekly',
    });
    const going = await createUser(t.database);
    await mark(going, weekly.id, 'attending');
    await sendEventReminders(db(), now());
    await sendEventReminders(db(), new Date('2026-03-09T15:00:00Z'));
    await sendEventReminders(db(), new Date('2026-03-09T16:00:00Z'));
    expect(await notices(going.id, EVENT_NOTICE_KINDS.reminder)).toHaveLength(2);
  });

  it('tells attending and interested members when a recording is posted, once per recording, not the poster', async () => {
    const event = await add({ title: 'Example webinar with a recording' });
    const [going, curious, neither] = [
      await createUser(t.database),
      await createUser(t.database),
      await createUser(t.database),
    ];
    await mark(going, event.id, 'attending');
    await mark(curious, event.id, 'interested');
    await mark(organiser, event.id, 'attending');
    const post = (key: number) =>
      db().transaction((tx) =>
        notifyRecordingPosted(tx, { eventId: event.id, recordingKey: key, actorId: organiser.id, now: now() }),
      );
    await post(1);
    await post(1);
    expect(await notices(going.id, EVENT_NOTICE_KINDS.recording)).toHaveLength(1);
    expect(await notices(curious.id, EVENT_NOTICE_KINDS.recording)).toHaveLength(1);
    expect(await notices(neither.id, EVENT_NOTICE_KINDS.recording)).toHaveLength(0);
    expect(await notices(organiser.id, EVENT_NOTICE_KINDS.recording)).toHaveLength(0);
    await post(2);
    expect(await notices(going.id, EVENT_NOTICE_KINDS.recording)).toHaveLength(2);
  });
});

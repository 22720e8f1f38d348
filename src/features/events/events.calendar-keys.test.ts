import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { eventInput } from '../../../test/helpers/events';
import { AppError } from '../../platform/http/errors';
import { setAttendance } from './events.attendance.usecases';
import { CALENDAR_KEY_LIMITS } from './events.calendar-keys';
import { eventCalendarKeys } from './events.calendar-keys.table';
import { makeCalendarKey, revokeCalendarKey } from './events.calendar-keys.usecases';
import { eventUid } from './events.ics';
import { eventsModule } from './events.module';
import { cancelEvent, createEvent } from './events.usecases';

let t: TestApp;
let organiser: TestUser;
beforeAll(async () => {
  t = await createTestApp();
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

async function add(title: string) {
  const { event } = await createEvent({
    db: db(),
    actor: actorFor(organiser),
    now: now(),
    input: eventInput({ title }),
  });
  return event;
}

const mark = (user: TestUser, eventId: number, choice: 'interested' | 'attending') =>
  setAttendance({ db: db(), actor: actorFor(user), now: now(), eventId, choice });

/** The calendar's events as ical.js reads them: summary and UID. */
function eventsIn(text: string): { summary: string; uid: string }[] {
  const component = new ICAL.Component(ICAL.parse(text));
  return component.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { summary: e.summary, uid: e.uid };
  });
}

/** Make an address through the page (as a member would) and return its path, read from the page. */
async function makeAddress(client: TestClient): Promise<{ attending: string; withInterested: string }> {
  await client.get('/events/mine');
  const res = await client.post('/events/mine/calendar', {}, { from: '/events/mine' });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('private, no-store');
  const html = await res.text();
  const paths = [...html.matchAll(/value="https?:\/\/[^/"]+(\/events\/calendar\/[A-Za-z0-9_-]+\.ics[^"]*)"/g)].map(
    (m) => m[1]!.replace(/&amp;/g, '&'),
  );
  expect(paths).toHaveLength(2);
  return { attending: paths[0]!, withInterested: paths[1]! };
}

describe('the personal calendar address', () => {
  it('lists the member’s attending events (and with ?with=interested, interested ones), valid iCalendar, no cookie needed', async () => {
    const going = await add('Example workshop I attend');
    const curious = await add('Example course I might take');
    const theirs = await add('Example meetup someone else attends');
    const [member, other] = [await createUser(t.database), await createUser(t.database)];
    await mark(member, going.id, 'attending');
    await mark(member, curious.id, 'interested');
    await mark(other, theirs.id, 'attending');
    await mark(other, curious.id, 'attending');

    const { attending, withInterested } = await makeAddress(await clientFor(t, member));
    const app = new TestClient(t.app); // a calendar app: no cookie
    const res = await app.get(attending);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    const body = await res.text();
    expect(eventsIn(body)).toEqual([
      { summary: 'Example workshop I attend', uid: eventUid(going.id, t.deps.config.baseUrl) },
    ]);
    expect(body).not.toContain('someone else');

    const wider = eventsIn(await (await app.get(withInterested)).text()).map((e) => e.summary);
    expect(wider.sort()).toEqual(['Example course I might take', 'Example workshop I attend']);

    // The other member's calendar holds theirs, never this member's.
    const { attending: otherPath } = await makeAddress(await clientFor(t, other));
    const otherSummaries = eventsIn(await (await app.get(otherPath)).text()).map((e) => e.summary);
    expect(otherSummaries.sort()).toEqual(['Example course I might take', 'Example meetup someone else attends']);
  });

  it('keeps cancelled events in the calendar, marked cancelled, so calendar apps drop them', async () => {
    const event = await add('Example webinar that gets cancelled');
    const member = await createUser(t.database);
    await mark(member, event.id, 'attending');
    const { attending } = await makeAddress(await clientFor(t, member));
    await cancelEvent({ db: db(), actor: actorFor(organiser), now: now(), id: event.id });
    const body = await (await new TestClient(t.app).get(attending)).text();
    const vevent = new ICAL.Component(ICAL.parse(body)).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('answers 404 to a wrong, malformed, replaced or stopped address', async () => {
    const member = await createUser(t.database);
    const client = await clientFor(t, member);
    const first = await makeAddress(client);
    const app = new TestClient(t.app);
    expect((await app.get(first.attending)).status).toBe(200);
    for (const path of [
      '/events/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAA.ics',
      '/events/calendar/not-a-key!.ics',
      first.attending.replace('.ics', ''),
    ]) {
      expect((await app.get(path)).status).toBe(404);
    }
    // "Make a new address": the old one stops working at once, the new one works.
    const second = await makeAddress(client);
    expect(second.attending).not.toBe(first.attending);
    expect((await app.get(first.attending)).status).toBe(404);
    expect((await app.get(second.attending)).status).toBe(200);
    // The page knows there is one, but cannot show it again.
    const page = await (await client.get('/events/mine')).text();
    expect(page).toContain('You have a calendar address');
    expect(page).not.toContain(second.attending);
    // Stopped: 404, and the page says so.
    const stop = await client.post('/events/mine/calendar/stop', {}, { from: '/events/mine' });
    expect(stop.status).toBe(303);
    expect((await app.get(second.attending)).status).toBe(404);
    expect(await (await client.get('/events/mine')).text()).toContain('You have no calendar address yet.');
  });

  it('needs a signed-in member and the CSRF token to make one, stores only a hash, and limits new ones per hour', async () => {
    const anonymous = new TestClient(t.app);
    expect((await anonymous.post('/events/mine/calendar', {}, { csrf: false })).status).not.toBe(200);
    const member = await createUser(t.database);
    const client = await clientFor(t, member);
    await client.get('/events/mine');
    expect((await client.post('/events/mine/calendar', {}, { csrf: false })).status).toBe(403);
    expect(await db().select().from(eventCalendarKeys).where(eq(eventCalendarKeys.userId, member.id))).toEqual([]);

    const reader = await createUser(t.database, { role: 'reader' });
    expect(await codeOf(() => makeCalendarKey({ db: db(), actor: actorFor(reader), now: now() }))).toBe(
      'http.forbidden',
    );
    expect(await codeOf(() => makeCalendarKey({ db: db(), actor: null, now: now() }))).toBe('auth.sign_in_required');
    expect(await codeOf(() => revokeCalendarKey({ db: db(), actor: null, now: now() }))).toBe('auth.sign_in_required');

    const busy = await createUser(t.database);
    let key = '';
    for (let i = 0; i < CALENDAR_KEY_LIMITS.makePerHour; i++) {
      ({ key } = await makeCalendarKey({ db: db(), actor: actorFor(busy), now: now() }));
    }
    expect(key.length * 6).toBeGreaterThanOrEqual(128);
    const [row] = await db().select().from(eventCalendarKeys).where(eq(eventCalendarKeys.userId, busy.id));
    expect(row!.keyHash).not.toContain(key);
    expect(await codeOf(() => makeCalendarKey({ db: db(), actor: actorFor(busy), now: now() }))).toBe(
      'http.rate_limited',
    );
  });

  it('is in the member’s data export as “there is one” (never the key) and goes with the account', async () => {
    const member = await createUser(t.database);
    expect((await eventsModule.personalData!.export(t.deps, member.id)).personalCalendarAddress).toEqual({
      exists: false,
    });
    const { key } = await makeCalendarKey({ db: db(), actor: actorFor(member), now: now() });
    const exported = await eventsModule.personalData!.export(t.deps, member.id);
    expect(exported.personalCalendarAddress).toEqual({ exists: true, createdAt: now().toISOString() });
    expect(JSON.stringify(exported)).not.toContain(key);

    await db().transaction((tx) => eventsModule.personalData!.erase(tx, member.id));
    expect(await db().select().from(eventCalendarKeys).where(eq(eventCalendarKeys.userId, member.id))).toEqual([]);
    expect((await new TestClient(t.app).get(`/events/calendar/${key}.ics`)).status).toBe(404);
  });
});

describe('“Only events I’m attending” on the list', () => {
  it('narrows the list and month view to the member’s own attending events; others and anonymous readers are unaffected', async () => {
    const mine = await add('Example seminar filtered as mine');
    const notMine = await add('Example seminar not marked');
    const interested = await add('Example seminar only interesting');
    const member = await createUser(t.database);
    await mark(member, mine.id, 'attending');
    await mark(member, interested.id, 'interested');
    const client = await clientFor(t, member);

    const all = await (await client.get('/events')).text();
    expect(all).toContain('name="mine"');
    expect(all).toContain('Example seminar not marked');

    const filtered = await (await client.get('/events?mine=attending&virtual=1')).text();
    expect(filtered).toContain('Example seminar filtered as mine');
    expect(filtered).not.toContain('Example seminar not marked');
    expect(filtered).not.toContain('Example seminar only interesting');
    expect(filtered).toMatch(/name="mine" value="attending"[^>]*checked/);

    const month = await (await client.get('/events/month?m=2026-03&mine=attending')).text();
    expect(month).toContain('Example seminar filtered as mine');
    expect(month).not.toContain('Example seminar not marked');

    // Someone else's "mine" is their own (nothing here); anonymous readers get no such filter.
    const other = await (await (await clientFor(t, await createUser(t.database))).get('/events?mine=attending')).text();
    expect(other).not.toContain('Example seminar filtered as mine');
    const anonymous = await (await new TestClient(t.app).get('/events?mine=attending')).text();
    expect(anonymous).not.toContain('name="mine"');
    expect(anonymous).toContain('Example seminar not marked');
    expect(notMine.id).toBeGreaterThan(0);
  });
});

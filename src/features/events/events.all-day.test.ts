import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { eventForm, eventInput } from '../../../test/helpers/events';
import { rowsOf } from '../../platform/db/database';
import { sendEventReminders } from './events.attendance';
import { setAttendance } from './events.attendance.usecases';
import { importCalendarFile } from './events.import.usecases';
import * as repo from './events.repository';
import { zonedToUtc } from './events.time';
import { createEvent } from './events.usecases';

// All-day events (dates, not times) and the marks that let a browser show times in its own zone.

let t: TestApp;
beforeAll(async () => {
  // 2 March 2026, 15:00 UTC.
  t = await createTestApp();
});
afterAll(() => t.close());

const anonymous = () => new TestClient(t.app);

async function member(zone?: string) {
  const user = await createUser(t.database);
  if (zone)
    await t.database.db.execute(
      sql`insert into profiles (user_id, time_zone) values (${user.id}, ${zone})
          on conflict (user_id) do update set time_zone = excluded.time_zone`,
    );
  return { user, client: await clientFor(t, user) };
}

async function added(over: Parameters<typeof eventInput>[0] = {}) {
  const author = await createUser(t.database);
  const { event } = await createEvent({
    db: t.database.db,
    actor: actorFor(author),
    now: t.clock.now(),
    input: eventInput(over),
  });
  return event;
}

/** An all-day event from the first to the last day (inclusive), as the form stores it. */
function days(first: string, last: string, zone: string) {
  const [y1, m1, d1] = first.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = last.split('-').map(Number) as [number, number, number];
  return {
    allDay: true,
    timeZone: zone,
    startsAt: zonedToUtc({ year: y1, month: m1, day: d1, hour: 0, minute: 0 }, zone),
    endsAt: zonedToUtc({ year: y2, month: m2, day: d2 + 1, hour: 0, minute: 0 }, zone),
  };
}

describe('an all-day event from the form', () => {
  it('runs from midnight of its first day to midnight after its last, in its zone, and says “all day”', async () => {
    const { client } = await member();
    const res = await client.post(
      '/events',
      eventForm({
        title: 'Example regional ILL day',
        allDay: 'on',
        // Only the dates count.
        startsAt: '2026-04-15T09:30',
        endsAt: '2026-04-16T17:00',
        timeZone: 'Europe/London',
      }),
      { from: '/events/new' },
    );
    expect(res.status).toBe(303);
    const id = Number(/\/events\/(\d+)/.exec(res.headers.get('location')!)![1]);
    const event = (await repo.findEvent(t.database.db, id))!;
    expect(event.allDay).toBe(true);
    // Midnight in London during summer time is 23:00 UTC the day before.
    expect(event.startsAt.toISOString()).toBe('2026-04-14T23:00:00.000Z');
    expect(event.endsAt.toISOString()).toBe('2026-04-16T23:00:00.000Z');

    const page = await (await client.get(`/events/${id}`)).text();
    const when = /<dt>When<\/dt><dd>(.*?)<\/dd>/.exec(page)?.[1];
    expect(when).toBe('<time datetime="2026-04-14T23:00:00.000Z">Wed, 15 Apr 2026 – Thu, 16 Apr 2026, all day</time>');
    // Search engines get the dates too.
    expect(page).toContain('"startDate":"2026-04-15","endDate":"2026-04-16"');

    // The edit form gives the dates back with the box ticked, and saving it unchanged keeps the same days.
    const edit = await (await client.get(`/events/${id}/edit`)).text();
    expect(edit).toMatch(/id="f-allDay" name="allDay" value="on" checked/);
    expect(edit).toContain('<label for="f-allDay">All-day event</label>');
    expect(edit).toContain('value="2026-04-15T00:00"');
    expect(edit).toContain('value="2026-04-16T00:00"');
    const again = await client.post(
      `/events/${id}`,
      eventForm({
        title: 'Example regional ILL day',
        allDay: 'on',
        startsAt: '2026-04-15T00:00',
        endsAt: '2026-04-16T00:00',
        timeZone: 'Europe/London',
      }),
      { from: `/events/${id}/edit` },
    );
    expect(again.status).toBe(303);
    const saved = (await repo.findEvent(t.database.db, id))!;
    expect([saved.startsAt, saved.endsAt]).toEqual([event.startsAt, event.endsAt]);
  });

  it('is exported as DATE values that ical.js reads back as the same days', async () => {
    const event = await added({ title: 'Example ILL day in Tokyo', ...days('2026-05-07', '2026-05-08', 'Asia/Tokyo') });
    const text = await (await anonymous().get(`/events/${event.id}/calendar.ics`)).text();
    expect(text).toContain('DTSTART;VALUE=DATE:20260507\r\n');
    expect(text).toContain('DTEND;VALUE=DATE:20260509\r\n');
    const vevent = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!);
    expect(vevent.startDate.isDate).toBe(true);
    expect(vevent.startDate.toString()).toBe('2026-05-07');
    expect(vevent.endDate.toString()).toBe('2026-05-09');
  });

  it('refuses a last day before the first next to the field, saving nothing', async () => {
    const { client } = await member();
    const count = async () =>
      rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from calendar_events`))[0]!.n;
    const before = await count();
    const res = await client.post(
      '/events',
      eventForm({ allDay: 'on', startsAt: '2026-04-15T00:00', endsAt: '2026-04-14T00:00' }),
      { from: '/events/new' },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Ends (the last day) must be on or after Starts.');
    expect(await count()).toBe(before);
  });
});

describe('all-day events in lists and the month view', () => {
  it('sit on their own date for every reader, shown as “all day”, never as midnight in another zone', async () => {
    // 1 June in Tokyo: from 15:00 UTC on 31 May, which is 10:00 on 31 May in Chicago.
    const tag = `AllDay${Date.now()}`;
    await added({ title: `${tag} Tokyo day`, ...days('2026-06-01', '2026-06-01', 'Asia/Tokyo') });
    const { client } = await member('America/Chicago');
    for (const [who, get] of [
      ['anonymous', (p: string) => anonymous().get(p)],
      ['Chicago member', (p: string) => client.get(p)],
    ] as const) {
      const june = await (await get('/events/month?m=2026-06')).text();
      const section = june.slice(june.indexOf('id="day-2026-06-01"'));
      expect(section, who).toContain(`${tag} Tokyo day`);
      expect(june, who).toContain('Mon, 1 Jun 2026, all day');
      expect(june, who).not.toContain('id="day-2026-05-31"');
    }
    // A reader with a zone does not see it again on a day of the month before.
    const may = await (await client.get('/events/month?m=2026-05')).text();
    expect(may).not.toContain(`${tag} Tokyo day`);
    expect(may).not.toContain('id="day-2026-06-01"');
    const list = await (await client.get('/events')).text();
    expect(list).toContain('<time datetime="2026-06-01">Mon, 1 Jun 2026, all day</time>');
  });

  it('imported from iCalendar DATE values keeps its dates as an all-day event', async () => {
    const bytes = fs.readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures/ics/outlook-example.ics'));
    await importCalendarFile({
      db: t.database.db,
      actor: null,
      now: t.clock.now(),
      bytes,
      operator: true,
      settings: {
        kind: 'meetup',
        cost: 'free',
        feeAmount: '',
        format: 'in_person',
        organiserGroupId: null,
        organiserName: 'Example Consortium',
        organiserUrl: '',
        defaultZone: 'America/New_York',
      },
    });
    const [row] = rowsOf<{ id: number; all_day: boolean }>(
      await t.database.db.execute(
        sql`select id, all_day from calendar_events where import_uid = 'example-regional-ill-day-2027'`,
      ),
    );
    expect(row?.all_day).toBe(true);
    const page = await (await anonymous().get(`/events/${row!.id}`)).text();
    expect(page).toContain('Thu, 15 Apr 2027 – Fri, 16 Apr 2027, all day');
    const ics = await (await anonymous().get(`/events/${row!.id}/calendar.ics`)).text();
    expect(ics).toContain('DTSTART;VALUE=DATE:20270415\r\n');
    expect(ics).toContain('DTEND;VALUE=DATE:20270417\r\n');
  });
});

describe('the day-before reminder of an all-day event', () => {
  it('names its date, not midnight in UTC', async () => {
    // 3 March in Tokyo begins at 15:00 UTC on 2 March: a run a minute before finds it within the day ahead.
    const event = await added({ title: 'Example Tokyo ILL day', ...days('2026-03-03', '2026-03-03', 'Asia/Tokyo') });
    const { user } = await member();
    await setAttendance({
      db: t.database.db,
      actor: actorFor(user),
      now: t.clock.now(),
      eventId: event.id,
      choice: 'attending',
    });
    await sendEventReminders(t.database.db, new Date(t.clock.now().getTime() - 60_000));
    const [notice] = rowsOf<{ excerpt: string }>(
      await t.database.db.execute(sql`select excerpt from notifications where user_id = ${user.id}`),
    );
    expect(notice?.excerpt).toBe('All day on 2026-03-03. You marked yourself as attending.');
  });
});

describe('times for the browser to show in its own zone', () => {
  const mark = `<time datetime="2026-03-10T14:00:00.000Z" data-local="event" data-zone="America/New_York" data-end="2026-03-10T15:00:00.000Z">`;
  const script = '<script type="module" src="/build/local-time.js"></script>';

  it('are marked, with the local-time script, only for readers without a zone of their own', async () => {
    const event = await added({ title: `Example marked webinar ${Date.now()}` });
    const { client: zoneless } = await member();
    for (const client of [anonymous(), zoneless]) {
      const page = await (await client.get(`/events/${event.id}`)).text();
      expect(page).toContain(`${mark}Tue, 10 Mar 2026, 10:00–11:00 (America/New_York, UTC−04:00)</time>`);
      expect(page).toContain(script);
      const month = await (await client.get('/events/month?m=2026-03')).text();
      expect(month).toContain(mark);
      expect(month).toContain(script);
      expect(month).toContain('data-local-note');
    }
    const { client: londoner } = await member('Europe/London');
    const page = await (await londoner.get(`/events/${event.id}`)).text();
    expect(page).not.toContain('data-local');
    expect(page).not.toContain(script);
    const list = await (await londoner.get('/events')).text();
    expect(list).not.toContain('data-local');
    expect(list).not.toContain(script);
  });

  it('are not marked for all-day events, whose dates are the same everywhere', async () => {
    const event = await added({ title: 'Example unmarked day', ...days('2026-03-20', '2026-03-20', 'Europe/Paris') });
    const page = await (await anonymous().get(`/events/${event.id}`)).text();
    expect(page).toContain('Fri, 20 Mar 2026, all day');
    expect(page).not.toContain('data-local="event"');
  });

  it('are marked on My events for a member without a zone, as in the list; all-day events stay dates', async () => {
    const event = await added({ title: 'Example webinar in my events' });
    const day = await added({ title: 'Example day in my events', ...days('2026-03-21', '2026-03-21', 'Europe/Paris') });
    const zoneless = await member();
    const londoner = await member('Europe/London');
    for (const who of [zoneless, londoner])
      for (const eventId of [event.id, day.id])
        await setAttendance({
          db: t.database.db,
          actor: actorFor(who.user),
          now: t.clock.now(),
          eventId,
          choice: 'attending',
        });
    const mine = await (await zoneless.client.get('/events/mine')).text();
    expect(mine).toContain(`${mark}Tue, 10 Mar 2026, 10:00–11:00 (America/New_York, UTC−04:00)</time>`);
    expect(mine).toContain(script);
    expect(mine).toContain('data-local-note');
    expect(mine).toContain('<time datetime="2026-03-21">Sat, 21 Mar 2026, all day</time>');
    // A member with a zone reads their own, the event's beside it, and gets no script.
    const theirs = await (await londoner.client.get('/events/mine')).text();
    expect(theirs).toContain(
      '<time datetime="2026-03-10T14:00:00.000Z">Tue, 10 Mar 2026, 14:00–15:00 (Europe/London, UTC+00:00)</time>',
    );
    expect(theirs).toContain('event’s own time: Tue, 10 Mar 2026, 10:00–11:00 (America/New_York, UTC−04:00)');
    expect(theirs).not.toContain('data-local');
    expect(theirs).not.toContain(script);
  });
});

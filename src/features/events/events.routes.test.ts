import { parseFeed } from '@rowanmanning/feed-parser';
import { sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db/database';
import { actorFor, clientFor, createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { eventForm, eventInput } from '../../../test/helpers/events';
import { errorCode } from '../../../test/helpers/http';
import { createEvent } from './events.usecases';

let t: TestApp;
beforeAll(async () => {
  // 2 March 2026, 15:00 UTC; seeded (forum categories: an event's discussion goes to "Events").
  t = await createTestApp({ seed: true });
});
afterAll(() => t.close());

const anonymous = () => new TestClient(t.app);

async function member() {
  const user = await createUser(t.database);
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

function parseIcs(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('adding an event through the form', () => {
  it('reads the times in the event’s zone, saves, and shows the event', async () => {
    const { client } = await member();
    const res = await client.post('/events', eventForm({ title: 'Example: Lending 101 webinar' }), {
      from: '/events/new',
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/events\/\d+\?notice=created$/);
    const page = await (await client.get(location)).text();
    expect(page).toContain('Example: Lending 101 webinar');
    expect(page).toContain('Event added.');
    // 10:00 in New York on 10 March 2026 (after the change to EDT) is 14:00 UTC.
    expect(page).toContain('datetime="2026-03-10T14:00:00.000Z"');
    expect(page).toContain('America/New_York, UTC−04:00');
  });

  it('refuses an end before the start and an unknown time zone next to the fields, saving nothing', async () => {
    const { client } = await member();
    const before = rowsOf(await t.database.db.execute(sql`select count(*)::int as n from calendar_events`));
    const backwards = await client.post('/events', eventForm({ endsAt: '2026-03-10T09:00' }), { from: '/events/new' });
    expect(backwards.status).toBe(400);
    expect(await backwards.text()).toContain('Ends must be after Starts.');
    const zone = await client.post('/events', eventForm({ timeZone: 'Mars/Olympus_Mons' }), { from: '/events/new' });
    expect(zone.status).toBe(400);
    expect(await zone.text()).toContain('Time zone: choose a zone from the list');
    const feeless = await client.post('/events', eventForm({ cost: 'fee', feeAmount: '' }), { from: '/events/new' });
    expect(feeless.status).toBe(400);
    const after = rowsOf(await t.database.db.execute(sql`select count(*)::int as n from calendar_events`));
    expect(after).toEqual(before);
  });

  it('asks anonymous visitors to sign in and refuses other members’ edits', async () => {
    const event = await added();
    const res = await anonymous().get('/events/new');
    expect(res.status).toBe(401);
    expect(errorCode(await res.text())).toBe('auth.sign_in_required');
    const { client } = await member();
    const edit = await client.get(`/events/${event.id}/edit`);
    expect(edit.status).toBe(403);
    expect(errorCode(await edit.text())).toBe('events.may_not_edit');
    const post = await client.post(`/events/${event.id}`, eventForm({ title: 'Hijacked' }), {
      from: `/events/${event.id}`,
    });
    expect(post.status).toBe(403);
  });
});

describe('finding events without JavaScript', () => {
  it('combines filters in the list and the month view', async () => {
    const tag = `Filter${Date.now()}`;
    await added({ title: `${tag} free online for new staff` });
    await added({ title: `${tag} paid`, cost: 'fee', feeAmount: 'USD 50' });
    await added({ title: `${tag} in person`, format: 'in_person', place: 'Chicago' });
    const list = await (await anonymous().get('/events?free=1&virtual=1&audience=new')).text();
    expect(list).toContain(`${tag} free online for new staff`);
    expect(list).not.toContain(`${tag} paid`);
    expect(list).not.toContain(`${tag} in person`);
    // The form keeps the choices, and the subscribe link carries the same filters.
    expect(list).toMatch(/name="free" value="1" checked/);
    expect(list).toContain('href="/events.ics?free=1&amp;virtual=1&amp;audience=new"');
    const month = await (await anonymous().get('/events/month?m=2026-03&free=1&virtual=1')).text();
    expect(month).toContain('Events in March 2026');
    expect(month).toContain(`${tag} free online for new staff`);
    expect(month).not.toContain(`${tag} paid`);
    const april = await (await anonymous().get('/events/month?m=2026-04')).text();
    expect(april).not.toContain(`${tag} free online for new staff`);
  });

  it('shows a few events a day in the month view, with “+N more” linking to the day’s full list', async () => {
    const tag = `Busy${Date.now()}`;
    for (let i = 0; i < 6; i++)
      await added({
        title: `${tag} session ${i}`,
        startsAt: new Date(Date.UTC(2026, 6, 15, 14 + i)),
        endsAt: new Date(Date.UTC(2026, 6, 15, 14 + i, 45)),
      });
    const month = await (await anonymous().get('/events/month?m=2026-07&free=1')).text();
    // The earliest four of the day, then a link to the rest (filters kept).
    for (let i = 0; i < 4; i++) expect(month).toContain(`${tag} session ${i}`);
    expect(month).not.toContain(`${tag} session 4`);
    expect(month).toMatch(
      /<a href="\/events\/month\?free=1&amp;m=2026-07&amp;day=2026-07-15">\+2 more events on [^<]+<\/a>/,
    );
    const day = await anonymous().get('/events/month?free=1&m=2026-07&day=2026-07-15');
    expect(day.status).toBe(200);
    const list = await day.text();
    expect(list).toMatch(/<h1>Events on [^<]*15[^<]*<\/h1>/);
    for (let i = 0; i < 6; i++) expect(list).toContain(`${tag} session ${i}`);
    expect(list).not.toContain('more events on');
    expect(list).toContain('href="/events/month?free=1&amp;m=2026-07">All of July 2026</a>');
    // A day outside the month is the month itself.
    const outside = await (await anonymous().get('/events/month?m=2026-07&day=2026-08-01')).text();
    expect(outside).toContain('<h1>Events in July 2026</h1>');
  });

  it('shows times in the reader’s zone from their profile, with the event’s own zone beside them', async () => {
    const event = await added({ title: 'Example zone webinar' });
    const { user, client } = await member();
    await t.database.db.execute(
      sql`insert into profiles (user_id, time_zone) values (${user.id}, 'Europe/London')
          on conflict (user_id) do update set time_zone = excluded.time_zone`,
    );
    const page = await (await client.get(`/events/${event.id}`)).text();
    // 14:00 UTC on 10 March is 14:00 in London (GMT) and 10:00 in New York (EDT).
    expect(page).toContain('Tue, 10 Mar 2026, 14:00–15:00 (Europe/London, UTC+00:00)');
    expect(page).toContain('Event’s own time: Tue, 10 Mar 2026, 10:00–11:00 (America/New_York, UTC−04:00)');
  });
});

describe('calendars and feeds', () => {
  it('serves /events.ics with the list’s filters, and one .ics per event with its sessions', async () => {
    const tag = `Ics${Date.now()}`;
    const free = await added({ title: `${tag} free` });
    await added({ title: `${tag} paid`, cost: 'fee', feeAmount: 'USD 50' });
    const res = await anonymous().get('/events.ics?free=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const titles = parseIcs(await res.text()).map((e) => e.summary);
    expect(titles).toContain(`${tag} free`);
    expect(titles).not.toContain(`${tag} paid`);

    const owner = await t.database.db.execute(sql`select created_by from calendar_events where id = ${free.id}`);
    const creatorId = (owner as unknown as { rows: Array<{ created_by: number }> }).rows?.[0]?.created_by;
    const client = await clientFor(t, { id: creatorId! });
    const session = await client.post(
      `/events/${free.id}/sessions`,
      {
        title: 'Opening',
        startsAt: '2026-03-10T10:00',
        endsAt: '2026-03-10T10:20',
        speakers: 'Ada Example',
        room: '',
        link: '',
        materials: '',
      },
      { from: `/events/${free.id}` },
    );
    expect(session.status).toBe(303);
    const one = await anonymous().get(`/events/${free.id}/calendar.ics`);
    const events = parseIcs(await one.text());
    expect(events.map((e) => e.summary)).toEqual([`${tag} free`, 'Opening']);
    expect(events[0]!.uid).toBe(`event-${free.id}@localhost`);
    // Adding the session changed the event's calendar entry.
    expect(events[0]!.sequence).toBe(1);
    expect(events[1]!.startDate.toJSDate().toISOString()).toBe('2026-03-10T14:00:00.000Z');
  });

  it('puts schema.org Event JSON-LD on the page, escaped so a title cannot end the block', async () => {
    const title = 'Example </script><script>alert(1)</script> & more';
    const event = await added({ title });
    const page = await (await anonymous().get(`/events/${event.id}`)).text();
    const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page);
    expect(match).not.toBeNull();
    expect(match![1]).not.toContain('<');
    const data = JSON.parse(match![1]!);
    expect(data).toMatchObject({ '@type': 'Event', name: title, startDate: '2026-03-10T14:00:00.000Z' });
    expect(data.eventAttendanceMode).toBe('https://schema.org/OnlineEventAttendanceMode');
    // The only script elements on the page are the data block and the hub's own modules.
    expect(page).not.toContain('<script>alert(1)');
  });

  it('lists new events in an Atom feed that a feed reader parses', async () => {
    const event = await added({ title: 'Example feed webinar' });
    const res = await anonymous().get('/events/feed.atom');
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    const feed = parseFeed(await res.text());
    expect(feed.meta.type).toBe('atom');
    const item = feed.items.find((i) => i.title === 'Example feed webinar');
    expect(item?.url).toBe(`http://localhost/events/${event.id}`);
  });
});

describe('before, during and after', () => {
  it('keeps pre-reads, recordings and teach-back notes on the event page; a “now” marker shows the running session', async () => {
    const author = await createUser(t.database);
    const { event } = await createEvent({
      db: t.database.db,
      actor: actorFor(author),
      now: t.clock.now(),
      input: eventInput({
        title: 'Example live event',
        startsAt: new Date('2026-03-02T14:00:00Z'),
        endsAt: new Date('2026-03-02T17:00:00Z'),
      }),
    });
    const organiser = await clientFor(t, author);
    const from = `/events/${event.id}`;
    expect(
      (
        await organiser.post(
          `${from}/links`,
          { kind: 'pre_read', title: 'Read this first', url: 'https://example.org/pre' },
          { from },
        )
      ).status,
    ).toBe(303);
    expect(
      (
        await organiser.post(
          `${from}/links`,
          { kind: 'recording', title: 'The recording', url: 'https://video.example/rec' },
          { from },
        )
      ).status,
    ).toBe(303);
    // The session runs 09:30–10:30 New York time = 14:30–15:30 UTC, around the clock's 15:00.
    await organiser.post(
      `${from}/sessions`,
      {
        title: 'Live session',
        startsAt: '2026-03-02T09:30',
        endsAt: '2026-03-02T10:30',
        speakers: '',
        room: 'Room 1',
        link: '',
        materials: '',
      },
      { from },
    );
    const { client } = await member();
    const refused = await client.post(
      `${from}/links`,
      { kind: 'recording', title: 'Spam', url: 'https://spam.example' },
      { from },
    );
    expect(refused.status).toBe(403);
    const short = await client.post(`${from}/teach-back`, { body: 'Too short' }, { from });
    expect(short.status).toBe(400);
    const note = await client.post(
      `${from}/teach-back`,
      { body: 'I learned to check the lender’s policy first; we will add it to our checklist.' },
      { from },
    );
    expect(note.status).toBe(303);
    const page = await (await anonymous().get(from)).text();
    expect(page).toContain('Read this first');
    expect(page).toContain('The recording');
    expect(page).not.toContain('Spam');
    expect(page).toContain('we will add it to our checklist');
    expect(page).toMatch(/Live session\s*<span class="badge badge-new"> Now<\/span>/);
    // The discussion thread came with the event (docs/decisions/033): any member asking for it is sent to that one
    // thread, linked from the page (on-demand starts of imported events: events.discussion.test.ts).
    expect(event.threadId).not.toBeNull();
    const started = await client.post(`${from}/discussion`, {}, { from });
    expect(started.status).toBe(303);
    const threadPath = started.headers.get('location')!;
    expect(threadPath).toBe(`/forum/t/${event.threadId}`);
    const again = await organiser.post(`${from}/discussion`, {}, { from });
    expect(again.headers.get('location')).toBe(threadPath);
    const thread = await (await anonymous().get(threadPath)).text();
    expect(thread).toContain('Discussion: Example live event');
    expect(await (await anonymous().get(from)).text()).toContain(`href="${threadPath}"`);
    // Anonymous readers see no forms to change the event.
    expect(page).not.toContain(`action="${from}/links"`);
  });
});

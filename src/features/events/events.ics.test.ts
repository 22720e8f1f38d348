import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, fold } from './events.ics';
import type { CalendarEvent, EventSession } from './events.models';
import { occurrences } from './events.recurrence';
import { dayKey, parseLocal, zonedToUtc } from './events.time';

const NOW = new Date('2026-03-02T15:00:00Z');
const BASE = 'https://hub.example';

function event(over: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    id: 7,
    title: 'Borrowing 101; commas, and \\ backslashes',
    summary: 'A first workshop',
    description: 'Line one\nLine two',
    descriptionHtml: null,
    kind: 'workshop',
    organiserGroupId: null,
    organiserName: 'Example Consortium',
    organiserUrl: 'https://consortium.example',
    format: 'virtual',
    place: '',
    onlineUrl: 'https://meet.example/abc',
    startsAt: new Date('2026-03-10T14:00:00Z'),
    endsAt: new Date('2026-03-10T15:30:00Z'),
    timeZone: 'America/New_York',
    allDay: false,
    rrule: null,
    repeatsUntil: null,
    cost: 'free',
    feeAmount: '',
    level: 'introductory',
    audiences: ['new'],
    topics: [],
    areas: [],
    regions: [],
    captions: true,
    signLanguage: false,
    accessibility: '',
    registrationUrl: '',
    registrationDeadline: null,
    cfpDeadline: null,
    status: 'scheduled',
    sequence: 3,
    reviewDue: null,
    threadId: null,
    exdates: [],
    importSource: null,
    importUid: null,
    importSequence: null,
    importHash: null,
    createdBy: 1,
    createdAt: NOW,
    updatedAt: NOW,
    ...over,
  };
}

function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text));
  // Zones in the file are used by ical.js without registering them; register anyway as a calendar app would.
  for (const tz of component.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return component;
}

describe('iCalendar out', () => {
  it('parses back with ical.js: the instant, the zone, a stable UID, SEQUENCE and escaped text survive', () => {
    const text = buildCalendar({ name: 'Test', entries: [{ event: event() }], baseUrl: BASE, now: NOW });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const cal = parse(text);
    const vevent = cal.getFirstSubcomponent('vevent')!;
    const e = new ICAL.Event(vevent);
    expect(e.uid).toBe('event-7@hub.example');
    expect(e.sequence).toBe(3);
    expect(e.summary).toBe('Borrowing 101; commas, and \\ backslashes');
    expect(e.description).toContain('Line one\nLine two');
    expect(e.startDate.zone?.tzid).toBe('America/New_York');
    expect(e.startDate.toJSDate().toISOString()).toBe('2026-03-10T14:00:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2026-03-10T15:30:00.000Z');
    expect(cal.getFirstSubcomponent('vtimezone')!.getFirstPropertyValue('tzid')).toBe('America/New_York');
  });

  it('gives the same UID for the same event every time, and another event another UID', () => {
    const a = buildCalendar({ name: 'A', entries: [{ event: event() }], baseUrl: BASE, now: NOW });
    const b = buildCalendar({
      name: 'B',
      entries: [{ event: event({ title: 'Renamed', sequence: 4 }) }],
      baseUrl: BASE,
      now: NOW,
    });
    const c = buildCalendar({ name: 'C', entries: [{ event: event({ id: 8 }) }], baseUrl: BASE, now: NOW });
    const uid = (text: string) => parse(text).getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid');
    expect(uid(a)).toBe(uid(b));
    expect(uid(c)).not.toBe(uid(a));
  });

  it('keeps local times right on both sides of a DST change through its VTIMEZONE (New York, 8 March 2026)', () => {
    // 09:00 in New York is 14:00 UTC before the change and 13:00 UTC after it.
    const before = event({ id: 1, startsAt: parseLocal('2026-03-06T09:00', 'America/New_York')! });
    before.endsAt = new Date(before.startsAt.getTime() + 3_600_000);
    const after = event({ id: 2, startsAt: parseLocal('2026-03-09T09:00', 'America/New_York')! });
    after.endsAt = new Date(after.startsAt.getTime() + 3_600_000);
    expect(before.startsAt.toISOString()).toBe('2026-03-06T14:00:00.000Z');
    expect(after.startsAt.toISOString()).toBe('2026-03-09T13:00:00.000Z');
    const text = buildCalendar({
      name: 'DST',
      entries: [{ event: before }, { event: after }],
      baseUrl: BASE,
      now: NOW,
    });
    expect(text).toContain('DTSTART;TZID=America/New_York:20260306T090000');
    expect(text).toContain('DTSTART;TZID=America/New_York:20260309T090000');
    // A reader that knows only the file's VTIMEZONE (not the zone database) must land on the same instants.
    const cal = parse(text);
    const starts = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).startDate.toJSDate().toISOString());
    expect(starts).toEqual(['2026-03-06T14:00:00.000Z', '2026-03-09T13:00:00.000Z']);
  });

  it('writes a weekly rule with an end, expanded by ical.js to the same dates as the hub, across DST', () => {
    const weekly = event({
      startsAt: parseLocal('2026-03-03T09:00', 'Europe/London')!,
      endsAt: parseLocal('2026-03-03T10:00', 'Europe/London')!,
      timeZone: 'Europe/London',
      rrule: 'FREQ=WEEKLY;UNTIL=20260414T235959Z',
      repeatsUntil: new Date('2026-04-14T23:59:59Z'),
    });
    const text = buildCalendar({ name: 'Weekly', entries: [{ event: weekly }], baseUrl: BASE, now: NOW });
    const e = new ICAL.Event(parse(text).getFirstSubcomponent('vevent')!);
    const it = e.iterator();
    const theirs: string[] = [];
    for (let next = it.next(); next; next = it.next()) theirs.push(next.toJSDate().toISOString());
    const ours = occurrences(weekly, new Date('2026-01-01Z'), new Date('2027-01-01Z'), NOW).map((o) =>
      o.startsAt.toISOString(),
    );
    expect(theirs).toEqual(ours);
    expect(ours).toHaveLength(7);
    // 09:00 London: 09:00 UTC in winter, 08:00 UTC after 29 March.
    expect(ours[0]).toBe('2026-03-03T09:00:00.000Z');
    expect(ours.at(-1)).toBe('2026-04-14T08:00:00.000Z');
  });

  it('bounds a rule with no end to the horizon instead of writing an endless one', () => {
    const endless = event({ rrule: 'FREQ=MONTHLY', repeatsUntil: null });
    const text = buildCalendar({ name: 'M', entries: [{ event: endless }], baseUrl: BASE, now: NOW });
    const rule = parse(text).getFirstSubcomponent('vevent')!.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect(rule.freq).toBe('MONTHLY');
    expect(rule.until?.toJSDate().getUTCFullYear()).toBe(2027);
  });

  it('lists an event’s sessions as events related to it, and says when an event is cancelled', () => {
    const sessions: EventSession[] = [
      {
        id: 41,
        eventId: 7,
        title: 'Keynote',
        speakers: [{ name: 'Ada Example' }],
        startsAt: new Date('2026-03-10T14:00:00Z'),
        endsAt: new Date('2026-03-10T14:30:00Z'),
        room: 'Hall A',
        link: '',
        materials: '',
      },
    ];
    const text = buildCalendar({
      name: 'S',
      entries: [{ event: event({ status: 'cancelled' }), sessions }],
      baseUrl: BASE,
      now: NOW,
    });
    const events = parse(text).getAllSubcomponents('vevent');
    expect(events).toHaveLength(2);
    expect(events[0]!.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(events[1]!.getFirstPropertyValue('uid')).toBe('session-41@hub.example');
    expect(events[1]!.getFirstPropertyValue('related-to')).toBe('event-7@hub.example');
    expect(events[1]!.getFirstPropertyValue('location')).toBe('Hall A');
  });

  it('writes an all-day event as DATE values that ical.js reads back as the same days, with no zone', () => {
    // 8–9 December in Tokyo: midnight there is the evening before in UTC, so UTC dates would be a day early.
    const zone = 'Asia/Tokyo';
    const allDay = event({
      allDay: true,
      timeZone: zone,
      startsAt: zonedToUtc({ year: 2026, month: 12, day: 8, hour: 0, minute: 0 }, zone),
      endsAt: zonedToUtc({ year: 2026, month: 12, day: 10, hour: 0, minute: 0 }, zone),
    });
    const text = buildCalendar({ name: 'All day', entries: [{ event: allDay }], baseUrl: BASE, now: NOW });
    expect(text).toContain('DTSTART;VALUE=DATE:20261208\r\n');
    expect(text).toContain('DTEND;VALUE=DATE:20261210\r\n');
    expect(text).not.toContain('BEGIN:VTIMEZONE');
    const e = new ICAL.Event(parse(text).getFirstSubcomponent('vevent')!);
    expect(e.startDate.isDate).toBe(true);
    expect(e.endDate.isDate).toBe(true);
    expect(e.startDate.toString()).toBe('2026-12-08');
    // DTEND is the day after the last (exclusive): two days.
    expect(e.endDate.toString()).toBe('2026-12-10');
    expect(e.duration.toSeconds()).toBe(2 * 86_400);
  });

  it('ends an all-day rule on a date, and ical.js expands it to the same days as the hub', () => {
    const zone = 'America/Chicago';
    const first = zonedToUtc({ year: 2026, month: 3, day: 2, hour: 0, minute: 0 }, zone);
    const weekly = event({
      allDay: true,
      timeZone: zone,
      startsAt: first,
      endsAt: new Date(first.getTime() + 86_400_000),
      rrule: 'FREQ=WEEKLY;UNTIL=20260323T235959Z',
      // As the form stores it: the last day, to its end.
      repeatsUntil: new Date('2026-03-23T23:59:59Z'),
      exdates: [zonedToUtc({ year: 2026, month: 3, day: 16, hour: 0, minute: 0 }, zone).toISOString()],
    });
    const text = buildCalendar({ name: 'Weekly', entries: [{ event: weekly }], baseUrl: BASE, now: NOW });
    expect(text).toContain('RRULE:FREQ=WEEKLY;UNTIL=20260323\r\n');
    expect(text).toContain('EXDATE;VALUE=DATE:20260316\r\n');
    const e = new ICAL.Event(parse(text).getFirstSubcomponent('vevent')!);
    const it = e.iterator();
    const theirs: string[] = [];
    for (let next = it.next(); next; next = it.next()) {
      expect(next.isDate).toBe(true);
      theirs.push(next.toString());
    }
    const ours = occurrences(weekly, new Date('2026-01-01Z'), new Date('2027-01-01Z'), NOW).map((o) =>
      dayKey(o.startsAt, zone),
    );
    // The same dates on both sides: the excluded day left out, the last one on the rule's final date.
    expect(ours).toEqual(['2026-03-02', '2026-03-09', '2026-03-23']);
    expect(theirs).toEqual(ours);
  });

  it('folds long lines without splitting a character', () => {
    const line = `SUMMARY:${'é'.repeat(80)}`;
    const folded = fold(line);
    expect(folded.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });
});

describe('time zones', () => {
  it('reads a wall time in a gap as the time after it, and in an overlap as the earlier instant', () => {
    // 02:30 on 8 March 2026 does not exist in New York (clocks jump 02:00 → 03:00).
    expect(zonedToUtc({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York').toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    // 01:30 on 1 November 2026 happens twice; the first is in EDT (UTC−4).
    expect(zonedToUtc({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });
});

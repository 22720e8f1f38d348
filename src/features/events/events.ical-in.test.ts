import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICAL_IMPORT_LIMITS, ianaZone, parseIcs } from './events.ical-in';
import { occurrences } from './events.recurrence';

const DIR = path.resolve(import.meta.dirname, '../../../test/fixtures/ics');
const NOW = new Date('2026-12-04T00:00:00Z');
const read = (name: string) => fs.readFileSync(path.join(DIR, name));
const parse = (bytes: Uint8Array | string) => parseIcs(bytes, { now: NOW, defaultZone: 'UTC' });

/** Every valid file of the corpus and how many events the hub makes of it. */
const VALID: Record<string, number> = {
  'blank_description.ics': 1,
  'blank_line_end.ics': 0,
  'daily_recur.ics': 579,
  'day_long_recur_yearly.ics': 415,
  'duration_instead_of_dtend.ics': 1,
  'forced_types.ics': 1,
  'google_birthday.ics': 6,
  'minimal.ics': 1,
  'multiple_rrules.ics': 35,
  'only_dtstart_date.ics': 1,
  'only_dtstart_time.ics': 1,
  'outlook-example.ics': 3,
  'parserv2.ics': 414,
  'rdate_exdate.ics': 3,
  'recur_instances.ics': 21,
  'recur_instances_finite.ics': 5,
  'thunderbird-example.ics': 1,
  'utc_negative_zero.ics': 1,
};

/** Every broken file, the line named and a words of the reason. */
const BROKEN: Record<string, [number | null, string]> = {
  'blank_line_mid.ics': [3, 'blank line'],
  'duplicate-uid.ics': [10, 'appears twice in the file (first at line 4)'],
  'end-before-start.ics': [10, 'ends before it starts'],
  'latin1.ics': [8, 'not UTF-8'],
  'not-a-calendar.ics': [1, 'starts with BEGIN:VCALENDAR'],
  'timezone_from_file.ics': [12, 'has no UID'],
  'unclosed.ics': [8, 'does not close BEGIN:VEVENT (line 4)'],
  'unknown-zone.ics': [4, 'unknown time zone “Mars/Olympus_Mons”'],
};

describe('the corpus of real-world and example calendars', () => {
  it('covers every file in the fixtures folder', () => {
    expect(
      fs
        .readdirSync(DIR)
        .filter((f) => f.endsWith('.ics'))
        .sort(),
    ).toEqual(Object.keys(VALID).sort());
    expect(
      fs
        .readdirSync(path.join(DIR, 'broken'))
        .filter((f) => f.endsWith('.ics'))
        .sort(),
    ).toEqual(Object.keys(BROKEN).sort());
  });

  for (const [file, count] of Object.entries(VALID)) {
    it(`reads ${file}: ${count} events`, () => {
      const result = parse(read(file));
      expect(result.ok ? result.events.length : result.reason).toBe(count);
    });
  }

  for (const [file, [line, reason]] of Object.entries(BROKEN)) {
    it(`refuses ${file} whole, at line ${line}`, () => {
      const result = parse(read(`broken/${file}`));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.line).toBe(line);
      expect(result.reason).toContain(reason);
    });
  }
});

describe('what an Outlook export becomes', () => {
  const result = parse(read('outlook-example.ics'));
  if (!result.ok) throw new Error(result.reason);
  const [series, moved, allDay] = result.events;

  it('maps a Windows zone name to its IANA zone and keeps a weekly rule with COUNT as the hub’s rule', () => {
    expect(series?.timeZone).toBe('America/New_York');
    expect(series?.startsAt.toISOString()).toBe('2027-01-06T15:00:00.000Z');
    // COUNT=6 → the sixth Wednesday is the last.
    expect(series?.rrule).toBe('FREQ=WEEKLY;UNTIL=20270210T150000Z');
    expect(series?.sequence).toBe(2);
  });

  it('leaves out the EXDATE and the moved occurrence, and makes the moved one an event of its own', () => {
    const dates = occurrences(series!, new Date('2027-01-01Z'), new Date('2027-03-01Z'), NOW).map((o) =>
      o.startsAt.toISOString().slice(0, 10),
    );
    expect(dates).toEqual(['2027-01-06', '2027-01-13', '2027-02-03', '2027-02-10']);
    expect(moved?.key).toBe(`${series?.uid}#2027-01-27T15:00:00.000Z`);
    expect(moved?.startsAt.toISOString()).toBe('2027-01-28T19:00:00.000Z');
  });

  it('takes URL, an online LOCATION and ATTACH links; an all-day event runs midnight to midnight', () => {
    expect(series?.registrationUrl).toBe('https://consortium.example/training/borrowing-basics');
    expect(series?.onlineUrl).toBe('https://meet.example/borrowing-basics');
    expect(series?.description).toContain('[handout.pdf](<https://consortium.example/files/handout.pdf>)');
    expect(allDay?.allDay).toBe(true);
    expect(allDay!.endsAt.getTime() - allDay!.startsAt.getTime()).toBe(2 * 86_400_000);
    expect(allDay?.place).toBe('Example Public Library, Main Hall');
  });
});

describe('limits and rules', () => {
  const one = (body: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n${body}END:VCALENDAR\r\n`;
  const event = (uid: string, extra = '') =>
    `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTART:20270101T100000Z\r\nDTEND:20270101T110000Z\r\nSUMMARY:Example ${uid}\r\n${extra}END:VEVENT\r\n`;

  it('refuses a 10 MB file with the limit, before reading it', () => {
    const result = parse(new Uint8Array(10 * 1024 * 1024).fill(0x41));
    expect(result).toMatchObject({ ok: false, line: null });
    if (!result.ok) expect(result.reason).toContain('the limit is 2 MB');
  });

  it(`refuses more than ${ICAL_IMPORT_LIMITS.maxEvents} events in one file`, () => {
    const body = Array.from({ length: ICAL_IMPORT_LIMITS.maxEvents + 1 }, (_, i) => event(`e${i}`)).join('');
    const result = parse(one(body));
    expect(result.ok ? 'accepted' : result.reason).toContain(`the limit is ${ICAL_IMPORT_LIMITS.maxEvents} per file`);
  });

  it('bounds a rule with no end the hub cannot keep to 18 months of occurrences', () => {
    const result = parse(one(event('daily', 'RRULE:FREQ=DAILY;INTERVAL=2\r\n').replace('20270101', '20261201')));
    if (!result.ok) throw new Error(result.reason);
    const last = result.events.at(-1)!.startsAt;
    expect(last <= new Date('2028-06-04T00:00:00Z')).toBe(true);
    expect(last > new Date('2028-05-01T00:00:00Z')).toBe(true);
  });

  it('keeps a monthly rule with no end as the hub’s own rule (expanded on read, to the horizon)', () => {
    const result = parse(one(event('monthly', 'RRULE:FREQ=MONTHLY\r\n')));
    expect(result.ok && result.events[0]?.rrule).toBe('FREQ=MONTHLY');
  });

  it('leaves out (with the reason) an event repeating more often than daily, and imports the rest', () => {
    const result = parse(one(event('hourly', 'RRULE:FREQ=HOURLY\r\n') + event('fine')));
    expect(result.ok && result.events.map((e) => e.key)).toEqual(['fine']);
    expect(result.ok && result.skipped[0]).toMatchObject({ uid: 'hourly', line: 4 });
  });

  it('knows IANA, Windows and prefixed zone names, and no others', () => {
    expect(ianaZone('Europe/Paris')).toBe('Europe/Paris');
    expect(ianaZone('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(ianaZone('/mozilla.org/20050126_1/America/Chicago')).toBe('America/Chicago');
    expect(ianaZone('Mars/Olympus_Mons')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { lapseDateFrom, normaliseLanguage } from './people.models';
import {
  canonicalTimeZone,
  formatLocalTime,
  groupedTimeZones,
  isWorkingHours,
  timeZones,
  zonesInWorkingHours,
} from './people.time';

describe('time zones', () => {
  it('accepts IANA zones and aliases, storing the canonical name', () => {
    expect(canonicalTimeZone('America/Chicago')).toBe('America/Chicago');
    expect(canonicalTimeZone('US/Eastern')).toBe('America/New_York');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  it('refuses what Intl does not know', () => {
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
    expect(canonicalTimeZone('<script>')).toBeUndefined();
  });

  it('tells local time from the clock it is given, with daylight saving', () => {
    // 15:00 UTC in March 2026: Chicago is on CDT (UTC-5) from 8 March, so 10:00.
    expect(formatLocalTime('America/Chicago', new Date('2026-03-09T15:00:00Z'))).toBe('10:00');
    expect(formatLocalTime('America/Chicago', new Date('2026-03-02T15:00:00Z'))).toBe('09:00');
    expect(formatLocalTime(canonicalTimeZone('Asia/Kolkata')!, new Date('2026-03-02T15:00:00Z'))).toBe('20:30');
  });

  it('counts 8:00 up to 18:00 local time as working hours', () => {
    expect(isWorkingHours('Europe/London', new Date('2026-01-10T07:59:00Z'))).toBe(false);
    expect(isWorkingHours('Europe/London', new Date('2026-01-10T08:00:00Z'))).toBe(true);
    expect(isWorkingHours('Europe/London', new Date('2026-01-10T17:59:00Z'))).toBe(true);
    expect(isWorkingHours('Europe/London', new Date('2026-01-10T18:00:00Z'))).toBe(false);
  });

  it('lists the zones awake at a moment, and a different list twelve hours later', () => {
    const noonLondon = new Date('2026-01-10T12:00:00Z');
    const awake = zonesInWorkingHours(noonLondon);
    expect(awake).toContain('Europe/London');
    expect(awake).not.toContain('Australia/Sydney');
    const later = zonesInWorkingHours(new Date(noonLondon.getTime() + 12 * 3_600_000));
    expect(later).toContain('Australia/Sydney');
    expect(later).not.toContain('Europe/London');
  });
});

describe('Phone a Friend dates and words', () => {
  it('lapses twelve calendar months after the confirmation', () => {
    expect(lapseDateFrom(new Date('2026-03-02T15:00:00Z')).toISOString()).toBe('2027-03-02T15:00:00.000Z');
  });

  it('spells languages one way so that filters match', () => {
    expect(normaliseLanguage('  spanish ')).toBe('Spanish');
    expect(normaliseLanguage('PORTUGUESE   (Brazil)')).toBe('Portuguese (brazil)');
  });
});

describe('the time-zone picker', () => {
  it('groups zones by the part of the name before "/", groups and zones alphabetically, UTC under "Other" last', () => {
    const { first, groups } = groupedTimeZones('', [
      'Europe/Paris',
      'America/Toronto',
      'UTC',
      'Europe/London',
      'America/Argentina/Salta',
    ]);
    expect(first).toBeUndefined();
    expect(groups).toEqual([
      { label: 'America', zones: ['America/Argentina/Salta', 'America/Toronto'] },
      { label: 'Europe', zones: ['Europe/London', 'Europe/Paris'] },
      { label: 'Other', zones: ['UTC'] },
    ]);
  });

  it('puts the saved zone first, and only a zone the list knows', () => {
    expect(groupedTimeZones('Europe/London').first).toBe('Europe/London');
    expect(groupedTimeZones('Mars/Olympus').first).toBeUndefined();
  });

  it('lists every zone the runtime knows exactly once', () => {
    const listed = groupedTimeZones().groups.flatMap((g) => g.zones);
    expect(listed.sort()).toEqual([...timeZones()].sort());
  });
});

import { describe, expect, it } from 'vitest';
import { localRangeText, nameLocaleOf, rewriteOf, shortZoneName, zoneNoteText } from './local-time';

// 14:00–15:30 in London on Tue 8 Dec 2026 (GMT, UTC+0).
const london = {
  datetime: '2026-12-08T14:00:00.000Z',
  end: '2026-12-08T15:30:00.000Z',
  zone: 'Europe/London',
  text: 'Tue, 8 Dec 2026, 14:00–15:30 (Europe/London, UTC+00:00)',
};

describe('event times in the browser’s zone', () => {
  it('are written as the server writes them, with the zone’s short name', () => {
    expect(rewriteOf(london, 'America/New_York', 'en-US')).toEqual({
      text: 'Tue, 8 Dec 2026, 09:00–10:30 (your time, EST)',
      own: london.text,
    });
    // Past midnight in Tokyo: the end names its own day.
    expect(rewriteOf(london, 'Asia/Tokyo')?.text).toBe(
      'Tue, 8 Dec 2026, 23:00 – Wed, 9 Dec 2026, 00:30 (your time, GMT+9)',
    );
  });

  it('follow summer time at the instant shown', () => {
    const june = { ...london, datetime: '2026-06-16T14:00:00.000Z', end: '2026-06-16T15:00:00.000Z' };
    expect(rewriteOf(june, 'Europe/Paris')?.text).toBe('Tue, 16 Jun 2026, 16:00–17:00 (your time, CEST)');
    expect(shortZoneName(new Date('2026-06-16T14:00:00Z'), 'Europe/London')).toBe('BST');
  });

  it('keep the event’s own text, as the server wrote it, to show beside', () => {
    expect(rewriteOf({ ...london, text: `  ${london.text}\n` }, 'Australia/Sydney')?.own).toBe(london.text);
  });

  it('show a start alone when there is no end', () => {
    expect(localRangeText(new Date('2026-12-08T14:00:00Z'), undefined, 'UTC')).toBe(
      'Tue, 8 Dec 2026, 14:00 (your time, UTC)',
    );
    expect(rewriteOf({ ...london, end: undefined }, 'America/Chicago', 'en-US')?.text).toBe(
      'Tue, 8 Dec 2026, 08:00 (your time, CST)',
    );
  });

  it('are left alone when the browser’s clock reads the same as the event’s', () => {
    expect(rewriteOf(london, 'Europe/London')).toBeUndefined();
    // Another name, same clock in December: nothing to change.
    expect(rewriteOf(london, 'Europe/Lisbon')).toBeUndefined();
    expect(rewriteOf({ ...london, zone: 'Europe/Berlin' }, 'Europe/Paris')).toBeUndefined();
  });

  it('are left alone when the browser’s zone or the marks cannot be trusted', () => {
    expect(rewriteOf(london, undefined)).toBeUndefined();
    expect(rewriteOf(london, 'Mars/Olympus_Mons')).toBeUndefined();
    expect(rewriteOf({ ...london, zone: undefined }, 'Asia/Tokyo')).toBeUndefined();
    expect(rewriteOf({ ...london, datetime: '2026-12-08' }, 'Asia/Tokyo')).toBeUndefined();
    expect(rewriteOf({ ...london, datetime: 'tomorrow' }, 'Asia/Tokyo')).toBeUndefined();
    expect(rewriteOf({ ...london, end: 'later' }, 'Asia/Tokyo')).toBeUndefined();
    expect(rewriteOf({ ...london, text: ' ' }, 'Asia/Tokyo')).toBeUndefined();
  });

  it('name zones in the browser’s English, else British English', () => {
    expect(nameLocaleOf(['en-US', 'fr'])).toBe('en-US');
    expect(nameLocaleOf(['fr-FR', 'en'])).toBe('en-GB');
    expect(nameLocaleOf(undefined)).toBe('en-GB');
    expect(zoneNoteText('Asia/Tokyo')).toContain('your browser’s time zone, Asia/Tokyo');
  });
});

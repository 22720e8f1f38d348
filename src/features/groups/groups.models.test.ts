import { describe, expect, it } from 'vitest';
import { addMonths, ageInWords, dayOf, keepsAnOwner, reviewState, termActive } from './groups.models';

describe('time rules', () => {
  it('ends a term on its end date (UTC), not the day after', () => {
    expect(termActive('2026-06-30', new Date('2026-06-29T23:59:59Z'))).toBe(true);
    expect(termActive('2026-06-30', new Date('2026-06-30T00:00:00Z'))).toBe(false);
    expect(termActive(null, new Date('2099-01-01T00:00:00Z'))).toBe(true);
    expect(dayOf(new Date('2026-12-31T23:30:00-05:00'))).toBe('2027-01-01');
  });

  it('adds calendar months, clamping to the end of a shorter month', () => {
    expect(addMonths(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths(new Date('2027-12-15T00:00:00Z'), 12).toISOString()).toBe('2028-12-15T00:00:00.000Z');
    expect(addMonths(new Date('2028-02-29T00:00:00Z'), -24).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });

  it('calls a review overdue from its due instant, and due soon within 30 days', () => {
    const due = new Date('2026-05-01T00:00:00Z');
    expect(reviewState(due, new Date('2026-03-01T00:00:00Z'))).toBe('current');
    expect(reviewState(due, new Date('2026-04-02T00:00:00Z'))).toBe('due-soon');
    expect(reviewState(due, new Date('2026-05-01T00:00:00Z'))).toBe('overdue');
  });

  it('words ages for people', () => {
    expect(ageInWords(3 * 86_400_000)).toBe('3 days');
    expect(ageInWords(90 * 86_400_000)).toBe('2 months');
    expect(ageInWords(800 * 86_400_000)).toBe('2 years');
  });
});

describe('the owner rule', () => {
  it('needs an owner whose role does not end: terms end by themselves', () => {
    expect(keepsAnOwner([{ role: 'owner', termEndsOn: null }])).toBe(true);
    expect(
      keepsAnOwner([
        { role: 'owner', termEndsOn: '2030-01-01' },
        { role: 'steward', termEndsOn: null },
      ]),
    ).toBe(false);
    expect(keepsAnOwner([])).toBe(false);
  });
});

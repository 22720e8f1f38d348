import { describe, expect, it } from 'vitest';
import { detectedOption } from './timezone-detect';

const blank = { value: '', text: 'Not set' };
const zones = [
  { value: 'Europe/London', text: 'Europe/London' },
  { value: 'Europe/Paris', text: 'Europe/Paris' },
];

describe('the detected time zone', () => {
  it('goes first, after the blank choice', () => {
    expect(detectedOption([blank, ...zones], 'Europe/Paris')).toEqual({
      index: 1,
      option: { value: 'Europe/Paris', text: 'Detected: Europe/Paris' },
    });
  });

  it('goes after the saved zone when they differ', () => {
    expect(
      detectedOption([blank, { value: 'Europe/London', text: 'Saved: Europe/London' }, ...zones], 'Europe/Paris')
        ?.index,
    ).toBe(2);
  });

  it('is not added when the saved zone is the detected one, or the list does not know it', () => {
    expect(
      detectedOption([blank, { value: 'Europe/London', text: 'Saved: Europe/London' }, ...zones], 'Europe/London'),
    ).toBeUndefined();
    expect(detectedOption([blank, ...zones], 'Mars/Olympus')).toBeUndefined();
    expect(detectedOption([blank, ...zones], undefined)).toBeUndefined();
  });
});

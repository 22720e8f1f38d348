import { describe, expect, it } from 'vitest';
import { counterState, formatCount, limitHint } from './char-limit';

describe('character limit wording', () => {
  it('writes counts with thousands separators', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(100_000)).toBe('100,000');
  });

  it('states the limit in the hint', () => {
    expect(limitHint(100_000)).toBe('Up to 100,000 characters.');
  });

  it('counts quietly well below the limit', () => {
    expect(counterState(1234, 100_000)).toEqual({ text: '1,234 of 100,000 characters', near: false, over: false });
  });

  it('is worth announcing from 90 % of the limit', () => {
    expect(counterState(89, 100).near).toBe(false);
    expect(counterState(90, 100)).toEqual({ text: '90 of 100 characters', near: true, over: false });
    expect(counterState(100, 100).over).toBe(false);
  });

  it('says in words when the text is over the limit', () => {
    expect(counterState(101_500, 100_000)).toEqual({
      text: '101,500 of 100,000 characters: 1,500 over the limit',
      near: true,
      over: true,
    });
  });
});

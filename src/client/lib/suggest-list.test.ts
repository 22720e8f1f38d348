import { describe, expect, it } from 'vitest';
import { moveActive, readSuggestions } from './suggest-list';

describe('moving through suggestions with the arrow keys', () => {
  it('goes from the box to the first or the last option, and wraps back to the box', () => {
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
    expect(moveActive(0, 1, 3)).toBe(1);
    expect(moveActive(2, 1, 3)).toBe(-1);
    expect(moveActive(0, -1, 3)).toBe(-1);
    expect(moveActive(-1, 1, 0)).toBe(-1);
  });
});

describe('reading suggestions from the hub', () => {
  it('keeps only well-formed suggestions that point inside the hub', () => {
    const body = {
      suggestions: [
        { title: 'The IFLA Voucher Scheme', url: '/articles/ifla-voucher-scheme', label: 'Article' },
        { title: 'Elsewhere', url: 'https://evil.example/' },
        { title: 'Protocol-relative', url: '//evil.example/' },
        { title: 'Script', url: 'javascript:alert(1)' },
        { url: '/no-title' },
        null,
      ],
    };
    expect(readSuggestions(body, 'suggestions')).toEqual([
      { title: 'The IFLA Voucher Scheme', url: '/articles/ifla-voucher-scheme', label: 'Article' },
    ]);
    expect(readSuggestions({ nothing: true }, 'suggestions')).toEqual([]);
    expect(readSuggestions(null, 'similar')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { previewFailureMessage, retryAfterSeconds } from './preview-messages';

describe('live preview failure messages', () => {
  it('says how long to wait after too many previews', () => {
    expect(previewFailureMessage({ status: 429, retryAfter: 42 })).toMatch(
      /^Too many previews; try again in 42 seconds\./,
    );
    expect(previewFailureMessage({ status: 429, retryAfter: 1 })).toMatch(/try again in 1 second\./);
  });

  it('names a busy hub, an oversized text and an unreachable hub', () => {
    expect(previewFailureMessage({ status: 503 })).toMatch(/^The hub is busy; try again in a moment\./);
    expect(previewFailureMessage({ status: 413, maxLength: 100_000 })).toMatch(
      /too long to preview\. Shorten it to 100,000 characters/,
    );
    expect(previewFailureMessage('network')).toBe('Could not reach the hub; your text is safe in the form.');
  });

  it('never answers with nothing', () => {
    expect(previewFailureMessage({ status: 500 })).toContain('error 500');
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterSeconds('30', now)).toBe(30);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
    expect(retryAfterSeconds(null, now)).toBeUndefined();
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
  });
});

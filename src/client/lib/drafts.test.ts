import { describe, expect, it } from 'vitest';
import {
  encodedSize,
  FORM_BODY_LIMIT,
  fieldsFrom,
  hasText,
  overLimitMessage,
  parseLocalDraft,
  sameFields,
  shouldOffer,
  storageKey,
} from './drafts';
import { FORM_BODY_LIMIT as SERVER_LIMIT } from '../../server';

describe('drafts in the browser', () => {
  it('keeps the fields typed, never the token, the button or the one-time key', () => {
    const fields = fieldsFrom([
      ['_csrf', 'secret'],
      ['intent', 'post'],
      ['idempotencyKey', 'k'],
      ['body', 'Hello'],
      ['topicSlugs', 'lending'],
      ['topicSlugs', 'copyright'],
    ]);
    expect(fields).toEqual({ body: 'Hello', topicSlugs: ['lending', 'copyright'] });
    expect(storageKey('12', 'reply', '7')).toBe('ill-draft:12:reply:7');
  });

  it('compares forms by what is typed: order of repeated values and empty fields do not count', () => {
    expect(sameFields({ body: 'a', topicSlugs: ['x', 'y'] }, { body: 'a', topicSlugs: ['y', 'x'], title: '' })).toBe(
      true,
    );
    expect(sameFields({ body: 'a' }, { body: 'b' })).toBe(false);
    expect(hasText({ body: '  ', kind: 'discussion' }, ['body'])).toBe(false);
    expect(hasText({ body: 'x' }, ['title', 'body'])).toBe(true);
  });

  it('offers the browser’s copy unless the form shows it, the submission landed or the hub’s is newer', () => {
    const local = { fields: { body: 'typed' }, savedAt: '2026-03-02T15:00:00Z' };
    expect(shouldOffer(local, { current: { body: '' }, backForward: false })).toBe(true);
    expect(shouldOffer(local, { current: { body: 'typed' }, backForward: false })).toBe(false);
    const submitted = { ...local, submitted: true };
    // Submitted and the hub keeps no draft any more: it went in.
    expect(shouldOffer(submitted, { current: { body: '' }, backForward: false })).toBe(false);
    // Back from a refusal (e.g. the 413 page): offered.
    expect(shouldOffer(submitted, { current: { body: '' }, backForward: true })).toBe(true);
    expect(
      shouldOffer(local, { current: { body: '' }, serverSavedAt: '2026-03-02T15:01:00Z', backForward: false }),
    ).toBe(false);
    expect(
      shouldOffer(local, { current: { body: '' }, serverSavedAt: '2026-03-02T14:59:00Z', backForward: false }),
    ).toBe(true);
  });

  it('reads only well-formed copies from storage', () => {
    expect(parseLocalDraft(null)).toBeUndefined();
    expect(parseLocalDraft('{not json')).toBeUndefined();
    expect(parseLocalDraft('{"fields":{}}')).toBeUndefined();
    expect(parseLocalDraft('{"fields":{"body":"x"},"savedAt":"2026-03-02T15:00:00Z"}')).toEqual({
      fields: { body: 'x' },
      savedAt: '2026-03-02T15:00:00Z',
    });
  });

  it('measures the form as the browser sends it, against the hub’s own body limit', () => {
    expect(FORM_BODY_LIMIT).toBe(SERVER_LIMIT);
    expect(encodedSize({ body: 'a b' })).toBe('body'.length + 'a%20b'.length + 2);
    // Non-Latin text takes up to nine bytes a character once encoded: 300,000 characters are over the limit.
    expect(encodedSize({ body: '漢'.repeat(300_000) })).toBeGreaterThan(FORM_BODY_LIMIT);
    expect(overLimitMessage(20_005, 20_000)).toBe(
      'This is 20,005 characters; the limit is 20,000. Shorten it by 5 characters before sending. ' +
        'Your text is kept in this browser.',
    );
  });
});

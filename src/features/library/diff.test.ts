import { describe, expect, it } from 'vitest';
import { diffArticle, diffText } from './diff';
import type { ArticleContent } from './library.models';

const base: ArticleContent = {
  title: 'Loan periods',
  summary: 'How long to lend for.',
  type: 'guide',
  audience: 'new',
  body: 'one\ntwo\nthree\n',
  tags: ['loans'],
  topicSlugs: ['lending'],
  context: {},
  sources: [{ title: 'ALA', url: 'https://www.ala.org/' }],
  related: [],
  licence: 'CC-BY-4.0',
};

describe('diffText', () => {
  it('pairs an edited line and marks the changed words within it', () => {
    const { rows, added, removed } = diffText('alpha\nthe loan is six weeks\nomega', 'alpha\nthe loan is eight weeks\nomega');
    expect(added).toBe(1);
    expect(removed).toBe(1);
    const changed = rows.find((r) => r.kind === 'changed');
    expect(changed).toMatchObject({ before: 2, after: 2 });
    if (changed?.kind !== 'changed') throw new Error('expected a changed row');
    expect(changed.segments.filter((s) => s.change === 'removed').map((s) => s.text)).toEqual(['six']);
    expect(changed.segments.filter((s) => s.change === 'added').map((s) => s.text)).toEqual(['eight']);
  });

  it('numbers added and removed lines on their own side', () => {
    const { rows } = diffText('a\nb\n', 'a\nb\nc\nd\n');
    expect(rows.filter((r) => r.kind === 'added')).toEqual([
      { kind: 'added', after: 3, text: 'c' },
      { kind: 'added', after: 4, text: 'd' },
    ]);
  });

  it('folds long unchanged stretches, keeping three lines of context', () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
    const after = before.replace('line 15', 'line fifteen');
    const { rows } = diffText(before, after);
    expect(rows[0]).toEqual({ kind: 'skip', lines: 11 });
    expect(rows.filter((r) => r.kind === 'same')).toHaveLength(6);
    expect(rows.at(-1)).toEqual({ kind: 'skip', lines: 12 });
  });

  it('reports no changes for identical text, and never folds a single line', () => {
    const { rows, added, removed } = diffText('same\n', 'same\n');
    expect([added, removed]).toEqual([0, 0]);
    expect(rows).toEqual([{ kind: 'same', before: 1, after: 1, text: 'same' }]);
    // Line 1 is the only line outside the context of a change at line 5: shown, not folded.
    expect(diffText('a\nb\nc\nd\ne\n', 'a\nb\nc\nd\nX\n').rows.some((r) => r.kind === 'skip')).toBe(false);
    // Lines 1 and 2 are: folded.
    expect(diffText('a\nb\nc\nd\ne\nf\n', 'a\nb\nc\nd\ne\nX\n').rows[0]).toEqual({ kind: 'skip', lines: 2 });
  });
});

describe('diffArticle', () => {
  it('lists changed fields by their readable labels alongside the body diff', () => {
    const diff = diffArticle(base, { ...base, title: 'Loan periods and renewals', audience: 'manager', tags: ['loans', 'renewals'], body: 'one\n2\nthree\n' });
    expect(diff.fields.map((f) => [f.label, f.before, f.after])).toEqual([
      ['Title', 'Loan periods', 'Loan periods and renewals'],
      ['Audience', 'New to ILL', 'Manager'],
      ['Tags', 'loans', 'loans, renewals'],
    ]);
    expect(diff.added).toBe(1);
  });
});

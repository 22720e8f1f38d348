import { describe, expect, it } from 'vitest';
import { DIFF_LIMITS, type DiffRow, diffArticle, diffText, uniqueLineDiff } from './diff';
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
    const { rows, added, removed } = diffText(
      'alpha\nthe loan is six weeks\nomega',
      'alpha\nthe loan is eight weeks\nomega',
    );
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

/** Pseudo-random words, the same for the same seed: two seeds give two unrelated texts. */
function words(count: number, seed: number): string {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return `w${x % 5000}`;
  }).join(' ');
}

/** The text of one side, rebuilt from the rows (folded stretches taken from the original). */
function sideOf(rows: DiffRow[], side: 'before' | 'after', original: string[]): string[] {
  const out: string[] = [];
  for (const row of rows) {
    if (row.kind === 'skip') out.push(...original.slice(out.length, out.length + row.lines));
    else if (row.kind === 'same') out.push(row.text);
    else if (row.kind === 'changed')
      out.push(
        row.segments
          .filter((s) => s.change !== (side === 'before' ? 'added' : 'removed'))
          .map((s) => s.text)
          .join(''),
      );
    else if ((row.kind === 'removed' && side === 'before') || (row.kind === 'added' && side === 'after'))
      out.push(row.text);
  }
  return out;
}

describe('diffText within its budgets', () => {
  it('shows a 36 KB one-line edit whole, without word detail, and says why', () => {
    const before = words(6000, 1).slice(0, 36_000);
    const after = words(6000, 2).slice(0, 36_000);
    const { rows, added, removed, notes } = diffText(before, after);
    expect(rows).toEqual([
      { kind: 'removed', before: 1, text: before },
      { kind: 'added', after: 1, text: after },
    ]);
    expect([added, removed]).toEqual([1, 1]);
    expect(notes).toEqual([{ kind: 'whole-lines', long: 1, overBudget: 0 }]);
  });

  it('marks changed words only until the comparison’s word budget is spent', () => {
    const before = ['the loan period is six weeks', 'renewals are allowed twice', 'fines are waived'].join('\n');
    const after = ['the loan period is eight weeks', 'renewals are allowed once', 'fines are charged'].join('\n');
    const { rows, notes } = diffText(before, after, 3, { ...DIFF_LIMITS, wordTotalChars: 60 });
    expect(rows.map((r) => r.kind)).toEqual(['changed', 'removed', 'added', 'removed', 'added']);
    expect(notes).toEqual([{ kind: 'whole-lines', long: 0, overBudget: 2 }]);
    expect(diffText(before, after).notes).toEqual([]);
  });

  it('falls back to matching unique lines when the exact line diff would exceed its edit budget, and stays correct', () => {
    const a = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const b = a.map((line, i) => (i % 4 === 1 ? `${line} edited` : line));
    b.splice(20, 0, 'a new line');
    const { rows, notes } = diffText(a.join('\n'), b.join('\n'), 3, { ...DIFF_LIMITS, lineEdits: 5 });
    expect(notes[0]).toEqual({ kind: 'unique-lines' });
    expect(sideOf(rows, 'before', a)).toEqual(a);
    expect(sideOf(rows, 'after', b)).toEqual(b);
    // Unique lines still anchor the comparison: the untouched lines are not shown as changed.
    expect(rows.filter((r) => r.kind === 'changed')).toHaveLength(10);
  });

  it('shows only the sizes when the revisions are too different to list line by line', () => {
    const before = Array.from({ length: 16_000 }, (_, i) => `a${i}`).join('\n');
    const after = Array.from({ length: 16_000 }, (_, i) => `b${i}`).join('\n');
    const { rows, notes } = diffText(before, after);
    expect(rows).toEqual([]);
    expect(notes.at(-1)).toEqual({
      kind: 'sizes-only',
      before: { lines: 16_000, chars: before.length },
      after: { lines: 16_000, chars: after.length },
    });
  });
});

describe('uniqueLineDiff', () => {
  it('always rebuilds both sides, whatever the input', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const vocabulary = words(12, seed).split(' ');
      const pick = (n: number, s: number) =>
        words(n, s)
          .split(' ')
          .map((w) => vocabulary[Number(w.slice(1)) % vocabulary.length]!);
      const a = pick(seed % 30, seed * 7);
      const b = pick((seed * 3) % 30, seed * 11);
      const blocks = uniqueLineDiff(a, b);
      expect(blocks.filter((x) => x.kind !== 'added').flatMap((x) => x.lines)).toEqual(a);
      expect(blocks.filter((x) => x.kind !== 'removed').flatMap((x) => x.lines)).toEqual(b);
    }
  });
});

describe('diffArticle', () => {
  it('lists changed fields by their readable labels alongside the body diff', () => {
    const diff = diffArticle(base, {
      ...base,
      title: 'Loan periods and renewals',
      audience: 'manager',
      tags: ['loans', 'renewals'],
      body: 'one\n2\nthree\n',
    });
    expect(diff.fields.map((f) => [f.label, f.before, f.after])).toEqual([
      ['Title', 'Loan periods', 'Loan periods and renewals'],
      ['Audience', 'New to ILL', 'Manager'],
      ['Tags', 'loans', 'loans, renewals'],
    ]);
    expect(diff.added).toBe(1);
  });

  it('shows no change when only the order of topics or tags differs', () => {
    const before = { ...base, topicSlugs: ['copyright', 'borrowing'], tags: ['a', 'b'] };
    const reordered = diffArticle(before, { ...before, topicSlugs: ['borrowing', 'copyright'], tags: ['b', 'a'] });
    expect(reordered.fields).toEqual([]);
    const changed = diffArticle(before, { ...before, topicSlugs: ['borrowing', 'lending'] });
    expect(changed.fields.map((f) => f.label)).toEqual(['Topics']);
  });
});

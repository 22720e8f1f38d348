import { diffArrays, diffWordsWithSpace } from 'diff';
// Not library.schemas (zod): this file also runs in the worker threads, which load only what they need.
import {
  ARTICLE_TYPE_LABELS,
  type ArticleContent,
  AUDIENCE_LABELS,
  type ArticleType,
  type Audience,
  formatSources,
} from './library.models';

export type Segment = { text: string; change: 'same' | 'added' | 'removed' };

export type DiffRow =
  | { kind: 'same'; before: number; after: number; text: string }
  | { kind: 'removed'; before: number; text: string }
  | { kind: 'added'; after: number; text: string }
  /** A line edited in place: word-level changes within it. */
  | { kind: 'changed'; before: number; after: number; segments: Segment[] }
  | { kind: 'skip'; lines: number };

/**
 * Why a comparison is simpler than usual, shown above it. Diffing is
 * quadratic at worst, so every step has a budget (DIFF_LIMITS) and gives way
 * to a cheaper one rather than run long.
 */
export type DiffNote =
  /** Edited lines shown whole (removed, then added) without the changed words marked. */
  | { kind: 'whole-lines'; long: number; overBudget: number }
  /** Too many changes for an exact line comparison: lines were matched where each appears once on both sides. */
  | { kind: 'unique-lines' }
  /** Too different to show line by line: only the sizes. */
  | { kind: 'sizes-only'; before: { lines: number; chars: number }; after: { lines: number; chars: number } };

export interface DiffLimits {
  /** The exact line diff gives up beyond this many added plus removed lines… */
  lineEdits: number;
  /** …or after this many milliseconds; lines are then matched by the lines that are unique on both sides (n log n). */
  lineMs: number;
  /** Word-level detail only for edited lines up to this many characters on each side… */
  wordLineChars: number;
  /** …for at most this many characters (both sides) in one comparison… */
  wordTotalChars: number;
  /** …giving up on a line beyond this many changed words and spaces… */
  wordEdits: number;
  /** …and within this many milliseconds for all lines of one comparison. */
  wordMs: number;
  /** More rows than this (changes and their context): only the sizes are shown. */
  rows: number;
}

/** Chosen so that the largest article (100,000 characters) compares in well under a second of one thread. */
export const DIFF_LIMITS: DiffLimits = {
  lineEdits: 2_000,
  lineMs: 250,
  wordLineChars: 2_000,
  wordTotalChars: 40_000,
  wordEdits: 400,
  wordMs: 150,
  rows: 2_000,
};

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface ArticleDiff {
  fields: FieldChange[];
  body: DiffRow[];
  added: number;
  removed: number;
  /** Empty unless a budget made the comparison simpler than usual. */
  notes: DiffNote[];
}

export interface TextDiff {
  rows: DiffRow[];
  added: number;
  removed: number;
  notes: DiffNote[];
}

function splitLines(value: string): string[] {
  const lines = value.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

type Block = { kind: 'same' | 'removed' | 'added'; lines: string[] };

function push(blocks: Block[], kind: Block['kind'], lines: string[]) {
  if (lines.length === 0) return;
  const last = blocks.at(-1);
  if (last?.kind === kind) last.lines.push(...lines);
  else blocks.push({ kind, lines: [...lines] });
}

/** Equal lines at both ends of a[a0, a1) and b[b0, b1) as `same`, the middle as removed then added. */
function gapBlocks(blocks: Block[], a: string[], a0: number, a1: number, b: string[], b0: number, b1: number) {
  let head = 0;
  while (a0 + head < a1 && b0 + head < b1 && a[a0 + head] === b[b0 + head]) head++;
  let tail = 0;
  while (a1 - tail > a0 + head && b1 - tail > b0 + head && a[a1 - 1 - tail] === b[b1 - 1 - tail]) tail++;
  push(blocks, 'same', a.slice(a0, a0 + head));
  push(blocks, 'removed', a.slice(a0 + head, a1 - tail));
  push(blocks, 'added', b.slice(b0 + head, b1 - tail));
  push(blocks, 'same', a.slice(a1 - tail, a1));
}

/**
 * The cheap line diff (patience-style, without recursion): lines that occur
 * exactly once on each side anchor the comparison (their longest run in the
 * same order), and the stretches between anchors are compared only at their
 * ends. Never quadratic; may show an unchanged line as removed and added.
 */
export function uniqueLineDiff(a: string[], b: string[]): Block[] {
  const inA = new Map<string, number>();
  for (const line of a) inA.set(line, (inA.get(line) ?? 0) + 1);
  const inB = new Map<string, { count: number; index: number }>();
  b.forEach((line, index) => {
    const seen = inB.get(line);
    if (seen) seen.count++;
    else inB.set(line, { count: 1, index });
  });
  const pairs: Array<[number, number]> = [];
  a.forEach((line, i) => {
    const other = inB.get(line);
    if (inA.get(line) === 1 && other?.count === 1) pairs.push([i, other.index]);
  });
  // Longest increasing run of b-positions (patience sorting, n log n).
  const tails: number[] = [];
  const previous: number[] = new Array(pairs.length).fill(-1);
  pairs.forEach(([, j], k) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[k] = tails[lo - 1]!;
    tails[lo] = k;
  });
  const anchors: Array<[number, number]> = [];
  for (let k = tails.at(-1) ?? -1; k >= 0; k = previous[k]!) anchors.unshift(pairs[k]!);
  const blocks: Block[] = [];
  let ai = 0;
  let bi = 0;
  for (const [i, j] of anchors) {
    gapBlocks(blocks, a, ai, i, b, bi, j);
    push(blocks, 'same', [a[i]!]);
    ai = i + 1;
    bi = j + 1;
  }
  gapBlocks(blocks, a, ai, a.length, b, bi, b.length);
  return blocks;
}

/** Line blocks: common ends trimmed, the exact (Myers) diff within budget, else the unique-line diff. */
function lineBlocks(a: string[], b: string[], limits: DiffLimits, notes: DiffNote[]): Block[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const blocks: Block[] = [];
  push(blocks, 'same', a.slice(0, head));
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  if (midA.length || midB.length) {
    const exact =
      midA.length && midB.length
        ? diffArrays(midA, midB, { maxEditLength: limits.lineEdits, timeout: limits.lineMs })
        : [{ value: midA.length ? midA : midB, removed: midA.length > 0, added: midB.length > 0 }];
    if (exact) {
      for (const part of exact) push(blocks, part.removed ? 'removed' : part.added ? 'added' : 'same', part.value);
    } else {
      notes.push({ kind: 'unique-lines' });
      for (const block of uniqueLineDiff(midA, midB)) push(blocks, block.kind, block.lines);
    }
  }
  push(blocks, 'same', a.slice(a.length - tail));
  return blocks;
}

/**
 * A line-by-line diff with word-level detail for edited lines and unchanged
 * stretches folded, within the budgets of `limits` (see DiffNote).
 */
export function diffText(before: string, after: string, context = 3, limits: DiffLimits = DIFF_LIMITS): TextDiff {
  const a = splitLines(before);
  const b = splitLines(after);
  const notes: DiffNote[] = [];
  const blocks = lineBlocks(a, b, limits, notes);
  const sizesOnly = (): TextDiff => ({
    rows: [],
    added,
    removed,
    notes: [
      ...notes.filter((n) => n.kind === 'unique-lines'),
      {
        kind: 'sizes-only',
        before: { lines: a.length, chars: before.length },
        after: { lines: b.length, chars: after.length },
      },
    ],
  });
  let added = 0;
  let removed = 0;
  for (const block of blocks) {
    if (block.kind === 'added') added += block.lines.length;
    if (block.kind === 'removed') removed += block.lines.length;
  }
  if (added + removed > limits.rows) return sizesOnly();

  const words = { long: 0, overBudget: 0, chars: 0, deadline: performance.now() + limits.wordMs };
  const wordDetail = (oldLine: string, newLine: string): Segment[] | undefined => {
    if (oldLine.length > limits.wordLineChars || newLine.length > limits.wordLineChars) {
      words.long++;
      return undefined;
    }
    const remainingMs = words.deadline - performance.now();
    words.chars += oldLine.length + newLine.length;
    const parts =
      words.chars <= limits.wordTotalChars && remainingMs >= 1
        ? diffWordsWithSpace(oldLine, newLine, { maxEditLength: limits.wordEdits, timeout: Math.ceil(remainingMs) })
        : undefined;
    if (!parts) {
      words.overBudget++;
      return undefined;
    }
    return parts.map((w) => ({ text: w.value, change: w.added ? 'added' : w.removed ? 'removed' : 'same' }));
  };

  const raw: DiffRow[] = [];
  let bn = 1;
  let an = 1;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.kind === 'removed') {
      const next = blocks[i + 1];
      const addedLines = next?.kind === 'added' ? next.lines : [];
      if (next?.kind === 'added') i++;
      const pairs = Math.max(block.lines.length, addedLines.length);
      for (let k = 0; k < pairs; k++) {
        const oldLine = block.lines[k];
        const newLine = addedLines[k];
        if (oldLine !== undefined && newLine !== undefined) {
          const segments = wordDetail(oldLine, newLine);
          if (segments) raw.push({ kind: 'changed', before: bn++, after: an++, segments });
          else
            raw.push({ kind: 'removed', before: bn++, text: oldLine }, { kind: 'added', after: an++, text: newLine });
        } else if (oldLine !== undefined) {
          raw.push({ kind: 'removed', before: bn++, text: oldLine });
        } else if (newLine !== undefined) {
          raw.push({ kind: 'added', after: an++, text: newLine });
        }
      }
    } else if (block.kind === 'added') {
      for (const line of block.lines) raw.push({ kind: 'added', after: an++, text: line });
    } else {
      for (const line of block.lines) raw.push({ kind: 'same', before: bn++, after: an++, text: line });
    }
  }
  if (words.long || words.overBudget)
    notes.push({ kind: 'whole-lines', long: words.long, overBudget: words.overBudget });
  // Fold unchanged runs, keeping `context` lines next to each change.
  const keep = raw.map((row, idx) => {
    if (row.kind !== 'same') return true;
    for (let d = -context; d <= context; d++) {
      const near = raw[idx + d];
      if (near && near.kind !== 'same') return true;
    }
    return false;
  });
  // A fold must save space: a single unchanged line is shown rather than folded.
  const rows: DiffRow[] = [];
  let run: DiffRow[] = [];
  const flush = () => {
    if (run.length === 1) rows.push(run[0]!);
    else if (run.length > 1) rows.push({ kind: 'skip', lines: run.length });
    run = [];
  };
  raw.forEach((row, idx) => {
    if (keep[idx]) {
      flush();
      rows.push(row);
    } else {
      run.push(row);
    }
  });
  flush();
  if (rows.length > limits.rows) return sizesOnly();
  return { rows, added, removed, notes };
}

const list = (v: string[]) => v.join(', ');

export function describeField(content: ArticleContent, field: keyof ArticleContent): string {
  switch (field) {
    case 'type':
      return ARTICLE_TYPE_LABELS[content.type as ArticleType] ?? content.type;
    case 'audience':
      return AUDIENCE_LABELS[content.audience as Audience] ?? content.audience;
    case 'aka':
      return list(content.aka ?? []);
    case 'tags':
    case 'topicSlugs':
      // Sets: the order they were ticked or typed in is no change.
      return list([...content[field]].sort());
    case 'related':
      return list(content[field]);
    case 'context':
      return Object.entries(content.context)
        .map(([k, v]) => `${k}: ${list(v ?? [])}`)
        .join('; ');
    case 'sources':
      return formatSources(content.sources);
    case 'body':
      return '';
    default:
      return String(content[field] ?? '');
  }
}

const FIELD_LABELS: Array<[keyof ArticleContent, string]> = [
  ['title', 'Title'],
  ['summary', 'Summary'],
  ['type', 'Kind of article'],
  ['audience', 'Audience'],
  ['topicSlugs', 'Topics'],
  ['tags', 'Tags'],
  ['aka', 'Also known as'],
  ['context', 'Where it applies'],
  ['sources', 'Sources'],
  ['related', 'Related articles'],
  ['licence', 'Licence'],
];

export function diffArticle(before: ArticleContent, after: ArticleContent): ArticleDiff {
  const fields: FieldChange[] = [];
  for (const [field, label] of FIELD_LABELS) {
    const b = describeField(before, field);
    const a = describeField(after, field);
    if (b !== a) fields.push({ field, label, before: b, after: a });
  }
  const { rows, added, removed, notes } = diffText(before.body, after.body);
  return { fields, body: rows, added, removed, notes };
}

import { diffLines, diffWordsWithSpace } from 'diff';
import { ARTICLE_TYPE_LABELS, type ArticleContent, AUDIENCE_LABELS, type ArticleType, type Audience } from './library.models';
import { formatSources } from './library.schemas';

export type Segment = { text: string; change: 'same' | 'added' | 'removed' };

export type DiffRow =
  | { kind: 'same'; before: number; after: number; text: string }
  | { kind: 'removed'; before: number; text: string }
  | { kind: 'added'; after: number; text: string }
  /** A line edited in place: word-level changes within it. */
  | { kind: 'changed'; before: number; after: number; segments: Segment[] }
  | { kind: 'skip'; lines: number };

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
}

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** A line-by-line diff with word-level detail for edited lines and unchanged stretches folded. */
export function diffText(before: string, after: string, context = 3): { rows: DiffRow[]; added: number; removed: number } {
  const parts = diffLines(before.replace(/\r\n/g, '\n'), after.replace(/\r\n/g, '\n'));
  const raw: DiffRow[] = [];
  let b = 1;
  let a = 1;
  let added = 0;
  let removed = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const lines = splitLines(part.value);
    if (part.removed) {
      const next = parts[i + 1];
      const addedLines = next?.added ? splitLines(next.value) : [];
      if (next?.added) i++;
      const pairs = Math.max(lines.length, addedLines.length);
      for (let k = 0; k < pairs; k++) {
        const oldLine = lines[k];
        const newLine = addedLines[k];
        if (oldLine !== undefined && newLine !== undefined) {
          const segments: Segment[] = diffWordsWithSpace(oldLine, newLine).map((w) => ({
            text: w.value,
            change: w.added ? 'added' : w.removed ? 'removed' : 'same',
          }));
          raw.push({ kind: 'changed', before: b++, after: a++, segments });
          added++;
          removed++;
        } else if (oldLine !== undefined) {
          raw.push({ kind: 'removed', before: b++, text: oldLine });
          removed++;
        } else if (newLine !== undefined) {
          raw.push({ kind: 'added', after: a++, text: newLine });
          added++;
        }
      }
    } else if (part.added) {
      for (const line of lines) {
        raw.push({ kind: 'added', after: a++, text: line });
        added++;
      }
    } else {
      for (const line of lines) raw.push({ kind: 'same', before: b++, after: a++, text: line });
    }
  }
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
  return { rows, added, removed };
}

const list = (v: string[]) => v.join(', ');

export function describeField(content: ArticleContent, field: keyof ArticleContent): string {
  switch (field) {
    case 'type':
      return ARTICLE_TYPE_LABELS[content.type as ArticleType] ?? content.type;
    case 'audience':
      return AUDIENCE_LABELS[content.audience as Audience] ?? content.audience;
    case 'tags':
    case 'topicSlugs':
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
  const { rows, added, removed } = diffText(before.body, after.body);
  return { fields, body: rows, added, removed };
}

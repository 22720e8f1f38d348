import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { z } from 'zod';
import { type FieldErrors, type FormValues, str } from '../../platform/http/forms';
import {
  countrySchema,
  countryUrl,
  type LenderCountry,
  type Resource,
  resourceSchema,
  resourceUrl,
} from './resources.models';

/**
 * The catalogue's entries and the lender directory's countries as community-maintained records (docs/decisions/037):
 * stored in the database, edited as YAML checked by the very schemas the content loader uses, a change that drops a
 * source waiting for the maintaining group's review, and a review date.
 */
export const RECORD_KINDS = ['resource', 'lender-country'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export type RecordData<K extends RecordKind> = K extends 'resource' ? Resource : LenderCountry;

export interface StoredRecord<K extends RecordKind = RecordKind> {
  kind: K;
  ref: string;
  data: RecordData<K>;
  maintainingGroupId: number | null;
  reviewDue: string | null;
  lastReviewedAt: Date | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export type RevisionStatus = 'applied' | 'pending' | 'rejected';

export interface RecordRevision {
  id: number;
  kind: RecordKind;
  ref: string;
  yaml: string;
  note: string;
  status: RevisionStatus;
  reviewReason: string;
  baseRevision: number;
  createdBy: number | null;
  createdAt: Date;
  decidedAt: Date | null;
}

/** A record is due for review this long after its last review (or its seeding). */
export const REVIEW_MONTHS = 12;

export const RECORD_LIMITS = { yamlChars: 40_000, noteChars: 500, writesPerHour: 30 } as const;

/** The fields a record's YAML leaves out: its address and (for an entry) its maintaining group are the hub's. */
const FIXED: Record<RecordKind, readonly string[]> = {
  resource: ['slug', 'maintained_by'],
  'lender-country': ['country'],
};

const SCHEMAS: Record<RecordKind, z.ZodType> = { resource: resourceSchema, 'lender-country': countrySchema };

export function recordUrl(kind: RecordKind, ref: string): string {
  return kind === 'resource' ? resourceUrl(ref) : countryUrl(ref);
}

/** Every web address a record cites: an entry's own address; a country's lenders' sites and sources. */
export function sourceUrls(kind: RecordKind, data: Resource | LenderCountry): Set<string> {
  if (kind === 'resource') return new Set([(data as Resource).url]);
  return new Set((data as LenderCountry).lenders.flatMap((l) => [l.url, ...l.sources]));
}

/** The sources a change would drop: such a change waits for the maintaining group's review. */
export function removedSources(kind: RecordKind, before: Resource | LenderCountry, after: Resource | LenderCountry) {
  const kept = sourceUrls(kind, after);
  return [...sourceUrls(kind, before)].filter((u) => !kept.has(u));
}

/** The YAML the edit form shows: the record without the fields the hub keeps. */
export function recordYaml(kind: RecordKind, data: Resource | LenderCountry): string {
  const shown: Record<string, unknown> = { ...data };
  for (const f of FIXED[kind]) delete shown[f];
  return stringifyYaml(shown, { lineWidth: 0 });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : 'the record';
  return `${where}: ${issue.message}`;
}

/** Read the edit form's YAML against the content loader's schema: the data, or one plain-word problem. */
export function parseRecordYaml<K extends RecordKind>(
  record: Pick<StoredRecord<K>, 'kind' | 'data'>,
  source: string,
): { ok: true; data: RecordData<K> } | { ok: false; error: string } {
  if (source.length > RECORD_LIMITS.yamlChars)
    return {
      ok: false,
      error: `The record must be ${RECORD_LIMITS.yamlChars.toLocaleString('en')} characters or fewer.`,
    };
  let raw: unknown;
  try {
    raw = parseYaml(source, { maxAliasCount: 10, prettyErrors: true });
  } catch (error) {
    return { ok: false, error: `This is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, error: 'The record is a list of fields (name: value), as the form showed it.' };
  const fields = { ...(raw as Record<string, unknown>) };
  const current = record.data as unknown as Record<string, unknown>;
  for (const f of FIXED[record.kind]) {
    if (f in fields && fields[f] !== current[f])
      return { ok: false, error: `${f}: the hub keeps this field; leave it out.` };
    fields[f] = current[f];
  }
  const parsed = SCHEMAS[record.kind].safeParse(fields);
  if (!parsed.success) return { ok: false, error: describeIssue(parsed.error.issues[0]!) };
  return { ok: true, data: parsed.data as RecordData<K> };
}

export interface RecordEditInput<K extends RecordKind = RecordKind> {
  data: RecordData<K>;
  yaml: string;
  note: string;
  baseRevision: number;
}

export function parseRecordForm<K extends RecordKind>(
  record: Pick<StoredRecord<K>, 'kind' | 'data'>,
  values: FormValues,
): { ok: true; data: RecordEditInput<K> } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const yaml = str(values, 'content');
  const parsed = parseRecordYaml(record, yaml);
  if (!parsed.ok) errors.content = parsed.error;
  const note = str(values, 'note').trim();
  if (note.length > RECORD_LIMITS.noteChars)
    errors.note = `The note must be ${RECORD_LIMITS.noteChars} characters or fewer.`;
  const base = Number.parseInt(str(values, 'revision'), 10);
  if (!Number.isSafeInteger(base) || base < 1) errors.content = errors.content ?? 'Reload the page and try again.';
  if (!parsed.ok || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { data: parsed.data, yaml, note, baseRevision: base } };
}

export function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** The day of `now` as YYYY-MM-DD (UTC), the form of review dates. */
export const isoDay = (now: Date) => now.toISOString().slice(0, 10);

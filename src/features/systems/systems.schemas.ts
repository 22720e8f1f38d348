import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { type FieldErrors, type FormValues, list, str, text, validate } from '../../platform/http/forms';
import {
  type InteropResult,
  type Protocol,
  PROTOCOLS,
  RESULTS,
  ROLES,
  STANDARDS,
  SUPPORT,
  SYSTEM_LIMITS,
  type SystemData,
} from './systems.models';

const httpUrl = z
  .string()
  .trim()
  .max(SYSTEM_LIMITS.urlChars)
  .refine((u) => /^https?:\/\/[^\s]+$/i.test(u), 'Give a web address starting with http:// or https://.');

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()))
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), 'Dates are written YYYY-MM-DD.');

const source = z.object({ title: z.string().trim().min(1).max(300), url: httpUrl });

/** A claim checked on a day was checked somewhere: a `verified` date needs the `source` it was checked against. */
const sourcedIfVerified = (v: { source?: unknown; verified?: string | undefined }) =>
  !v.verified || v.source !== undefined;
const VERIFIED_NEEDS_SOURCE = { message: 'A claim with a “verified” date must name its source.', path: ['source'] };

const fact = z
  .object({
    text: z.string().trim().min(1).max(2000),
    source: source.optional(),
    verified: isoDate.optional(),
  })
  .refine(sourcedIfVerified, VERIFIED_NEEDS_SOURCE);

/** The structure of a system page, the same in content/systems/*.yaml and in the edit form. */
export const systemDataSchema = z.object({
  name: z.string().trim().min(1).max(120),
  summary: fact,
  maker: fact,
  licence: fact,
  pricing: fact,
  standards: z
    .array(
      z
        .object({
          standard: z.enum(STANDARDS),
          support: z.enum(SUPPORT),
          roles: z.array(z.enum(ROLES)).max(8).default([]),
          note: z.string().trim().max(1000).optional(),
          source: source.optional(),
          verified: isoDate.optional(),
        })
        .refine(sourcedIfVerified, VERIFIED_NEEDS_SOURCE),
    )
    .max(20)
    .default([]),
  integrations: z.array(fact).max(40).default([]),
  communities: z
    .array(
      z
        .object({
          name: z.string().trim().min(1).max(200),
          url: httpUrl,
          kind: z.enum(['user-group', 'mailing-list', 'forum', 'conference']),
          source: source.optional(),
          verified: isoDate.optional(),
        })
        .refine(sourcedIfVerified, VERIFIED_NEEDS_SOURCE),
    )
    .max(30)
    .default([]),
  docs: z.array(source).max(30).default([]),
});

/** A starter file: the page's data plus its vocabulary slug. */
export const starterSchema = systemDataSchema.extend({ slug: z.string().regex(/^[a-z0-9-]+$/) });

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : 'the page';
  return `${where}: ${issue.message}`;
}

/** Read the YAML of the edit form: the data, or one plain-word problem. */
export function parseSystemYaml(source: string): { ok: true; data: SystemData } | { ok: false; error: string } {
  if (source.length > SYSTEM_LIMITS.dataChars)
    return {
      ok: false,
      error: `The page must be ${SYSTEM_LIMITS.dataChars.toLocaleString('en')} characters or fewer.`,
    };
  let raw: unknown;
  try {
    // No custom tags, no aliases beyond a small count: the yaml package bounds alias expansion.
    raw = parseYaml(source, { maxAliasCount: 10, prettyErrors: true });
  } catch (error) {
    return { ok: false, error: `This is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  const parsed = systemDataSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: describeIssue(parsed.error.issues[0]!) };
  return { ok: true, data: parsed.data as SystemData };
}

export function systemYaml(data: SystemData): string {
  return stringifyYaml(data, { lineWidth: 0 });
}

export interface EditInput {
  data: SystemData;
  note: string;
  baseRevision: number;
}

export function parseEditForm(values: FormValues): { ok: true; data: EditInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const parsed = parseSystemYaml(str(values, 'content'));
  if (!parsed.ok) errors.content = parsed.error;
  const note = str(values, 'note').trim();
  if (note.length > SYSTEM_LIMITS.noteChars)
    errors.note = `The note must be ${SYSTEM_LIMITS.noteChars} characters or fewer.`;
  const base = Number.parseInt(str(values, 'revision'), 10);
  if (!Number.isSafeInteger(base) || base < 1) errors.content = errors.content ?? 'Reload the page and try again.';
  if (!parsed.ok || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { data: parsed.data, note, baseRevision: base } };
}

export interface ReportInput {
  protocol: Protocol;
  fromSystem: string;
  toSystem: string;
  fromVersion: string;
  toVersion: string;
  messageTypes: string[];
  result: InteropResult;
  testedOn: string;
  evidenceUrl: string;
  notes: string;
}

const optionalUrl = z
  .string()
  .trim()
  .max(SYSTEM_LIMITS.urlChars, `The link must be ${SYSTEM_LIMITS.urlChars} characters or fewer.`)
  .refine((u) => u === '' || /^https?:\/\/[^\s]+$/i.test(u), 'Give a web address starting with http:// or https://.');

/** The test report form. `systems` are the vocabulary slugs a report may name. */
export function parseReportForm(
  values: FormValues,
  systems: ReadonlySet<string>,
  now: Date,
): { ok: true; data: ReportInput } | { ok: false; errors: FieldErrors } {
  const system = (label: string) =>
    z.string({ error: `Choose the ${label}.` }).refine((s) => systems.has(s), `Choose the ${label} from the list.`);
  const schema = z.object({
    protocol: z.enum(PROTOCOLS, { error: 'Choose ISO 18626 or NCIP.' }),
    fromSystem: system('requesting (or initiating) system'),
    toSystem: system('supplying (or responding) system'),
    fromVersion: text('The version', SYSTEM_LIMITS.versionChars, { optional: true }),
    toVersion: text('The version', SYSTEM_LIMITS.versionChars, { optional: true }),
    result: z.enum(RESULTS, { error: 'Choose what happened.' }),
    testedOn: z
      .string({ error: 'Give the day of the test.' })
      .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), 'Give the day of the test.')
      .refine((v) => Date.parse(v) <= now.getTime(), 'The test cannot be in the future.'),
    evidenceUrl: optionalUrl,
    notes: text('Notes', SYSTEM_LIMITS.reportNotesChars, { optional: true }),
  });
  // Optional fields a browser may leave out of the body altogether.
  const result = validate(schema, { fromVersion: '', toVersion: '', evidenceUrl: '', notes: '', ...values });
  const errors: FieldErrors = result.ok ? {} : { ...result.errors };
  const messageTypes = [
    ...new Set(
      list(values, 'messageTypes')
        .flatMap((v) => v.split(/[,\n]/))
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (messageTypes.length === 0) errors.messageTypes = 'Name at least one message type you tried.';
  else if (messageTypes.length > 30 || messageTypes.some((m) => m.length > 60))
    errors.messageTypes = 'Name at most 30 message types, each 60 characters or fewer.';
  if (!result.ok || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { ...result.data, messageTypes } };
}

export function parseResponseForm(values: FormValues): { ok: true; body: string } | { ok: false; errors: FieldErrors } {
  const result = validate(z.object({ body: text('Your response', SYSTEM_LIMITS.responseChars) }), values);
  return result.ok ? { ok: true, body: result.data.body } : { ok: false, errors: result.errors };
}

export function parseRepresentativeForm(
  values: FormValues,
): { ok: true; username: string; organisation: string } | { ok: false; errors: FieldErrors } {
  const result = validate(
    z.object({ username: text('The username', 100), organisation: text('The organisation', 200) }),
    values,
  );
  return result.ok ? { ok: true, ...result.data } : { ok: false, errors: result.errors };
}

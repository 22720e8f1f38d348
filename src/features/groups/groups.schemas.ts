import { z } from 'zod';
import { text } from '../../platform/http/forms';
import { MAX_ID, optionalId } from '../../platform/http/params';
import { GROUP_KINDS, GROUP_LIMITS, GROUP_ROLES, REVIEW_INTERVAL } from './groups.models';

const website = z
  .string()
  .optional()
  .transform((s) => (s ?? '').trim())
  .pipe(
    z
      .string()
      .max(GROUP_LIMITS.website, `The website address must be ${GROUP_LIMITS.website} characters or fewer.`)
      .refine(
        (s) => s === '' || /^https?:\/\/[^\s]+$/i.test(s),
        'The website address must start with https:// or http://.',
      ),
  );

export const groupSchema = z.object({
  name: text('Name', GROUP_LIMITS.name, { min: 3 }),
  kind: z.enum(GROUP_KINDS, { error: 'Choose what kind of group it is.' }),
  purpose: text('Purpose', GROUP_LIMITS.purpose, { min: 20 }),
  website,
});

const optionalDate = z
  .string()
  .optional()
  .transform((s) => (s ?? '').trim())
  .pipe(
    z
      .string()
      .refine(
        (s) =>
          s === '' ||
          (/^\d{4}-\d{2}-\d{2}$/.test(s) &&
            !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
            new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)),
        'Write the date as YYYY-MM-DD, e.g. 2027-06-30.',
      ),
  )
  .transform((s) => (s === '' ? null : s));

export const addMemberSchema = z.object({
  username: text('Username', GROUP_LIMITS.username),
  role: z.enum(GROUP_ROLES, { error: 'Choose a role.' }),
  termEndsOn: optionalDate,
});

export const changeMemberSchema = z.object({
  role: z.enum(GROUP_ROLES, { error: 'Choose a role.' }),
  termEndsOn: optionalDate,
});

export const decisionSchema = z.object({
  decision: z.enum(['approve', 'reject'], { error: 'Choose to approve or reject.' }),
  note: text('Note', GROUP_LIMITS.decisionNote, { optional: true }),
});

export const intervalField = z.coerce
  .number({ error: 'Choose how often the page is reviewed.' })
  .int('Choose a whole number of months.')
  .min(REVIEW_INTERVAL.min, `Choose between ${REVIEW_INTERVAL.min} and ${REVIEW_INTERVAL.max} months.`)
  .max(REVIEW_INTERVAL.max, `Choose between ${REVIEW_INTERVAL.min} and ${REVIEW_INTERVAL.max} months.`);

export const stewardshipSchema = z.object({
  groupId: z.coerce
    .number({ error: 'Choose a group.' })
    .int('Choose a group.')
    .positive('Choose a group.')
    .max(MAX_ID, 'Choose a group.'),
  intervalMonths: intervalField,
  lastReviewedOn: optionalDate,
});

export const reviewSchema = z.object({
  note: text('Review note', GROUP_LIMITS.reviewNote, { optional: true }),
});

export const handoverSchema = z.object({
  toGroup: text('Group to hand over to', GROUP_LIMITS.slug),
  articleIds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      (v === undefined ? [] : Array.isArray(v) ? v : [v])
        .map((s) => optionalId(s))
        .filter((n): n is number => n !== undefined),
    )
    .pipe(
      z
        .array(z.number())
        .min(1, 'Choose at least one page to hand over.')
        .max(GROUP_LIMITS.handoverArticles, `Choose at most ${GROUP_LIMITS.handoverArticles} pages.`),
    ),
});

export const commentSchema = z.object({
  comment: text('Comment', GROUP_LIMITS.comment, { min: 3 }),
});

export const reasonSchema = z.object({
  reason: text('Reason', GROUP_LIMITS.reason, { min: 3 }),
});

export const approveSchema = z.object({
  note: text('Note', GROUP_LIMITS.comment, { optional: true }),
});

export const expertListSchema = z.object({
  title: text('Title', GROUP_LIMITS.listTitle, { min: 3 }),
  description: text('Description', GROUP_LIMITS.listDescription, { optional: true }),
});

export const inviteSchema = z.object({
  username: text('Username', GROUP_LIMITS.username),
  note: text('What they can advise on', GROUP_LIMITS.entryNote, { min: 3 }),
});

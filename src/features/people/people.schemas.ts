import { z } from 'zod';
import { text, wordList } from '../../platform/http/forms';
import { MAX_ID } from '../../platform/http/params';
import { CONTACT_PREFERENCES, ILL_SYSTEMS, LIBRARY_TYPES, MESSAGE_LIMITS, normaliseLanguage, PROFILE_LIMITS } from './people.models';
import { VISIBILITIES } from './people.table';
import { canonicalTimeZone } from './people.time';
import { PROFILE_FIELDS, type ProfileField } from './people.visibility';

export const LINK_SLOTS = [1, 2, 3, 4, 5] as const;

/** A text field a form may leave out altogether (an unfilled field is as good as empty). */
function optionalText(label: string, max: number) {
  return z
    .string()
    .optional()
    .transform((s) => s ?? '')
    .pipe(text(label, max, { optional: true }));
}

const visibility = z.enum(VISIBILITIES, { error: 'Choose who can see this.' });

function choices<T extends string>(label: string, allowed: readonly T[], max: number) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set((Array.isArray(v) ? v : v ? [v] : []).filter(Boolean))])
    .pipe(
      z
        .array(z.string())
        .max(max, `${label}: choose at most ${max}.`)
        .refine((values) => values.every((x) => (allowed as readonly string[]).includes(x)), `${label}: choose from the list.`),
    );
}

const optionalUrl = z
  .string()
  .optional()
  .transform((s) => (s ?? '').trim())
  .pipe(
    z
      .string()
      .max(PROFILE_LIMITS.linkUrl, `A link must be ${PROFILE_LIMITS.linkUrl} characters or fewer.`)
      .refine((s) => s === '' || isWebAddress(s), 'Enter a full web address starting with https:// or http://.'),
  );

export function isWebAddress(s: string): boolean {
  try {
    const url = new URL(s);
    return (url.protocol === 'https:' || url.protocol === 'http:') && Boolean(url.hostname);
  } catch {
    return false;
  }
}

/** The profile form; `expertise` is checked against the shared list, which includes the library's topics. */
export function profileSchema(expertiseSlugs: readonly string[]) {
  const shape: Record<string, z.ZodType> = {
    displayName: text('Display name', PROFILE_LIMITS.displayName),
    pronouns: optionalText('Pronouns', PROFILE_LIMITS.pronouns),
    institution: optionalText('Institution', PROFILE_LIMITS.institution),
    libraryType: z
      .string()
      .optional()
      .transform((s) => s ?? '')
      .refine((s) => s === '' || (LIBRARY_TYPES as readonly string[]).includes(s), 'Choose a library type from the list.'),
    country: optionalText('Country', PROFILE_LIMITS.country),
    region: optionalText('Region', PROFILE_LIMITS.region),
    timeZone: z
      .string()
      .optional()
      .transform((s, ctx) => {
        const value = (s ?? '').trim();
        if (!value) return '';
        const zone = canonicalTimeZone(value);
        if (!zone) {
          ctx.addIssue({ code: 'custom', message: 'Choose a time zone from the list, such as America/Chicago.' });
          return z.NEVER;
        }
        return zone;
      }),
    languages: wordList('Languages', PROFILE_LIMITS.languages, PROFILE_LIMITS.language).transform((list) => [
      ...new Set(list.map(normaliseLanguage)),
    ]),
    systems: choices('ILL systems', ILL_SYSTEMS, PROFILE_LIMITS.systems),
    expertise: choices('Areas of expertise', expertiseSlugs, PROFILE_LIMITS.expertise),
    bio: optionalText('Short bio', PROFILE_LIMITS.bio),
  };
  for (const n of LINK_SLOTS) {
    shape[`link${n}Title`] = optionalText(`Link ${n} title`, PROFILE_LIMITS.linkTitle);
    shape[`link${n}Url`] = optionalUrl;
  }
  for (const field of PROFILE_FIELDS) shape[`vis_${field}`] = visibility;
  return z
    .object(shape)
    .superRefine((v, ctx) => {
      for (const n of LINK_SLOTS) {
        if (v[`link${n}Title`] && !v[`link${n}Url`]) {
          ctx.addIssue({ code: 'custom', path: [`link${n}Url`], message: 'Add the web address for this link, or clear its title.' });
        }
      }
    })
    .transform((v) => ({
      displayName: v.displayName as string,
      pronouns: v.pronouns as string,
      institution: v.institution as string,
      libraryType: v.libraryType as string,
      country: v.country as string,
      region: v.region as string,
      timeZone: v.timeZone as string,
      languages: v.languages as string[],
      systems: v.systems as string[],
      expertise: v.expertise as string[],
      bio: v.bio as string,
      links: LINK_SLOTS.flatMap((n) => {
        const url = v[`link${n}Url`] as string;
        if (!url) return [];
        const title = (v[`link${n}Title`] as string) || new URL(url).hostname;
        return [{ title, url }];
      }),
      visibility: Object.fromEntries(PROFILE_FIELDS.map((f) => [f, v[`vis_${f}`]])) as Record<ProfileField, (typeof VISIBILITIES)[number]>,
    }));
}

export type ProfileInput = z.infer<ReturnType<typeof profileSchema>>;

export const optInSchema = z.object({
  howICanHelp: text('How you can help', PROFILE_LIMITS.howICanHelp),
  preferredContact: z.enum(CONTACT_PREFERENCES, { error: 'Choose how you prefer to be reached.' }),
});

const idempotencyKey = z
  .string()
  .optional()
  .transform((s) => (s && /^[A-Za-z0-9_-]{8,64}$/.test(s) ? s : undefined));

export const newConversationSchema = z.object({
  to: text('To', MESSAGE_LIMITS.recipientsField).transform((s) => [
    ...new Set(
      s
        .split(/[\s,;]+/)
        .map((u) => u.replace(/^@/, '').toLowerCase())
        .filter(Boolean),
    ),
  ]),
  subject: text('Subject', MESSAGE_LIMITS.subject),
  body: text('Message', MESSAGE_LIMITS.body),
  key: idempotencyKey,
});

export const replySchema = z.object({
  body: text('Message', MESSAGE_LIMITS.body),
  key: idempotencyKey,
});

export const reportSchema = z.object({
  messageId: z.coerce.number({ error: 'Choose a message to report.' }).int().positive('Choose a message to report.').max(MAX_ID, 'Choose a message to report.'),
  reason: text('Reason', MESSAGE_LIMITS.reason),
});

export const deleteAccountSchema = z.object({
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(200, 'Enter your password.'),
  understood: z.literal('yes', { error: 'Tick the box to confirm you understand what will happen.' }),
});

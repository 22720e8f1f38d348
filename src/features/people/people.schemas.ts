import { z } from 'zod';
import { text, wordList } from '../../platform/http/forms';
import { MAX_ID } from '../../platform/http/params';
import type { Vocabulary, VocabularyList } from '../../platform/vocabulary/vocabulary';
import { CONTACT_PREFERENCES, MESSAGE_LIMITS, PROFILE_LIMITS } from './people.models';
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

/**
 * Values from one of the vocabulary's lists (checkboxes send slugs; a label or
 * an alias is taken too and stored as its slug). Unknown values are refused.
 */
function choices(label: string, list: VocabularyList, max: number) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set((Array.isArray(v) ? v : v ? [v] : []).filter(Boolean))])
    .pipe(
      z
        .array(z.string())
        .max(max, `${label}: choose at most ${max}.`)
        .refine((values) => values.every((x) => list.resolve(x) !== undefined), `${label}: choose from the list.`)
        .transform((values) => [...new Set(values.map((x) => list.canonical(x)))]),
    );
}

/** One value from a list, or nothing. */
function choice(list: VocabularyList, message: string) {
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      const value = (s ?? '').trim();
      if (!value) return '';
      const slug = list.resolve(value);
      if (slug === undefined) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return slug;
    });
}

/** Languages typed as words ("English, Spanish"), each found in the list by name, code or its own name. */
function languageList(list: VocabularyList) {
  return wordList('Languages', PROFILE_LIMITS.languages, PROFILE_LIMITS.language).transform((typed, ctx) => {
    const unknown = typed.filter((x) => list.resolve(x) === undefined);
    if (unknown.length) {
      const names = unknown
        .slice(0, 3)
        .map((x) => `“${x}”`)
        .join(', ');
      ctx.addIssue({
        code: 'custom',
        message: `Languages: ${names} ${unknown.length === 1 ? 'is' : 'are'} not in the list. Use English names, such as Spanish or French.`,
      });
      return z.NEVER;
    }
    return [...new Set(typed.map((x) => list.canonical(x)))];
  });
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

/** The profile form; library type, country, languages, systems and expertise are checked against the vocabulary. */
export function profileSchema(vocabulary: Vocabulary) {
  const shape: Record<string, z.ZodType> = {
    displayName: text('Display name', PROFILE_LIMITS.displayName),
    pronouns: optionalText('Pronouns', PROFILE_LIMITS.pronouns),
    institution: optionalText('Institution', PROFILE_LIMITS.institution),
    libraryType: choice(vocabulary.libraryTypes, 'Choose a library type from the list.'),
    country: choice(vocabulary.regions, 'Choose a country or region from the list.'),
    region: optionalText('State, province or area', PROFILE_LIMITS.region),
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
    languages: languageList(vocabulary.languages),
    systems: choices('ILL systems', vocabulary.systems, PROFILE_LIMITS.systems),
    expertise: choices('Areas of expertise', vocabulary.expertise, PROFILE_LIMITS.expertise),
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
          ctx.addIssue({
            code: 'custom',
            path: [`link${n}Url`],
            message: 'Add the web address for this link, or clear its title.',
          });
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
      visibility: Object.fromEntries(PROFILE_FIELDS.map((f) => [f, v[`vis_${f}`]])) as Record<
        ProfileField,
        (typeof VISIBILITIES)[number]
      >,
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
  messageId: z.coerce
    .number({ error: 'Choose a message to report.' })
    .int()
    .positive('Choose a message to report.')
    .max(MAX_ID, 'Choose a message to report.'),
  reason: text('Reason', MESSAGE_LIMITS.reason),
});

export const deleteAccountSchema = z.object({
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(200, 'Enter your password.'),
  understood: z.literal('yes', { error: 'Tick the box to confirm you understand what will happen.' }),
});

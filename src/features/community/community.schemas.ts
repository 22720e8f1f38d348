import { z } from 'zod';
import { type FormValues, list, str, text, validate } from '../../platform/http/forms';
import { FLAG_REASONS, THREAD_KINDS } from './community.table';
import { FORUM_LIMITS } from './community.models';

/** An idempotency key from the form: random, URL-safe, short. Anything else is ignored. */
export function idempotencyKeyOf(values: FormValues): string | null {
  const key = str(values, 'idempotencyKey');
  return /^[A-Za-z0-9_-]{16,64}$/.test(key) ? key : null;
}

export const postBody = text('Your post', FORUM_LIMITS.body, { min: 2 });

export const threadSchema = z.object({
  title: text('Title', FORUM_LIMITS.title, { min: 5 }),
  body: postBody,
  category: z.string({ error: 'Choose a category.' }).min(1, 'Choose a category.'),
  kind: z.enum(THREAD_KINDS, { error: 'Choose whether this is a discussion or a question.' }),
});

export interface ThreadInput {
  title: string;
  body: string;
  categorySlug: string;
  kind: (typeof THREAD_KINDS)[number];
  topicSlugs: string[];
}

export function parseThreadForm(values: FormValues, knownTopics: Set<string>) {
  const result = validate(threadSchema, values);
  const topicSlugs = [...new Set(list(values, 'topicSlugs'))];
  const errors = result.ok ? {} : { ...result.errors };
  if (topicSlugs.some((t) => !knownTopics.has(t))) errors.topicSlugs = 'Choose topics from the list.';
  else if (topicSlugs.length > FORUM_LIMITS.topics) errors.topicSlugs = `Choose at most ${FORUM_LIMITS.topics} topics.`;
  if (!result.ok || Object.keys(errors).length) return { ok: false as const, errors };
  const input: ThreadInput = {
    title: result.data.title,
    body: result.data.body,
    categorySlug: result.data.category,
    kind: result.data.kind,
    topicSlugs,
  };
  return { ok: true as const, input };
}

export const replySchema = z.object({ body: postBody });

export const flagSchema = z.object({
  reason: z.enum(FLAG_REASONS, { error: 'Choose why you are flagging this post.' }),
  note: text('Note', FORUM_LIMITS.flagNote, { optional: true }).optional().default(''),
});

export const suspendSchema = z.object({
  days: z
    .string({ error: 'Say for how many days.' })
    .trim()
    .regex(/^\d+$/, 'Enter a whole number of days.')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, 'Suspend for at least one day.')
        .max(FORUM_LIMITS.suspendDaysMax, `At most ${FORUM_LIMITS.suspendDaysMax} days.`),
    ),
  reason: text('Reason', FORUM_LIMITS.reason, { min: 5 }),
});

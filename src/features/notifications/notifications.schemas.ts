import { z } from 'zod';
import { DELIVERIES, WATCH_TARGETS } from './notifications.models';

const checkbox = z
  .union([z.literal('on'), z.literal('true'), z.literal('')])
  .optional()
  .transform((v) => v === 'on' || v === 'true');

export const preferencesSchema = z.object({
  defaultDelivery: z.enum(DELIVERIES, { error: 'Choose how you want to hear.' }),
  digestHourUtc: z
    .string({ error: 'Choose a time for your digest.' })
    .regex(/^\d{1,2}$/, 'Choose a time for your digest.')
    .transform(Number)
    .pipe(z.number().int().min(0, 'Choose a time for your digest.').max(23, 'Choose a time for your digest.')),
  digestFrequency: z.enum(['daily', 'weekly'], { error: 'Choose how often the digest comes.' }).default('daily'),
  mailingListMode: checkbox,
  emailPaused: checkbox,
});

export const WATCH_LIMITS = { targetId: 100 } as const;

export const watchSchema = z.object({
  targetType: z.enum(WATCH_TARGETS, { error: 'Choose what to watch.' }),
  targetId: z
    .string({ error: 'Choose what to watch.' })
    .trim()
    .min(1, 'Choose what to watch.')
    .max(WATCH_LIMITS.targetId, 'Choose what to watch.'),
  delivery: z.enum(DELIVERIES, { error: 'Choose how you want to hear.' }).optional(),
  next: z.string().optional(),
});

export const muteSchema = watchSchema.extend({
  muted: z.enum(['true', 'false'], { error: 'Say whether to mute.' }),
});

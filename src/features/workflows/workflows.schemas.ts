import { z } from 'zod';
import { text } from '../../platform/http/forms';
import { WORKFLOW_LIMITS } from './workflows.models';

const L = WORKFLOW_LIMITS;

function lines(label: string, maxItems: number, maxLength: number) {
  return z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .replace(/\r\n/g, '\n')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.string().max(maxLength, `Each line of ${label.toLowerCase()} must be ${maxLength} characters or fewer.`),
        )
        .max(maxItems, `${label}: at most ${maxItems} lines.`),
    );
}

/** The step form. Decision points are written one a line as "when | step number" (e.g. "not on the shelf | 7"). */
export const stepFormSchema = z.object({
  title: text('Title', L.stepTitle),
  role: text('Who does it', L.role),
  system: z.string().min(1, 'Choose where the step happens.').max(80),
  minutes: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .pipe(
      z
        .string()
        .regex(/^\d{0,4}$/, 'Write the estimate as a whole number of minutes, or leave it empty.')
        .transform((v) => (v === '' ? null : Number(v)))
        .pipe(z.number().max(L.minutes, `At most ${L.minutes} minutes.`).nullable()),
    ),
  details: z.preprocess((v) => v ?? '', text('Details', L.details, { optional: true })),
  checks: lines('What to check', L.checks, L.check),
  decisions: lines('Decision points', L.decisions, L.decisionWhen + 10),
});

export type StepForm = z.infer<typeof stepFormSchema>;

export const adoptFormSchema = z.object({
  owner: z.string().regex(/^(me|group:\d{1,10})$/, 'Choose who will own the local version.'),
  visibility: z.enum(['public', 'private'], { error: 'Choose who can see it.' }),
});

export const runFormSchema = z.object({
  label: text('What this run is for', L.runLabel),
});

/**
 * The form for a new original workflow. "Where this applies" (library types, sizes, systems, regions, consortium)
 * arrives as lists and is checked against the vocabulary by the route; at least one part is required.
 */
export const workflowFormSchema = z.object({
  title: text('Title', L.title, { min: 5 }),
  summary: text('Summary', L.summary, { min: 10 }),
  maintainer: z.string().regex(/^(editors|group:\d{1,10})$/, 'Choose who will maintain it.'),
  systems: z.preprocess((v) => v ?? '', text('Systems', 600, { optional: true })),
  regions: z.preprocess((v) => v ?? '', text('Regions', 600, { optional: true })),
  consortium: z.preprocess((v) => v ?? '', text('Consortium or network', L.consortium, { optional: true })),
  sources: lines('Sources', L.sources, 2_200),
});

export type WorkflowForm = z.infer<typeof workflowFormSchema>;

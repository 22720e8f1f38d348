/** Composed reports and report examples: sharing modes, limits, the form's schemas and addresses. */
import { z } from 'zod';
import { text } from '../../platform/http/forms';

export const SHARING = ['private', 'link', 'group', 'public'] as const;
export type Sharing = (typeof SHARING)[number];
export const SHARING_LABELS: Record<Sharing, string> = {
  private: 'Private: only you',
  link: 'Anyone with the link',
  group: 'The dataset’s group',
  public: 'Published in the gallery of report examples',
};

/** The search kind of a published report example (one facet of the hub's search). */
export const REPORT_EXAMPLE_KIND = 'report-example';
/** Report examples are reviewed like the library's pages: due this many months after publishing. */
export const EXAMPLE_REVIEW_MONTHS = 12;

export const COMPOSE_LIMITS = {
  title: 160,
  commentary: 20_000,
  story: 2000,
  reportsPerMember: 100,
} as const;

export interface ComposedReport {
  id: number;
  datasetId: number;
  ownerId: number;
  title: string;
  measures: string[];
  periodFrom: string;
  periodTo: string;
  commentary: string;
  bodyHtml: string | null;
  sharing: Sharing;
  linkToken: string | null;
  purpose: string | null;
  audience: string | null;
  reception: string | null;
  publishedAt: Date | null;
  maintainingGroupId: number | null;
  reviewDue: string | null;
  /** When a review of the published example was last recorded (null: not yet). */
  lastReviewedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .regex(MONTH, `${label} must be a month, like 2025-01.`);

/** The compose form: title, measures (at least one), period and commentary. */
export const composeSchema = z
  .object({
    title: text('Title', COMPOSE_LIMITS.title),
    measures: z
      .union([z.string(), z.array(z.string())], { error: 'Choose at least one measure.' })
      .transform((v) => [...new Set(Array.isArray(v) ? v : [v])])
      .pipe(z.array(z.string().regex(/^[a-z-]{1,40}$/)).min(1, 'Choose at least one measure.')),
    periodFrom: month('The first month'),
    periodTo: month('The last month'),
    commentary: text('Commentary', COMPOSE_LIMITS.commentary, { optional: true }),
  })
  .refine((v) => v.periodFrom <= v.periodTo, {
    path: ['periodTo'],
    message: 'The last month must not be before the first month.',
  });
export type ComposeInput = z.infer<typeof composeSchema>;

/** Publishing: why it was made, for whom, and how it was received are required. */
export const publishSchema = z.object({
  purpose: text('Why it was made', COMPOSE_LIMITS.story, { min: 20 }),
  audience: text('For whom', COMPOSE_LIMITS.story, { min: 5 }),
  reception: text('How it was received', COMPOSE_LIMITS.story, { min: 20 }),
});
export type PublishInput = z.infer<typeof publishSchema>;

export const composedUrl = (id: number) => `/reports/composed/${id}`;
export const exampleUrl = (id: number) => `/reports/examples/${id}`;
export const sharedUrl = (token: string) => `/reports/shared/${token}`;

/** YYYY-MM of a YYYY-MM-DD date. */
export const monthOf = (day: string) => day.slice(0, 7);

/** A readable month span, e.g. "January 2025 to December 2025". */
export function periodLabel(from: string, to: string): string {
  const name = (m: string) =>
    new Date(`${m}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return from === to ? name(from) : `${name(from)} to ${name(to)}`;
}

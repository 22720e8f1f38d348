import { z } from 'zod';

/** The one kind the catalogue adds to the hub's search index, and the lender directory's countries. */
export const RESOURCE_KIND = 'resources';
export const LENDER_COUNTRY_KIND = 'lender-country';

/** Written where a detail could not be checked against a source: never a guess. */
export const NOT_VERIFIED = 'not verified';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slug = z.string().regex(SLUG).max(100);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const webUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const RESOURCE_FORMATS = {
  guideline: 'Guidelines',
  code: 'Code of practice',
  law: 'Law or official guidance',
  standard: 'Standard',
  service: 'Service page',
  toolkit: 'Toolkit',
  community: 'Community or mailing list',
  journal: 'Journal',
  report: 'Report or white paper',
} as const;
export type ResourceFormat = keyof typeof RESOURCE_FORMATS;

export const RESOURCE_COSTS = { free: 'Free', fee: 'Fee', members: 'Members only' } as const;
export type ResourceCost = keyof typeof RESOURCE_COSTS;

export const resourceSchema = z
  .object({
    slug,
    title: z.string().min(3).max(200),
    publisher: z.string().min(2).max(200),
    url: webUrl,
    format: z.enum(Object.keys(RESOURCE_FORMATS) as [ResourceFormat]),
    /** The library's audiences: new, experienced, manager. */
    audience: z.array(z.enum(['new', 'experienced', 'manager'])).min(1),
    licence: z.string().min(2).max(120),
    cost: z.enum(Object.keys(RESOURCE_COSTS) as [ResourceCost]),
    /** Language slugs (vocabulary: languages.yaml). */
    languages: z.array(slug).min(1),
    /** The library's topic slugs (content/topics.yaml). */
    topics: z.array(slug).min(1),
    /** Region slugs (vocabulary: regions.yaml); none = anywhere. */
    regions: z.array(slug).default([]),
    description: z.string().min(40).max(1200),
    last_checked: day,
    /** The group (slug) that keeps the entry: its content-health page lists the entry's dead link. */
    maintained_by: slug.default('ill-commons-editors'),
  })
  .strict();
export type Resource = z.infer<typeof resourceSchema>;

export const REQUEST_METHODS = {
  oclc: 'OCLC (WorldShare ILL / Tipasa)',
  iso18626: 'ISO 18626',
  email: 'Email',
  web_form: 'Web form',
  national_system: 'National ILL system',
} as const;
export type RequestMethod = keyof typeof REQUEST_METHODS;

export const PAYMENTS = {
  ifla_vouchers: 'IFLA vouchers',
  ifm: 'OCLC IFM',
  invoice: 'Invoice',
  card: 'Card',
  deposit_account: 'Deposit account',
} as const;
export type Payment = keyof typeof PAYMENTS;

const verifiedText = z.string().min(2).max(600).default(NOT_VERIFIED);

export const lenderSchema = z
  .object({
    name: z.string().min(2).max(200),
    /** national: the national document supply centre (or the library acting as one); major: a large lender. */
    role: z.enum(['national', 'major']),
    url: webUrl,
    /** Empty: not verified. */
    request_methods: z.array(z.enum(Object.keys(REQUEST_METHODS) as [RequestMethod])).default([]),
    /** Empty: not verified. */
    payment: z.array(z.enum(Object.keys(PAYMENTS) as [Payment])).default([]),
    languages: z.array(slug).default([]),
    loan_period: verifiedText,
    turnaround: verifiedText,
    customs: verifiedText,
    notes: z.string().max(800).default(''),
    sources: z.array(webUrl).min(1, 'every lender names at least one source'),
    last_verified: day,
  })
  .strict();
export type Lender = z.infer<typeof lenderSchema>;

export const countrySchema = z
  .object({
    /** A region slug (vocabulary: regions.yaml). */
    country: slug,
    summary: z.string().min(20).max(800),
    lenders: z.array(lenderSchema).min(1),
  })
  .strict();
export type LenderCountry = z.infer<typeof countrySchema>;

export const LETTER_LANGUAGES = {
  english: 'English',
  spanish: 'Español',
  french: 'Français',
  german: 'Deutsch',
} as const;
export type LetterLanguage = keyof typeof LETTER_LANGUAGES;

export const lettersSchema = z
  .object({
    loan: z.object({ english: z.string(), spanish: z.string(), french: z.string(), german: z.string() }).strict(),
    copy: z.object({ english: z.string(), spanish: z.string(), french: z.string(), german: z.string() }).strict(),
  })
  .strict();
export type Letters = z.infer<typeof lettersSchema>;

export const resourceUrl = (slugValue: string) => `/resources/${slugValue}`;
export const countryUrl = (slugValue: string) => `/resources/lenders/${slugValue}`;

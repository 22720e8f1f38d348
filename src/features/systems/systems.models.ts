/**
 * System pages: what a reader learns about one ILL system, every claim with its source and the day someone last
 * checked it against that source. A claim nobody could check says so ("not verified") rather than guessing.
 */

export interface Source {
  title: string;
  url: string;
}

/** One claim: its words, where it comes from, and when it was last checked there (ISO date; absent: not verified). */
export interface Fact {
  text: string;
  source?: Source | undefined;
  verified?: string | undefined;
}

export const STANDARDS = ['iso18626', 'iso10160', 'ncip', 'openurl', 'sip2', 'z3950', 'sru'] as const;
export type Standard = (typeof STANDARDS)[number];

export const STANDARD_LABELS: Record<Standard, string> = {
  iso18626: 'ISO 18626 (ILL transactions)',
  iso10160: 'ISO 10160/10161 (ILL protocol)',
  ncip: 'NCIP (Z39.83)',
  openurl: 'OpenURL (Z39.88)',
  sip2: 'SIP2',
  z3950: 'Z39.50',
  sru: 'SRU',
};

export const SUPPORT = ['supported', 'partial', 'planned', 'not-supported', 'not-verified'] as const;
export type Support = (typeof SUPPORT)[number];

export const SUPPORT_LABELS: Record<Support, string> = {
  supported: 'Supported',
  partial: 'Partly supported',
  planned: 'Announced, not yet available',
  'not-supported': 'Not supported',
  'not-verified': 'Not verified',
};

/** Roles a system may take in a standard: ISO 18626 requester/supplier, NCIP initiator/responder, OpenURL source/resolver target… */
export const ROLES = [
  'requester',
  'supplier',
  'initiator',
  'responder',
  'source',
  'target',
  'client',
  'server',
] as const;
export type Role = (typeof ROLES)[number];

export interface StandardSupport {
  standard: Standard;
  support: Support;
  roles: Role[];
  note?: string | undefined;
  source?: Source | undefined;
  verified?: string | undefined;
}

export interface Community {
  name: string;
  url: string;
  kind: 'user-group' | 'mailing-list' | 'forum' | 'conference';
  source?: Source | undefined;
  verified?: string | undefined;
}

export interface SystemData {
  name: string;
  /** What it is, in a sentence or two. */
  summary: Fact;
  maker: Fact;
  licence: Fact;
  pricing: Fact;
  standards: StandardSupport[];
  integrations: Fact[];
  communities: Community[];
  /** The maker's own documentation (links, not copies). */
  docs: Source[];
}

export interface SystemPage {
  slug: string;
  data: SystemData;
  maintainingGroupId: number | null;
  reviewDue: string | null;
  lastReviewedAt: Date | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export type RevisionStatus = 'applied' | 'pending' | 'rejected';

export interface SystemRevision {
  id: number;
  systemSlug: string;
  data: SystemData;
  note: string;
  status: RevisionStatus;
  reviewReason: string;
  baseRevision: number;
  createdBy: number | null;
  createdAt: Date;
}

export interface SystemResponse {
  id: number;
  systemSlug: string;
  authorId: number | null;
  organisation: string;
  bodyHtml: string;
  createdAt: Date;
}

export const PROTOCOLS = ['iso18626', 'ncip'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const PROTOCOL_LABELS: Record<Protocol, string> = { iso18626: 'ISO 18626', ncip: 'NCIP' };
/** What the two sides are called in each protocol (rows, columns of the matrix). */
export const PROTOCOL_SIDES: Record<Protocol, { from: string; to: string }> = {
  iso18626: { from: 'Requester', to: 'Supplier' },
  ncip: { from: 'Initiator', to: 'Responder' },
};

export const RESULTS = ['works', 'partial', 'fails'] as const;
export type InteropResult = (typeof RESULTS)[number];
export const RESULT_LABELS: Record<InteropResult, string> = {
  works: 'Works',
  partial: 'Works in part',
  fails: 'Does not work',
};

export interface InteropReport {
  id: number;
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
  reporterId: number | null;
  createdAt: Date;
}

/** A result older than this many months is shown as stale: systems change and so may the answer. */
export const STALE_AFTER_MONTHS = 18;
/** A system page is due for review this long after its last review. */
export const REVIEW_MONTHS = 12;

export const SYSTEM_LIMITS = {
  dataChars: 40_000,
  noteChars: 500,
  responseChars: 5_000,
  reportNotesChars: 2_000,
  versionChars: 60,
  urlChars: 500,
  writesPerHour: 30,
  responsesPerHour: 10,
  reportsPerHour: 20,
} as const;

export const SYSTEMS_KIND = 'systems';

export function systemUrl(slug: string): string {
  return `/systems/${slug}`;
}

export function matrixUrl(protocol: Protocol = 'iso18626'): string {
  return `/systems/matrix?protocol=${protocol}`;
}

/** Every source URL a page cites (facts, standards, communities, documentation). */
export function sourceUrls(data: SystemData): Set<string> {
  const urls = new Set<string>();
  const add = (s: Source | undefined) => {
    if (s?.url) urls.add(s.url);
  };
  for (const f of [data.summary, data.maker, data.licence, data.pricing, ...data.integrations]) add(f.source);
  for (const s of data.standards) add(s.source);
  for (const c of data.communities) add(c.source);
  for (const d of data.docs) add(d);
  return urls;
}

/** The sources a change would drop: such a change waits for the maintaining group's review. */
export function removedSources(before: SystemData, after: SystemData): string[] {
  const kept = sourceUrls(after);
  return [...sourceUrls(before)].filter((u) => !kept.has(u));
}

function monthsBetween(from: Date, to: Date): number {
  return (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
}

/** A test result is stale when it is more than STALE_AFTER_MONTHS old (counted by calendar day). */
export function isStale(testedOn: string, now: Date): boolean {
  const tested = new Date(`${testedOn}T00:00:00Z`);
  const limit = new Date(tested);
  limit.setUTCMonth(limit.getUTCMonth() + STALE_AFTER_MONTHS);
  return now.getTime() > limit.getTime();
}

/** "today", "3 days", "5 months", "2 years": how old a result is, in words. */
export function ageText(testedOn: string, now: Date): string {
  const tested = new Date(`${testedOn}T00:00:00Z`);
  const days = Math.floor((now.getTime() - tested.getTime()) / 86_400_000);
  if (days <= 0) return 'today';
  if (days < 60) return days === 1 ? '1 day old' : `${days} days old`;
  const months = monthsBetween(tested, now);
  if (months < 24) return `${months} months old`;
  return `${Math.floor(months / 12)} years old`;
}

export function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** The day of `now` as YYYY-MM-DD (UTC), the form of review dates. */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

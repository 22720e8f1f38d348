/** Types, vocabularies, limits and time rules of groups and stewardship, defined once for schema, views and use cases. */
import { slugify } from '../../platform/content/slug';
import { GROUP_KINDS, GROUP_ROLES } from './groups.table';

export { GROUP_KINDS, GROUP_ROLES };
export type GroupKind = (typeof GROUP_KINDS)[number];
export type GroupRole = (typeof GROUP_ROLES)[number];
export type GroupStatus = 'pending' | 'active' | 'rejected';

export const GROUP_KIND_LABELS: Record<GroupKind, string> = {
  committee: 'Committee',
  organisation: 'Organisation',
  consortium: 'Consortium',
  project: 'Project',
};

export const GROUP_ROLE_LABELS: Record<GroupRole, string> = {
  owner: 'Owner',
  steward: 'Steward',
  member: 'Member',
};

export const GROUP_ROLE_DESCRIPTIONS: Record<GroupRole, string> = {
  owner: 'Manages the group and its members; also a steward.',
  steward: 'Reviews the pages the group maintains, edits them directly and decides on suggested edits.',
  member: 'Belongs to the group and suggests edits to its pages.',
};

export const GROUP_LIMITS = {
  name: 120,
  slug: 60,
  purpose: 2000,
  website: 500,
  username: 60,
  decisionNote: 1000,
  reviewNote: 500,
  comment: 2000,
  reason: 1000,
  listTitle: 120,
  listDescription: 1000,
  entryNote: 300,
  handoverArticles: 200,
} as const;

/** Review intervals a group may choose, in months. */
export const REVIEW_INTERVAL = { min: 1, max: 60, default: 12 } as const;
/** The review queue shows pages due within this many days; the reminder digest, within REMINDER_DAYS. */
export const SOON_DAYS = 30;
export const REMINDER_DAYS = 14;
/** Content health: pages with no edits for this long, and questions unanswered for this long. */
export const STALE_YEARS = 2;
export const UNANSWERED_DAYS = 7;
/** Slugs that are pages of their own under /groups/ and /experts/. */
export const RESERVED_SLUGS = new Set(['new', 'edit', 'admin']);

export const DAY_MS = 86_400_000;

export interface Group {
  id: number;
  slug: string;
  name: string;
  kind: GroupKind;
  purpose: string;
  website: string | null;
  status: GroupStatus;
  createdBy: number;
  decidedBy: number | null;
  decisionNote: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

export interface Member {
  userId: number;
  username: string;
  displayName: string;
  role: GroupRole;
  termEndsOn: string | null;
  joinedAt: Date;
}

/** The UTC calendar date of an instant, as YYYY-MM-DD (term end dates are compared with it). */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A role with a term end date ends on that date: it is held while today is
 * before the date. The scheduled job removes ended roles; reads check too.
 */
export function termActive(termEndsOn: string | null, now: Date): boolean {
  return termEndsOn === null || termEndsOn > dayOf(now);
}

const ROLE_RANK: Record<GroupRole, number> = { member: 0, steward: 1, owner: 2 };

export function roleAtLeast(role: GroupRole | null | undefined, minimum: GroupRole): boolean {
  return role != null && ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/**
 * A group must always keep an owner. Terms end by themselves, so only an owner
 * with no term end date guarantees that: every change must leave at least one.
 */
export function keepsAnOwner(members: Array<Pick<Member, 'role' | 'termEndsOn'>>): boolean {
  return members.some((m) => m.role === 'owner' && m.termEndsOn === null);
}

/** Calendar months later, clamped to the end of a shorter month (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

export type ReviewState = 'overdue' | 'due-soon' | 'current';

export function reviewState(nextReviewDue: Date, now: Date): ReviewState {
  if (nextReviewDue.getTime() <= now.getTime()) return 'overdue';
  if (nextReviewDue.getTime() <= now.getTime() + SOON_DAYS * DAY_MS) return 'due-soon';
  return 'current';
}

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  overdue: 'Review overdue',
  'due-soon': 'Review due soon',
  current: 'Up to date',
};

/** "3 days", "5 months": how long ago or how long until, in words. */
export function ageInWords(ms: number): string {
  const days = Math.floor(Math.abs(ms) / DAY_MS);
  if (days < 1) return 'less than a day';
  if (days < 60) return `${days} ${days === 1 ? 'day' : 'days'}`;
  const months = Math.floor(days / 30.44);
  if (months < 24) return `${months} months`;
  return `${Math.floor(days / 365.25)} years`;
}

export function slugifyName(text: string): string {
  return slugify(text, GROUP_LIMITS.slug);
}

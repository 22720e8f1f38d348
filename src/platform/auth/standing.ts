import { and, asc, desc, eq, gt, isNull } from 'drizzle-orm';
import { atLeast } from '../authz/roles';
import { countLinks, countLinksInHtml } from '../content/links';
import type { DbOrTx } from '../db/database';
import { AppError } from '../http/errors';
import { formatDate } from '../ui/components';
import type { Actor } from './actor';
import { users } from './auth.table';
import { suspensions } from './suspensions.table';

/**
 * A member's standing in the hub, checked by every feature's use cases:
 * whether a moderator has suspended them, and whether they are still new
 * (new members' links are limited). Suspensions are made and lifted by
 * community moderation; the notion lives here so that features below
 * community (the library, people) check it too. See docs/decisions/013.
 */

export interface Suspension {
  id: number;
  userId: number;
  until: Date;
  reason: string;
}

export async function activeSuspension(db: DbOrTx, userId: number, now: Date): Promise<Suspension | undefined> {
  const rows = await db
    .select({ id: suspensions.id, userId: suspensions.userId, until: suspensions.until, reason: suspensions.reason })
    .from(suspensions)
    .where(and(eq(suspensions.userId, userId), gt(suspensions.until, now), isNull(suspensions.liftedAt)))
    .orderBy(desc(suspensions.until))
    .limit(1);
  return rows[0];
}

export async function insertSuspension(
  db: DbOrTx,
  values: { userId: number; until: Date; reason: string; createdBy: number; now: Date },
): Promise<number> {
  const rows = await db
    .insert(suspensions)
    .values({
      userId: values.userId,
      until: values.until,
      reason: values.reason,
      createdBy: values.createdBy,
      createdAt: values.now,
    })
    .returning({ id: suspensions.id });
  return rows[0]!.id;
}

export async function liftSuspension(
  db: DbOrTx,
  id: number,
  userId: number,
  now: Date,
): Promise<Suspension | undefined> {
  const rows = await db
    .update(suspensions)
    .set({ liftedAt: now, liftedBy: userId })
    .where(and(eq(suspensions.id, id), isNull(suspensions.liftedAt)))
    .returning({
      id: suspensions.id,
      userId: suspensions.userId,
      until: suspensions.until,
      reason: suspensions.reason,
    });
  return rows[0];
}

export async function activeSuspensions(db: DbOrTx, now: Date) {
  return db
    .select({
      id: suspensions.id,
      userId: suspensions.userId,
      until: suspensions.until,
      reason: suspensions.reason,
      memberName: users.displayName,
      username: users.username,
    })
    .from(suspensions)
    .innerJoin(users, eq(users.id, suspensions.userId))
    .where(and(gt(suspensions.until, now), isNull(suspensions.liftedAt)))
    .orderBy(asc(suspensions.until));
}

/** The stable error every refused action of a suspended member gets. */
export const SUSPENDED_CODE = 'account.suspended';

export function suspendedError(suspension: Pick<Suspension, 'until' | 'reason'>): AppError {
  return new AppError(
    SUSPENDED_CODE,
    403,
    `A moderator has suspended you until ${formatDate(suspension.until, true)}: until then you can read, but not post, edit, send or change anything others see. The reason given: “${suspension.reason}”`,
    {
      title: 'You are suspended',
      help: 'You can still read, sign out, change your password and email preferences, download your data or delete your account. If you think this is a mistake, ask an administrator.',
    },
  );
}

/**
 * The one check every state-changing use case makes before anything else:
 * a suspended member may not act. Anonymous visitors pass through (the use
 * case's own `authorize` asks them to sign in). It reads the database, not a
 * flag on the actor, so a suspension holds on every path: web form, reply by
 * email, jobs and the API, however the actor was built.
 */
export async function assertMayAct(db: DbOrTx, actor: Pick<Actor, 'id'> | null, now: Date): Promise<void> {
  if (!actor) return;
  const suspension = await activeSuspension(db, actor.id, now);
  if (suspension) throw suspendedError(suspension);
}

/** Limits for new members, defined once for every kind of writing. */
export const NEW_MEMBER = {
  /** Links allowed in each of a new member's first contributions of a kind. */
  links: 2,
  /** Contributions of a kind (forum posts, article edits, suggestions, messages) before someone is no longer new at it. */
  contributions: 3,
  /** A profile is not a contribution: its links are limited for the account's first days. */
  profileDays: 7,
} as const;

/** Trusted roles (editors and above) skip the new-member limits and the approval hold. */
export function isTrusted(actor: Pick<Actor, 'role'>): boolean {
  return atLeast(actor.role, 'editor');
}

/**
 * The new-member link limit: the commonest shape of spam is a fresh account
 * posting links. Returns the sentence to show next to the field, or undefined.
 * For an edit, `before` is the text being replaced and only links the edit
 * adds count (a new member may still correct a page that cites many sources).
 * `prior` counts the person's earlier contributions of this kind; it is asked
 * only when there are too many links (so the usual case costs no query).
 */
export async function newMemberLinkProblem(input: {
  actor: Pick<Actor, 'role'>;
  /** The Markdown (or several fields of it) whose links count. */
  markdown: string | string[];
  /** The Markdown already rendered (in the worker pool, for saving): links are read off it instead of rendering again. */
  html?: string | undefined;
  /** Links outside the Markdown, e.g. an article's source links. */
  extraLinks?: number;
  /** For an edit: what it replaces (`html`: its stored HTML, when there is one). */
  before?: { markdown: string | string[]; html?: string | null | undefined; extraLinks?: number };
  prior: () => Promise<number>;
  /** What the limit is about, plural: "posts", "edits", "messages". */
  what: string;
}): Promise<string | undefined> {
  if (isTrusted(input.actor)) return undefined;
  const count = (markdown: string | string[], html: string | null | undefined, extra = 0) =>
    html != null
      ? countLinksInHtml(html) + extra
      : (Array.isArray(markdown) ? markdown : [markdown]).reduce((n, text) => n + countLinks(text), extra);
  let links = count(input.markdown, input.html, input.extraLinks);
  if (links <= NEW_MEMBER.links) return undefined;
  if (input.before) links -= count(input.before.markdown, input.before.html, input.before.extraLinks);
  if (links <= NEW_MEMBER.links) return undefined;
  if ((await input.prior()) >= NEW_MEMBER.contributions) return undefined;
  return input.before
    ? `Your first ${NEW_MEMBER.contributions} ${input.what} may add at most ${NEW_MEMBER.links} links (this one adds ${links}). Remove some, or describe where to look instead.`
    : `Your first ${NEW_MEMBER.contributions} ${input.what} may contain at most ${NEW_MEMBER.links} links (this one has ${links}). Remove some, or describe where to look instead.`;
}

/** Profile links: a new account may list at most NEW_MEMBER.links until it is NEW_MEMBER.profileDays days old. */
export function newProfileLinkProblem(input: {
  actor: Pick<Actor, 'role'>;
  createdAt: Date;
  now: Date;
  links: number;
}): string | undefined {
  if (isTrusted(input.actor) || input.links <= NEW_MEMBER.links) return undefined;
  if (input.now.getTime() - input.createdAt.getTime() >= NEW_MEMBER.profileDays * 86_400_000) return undefined;
  return `A new account may list at most ${NEW_MEMBER.links} links in its profile for its first ${NEW_MEMBER.profileDays} days (this has ${input.links}). Remove some for now and add them later.`;
}

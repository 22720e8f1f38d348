import { and, eq, isNull, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import { getAppState, setAppState } from '../../platform/db/app-state';
import type { Db, DbOrTx } from '../../platform/db/database';
import type { Logger } from '../../platform/logger';
import { findArticle, starterUpkeep } from '../library';
import { addMonths, type Group } from './groups.models';
import * as repo from './groups.repository';
import { groups } from './groups.table';
import { groupEvent } from './groups.usecases';
import * as stewardshipRepo from './stewardship.repository';

/**
 * The hub's own maintaining group: it owns the starter pages from the first start, so suggestions, reviews,
 * content health and overdue notices work before anyone has formed a group (docs/decisions/022).
 */
export const EDITORS_GROUP = {
  slug: 'ill-commons-editors',
  name: 'ILL Commons editors',
  purpose:
    'Keeps the starter pages of this hub accurate and current: reviews them on schedule and decides on suggested edits. The hub’s administrators are its owners; editors decide on suggestions its stewards have not answered.',
} as const;

/** Several processes may start at once on one PostgreSQL server: one hands the pages out, the others then find it done. */
export const UPKEEP_LOCK_KEY = 741_852_965;

/** Which starter pages were already handed to a group: a page released later is never taken back on a restart. */
const APPLIED_KEY = 'groups.starter_upkeep_applied';

async function systemUserId(db: DbOrTx): Promise<number | undefined> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.isSystem, true)).limit(1);
  return rows[0]?.id;
}

/** The editors group, created (active, made by the hub itself) if it is not there yet. */
export async function ensureEditorsGroup(db: DbOrTx, now: Date): Promise<Group | undefined> {
  const existing = await repo.findGroupBySlug(db, EDITORS_GROUP.slug);
  if (existing) return existing;
  const createdBy = await systemUserId(db);
  if (createdBy === undefined) return undefined;
  const rows = await db
    .insert(groups)
    .values({
      slug: EDITORS_GROUP.slug,
      name: EDITORS_GROUP.name,
      kind: 'committee',
      purpose: EDITORS_GROUP.purpose,
      website: null,
      status: 'active',
      createdBy,
      decidedBy: createdBy,
      decidedAt: now,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? (await repo.findGroupBySlug(db, EDITORS_GROUP.slug));
}

/**
 * While the editors group has no owner (a fresh hub, or every owner gone), every administrator becomes an
 * owner. Run at each start and by the admin CLI, so the first administrator becomes a steward at once; once the
 * group has an owner, its owners choose its members like any group's.
 */
export async function seatAdministrators(db: DbOrTx, now: Date): Promise<number[]> {
  const group = await ensureEditorsGroup(db, now);
  if (!group) return [];
  if ((await repo.ownerIds(db, group.id, now)).length > 0) return [];
  const admins = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.deletedAt), eq(users.isSystem, false)));
  for (const a of admins) {
    await repo.upsertMember(db, { groupId: group.id, userId: a.id, role: 'owner', termEndsOn: null, now });
    await groupEvent(db, group.id, null, 'group.member_added', {
      userId: a.id,
      name: a.name,
      role: 'owner',
      reason: 'administrator',
    });
  }
  return admins.map((a) => a.id);
}

/**
 * For the admin CLI: the administrator it created or promoted becomes an owner of the editors group (and, while
 * the group has no owner, every administrator does). Before the hub's first start the group does not exist yet:
 * that start seats every administrator.
 */
export async function welcomeAdministrator({
  db,
  now,
  userId,
}: {
  db: Db;
  now: Date;
  userId: number;
}): Promise<{ seated: number[] }> {
  return db.transaction(async (tx) => {
    const group = await ensureEditorsGroup(tx, now);
    if (!group) return { seated: [] };
    const seated = await seatAdministrators(tx, now);
    if (seated.includes(userId) || (await repo.roleIn(tx, group.id, userId, now)) === 'owner') return { seated };
    const [person] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, userId)).limit(1);
    await repo.upsertMember(tx, { groupId: group.id, userId, role: 'owner', termEndsOn: null, now });
    await groupEvent(tx, group.id, null, 'group.member_added', {
      userId,
      name: person?.name ?? '',
      role: 'owner',
      reason: 'administrator',
    });
    return { seated: [...seated, userId] };
  });
}

/**
 * Give every starter page not handed out yet its maintaining group (`maintained_by`, else the editors group) and
 * its review dates (`reviewed` + `review_every` months; a page never reviewed is due `review_every` months after
 * it arrived). Idempotent; pages that already have a group are left alone.
 */
export async function applyStarterUpkeep({
  db,
  now,
  logger,
}: {
  db: Db;
  now: Date;
  logger?: Logger;
}): Promise<{ assigned: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${UPKEEP_LOCK_KEY})`);
    const editors = await ensureEditorsGroup(tx, now);
    if (!editors) return { assigned: 0 };
    await seatAdministrators(tx, now);
    const applied = new Set<string>(JSON.parse((await getAppState(tx, APPLIED_KEY)) ?? '[]') as string[]);
    const upkeep = (await starterUpkeep(tx)).filter((u) => !applied.has(u.slug));
    if (upkeep.length === 0) return { assigned: 0 };
    const groupsBySlug = new Map<string, Group | undefined>();
    let assigned = 0;
    for (const u of upkeep) {
      applied.add(u.slug);
      const article = await findArticle(tx, u.slug);
      if (!article || (await stewardshipRepo.findStewardship(tx, article.id))) continue;
      let group = editors;
      if (u.maintainedBy && u.maintainedBy !== editors.slug) {
        if (!groupsBySlug.has(u.maintainedBy))
          groupsBySlug.set(u.maintainedBy, await repo.findGroupBySlug(tx, u.maintainedBy));
        const named = groupsBySlug.get(u.maintainedBy);
        if (named?.status === 'active') group = named;
        else logger?.warn('starter page names a group that does not exist here: the editors keep it', { ...u });
      }
      const reviewed = u.reviewed ? new Date(`${u.reviewed}T00:00:00Z`) : undefined;
      await stewardshipRepo.insertStewardship(tx, {
        articleId: article.id,
        groupId: group.id,
        reviewIntervalMonths: u.reviewEveryMonths,
        nextReviewDue: addMonths(reviewed ?? now, u.reviewEveryMonths),
        assignedAt: now,
        ...(reviewed ? { lastReviewedAt: reviewed } : {}),
      });
      assigned++;
    }
    await setAppState(tx, APPLIED_KEY, JSON.stringify([...applied].sort()), now);
    return { assigned };
  });
}

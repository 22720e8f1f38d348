import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import { expertListEntries, expertLists, groups } from './groups.table';

/** Expert lists: curated by a group; a person appears only after accepting the invitation. */

export interface ExpertList {
  id: number;
  slug: string;
  title: string;
  description: string;
  groupId: number;
  groupSlug: string;
  groupName: string;
  accepted: number;
}

export interface ExpertEntry {
  userId: number;
  username: string;
  displayName: string;
  note: string;
  status: 'invited' | 'accepted' | 'declined';
  invitedAt: Date;
}

const listColumns = {
  id: expertLists.id,
  slug: expertLists.slug,
  title: expertLists.title,
  description: expertLists.description,
  groupId: expertLists.groupId,
  groupSlug: groups.slug,
  groupName: groups.name,
  accepted: sql<number>`(select count(*) from ${expertListEntries} e join ${users} u on u.id = e.user_id
    where e.list_id = ${expertLists.id} and e.status = 'accepted' and u.deleted_at is null)`.mapWith(Number),
};

export async function listExpertLists(db: DbOrTx, groupId?: number): Promise<ExpertList[]> {
  return db
    .select(listColumns)
    .from(expertLists)
    .innerJoin(groups, eq(groups.id, expertLists.groupId))
    .where(groupId === undefined ? eq(groups.status, 'active') : eq(expertLists.groupId, groupId))
    .orderBy(asc(expertLists.title));
}

export async function findExpertList(db: DbOrTx, slug: string): Promise<ExpertList | undefined> {
  const rows = await db
    .select(listColumns)
    .from(expertLists)
    .innerJoin(groups, eq(groups.id, expertLists.groupId))
    .where(eq(expertLists.slug, slug))
    .limit(1);
  return rows[0];
}

/** Entries of a list; only accepted ones unless `all` (for the group's stewards). */
export async function listEntries(db: DbOrTx, listId: number, all = false): Promise<ExpertEntry[]> {
  return db
    .select({
      userId: expertListEntries.userId,
      username: users.username,
      displayName: users.displayName,
      note: expertListEntries.note,
      status: expertListEntries.status,
      invitedAt: expertListEntries.invitedAt,
    })
    .from(expertListEntries)
    .innerJoin(users, eq(users.id, expertListEntries.userId))
    .where(
      and(
        eq(expertListEntries.listId, listId),
        isNull(users.deletedAt),
        all ? undefined : eq(expertListEntries.status, 'accepted'),
      ),
    )
    .orderBy(asc(users.displayName));
}

export async function invitationsOf(db: DbOrTx, userId: number) {
  return db
    .select({
      listSlug: expertLists.slug,
      listTitle: expertLists.title,
      groupName: groups.name,
      groupSlug: groups.slug,
      note: expertListEntries.note,
      status: expertListEntries.status,
      invitedAt: expertListEntries.invitedAt,
    })
    .from(expertListEntries)
    .innerJoin(expertLists, eq(expertLists.id, expertListEntries.listId))
    .innerJoin(groups, eq(groups.id, expertLists.groupId))
    .where(eq(expertListEntries.userId, userId))
    .orderBy(asc(expertLists.title));
}

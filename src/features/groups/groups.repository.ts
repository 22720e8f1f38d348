import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import { events } from '../../platform/events/events.table';
import { dayOf, type Group, type GroupRole, type Member } from './groups.models';
import { groupMembers, groups, stewardships } from './groups.table';

/** Memberships whose term has not ended on `now`'s date. */
export function activeTerm(now: Date) {
  return or(isNull(groupMembers.termEndsOn), gt(groupMembers.termEndsOn, dayOf(now)));
}

export async function findGroupBySlug(
  db: DbOrTx,
  slug: string,
  options: { forUpdate?: boolean } = {},
): Promise<Group | undefined> {
  const query = db.select().from(groups).where(eq(groups.slug, slug)).limit(1);
  return (options.forUpdate ? await query.for('update') : await query)[0];
}

export async function findGroupById(
  db: DbOrTx,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<Group | undefined> {
  const query = db.select().from(groups).where(eq(groups.id, id)).limit(1);
  return (options.forUpdate ? await query.for('update') : await query)[0];
}

export async function slugTaken(db: DbOrTx, slug: string): Promise<boolean> {
  return (await db.select({ id: groups.id }).from(groups).where(eq(groups.slug, slug)).limit(1)).length > 0;
}

export interface GroupListItem extends Group {
  members: number;
  maintained: number;
}

export async function listGroups(db: DbOrTx, now: Date, status: Group['status'] = 'active'): Promise<GroupListItem[]> {
  const rows = await db
    .select({
      group: groups,
      members: sql<number>`(select count(*) from ${groupMembers} m where m.group_id = ${groups.id} and (m.term_ends_on is null or m.term_ends_on > ${dayOf(now)}))`,
      maintained: sql<number>`(select count(*) from ${stewardships} s where s.group_id = ${groups.id})`,
    })
    .from(groups)
    .where(eq(groups.status, status))
    .orderBy(status === 'pending' ? asc(groups.createdAt) : asc(groups.name));
  return rows.map((r) => ({ ...r.group, members: Number(r.members), maintained: Number(r.maintained) }));
}

export async function insertGroup(
  db: DbOrTx,
  input: Pick<Group, 'slug' | 'name' | 'kind' | 'purpose' | 'website' | 'createdBy'> & { now: Date },
): Promise<Group> {
  const { now, ...values } = input;
  const rows = await db
    .insert(groups)
    .values({ ...values, status: 'pending', createdAt: now })
    .returning();
  return rows[0]!;
}

export async function updateGroup(
  db: DbOrTx,
  id: number,
  values: Partial<Pick<Group, 'name' | 'kind' | 'purpose' | 'website'>>,
): Promise<void> {
  await db.update(groups).set(values).where(eq(groups.id, id));
}

export async function setGroupStatus(
  db: DbOrTx,
  id: number,
  values: { status: Group['status']; decidedBy: number; decisionNote: string | null; decidedAt: Date },
): Promise<void> {
  await db.update(groups).set(values).where(eq(groups.id, id));
}

/** The actor's role in a group today, or null (not a member, or the term has ended). */
export async function roleIn(db: DbOrTx, groupId: number, userId: number, now: Date): Promise<GroupRole | null> {
  const rows = await db
    .select({ role: groupMembers.role })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId), activeTerm(now)))
    .limit(1);
  return rows[0]?.role ?? null;
}

export async function listMembers(db: DbOrTx, groupId: number, now: Date): Promise<Member[]> {
  return db
    .select({
      userId: groupMembers.userId,
      username: users.username,
      displayName: users.displayName,
      role: groupMembers.role,
      termEndsOn: groupMembers.termEndsOn,
      joinedAt: groupMembers.joinedAt,
    })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .where(and(eq(groupMembers.groupId, groupId), activeTerm(now)))
    .orderBy(
      sql`case ${groupMembers.role} when 'owner' then 0 when 'steward' then 1 else 2 end`,
      asc(users.displayName),
    );
}

/** Owners and stewards in office today. */
export async function stewardIds(db: DbOrTx, groupId: number, now: Date): Promise<number[]> {
  const rows = await db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.role, ['owner', 'steward']), activeTerm(now)));
  return rows.map((r) => r.userId);
}

export async function ownerIds(db: DbOrTx, groupId: number, now: Date): Promise<number[]> {
  const rows = await db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.role, 'owner'), activeTerm(now)));
  return rows.map((r) => r.userId);
}

export async function upsertMember(
  db: DbOrTx,
  input: { groupId: number; userId: number; role: GroupRole; termEndsOn: string | null; now: Date },
): Promise<void> {
  await db
    .insert(groupMembers)
    .values({
      groupId: input.groupId,
      userId: input.userId,
      role: input.role,
      termEndsOn: input.termEndsOn,
      joinedAt: input.now,
    })
    .onConflictDoUpdate({
      target: [groupMembers.groupId, groupMembers.userId],
      set: { role: input.role, termEndsOn: input.termEndsOn, joinedAt: input.now },
    });
}

export async function updateMember(
  db: DbOrTx,
  groupId: number,
  userId: number,
  values: { role: GroupRole; termEndsOn: string | null },
): Promise<void> {
  await db
    .update(groupMembers)
    .set(values)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)));
}

export async function deleteMember(db: DbOrTx, groupId: number, userId: number): Promise<void> {
  await db.delete(groupMembers).where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)));
}

/** Remove every role whose term has ended by `now`'s date; returns what was removed. */
export async function deleteEndedTerms(
  db: DbOrTx,
  now: Date,
): Promise<Array<{ groupId: number; userId: number; role: GroupRole; termEndsOn: string | null }>> {
  return db
    .delete(groupMembers)
    .where(lte(groupMembers.termEndsOn, dayOf(now)))
    .returning({
      groupId: groupMembers.groupId,
      userId: groupMembers.userId,
      role: groupMembers.role,
      termEndsOn: groupMembers.termEndsOn,
    });
}

export interface MyGroup {
  id: number;
  slug: string;
  name: string;
  role: GroupRole;
  termEndsOn: string | null;
}

export async function groupsOf(db: DbOrTx, userId: number, now: Date): Promise<MyGroup[]> {
  return db
    .select({
      id: groups.id,
      slug: groups.slug,
      name: groups.name,
      role: groupMembers.role,
      termEndsOn: groupMembers.termEndsOn,
    })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(and(eq(groupMembers.userId, userId), eq(groups.status, 'active'), activeTerm(now)))
    .orderBy(asc(groups.name));
}

export async function findUserByUsername(db: DbOrTx, username: string) {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      deletedAt: users.deletedAt,
      isSystem: users.isSystem,
    })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.trim().toLowerCase()))
    .limit(1);
  const user = rows[0];
  return user && !user.deletedAt && !user.isSystem ? user : undefined;
}

export async function findUserById(db: DbOrTx, id: number) {
  const rows = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return rows[0];
}

export interface Activity {
  type: string;
  actorName: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** What the group did lately: the events recorded with the group as their subject. */
export async function recentActivity(db: DbOrTx, groupId: number, limit: number): Promise<Activity[]> {
  return db
    .select({ type: events.type, actorName: users.displayName, data: events.data, createdAt: events.createdAt })
    .from(events)
    .leftJoin(users, eq(users.id, events.actorId))
    .where(and(eq(events.subjectType, 'group'), eq(events.subjectId, String(groupId))))
    .orderBy(desc(events.id))
    .limit(limit);
}

export async function recentActivityOfType(
  db: DbOrTx,
  groupId: number,
  type: string,
  limit: number,
): Promise<Array<{ data: Record<string, unknown> }>> {
  return db
    .select({ data: events.data })
    .from(events)
    .where(and(eq(events.subjectType, 'group'), eq(events.subjectId, String(groupId)), eq(events.type, type)))
    .orderBy(desc(events.id))
    .limit(limit);
}

import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import type { Db, DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { EventType } from '../../platform/events/types';
import type { FieldErrors } from '../../platform/http/forms';
import { enforce, type RateRule } from '../../platform/http/rate-limit';
import { notify } from '../notifications';
import { groupErrors } from './groups.errors';
import { dayOf, type Group, type GroupRole, GROUP_ROLE_LABELS, keepsAnOwner, type Member } from './groups.models';
import { groupPolicies } from './groups.policies';
import { indexGroup } from './groups.search';
import * as repo from './groups.repository';
import type { UseCaseContext } from '../../platform/usecase';
import { type GroupInput, writeGroupRequest } from './groups.writes';

export type { GroupInput } from './groups.writes';

/** Record something the group did: it shows in the group's recent activity, which anonymous readers see. */
export function groupEvent(
  tx: DbOrTx,
  groupId: number,
  actorId: number | null,
  type: EventType,
  data: Record<string, unknown> = {},
) {
  return recordEvent(tx, { type, actorId, subjectType: 'group', subjectId: groupId, data });
}

/** Asking for groups is rare: a few an hour is plenty for people and little for scripts (every entry point). */
export const GROUP_REQUEST_RULE: RateRule = { name: 'groups:request', limit: 5, windowSeconds: 60 * 60 };

/** Ask for a new group. It waits for an administrator; whoever asked is its first owner. */
export async function requestGroup(input: UseCaseContext & { input: GroupInput }): Promise<Group> {
  const { db, actor, now } = input;
  await assertMayAct(db, actor, now);
  authorize(actor, groupPolicies.requestGroup(actor));
  await enforce(db, now, [[GROUP_REQUEST_RULE, String(actor.id)]]);
  return writeGroupRequest({ ...input, actor });
}

export async function decideGroup({
  db,
  actor,
  now,
  groupId,
  approve,
  note,
}: UseCaseContext & { groupId: number; approve: boolean; note: string }): Promise<Group> {
  await assertMayAct(db, actor, now);
  authorize(actor, groupPolicies.decideGroup(actor));
  return db.transaction(async (tx) => {
    const group = await repo.findGroupById(tx, groupId, { forUpdate: true });
    if (!group) throw groupErrors.groupNotFound();
    if (group.status !== 'pending') {
      throw groupErrors.alreadyDecided(
        `This request was already ${group.status === 'active' ? 'approved' : 'rejected'}.`,
      );
    }
    const status = approve ? 'active' : 'rejected';
    await repo.setGroupStatus(tx, group.id, {
      status,
      decidedBy: actor.id,
      decisionNote: note || null,
      decidedAt: now,
    });
    await indexGroup(tx, { ...group, status }, now);
    await groupEvent(tx, group.id, actor.id, approve ? 'group.approved' : 'group.rejected', { name: group.name, note });
    await notify(tx, {
      userIds: [group.createdBy],
      kind: approve ? 'group.approved' : 'group.rejected',
      actorId: actor.id,
      subjectType: 'group',
      subjectId: String(group.id),
      url: `/groups/${group.slug}`,
      title: approve
        ? `Your group “${group.name}” was approved`
        : `Your request for the group “${group.name}” was not approved`,
      ...(note ? { excerpt: note } : {}),
      now,
    });
    return { ...group, status };
  });
}

async function loadManaged(tx: DbOrTx, actor: Actor | null, slug: string, now: Date) {
  const group = await repo.findGroupBySlug(tx, slug, { forUpdate: true });
  if (!group) throw groupErrors.groupNotFound();
  const role = actor ? await repo.roleIn(tx, group.id, actor.id, now) : null;
  return { group, role };
}

export async function editGroup({
  db,
  actor,
  now,
  slug,
  input,
}: UseCaseContext & { slug: string; input: GroupInput }): Promise<Group> {
  await assertMayAct(db, actor, now);
  return db.transaction(async (tx) => {
    const { group, role } = await loadManaged(tx, actor, slug, now);
    authorize(actor, groupPolicies.manageGroup(actor, group, role));
    const values = { name: input.name, kind: input.kind, purpose: input.purpose, website: input.website || null };
    await repo.updateGroup(tx, group.id, values);
    await indexGroup(tx, { ...group, ...values }, now);
    await groupEvent(tx, group.id, actor.id, 'group.edited', { name: input.name });
    return { ...group, ...values };
  });
}

type MemberChange =
  | { kind: 'add'; username: string; role: GroupRole; termEndsOn: string | null }
  | { kind: 'change'; userId: number; role: GroupRole; termEndsOn: string | null }
  | { kind: 'remove'; userId: number }
  | { kind: 'leave' };

export type MemberResult =
  | { ok: true; member: { userId: number; displayName: string } }
  | { ok: false; errors: FieldErrors };

const LAST_OWNER = {
  remove: 'This person is the group’s only owner with no end date. Make someone else an owner first, then remove them.',
  leave: 'You are the group’s only owner with no end date. Make someone else an owner first, then leave.',
  change:
    'The group would have no owner without an end date. Make someone else an owner first — terms end by themselves, so one owner must stay open-ended.',
};

/**
 * Every membership change goes through here: the group row is locked, the
 * change is applied to today's members on paper, and refused with a reason if
 * it would leave the group without an owner whose role does not end.
 */
export async function changeMembership({
  db,
  actor,
  now,
  slug,
  change,
}: UseCaseContext & { slug: string; change: MemberChange }): Promise<MemberResult> {
  // Leaving is allowed while suspended: it only takes the person's own role away.
  if (change.kind !== 'leave') await assertMayAct(db, actor, now);
  return db.transaction(async (tx): Promise<MemberResult> => {
    const { group, role } = await loadManaged(tx, actor, slug, now);
    if (change.kind === 'leave') {
      if (!groupPolicies.viewGroup(actor, group)) throw groupErrors.groupNotFound();
      authorize(actor, groupPolicies.leaveGroup(actor, role));
    } else {
      authorize(actor, groupPolicies.manageGroup(actor, group, role));
    }
    const members = await repo.listMembers(tx, group.id, now);
    let target: { userId: number; displayName: string };
    let after: Array<Pick<Member, 'userId' | 'role' | 'termEndsOn'>>;
    if (change.kind === 'add') {
      const user = await repo.findUserByUsername(tx, change.username);
      if (!user)
        return {
          ok: false as const,
          errors: { username: 'No member has that username. Check the spelling on their profile.' },
        };
      if (members.some((m) => m.userId === user.id)) {
        return {
          ok: false as const,
          errors: { username: `${user.displayName} is already in the group. Change their role in the list below.` },
        };
      }
      target = { userId: user.id, displayName: user.displayName };
      after = [...members, { userId: user.id, role: change.role, termEndsOn: change.termEndsOn }];
    } else {
      const userId = change.kind === 'leave' ? actor.id : change.userId;
      const current = members.find((m) => m.userId === userId);
      if (!current) throw groupErrors.memberNotFound();
      target = { userId, displayName: current.displayName };
      after =
        change.kind === 'change'
          ? members.map((m) => (m.userId === userId ? { ...m, role: change.role, termEndsOn: change.termEndsOn } : m))
          : members.filter((m) => m.userId !== userId);
    }
    if (change.kind === 'add' && change.termEndsOn !== null && change.termEndsOn <= dayOf(now)) {
      return { ok: false as const, errors: { termEndsOn: 'The term end date must be after today.' } };
    }
    if (change.kind === 'change' && change.termEndsOn !== null && change.termEndsOn <= dayOf(now)) {
      return {
        ok: false as const,
        errors: { termEndsOn: 'The term end date must be after today. To end a role today, remove the person.' },
      };
    }
    if (!keepsAnOwner(after)) throw groupErrors.lastOwner(LAST_OWNER[change.kind === 'add' ? 'change' : change.kind]);

    const data = { userId: target.userId, name: target.displayName };
    switch (change.kind) {
      case 'add':
        await repo.upsertMember(tx, {
          groupId: group.id,
          userId: target.userId,
          role: change.role,
          termEndsOn: change.termEndsOn,
          now,
        });
        await groupEvent(tx, group.id, actor.id, 'group.member_added', {
          ...data,
          role: change.role,
          termEndsOn: change.termEndsOn,
        });
        await notify(tx, {
          userIds: [target.userId],
          kind: 'group.member_added',
          actorId: actor.id,
          subjectType: 'group',
          subjectId: String(group.id),
          url: `/groups/${group.slug}`,
          title: `You were added to “${group.name}” as ${GROUP_ROLE_LABELS[change.role].toLowerCase()}`,
          now,
        });
        break;
      case 'change':
        await repo.updateMember(tx, group.id, target.userId, { role: change.role, termEndsOn: change.termEndsOn });
        await groupEvent(tx, group.id, actor.id, 'group.member_changed', {
          ...data,
          role: change.role,
          termEndsOn: change.termEndsOn,
        });
        break;
      case 'remove':
        await repo.deleteMember(tx, group.id, target.userId);
        await groupEvent(tx, group.id, actor.id, 'group.member_removed', data);
        break;
      case 'leave':
        await repo.deleteMember(tx, group.id, target.userId);
        await groupEvent(tx, group.id, actor.id, 'group.member_left', data);
        break;
    }
    return { ok: true as const, member: target };
  });
}

/**
 * The scheduled job: roles whose term has ended are removed, each recorded as
 * the group's activity (which also refreshes cached group pages).
 */
export async function endTerms({ db, now }: { db: Db; now: Date }): Promise<number> {
  return db.transaction(async (tx) => {
    const ended = await repo.deleteEndedTerms(tx, now);
    for (const row of ended) {
      const user = await repo.findUserById(tx, row.userId);
      await groupEvent(tx, row.groupId, null, 'group.term_ended', {
        userId: row.userId,
        name: user?.displayName,
        role: row.role,
        termEndsOn: row.termEndsOn,
      });
    }
    return ended.length;
  });
}

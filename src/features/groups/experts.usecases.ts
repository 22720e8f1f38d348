import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import type { DbOrTx } from '../../platform/db/database';
import type { FieldErrors } from '../../platform/http/forms';
import { notify } from '../notifications';
import { findExpertList } from './experts';
import { groupErrors } from './groups.errors';
import { RESERVED_SLUGS, slugifyName } from './groups.models';
import { groupPolicies } from './groups.policies';
import { indexExpertList } from './groups.search';
import * as groupsRepo from './groups.repository';
import { expertListEntries, expertLists } from './groups.table';
import { groupEvent } from './groups.usecases';
import type { UseCaseContext } from '../../platform/usecase';

/** Expert lists: curated by a group; a person appears only after accepting the invitation. */

type Result = { ok: true; slug: string } | { ok: false; errors: FieldErrors };

export async function createExpertList({
  db,
  actor,
  now,
  groupSlug,
  title,
  description,
}: UseCaseContext & { groupSlug: string; title: string; description: string }): Promise<Result> {
  await assertMayAct(db, actor, now);
  return db.transaction(async (tx): Promise<Result> => {
    const group = await groupsRepo.findGroupBySlug(tx, groupSlug);
    if (group?.status !== 'active') throw groupErrors.groupNotFound();
    const role = actor ? await groupsRepo.roleIn(tx, group.id, actor.id, now) : null;
    authorize(actor, groupPolicies.manageExpertList(actor, role));
    const base = slugifyName(title) || 'experts';
    let slug = RESERVED_SLUGS.has(base) ? `${base}-list` : base;
    for (
      let i = 2;
      (await tx.select({ id: expertLists.id }).from(expertLists).where(eq(expertLists.slug, slug)).limit(1)).length;
      i++
    )
      slug = `${base}-${i}`;
    const [list] = await tx
      .insert(expertLists)
      .values({ slug, title, description, groupId: group.id, createdBy: actor.id, createdAt: now })
      .returning({ id: expertLists.id });
    if (list) await indexExpertList(tx, { id: list.id, slug, title, description, groupName: group.name }, now);
    await groupEvent(tx, group.id, actor.id, 'experts.list_created', { listSlug: slug, title });
    return { ok: true, slug };
  });
}

async function loadList(tx: DbOrTx, actor: Actor | null, slug: string, now: Date) {
  const list = await findExpertList(tx, slug);
  if (!list) throw groupErrors.listNotFound();
  const role = actor ? await groupsRepo.roleIn(tx, list.groupId, actor.id, now) : null;
  return { list, role };
}

export async function inviteExpert({
  db,
  actor,
  now,
  listSlug,
  username,
  note,
}: UseCaseContext & { listSlug: string; username: string; note: string }): Promise<Result> {
  await assertMayAct(db, actor, now);
  return db.transaction(async (tx): Promise<Result> => {
    const { list, role } = await loadList(tx, actor, listSlug, now);
    authorize(actor, groupPolicies.manageExpertList(actor, role));
    const user = await groupsRepo.findUserByUsername(tx, username);
    if (!user)
      return { ok: false, errors: { username: 'No member has that username. Check the spelling on their profile.' } };
    const existing = (
      await tx
        .select()
        .from(expertListEntries)
        .where(and(eq(expertListEntries.listId, list.id), eq(expertListEntries.userId, user.id)))
        .limit(1)
    )[0];
    if (existing) {
      const why = {
        invited: `${user.displayName} has already been invited and has not answered yet.`,
        accepted: `${user.displayName} is already on this list.`,
        declined: `${user.displayName} declined to be listed. They can ask to be added if they change their mind.`,
      }[existing.status];
      return { ok: false, errors: { username: why } };
    }
    await tx
      .insert(expertListEntries)
      .values({ listId: list.id, userId: user.id, note, status: 'invited', invitedBy: actor.id, invitedAt: now });
    await notify(tx, {
      userIds: [user.id],
      kind: 'experts.invited',
      actorId: actor.id,
      subjectType: 'expert_list',
      subjectId: String(list.id),
      url: '/expert-invitations',
      title: `${list.groupName} invites you to be listed in “${list.title}”`,
      excerpt: note,
      now,
    });
    return { ok: true, slug: list.slug };
  });
}

/** Only the invited person answers; an accepted entry appears on the public list. Declining is allowed while suspended. */
export async function answerInvitation({
  db,
  actor,
  now,
  listSlug,
  accept,
}: UseCaseContext & { listSlug: string; accept: boolean }): Promise<void> {
  if (accept) await assertMayAct(db, actor, now);
  if (!actor) authorize(actor, false);
  await db.transaction(async (tx) => {
    const { list } = await loadList(tx, actor, listSlug, now);
    const where = and(eq(expertListEntries.listId, list.id), eq(expertListEntries.userId, actor.id));
    const entry = (await tx.select().from(expertListEntries).where(where).limit(1).for('update'))[0];
    if (!entry) throw groupErrors.entryNotFound();
    authorize(actor, groupPolicies.answerInvitation(actor, entry));
    if (entry.status !== 'invited') throw groupErrors.alreadyDecided(`You already ${entry.status} this invitation.`);
    await tx
      .update(expertListEntries)
      .set({ status: accept ? 'accepted' : 'declined', answeredAt: now })
      .where(where);
    if (accept)
      await groupEvent(tx, list.groupId, actor.id, 'experts.accepted', {
        listSlug: list.slug,
        title: list.title,
        name: actor.displayName,
      });
  });
}

/** A steward of the list's group takes someone off, or the person takes themself off (allowed while suspended). */
export async function removeExpert({
  db,
  actor,
  now,
  listSlug,
  userId,
}: UseCaseContext & { listSlug: string; userId: number }): Promise<void> {
  if (actor?.id !== userId) await assertMayAct(db, actor, now);
  await db.transaction(async (tx) => {
    const { list, role } = await loadList(tx, actor, listSlug, now);
    if (!actor) authorize(actor, false);
    const where = and(eq(expertListEntries.listId, list.id), eq(expertListEntries.userId, userId));
    const entry = (await tx.select().from(expertListEntries).where(where).limit(1).for('update'))[0];
    if (!entry) throw groupErrors.entryNotFound();
    authorize(actor, groupPolicies.removeExpertEntry(actor, role, entry));
    await tx.delete(expertListEntries).where(where);
    await groupEvent(tx, list.groupId, actor.id, 'experts.removed', { listSlug: list.slug, title: list.title, userId });
  });
}

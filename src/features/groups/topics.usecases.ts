import { sql } from 'drizzle-orm';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import type { DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { FieldErrors } from '../../platform/http/forms';
import type { UseCaseContext } from '../../platform/usecase';
import { listTopics } from '../library';
import { notify } from '../notifications';
import { editorIds } from './claims.repository';
import { groupErrors } from './groups.errors';
import { addMonths } from './groups.models';
import { groupPolicies } from './groups.policies';
import * as groupsRepo from './groups.repository';
import { groupEvent } from './groups.usecases';
import * as stewardshipRepo from './stewardship.repository';
import * as repo from './topics.repository';
import { EDITORS_GROUP, UPKEEP_LOCK_KEY } from './upkeep';

function topicRequestUrl(): string {
  return '/stewardship/topics';
}

export type AdoptResult =
  | { status: 'requested'; id: number }
  | { status: 'adopted'; id: number; pages: number }
  | { status: 'invalid'; errors: FieldErrors };

/**
 * The topic's pages go to the group: pages no group maintains, and pages the hub's editors group keeps by
 * default. A page another group maintains by its own choice stays with that group (a page-level steward
 * overrides the topic's). Returns how many pages the group took on.
 */
async function applyAdoption(
  tx: DbOrTx,
  adoption: { topicSlug: string; groupId: number; reviewIntervalMonths: number },
  now: Date,
): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${UPKEEP_LOCK_KEY})`);
  const fresh = await repo.unmaintainedIn(tx, adoption.topicSlug);
  for (const articleId of fresh) {
    await stewardshipRepo.insertStewardship(tx, {
      articleId,
      groupId: adoption.groupId,
      reviewIntervalMonths: adoption.reviewIntervalMonths,
      nextReviewDue: addMonths(now, adoption.reviewIntervalMonths),
      assignedAt: now,
    });
  }
  const editors = await groupsRepo.findGroupBySlug(tx, EDITORS_GROUP.slug);
  const taken =
    editors && editors.id !== adoption.groupId ? await repo.takeableIn(tx, adoption.topicSlug, editors.id) : [];
  await repo.moveToGroup(tx, [...fresh, ...taken], adoption.groupId, adoption.topicSlug);
  return fresh.length + taken.length;
}

/**
 * A steward asks for their group to maintain a whole topic (its current pages and those added later). An editor
 * approves; an editor's own request applies at once (someone who could approve never waits).
 */
export async function requestTopicAdoption({
  db,
  actor,
  now,
  topicSlug,
  groupId,
  intervalMonths,
}: UseCaseContext & { topicSlug: string; groupId: number; intervalMonths: number }): Promise<AdoptResult> {
  await assertMayAct(db, actor, now);
  if (!actor) authorize(actor, false);
  return db.transaction(async (tx): Promise<AdoptResult> => {
    const topic = (await listTopics(tx)).find((t) => t.slug === topicSlug);
    if (!topic) throw groupErrors.topicNotFound();
    const group = await groupsRepo.findGroupById(tx, groupId);
    if (group?.status !== 'active') return { status: 'invalid', errors: { groupId: 'Choose one of your groups.' } };
    const role = await groupsRepo.roleIn(tx, group.id, actor.id, now);
    authorize(actor, groupPolicies.adoptTopic(actor, role), 'Only stewards of a group can ask to maintain a topic.');
    const current = await repo.adoptionOf(tx, topic.slug);
    if (current) {
      return {
        status: 'invalid',
        errors: {
          groupId:
            current.groupId === group.id
              ? `${group.name} already maintains this topic.`
              : `${current.groupName} maintains this topic. Ask an editor if it should change hands.`,
        },
      };
    }
    const open = await repo.openRequest(tx, topic.slug, group.id);
    if (open) return { status: 'requested', id: open };
    const id = await repo.insertRequest(tx, {
      topicSlug: topic.slug,
      groupId: group.id,
      requestedBy: actor.id,
      reviewIntervalMonths: intervalMonths,
      now,
    });
    if (groupPolicies.decideTopicAdoption(actor)) {
      await repo.setStatus(tx, id, { status: 'approved', decidedBy: actor.id, decisionNote: null, now });
      const pages = await applyAdoption(
        tx,
        { topicSlug: topic.slug, groupId: group.id, reviewIntervalMonths: intervalMonths },
        now,
      );
      await repo.closeOtherRequests(tx, topic.slug, actor.id, now);
      await groupEvent(tx, group.id, actor.id, 'stewardship.topic_adopted', {
        topicSlug: topic.slug,
        topic: topic.name,
        pages,
      });
      return { status: 'adopted', id, pages };
    }
    await recordEvent(tx, {
      type: 'stewardship.topic_requested',
      actorId: actor.id,
      subjectType: 'topic_stewardship',
      subjectId: id,
      data: { topicSlug: topic.slug, groupId: group.id },
    });
    await notify(tx, {
      userIds: await editorIds(tx),
      kind: 'stewardship.topic_requested',
      actorId: actor.id,
      subjectType: 'topic_stewardship',
      subjectId: String(id),
      url: topicRequestUrl(),
      title: `${group.name} asks to maintain the topic “${topic.name}”`,
      now,
    });
    return { status: 'requested', id };
  });
}

export type TopicDecisionResult =
  | { status: 'approved'; pages: number }
  | { status: 'declined' }
  | { status: 'withdrawn' };

/** An editor approves or declines a group's request to maintain a topic; the requester is told. */
export async function decideTopicAdoption({
  db,
  actor,
  now,
  id,
  approve,
  note,
}: UseCaseContext & { id: number; approve: boolean; note: string }): Promise<TopicDecisionResult> {
  await assertMayAct(db, actor, now);
  if (!actor) authorize(actor, false);
  return db.transaction(async (tx): Promise<TopicDecisionResult> => {
    const adoption = await repo.findAdoption(tx, id, { forUpdate: true });
    if (!adoption) throw groupErrors.topicRequestNotFound();
    authorize(actor, groupPolicies.decideTopicAdoption(actor), 'Only editors decide who maintains a topic.');
    if (adoption.status !== 'pending') throw groupErrors.alreadyDecided(`This request was already ${adoption.status}.`);
    const topic = (await listTopics(tx)).find((t) => t.slug === adoption.topicSlug);
    const tell = (kind: string, title: string) =>
      notify(tx, {
        userIds: [adoption.requestedBy],
        kind,
        actorId: actor.id,
        subjectType: 'topic_stewardship',
        subjectId: String(id),
        url: `/topics/${adoption.topicSlug}`,
        title,
        ...(note ? { excerpt: note } : {}),
        now,
      });
    const group = await groupsRepo.findGroupById(tx, adoption.groupId);
    if (!approve || !topic || group?.status !== 'active' || (await repo.adoptionOf(tx, adoption.topicSlug))) {
      await repo.setStatus(tx, id, { status: 'declined', decidedBy: actor.id, decisionNote: note || null, now });
      await groupEvent(tx, adoption.groupId, actor.id, 'stewardship.topic_declined', {
        topicSlug: adoption.topicSlug,
        note,
      });
      await tell(
        'stewardship.topic_declined',
        `${actor.displayName} declined ${adoption.groupName}’s request to maintain the topic “${topic?.name ?? adoption.topicSlug}”`,
      );
      return { status: 'declined' };
    }
    await repo.setStatus(tx, id, { status: 'approved', decidedBy: actor.id, decisionNote: note || null, now });
    await repo.closeOtherRequests(tx, adoption.topicSlug, actor.id, now);
    const pages = await applyAdoption(tx, adoption, now);
    await groupEvent(tx, adoption.groupId, actor.id, 'stewardship.topic_adopted', {
      topicSlug: adoption.topicSlug,
      topic: topic.name,
      pages,
      approvedBy: actor.displayName,
    });
    await tell(
      'stewardship.topic_approved',
      `${actor.displayName} approved: ${adoption.groupName} now maintains the topic “${topic.name}”`,
    );
    return { status: 'approved', pages };
  });
}

/**
 * The group's stewards give up a topic it maintains: the adoption ends ("released") and the pages the group held
 * through it go back to the hub's editors (their review queue). Pages the group chose one by one stay with it.
 */
export async function releaseTopic({
  db,
  actor,
  now,
  id,
}: UseCaseContext & { id: number }): Promise<{ topicSlug: string; pages: number }> {
  await assertMayAct(db, actor, now);
  if (!actor) authorize(actor, false);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${UPKEEP_LOCK_KEY})`);
    const adoption = await repo.findAdoption(tx, id, { forUpdate: true });
    if (adoption?.status !== 'approved') throw groupErrors.topicRequestNotFound();
    const role = await groupsRepo.roleIn(tx, adoption.groupId, actor.id, now);
    authorize(
      actor,
      groupPolicies.releaseTopic(actor, role),
      `Only stewards of ${adoption.groupName} can give up a topic it maintains.`,
    );
    await repo.markReleased(tx, id);
    const editors = await groupsRepo.findGroupBySlug(tx, EDITORS_GROUP.slug);
    const pages = await repo.releasePages(tx, adoption.groupId, adoption.topicSlug, editors?.id);
    const topic = (await listTopics(tx)).find((t) => t.slug === adoption.topicSlug);
    await groupEvent(tx, adoption.groupId, actor.id, 'stewardship.topic_released', {
      topicSlug: adoption.topicSlug,
      topic: topic?.name ?? adoption.topicSlug,
      pages,
    });
    return { topicSlug: adoption.topicSlug, pages };
  });
}

import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import type { Db, DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { FieldErrors } from '../../platform/http/forms';
import { type Article, findArticle } from '../library';
import { notify } from '../notifications';
import { groupErrors } from './groups.errors';
import { addMonths, DAY_MS, type Group } from './groups.models';
import { groupPolicies } from './groups.policies';
import * as groupsRepo from './groups.repository';
import { groupEvent } from './groups.usecases';
import * as claims from './claims.repository';
import * as repo from './stewardship.repository';
import { EDITORS_GROUP } from './upkeep';
import type { UseCaseContext } from '../../platform/usecase';

const articleData = (a: Pick<Article, 'id' | 'slug' | 'title'>) => ({ articleId: a.id, slug: a.slug, title: a.title });

export type AssignResult =
  | { ok: true; claimId?: undefined }
  /** The page is someone else's (or the hub's): the group's claim waits for an editor or the page's author. */
  | { ok: true; claimId: number }
  | { ok: false; errors: FieldErrors };

/**
 * Give an article a maintaining group, or change its review interval. A page
 * another group maintains moves only by a handover both groups agree to.
 * A steward's claim on an unmaintained page is a request until an editor (or
 * the page's author, for a member's own page) approves it; until then the
 * group has no rights on the page. Editors, and authors claiming their own
 * page, need no one else's agreement.
 */
export async function assignStewardship({
  db,
  actor,
  now,
  slug,
  groupId,
  intervalMonths,
  lastReviewedOn = null,
}: UseCaseContext & {
  slug: string;
  groupId: number;
  intervalMonths: number;
  /** When the group takes on a page it has already checked (e.g. moving from an older wiki): the review cycle starts from then. */
  lastReviewedOn?: string | null;
}): Promise<AssignResult> {
  await assertMayAct(db, actor, now);
  return db.transaction(async (tx): Promise<AssignResult> => {
    const article = await findArticle(tx, slug, { forUpdate: true });
    if (!article) throw groupErrors.articleNotFound();
    const current = await repo.findStewardship(tx, article.id, { forUpdate: true });
    const group = await groupsRepo.findGroupById(tx, groupId);
    if (group?.status !== 'active')
      return { ok: false as const, errors: { groupId: 'Choose one of the groups in the list.' } };
    const role = actor ? await groupsRepo.roleIn(tx, group.id, actor.id, now) : null;
    // The editors group keeps the hub's pages by default: another group may claim one as if no group kept it.
    const byDefault = current !== undefined && current.groupId !== group.id && current.groupSlug === EDITORS_GROUP.slug;
    if (current && current.groupId !== group.id && !byDefault) {
      return {
        ok: false as const,
        errors: { groupId: `${current.groupName} maintains this page. Its owners can hand it over to another group.` },
      };
    }
    if (current && !byDefault) {
      authorize(actor, groupPolicies.changeInterval(actor, role));
      const base = current.lastReviewedAt ?? current.assignedAt;
      await repo.updateStewardship(tx, article.id, {
        reviewIntervalMonths: intervalMonths,
        nextReviewDue: addMonths(base, intervalMonths),
      });
      await groupEvent(tx, group.id, actor.id, 'stewardship.interval_changed', {
        ...articleData(article),
        intervalMonths,
      });
      return { ok: true as const };
    }
    authorize(actor, groupPolicies.assignStewardship(actor, role));
    const reviewed = lastReviewedOn ? new Date(`${lastReviewedOn}T00:00:00Z`) : null;
    if (reviewed && reviewed.getTime() > now.getTime())
      return { ok: false as const, errors: { lastReviewedOn: 'The last review cannot be in the future.' } };
    if (!groupPolicies.decideClaim(actor, article)) {
      const open = await claims.openClaimFor(tx, article.id, group.id);
      if (open) return { ok: true as const, claimId: open };
      const claimId = await claims.insertClaim(tx, {
        articleId: article.id,
        groupId: group.id,
        requestedBy: actor.id,
        reviewIntervalMonths: intervalMonths,
        lastReviewedOn,
        now,
      });
      await recordEvent(tx, {
        type: 'stewardship.claim_requested',
        actorId: actor.id,
        subjectType: 'stewardship_claim',
        subjectId: claimId,
        data: { ...articleData(article), groupId: group.id, group: group.name },
      });
      const ownPage = article.origin === 'member' && article.createdBy !== actor.id;
      // A member's own page: its author decides (editors see the queue too). The hub's pages: the editors are asked.
      const approvers =
        ownPage && (await claims.isLiveMember(tx, article.createdBy))
          ? [article.createdBy]
          : await claims.editorIds(tx);
      await notify(tx, {
        userIds: approvers,
        kind: 'stewardship.claim_requested',
        actorId: actor.id,
        subjectType: 'stewardship_claim',
        subjectId: String(claimId),
        url: claimUrl(claimId),
        title: `${group.name} asks to maintain “${article.title}”`,
        now,
      });
      return { ok: true as const, claimId };
    }
    if (byDefault) await repo.deleteStewardship(tx, article.id);
    await startStewardship(tx, { article, groupId: group.id, intervalMonths, lastReviewedOn, now });
    await groupEvent(tx, group.id, actor.id, 'stewardship.assigned', {
      ...articleData(article),
      intervalMonths,
      lastReviewedOn,
    });
    return { ok: true as const };
  });
}

export function claimUrl(id: number): string {
  return `/stewardship/claims/${id}`;
}

async function startStewardship(
  tx: DbOrTx,
  input: {
    article: Pick<Article, 'id'>;
    groupId: number;
    intervalMonths: number;
    lastReviewedOn: string | null;
    now: Date;
  },
): Promise<void> {
  const reviewed = input.lastReviewedOn ? new Date(`${input.lastReviewedOn}T00:00:00Z`) : null;
  await repo.insertStewardship(tx, {
    articleId: input.article.id,
    groupId: input.groupId,
    reviewIntervalMonths: input.intervalMonths,
    nextReviewDue: addMonths(reviewed ?? input.now, input.intervalMonths),
    assignedAt: input.now,
    ...(reviewed ? { lastReviewedAt: reviewed } : {}),
  });
}

/** Whoever asked, or a member of the claiming group. */
async function involvedIn(
  tx: DbOrTx,
  actor: Actor,
  claim: Pick<claims.Claim, 'requestedBy' | 'groupId'>,
  now: Date,
): Promise<boolean> {
  return actor.id === claim.requestedBy || (await groupsRepo.roleIn(tx, claim.groupId, actor.id, now)) !== null;
}

export type ClaimDecision = { approve: true; note: string } | { approve: false; note: string };
export type ClaimResult =
  | { status: 'approved' | 'declined' | 'withdrawn' }
  /** Another group maintains the page by now, or the claiming group is no longer active: the claim is closed. */
  | { status: 'superseded' };

/**
 * An editor, or the author of a member's own page, approves or declines a
 * group's claim. Approval starts the stewardship (as if assigned then) and
 * closes other groups' open claims on the page. The claim row is locked, so
 * two approvers deciding at once take turns and the second is told.
 */
export async function decideClaim({
  db,
  actor,
  now,
  id,
  decision,
}: UseCaseContext & { id: number; decision: ClaimDecision }): Promise<ClaimResult> {
  await assertMayAct(db, actor, now);
  if (!actor) authorize(actor, false);
  return db.transaction(async (tx): Promise<ClaimResult> => {
    const claim = await claims.findClaim(tx, id, { forUpdate: true });
    if (!claim) throw groupErrors.claimNotFound();
    const page = { origin: claim.articleOrigin, createdBy: claim.articleAuthorId };
    if (!groupPolicies.decideClaim(actor, page)) {
      // To anyone not involved the request does not exist (its id cannot be probed).
      if (!(await involvedIn(tx, actor, claim, now))) throw groupErrors.claimNotFound();
      authorize(
        actor,
        false,
        'Only an editor, or the page’s author for a member’s own page, can decide on this request.',
      );
    }
    if (claim.status !== 'pending') throw groupErrors.alreadyDecided(`This request was already ${claim.status}.`);
    const article = { id: claim.articleId, slug: claim.articleSlug, title: claim.articleTitle };
    const tell = (kind: string, title: string, excerpt?: string) =>
      notify(tx, {
        userIds: [claim.requestedBy],
        kind,
        actorId: actor.id,
        subjectType: 'stewardship_claim',
        subjectId: String(id),
        url: claimUrl(id),
        title,
        ...(excerpt ? { excerpt } : {}),
        now,
      });
    if (!decision.approve) {
      await claims.setClaimStatus(tx, id, {
        status: 'declined',
        decidedBy: actor.id,
        decisionNote: decision.note || null,
        now,
      });
      await groupEvent(tx, claim.groupId, actor.id, 'stewardship.claim_declined', {
        ...articleData(article),
        claimId: id,
        note: decision.note,
      });
      await tell(
        'stewardship.claim_declined',
        `${actor.displayName} declined ${claim.groupName}’s request to maintain “${claim.articleTitle}”`,
        decision.note,
      );
      return { status: 'declined' };
    }
    const current = await repo.findStewardship(tx, claim.articleId, { forUpdate: true });
    const group = await groupsRepo.findGroupById(tx, claim.groupId);
    const byDefault =
      current !== undefined && current.groupSlug === EDITORS_GROUP.slug && current.groupId !== claim.groupId;
    if ((current && !byDefault) || group?.status !== 'active') {
      await claims.setClaimStatus(tx, id, { status: 'superseded', decidedBy: actor.id, decisionNote: null, now });
      return { status: 'superseded' };
    }
    if (byDefault) await repo.deleteStewardship(tx, claim.articleId);
    await startStewardship(tx, {
      article,
      groupId: claim.groupId,
      intervalMonths: claim.reviewIntervalMonths,
      lastReviewedOn: claim.lastReviewedOn,
      now,
    });
    await claims.setClaimStatus(tx, id, {
      status: 'approved',
      decidedBy: actor.id,
      decisionNote: decision.note || null,
      now,
    });
    await claims.supersedeOpenClaims(tx, claim.articleId, id, now);
    await groupEvent(tx, claim.groupId, claim.requestedBy, 'stewardship.assigned', {
      ...articleData(article),
      intervalMonths: claim.reviewIntervalMonths,
      lastReviewedOn: claim.lastReviewedOn,
      claimId: id,
      approvedBy: actor.displayName,
    });
    await tell(
      'stewardship.claim_approved',
      `${actor.displayName} approved: ${claim.groupName} now maintains “${claim.articleTitle}”`,
      decision.note,
    );
    return { status: 'approved' };
  });
}

/** Whoever asked takes the request back (allowed while suspended: it only withdraws). */
export async function withdrawClaim({ db, actor, now, id }: UseCaseContext & { id: number }): Promise<ClaimResult> {
  if (!actor) authorize(actor, false);
  return db.transaction(async (tx): Promise<ClaimResult> => {
    const claim = await claims.findClaim(tx, id, { forUpdate: true });
    if (!claim) throw groupErrors.claimNotFound();
    if (
      !(await involvedIn(tx, actor, claim, now)) &&
      !groupPolicies.decideClaim(actor, { origin: claim.articleOrigin, createdBy: claim.articleAuthorId })
    ) {
      throw groupErrors.claimNotFound();
    }
    if (claim.status !== 'pending') throw groupErrors.alreadyDecided(`This request was already ${claim.status}.`);
    authorize(actor, groupPolicies.withdrawClaim(actor, claim), 'Only whoever asked can withdraw the request.');
    await claims.setClaimStatus(tx, id, { status: 'withdrawn', decidedBy: actor.id, decisionNote: null, now });
    await recordEvent(tx, {
      type: 'stewardship.claim_withdrawn',
      actorId: actor.id,
      subjectType: 'stewardship_claim',
      subjectId: id,
      data: { articleId: claim.articleId, groupId: claim.groupId },
    });
    return { status: 'withdrawn' };
  });
}

export async function releaseStewardship({ db, actor, now, slug }: UseCaseContext & { slug: string }): Promise<void> {
  await assertMayAct(db, actor, now);
  await db.transaction(async (tx) => {
    const article = await findArticle(tx, slug);
    const current = article ? await repo.findStewardship(tx, article.id, { forUpdate: true }) : undefined;
    if (!article || !current) throw groupErrors.notMaintained();
    const role = actor ? await groupsRepo.roleIn(tx, current.groupId, actor.id, now) : null;
    authorize(actor, groupPolicies.releaseStewardship(actor, role));
    await repo.deleteStewardship(tx, article.id);
    await groupEvent(tx, current.groupId, actor.id, 'stewardship.released', articleData(article));
  });
}

/** A steward says the page is still right: who, when and a note are recorded; the article itself is not revised. */
export async function markReviewed({
  db,
  actor,
  now,
  slug,
  note,
}: UseCaseContext & { slug: string; note: string }): Promise<{ nextReviewDue: Date }> {
  await assertMayAct(db, actor, now);
  if (!actor) authorize(actor, false);
  return db.transaction(async (tx) => {
    const article = await findArticle(tx, slug);
    const current = article ? await repo.findStewardship(tx, article.id, { forUpdate: true }) : undefined;
    if (!article || !current) throw groupErrors.notMaintained();
    const role = await groupsRepo.roleIn(tx, current.groupId, actor.id, now);
    authorize(
      actor,
      groupPolicies.steward(actor, role),
      `Only stewards of ${current.groupName} can mark this page reviewed.`,
    );
    const nextReviewDue = addMonths(now, current.reviewIntervalMonths);
    await repo.updateStewardship(tx, article.id, {
      lastReviewedAt: now,
      lastReviewedBy: actor.id,
      reviewNote: note || null,
      nextReviewDue,
    });
    await groupEvent(tx, current.groupId, actor.id, 'stewardship.reviewed', {
      ...articleData(article),
      note,
      reviewedAt: now.toISOString(),
      nextReviewDue: nextReviewDue.toISOString(),
      revision: article.revision,
    });
    return { nextReviewDue };
  });
}

type ProposeResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

/** Propose moving pages to another group. The proposing owner agrees for their group; the other group's owners decide. */
export async function proposeHandover({
  db,
  actor,
  now,
  fromSlug,
  toSlug,
  articleIds,
}: UseCaseContext & { fromSlug: string; toSlug: string; articleIds: number[] }): Promise<ProposeResult> {
  await assertMayAct(db, actor, now);
  return db.transaction(async (tx): Promise<ProposeResult> => {
    const from = await groupsRepo.findGroupBySlug(tx, fromSlug);
    if (from?.status !== 'active') throw groupErrors.groupNotFound();
    const role = actor ? await groupsRepo.roleIn(tx, from.id, actor.id, now) : null;
    authorize(actor, groupPolicies.proposeHandover(actor, role));
    const to = await groupsRepo.findGroupBySlug(tx, toSlug);
    if (to?.status !== 'active' || to.id === from.id)
      return { ok: false as const, errors: { toGroup: 'Choose another active group from the list.' } };
    const ids = await repo.articleIdsMaintainedBy(tx, from.id, [...new Set(articleIds)]);
    if (ids.length === 0) return { ok: false as const, errors: { articleIds: 'Choose pages your group maintains.' } };
    const handover = await repo.insertHandover(tx, {
      fromGroupId: from.id,
      toGroupId: to.id,
      articleIds: ids,
      proposedBy: actor.id,
      now,
    });
    await groupEvent(tx, from.id, actor.id, 'handover.proposed', {
      handoverId: handover.id,
      to: to.name,
      pages: ids.length,
    });
    await notify(tx, {
      userIds: await groupsRepo.ownerIds(tx, to.id, now),
      kind: 'handover.proposed',
      actorId: actor.id,
      subjectType: 'handover',
      subjectId: String(handover.id),
      url: `/handovers/${handover.id}`,
      title: `${from.name} proposes to hand over ${ids.length} ${ids.length === 1 ? 'page' : 'pages'} to ${to.name}`,
      now,
    });
    return { ok: true as const, id: handover.id };
  });
}

export type HandoverAnswer = 'accept' | 'decline' | 'cancel';

/**
 * The receiving group's owner accepts (the pages move, in one transaction) or
 * declines; the proposing side may cancel. A decided handover is never applied twice.
 */
export async function answerHandover({
  db,
  actor,
  now,
  id,
  answer,
}: UseCaseContext & { id: number; answer: HandoverAnswer }): Promise<{ moved: number }> {
  await assertMayAct(db, actor, now);
  return db.transaction(async (tx) => {
    const handover = await repo.findHandover(tx, id, { forUpdate: true });
    if (!handover) throw groupErrors.handoverNotFound();
    const [from, to] = (await Promise.all([
      groupsRepo.findGroupById(tx, handover.fromGroupId),
      groupsRepo.findGroupById(tx, handover.toGroupId),
    ])) as [Group, Group];
    const [fromRole, toRole] = actor
      ? await Promise.all([groupsRepo.roleIn(tx, from.id, actor.id, now), groupsRepo.roleIn(tx, to.id, actor.id, now)])
      : [null, null];
    const allowed =
      answer === 'accept'
        ? groupPolicies.acceptHandover(actor, toRole)
        : groupPolicies.stopHandover(actor, fromRole, toRole);
    authorize(actor, allowed);
    if (handover.status !== 'proposed')
      throw groupErrors.alreadyDecided(`This handover was already ${handover.status}.`);
    if (answer !== 'accept') {
      const status = answer === 'cancel' || fromRole === 'owner' ? 'cancelled' : 'declined';
      await repo.setHandoverStatus(tx, id, { status, decidedAt: now });
      await groupEvent(tx, from.id, actor.id, `handover.${status}`, { handoverId: id, to: to.name });
      return { moved: 0 };
    }
    const still = await repo.articleIdsMaintainedBy(tx, from.id, handover.articleIds);
    for (const articleId of still) await repo.updateStewardship(tx, articleId, { groupId: to.id });
    await repo.setHandoverStatus(tx, id, { status: 'completed', toApprovedBy: actor.id, decidedAt: now });
    const data = { handoverId: id, from: from.name, to: to.name, pages: still.length, articleIds: still };
    await groupEvent(tx, from.id, actor.id, 'handover.completed', data);
    await groupEvent(tx, to.id, actor.id, 'handover.received', data);
    await notify(tx, {
      userIds: await groupsRepo.ownerIds(tx, from.id, now),
      kind: 'handover.completed',
      actorId: actor.id,
      subjectType: 'handover',
      subjectId: String(id),
      url: `/handovers/${id}`,
      title: `${to.name} accepted ${still.length} ${still.length === 1 ? 'page' : 'pages'} from ${from.name}`,
      now,
    });
    return { moved: still.length };
  });
}

/**
 * The scheduled sweep: a page that has just become overdue shows a notice to
 * readers, but nothing was edited, so cached pages would not know. Recording
 * one event per page and due date (a type that changes public pages) refreshes them;
 * the events also show in the group's activity. See docs/decisions.
 */
export async function sweepOverdue({ db, now }: { db: Db; now: Date }): Promise<number> {
  return db.transaction(async (tx) => {
    const candidates = await repo.becameOverdue(tx, new Date(now.getTime() - 2 * DAY_MS), now);
    let recorded = 0;
    const seen = new Map<number, Set<string>>();
    for (const item of candidates) {
      let keys = seen.get(item.groupId);
      if (!keys) {
        const past = await groupsRepo.recentActivityOfType(tx, item.groupId, 'stewardship.overdue', 500);
        keys = new Set(past.map((e) => `${e.data.articleId}@${e.data.due}`));
        seen.set(item.groupId, keys);
      }
      const key = `${item.articleId}@${item.nextReviewDue.toISOString()}`;
      if (keys.has(key)) continue;
      keys.add(key);
      await recordEvent(tx, {
        type: 'stewardship.overdue',
        actorId: null,
        subjectType: 'group',
        subjectId: item.groupId,
        data: { articleId: item.articleId, slug: item.slug, title: item.title, due: item.nextReviewDue.toISOString() },
      });
      recorded++;
    }
    return recorded;
  });
}

import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { storedText } from '../../platform/content/stored-html';
import type { Db } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { EventType } from '../../platform/events/types';
import { httpErrors } from '../../platform/http/errors';
import { communityErrors } from './community.errors';
import { excerptOf, HOLD_FIRST_POSTS, type Post, type Thread } from './community.models';
import { communityPolicies } from './community.policies';
import { afterPublish } from './community.publish';
import * as repo from './community.repository';
import { reindexThread } from './community.search';
import { settleThread } from './community.usecases';
import * as mod from './moderation.repository';
import type { UseCaseContext } from '../../platform/usecase';

/** Not suspended (whatever the role: a suspension outlives a later promotion until someone lifts it), and a moderator. */
async function moderator(db: Db, actor: Actor | null, now: Date): Promise<Actor> {
  await assertMayAct(db, actor, now);
  authorize(actor, communityPolicies.moderate(actor), 'Only moderators can do that.');
  return actor;
}

/**
 * Anyone signed in flags a post for the moderators; one open flag per person per post.
 * A suspended member may still flag: a flag reaches only the moderators, and
 * someone suspended must still be able to report abuse aimed at them.
 */
export async function flagPost({
  db,
  actor,
  now,
  postId,
  reason,
  note,
}: UseCaseContext & { postId: number; reason: mod.FlagReason; note: string }): Promise<void> {
  authorize(actor, actor !== null);
  await db.transaction(async (tx) => {
    const post = await repo.findPost(tx, postId);
    if (!post || !communityPolicies.seePost(actor, post)) throw communityErrors.postNotFound();
    authorize(actor, communityPolicies.flag(actor, post), 'You cannot flag your own post. Edit or delete it instead.');
    if (!(await mod.insertFlag(tx, { postId, reporterId: actor.id, reason, note, now })))
      throw communityErrors.alreadyFlagged();
    await recordEvent(tx, {
      type: 'forum.post.flagged',
      actorId: actor.id,
      subjectType: 'forum_post',
      subjectId: postId,
      data: { reason, threadId: post.threadId },
    });
  });
}

type StatusChange = 'hide' | 'restore' | 'approve';

const TRANSITIONS: Record<
  StatusChange,
  { from: Post['status'][]; to: Post['status']; event: EventType; resolution: string }
> = {
  hide: { from: ['published', 'pending'], to: 'hidden', event: 'moderation.post.hidden', resolution: 'hidden' },
  /** Back to public: a hidden post, or a deleted one (soft deletes are recoverable). */
  restore: { from: ['hidden', 'deleted'], to: 'published', event: 'moderation.post.restored', resolution: 'restored' },
  approve: { from: ['pending'], to: 'published', event: 'moderation.post.approved', resolution: 'approved' },
};

/** Hide, restore or approve a post; open flags on it are resolved with the same decision. */
export async function changePostStatus({
  db,
  actor: viewer,
  now,
  postId,
  change,
  reason = '',
}: UseCaseContext & { postId: number; change: StatusChange; reason?: string }): Promise<Thread> {
  const actor = await moderator(db, viewer, now);
  return db.transaction(async (tx) => {
    const post = await repo.findPost(tx, postId, { forUpdate: true });
    if (!post) throw communityErrors.postNotFound();
    const rule = TRANSITIONS[change];
    if (!rule.from.includes(post.status)) {
      throw communityErrors.postNotVisible();
    }
    const updated = await repo.updatePost(tx, postId, {
      status: rule.to,
      ...(rule.to === 'hidden' ? { hiddenAt: now, hiddenBy: actor.id } : {}),
      ...(rule.to === 'published' ? { hiddenAt: null, hiddenBy: null, deletedAt: null, deletedBy: null } : {}),
    });
    await mod.resolveFlags(tx, postId, actor.id, rule.resolution, now);
    const thread = await settleThread(tx, post.threadId, postId);
    await recordEvent(tx, {
      type: rule.event,
      actorId: actor.id,
      subjectType: 'forum_post',
      subjectId: postId,
      data: {
        threadId: post.threadId,
        number: post.number,
        authorId: post.authorId,
        from: post.status,
        excerpt: excerptOf(storedText(post.bodyHtml, post.body), 120),
        ...(reason ? { reason } : {}),
      },
    });
    // A post that was never public (held for approval) gets its notifications and live update now.
    if (change === 'approve') {
      const author = await mod.findMember(tx, post.authorId);
      await afterPublish(tx, { thread, post: updated, authorName: author?.displayName ?? 'A member', now });
    }
    return thread;
  });
}

/** The flags were looked at and the post stays as it is. */
export async function dismissFlags({
  db,
  actor: viewer,
  now,
  postId,
}: UseCaseContext & { postId: number }): Promise<void> {
  const actor = await moderator(db, viewer, now);
  await db.transaction(async (tx) => {
    const n = await mod.resolveFlags(tx, postId, actor.id, 'dismissed', now);
    if (n === 0) return;
    await recordEvent(tx, {
      type: 'moderation.flags.dismissed',
      actorId: actor.id,
      subjectType: 'forum_post',
      subjectId: postId,
      data: { flags: n },
    });
  });
}

type ThreadChange = { locked: boolean } | { pinned: boolean } | { categorySlug: string };

/** Lock or unlock, pin or unpin, or move a thread to another category. */
export async function changeThread({
  db,
  actor: viewer,
  now,
  threadId,
  change,
}: UseCaseContext & { threadId: number; change: ThreadChange }): Promise<Thread> {
  const actor = await moderator(db, viewer, now);
  return db.transaction(async (tx) => {
    const thread = await repo.findThread(tx, threadId, { forUpdate: true });
    if (!thread) throw communityErrors.threadNotFound();
    let type: EventType;
    let data: Record<string, unknown> = { title: thread.title };
    let updated: Thread;
    if ('locked' in change) {
      updated = await repo.updateThread(tx, threadId, { locked: change.locked });
      type = change.locked ? 'moderation.thread.locked' : 'moderation.thread.unlocked';
    } else if ('pinned' in change) {
      updated = await repo.updateThread(tx, threadId, { pinned: change.pinned });
      type = change.pinned ? 'moderation.thread.pinned' : 'moderation.thread.unpinned';
    } else {
      const [target, categories] = await Promise.all([
        repo.findCategory(tx, change.categorySlug),
        repo.listCategories(tx),
      ]);
      if (!target || categories.some((c) => c.parentId === target.id)) throw communityErrors.categoryNotFound();
      if (target.id === thread.categoryId) return thread;
      updated = await repo.updateThread(tx, threadId, { categoryId: target.id });
      await repo.refreshCategoryStats(tx, thread.categoryId);
      await repo.refreshCategoryStats(tx, target.id);
      await reindexThread(tx, updated);
      type = 'moderation.thread.moved';
      data = { ...data, fromCategoryId: thread.categoryId, toCategoryId: target.id, to: target.name };
    }
    await recordEvent(tx, { type, actorId: actor.id, subjectType: 'forum_thread', subjectId: threadId, data });
    return updated;
  });
}

/** Stop a member posting for a number of days; they see the reason when they try. */
export async function suspendMember({
  db,
  actor: viewer,
  now,
  userId,
  days,
  reason,
}: UseCaseContext & { userId: number; days: number; reason: string }): Promise<{ until: Date }> {
  const actor = await moderator(db, viewer, now);
  return db.transaction(async (tx) => {
    const member = await mod.findMember(tx, userId);
    if (!member) throw httpErrors.notFound('member');
    if (member.id === actor.id) throw httpErrors.forbidden('You cannot suspend yourself.');
    if (member.role === 'moderator' || member.role === 'admin')
      throw httpErrors.forbidden(
        'Moderators and administrators cannot be suspended; an administrator can change their role first.',
      );
    const until = new Date(now.getTime() + days * 86_400_000);
    const id = await mod.insertSuspension(tx, { userId, until, reason, createdBy: actor.id, now });
    await recordEvent(tx, {
      type: 'moderation.member.suspended',
      actorId: actor.id,
      subjectType: 'user',
      subjectId: userId,
      data: { suspensionId: id, until: until.toISOString(), days, reason, member: member.displayName },
    });
    return { until };
  });
}

export async function liftSuspension({
  db,
  actor: viewer,
  now,
  suspensionId,
}: UseCaseContext & { suspensionId: number }): Promise<void> {
  const actor = await moderator(db, viewer, now);
  await db.transaction(async (tx) => {
    const lifted = await mod.liftSuspension(tx, suspensionId, actor.id, now);
    if (!lifted) throw httpErrors.notFound('suspension');
    await recordEvent(tx, {
      type: 'moderation.member.unsuspended',
      actorId: actor.id,
      subjectType: 'user',
      subjectId: lifted.userId,
      data: { suspensionId },
    });
  });
}

/** The admin setting: hold new members' first posts for a moderator's approval. */
export async function setHoldFirstPosts({ db, actor, now, value }: UseCaseContext & { value: boolean }): Promise<void> {
  await assertMayAct(db, actor, now);
  authorize(actor, communityPolicies.administer(actor), 'Only administrators can change forum settings.');
  await db.transaction(async (tx) => {
    await repo.setSetting(tx, HOLD_FIRST_POSTS, value ? 'true' : 'false', actor.id, now);
    await recordEvent(tx, {
      type: 'moderation.settings.changed',
      actorId: actor.id,
      subjectType: 'site_setting',
      subjectId: HOLD_FIRST_POSTS,
      data: { value },
    });
  });
}

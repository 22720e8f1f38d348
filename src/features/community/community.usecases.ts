import { httpErrors } from '../../platform/http/errors';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { storedText } from '../../platform/content/stored-html';
import type { Db, DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { FieldErrors } from '../../platform/http/forms';
import { notify } from '../notifications';
import { mentionedUsernames } from './community.content';
import { communityErrors } from './community.errors';
import { excerptOf, type Post, postUrl, type Thread } from './community.models';
import { communityPolicies } from './community.policies';
import { vendorVoiceIn } from './community.vendor';
import {
  afterPublish,
  mayPost,
  checkNewMemberLinks,
  enforcePostRate,
  holdsForApproval,
  notifyMentions,
} from './community.publish';
import * as repo from './community.repository';
import type { ThreadInput } from './community.schemas';
import { indexPost, reindexThread } from './community.search';
import type { UseCaseContext } from '../../platform/usecase';

export type PostResult =
  | { ok: true; thread: Thread; post: Post; duplicate: boolean }
  | { ok: false; errors: FieldErrors };

/** Thrown inside a transaction when the same submission already made a post: the transaction rolls back. */
class DuplicateSubmission extends Error {}

async function existing(db: Db, authorId: number, key: string | null): Promise<PostResult | undefined> {
  if (!key) return undefined;
  const post = await repo.findPostByKey(db, authorId, key);
  if (!post) return undefined;
  const thread = (await repo.findThread(db, post.threadId))!;
  return { ok: true, thread, post, duplicate: true };
}

/** Start a thread with its opening post. A double-clicked form (same key) makes one thread. */
export async function createThread({
  db,
  actor: viewer,
  now,
  input,
  idempotencyKey,
  via = 'web',
  articleId = null,
}: UseCaseContext & {
  input: ThreadInput;
  idempotencyKey: string | null;
  via?: Post['via'];
  articleId?: number | null;
}): Promise<PostResult> {
  const actor = await mayPost(db, viewer, now);
  const again = await existing(db, actor.id, idempotencyKey);
  if (again) return again;
  const category = await repo.findCategory(db, input.categorySlug);
  const categories = await repo.listCategories(db);
  if (!category || categories.some((c) => c.parentId === category.id)) {
    return { ok: false, errors: { category: 'Choose a category from the list (for Systems, choose the system).' } };
  }
  const linkErrors = await checkNewMemberLinks(db, actor, input.body);
  if (Object.keys(linkErrors).length) return { ok: false, errors: linkErrors };
  await enforcePostRate(db, actor, now);
  try {
    return await db.transaction(async (tx) => {
      const status = (await holdsForApproval(tx, actor)) ? 'pending' : 'published';
      const thread = await repo.insertThread(tx, {
        categoryId: category.id,
        title: input.title,
        kind: input.kind,
        authorId: actor.id,
        topicSlugs: input.topicSlugs,
        articleId,
        status,
        createdAt: now,
        lastPostAt: now,
      });
      const post = await repo.insertPost(tx, {
        threadId: thread.id,
        number: 1,
        authorId: actor.id,
        body: input.body,
        status,
        idempotencyKey,
        via,
        createdAt: now,
      });
      if (!post) throw new DuplicateSubmission();
      await recordEvent(tx, {
        type: status === 'published' ? 'forum.thread.created' : 'forum.thread.held',
        actorId: actor.id,
        subjectType: 'forum_thread',
        subjectId: thread.id,
        data: { postId: post.id, categoryId: category.id, status, via, ...(articleId ? { articleId } : {}) },
      });
      if (status === 'published') await afterPublish(tx, { thread, post, authorName: actor.displayName, now });
      return { ok: true as const, thread: (await repo.findThread(tx, thread.id))!, post, duplicate: false };
    });
  } catch (error) {
    if (error instanceof DuplicateSubmission) return (await existing(db, actor.id, idempotencyKey))!;
    throw error;
  }
}

/**
 * Reply to a thread (from the web or by email): the same rules everywhere. `asVendor` labels the reply as the
 * response of the system's maker: only a member verified as speaking for the system whose category holds the
 * thread may (403 otherwise); the label names the organisation they were verified for, and stays with the post.
 */
export async function replyToThread({
  db,
  actor: viewer,
  now,
  threadId,
  body,
  quoteOf = null,
  idempotencyKey,
  via = 'web',
  asVendor = false,
}: UseCaseContext & {
  threadId: number;
  body: string;
  quoteOf?: number | null;
  idempotencyKey: string | null;
  via?: Post['via'];
  asVendor?: boolean;
}): Promise<PostResult> {
  const actor = await mayPost(db, viewer, now);
  const again = await existing(db, actor.id, idempotencyKey);
  if (again) return again;
  const thread = await repo.findThread(db, threadId);
  if (!thread || !communityPolicies.seeThread(actor, thread)) throw communityErrors.threadNotFound();
  if (thread.locked) throw communityErrors.threadLocked();
  const voice = asVendor ? await vendorVoiceIn(db, actor, thread) : undefined;
  if (asVendor && !communityPolicies.speakAsVendor(actor, voice)) throw communityErrors.notVendorRepresentative();
  const linkErrors = await checkNewMemberLinks(db, actor, body);
  if (Object.keys(linkErrors).length) return { ok: false, errors: linkErrors };
  await enforcePostRate(db, actor, now);
  try {
    return await db.transaction(async (tx) => {
      // The row lock makes replies take turns: numbers stay in order and a lock cannot be overtaken.
      const locked = await repo.findThread(tx, threadId, { forUpdate: true });
      if (!locked) throw communityErrors.threadNotFound();
      if (locked.locked) throw communityErrors.threadLocked();
      const quoted = quoteOf ? await repo.findPost(tx, quoteOf) : undefined;
      const status = (await holdsForApproval(tx, actor)) ? 'pending' : 'published';
      const number = await repo.nextPostNumber(tx, threadId);
      const post = await repo.insertPost(tx, {
        threadId,
        number,
        authorId: actor.id,
        body,
        quoteOf: quoted && quoted.threadId === threadId ? quoted.id : null,
        status,
        idempotencyKey,
        via,
        vendorSystem: voice?.systemSlug ?? null,
        vendorName: voice?.organisation ?? null,
        createdAt: now,
      });
      if (!post) throw new DuplicateSubmission();
      await recordEvent(tx, {
        type: status === 'published' ? 'forum.post.created' : 'forum.post.held',
        actorId: actor.id,
        subjectType: 'forum_post',
        subjectId: post.id,
        data: { threadId, number, status, via, ...(voice ? { vendorSystem: voice.systemSlug } : {}) },
      });
      if (status === 'published') await afterPublish(tx, { thread: locked, post, authorName: actor.displayName, now });
      return { ok: true as const, thread: locked, post, duplicate: false };
    });
  } catch (error) {
    if (error instanceof DuplicateSubmission) return (await existing(db, actor.id, idempotencyKey))!;
    throw error;
  }
}

/** Change one's own post; the earlier text is kept in its edit history. */
export async function editPost({
  db,
  actor: viewer,
  now,
  postId,
  body,
}: UseCaseContext & { postId: number; body: string }): Promise<PostResult> {
  const post = await repo.findPost(db, postId);
  if (!post) throw communityErrors.postNotFound();
  if (!communityPolicies.editPost(viewer, post)) {
    if (!viewer) throw httpErrors.signInRequired();
    throw viewer.id === post.authorId ? communityErrors.postNotVisible() : communityErrors.notYourPost();
  }
  const actor = await mayPost(db, viewer, now);
  const thread = (await repo.findThread(db, post.threadId))!;
  if (body === post.body) return { ok: true, thread, post, duplicate: false };
  const linkErrors = await checkNewMemberLinks(db, actor, body);
  if (Object.keys(linkErrors).length) return { ok: false, errors: linkErrors };
  return db.transaction(async (tx) => {
    const current = await repo.findPost(tx, postId, { forUpdate: true });
    if (!current || !communityPolicies.editPost(actor, current)) throw communityErrors.notYourPost();
    await repo.insertRevision(tx, {
      postId,
      body: current.body,
      bodyHtml: current.bodyHtml,
      renderVersion: current.renderVersion,
      editedBy: actor.id,
      createdAt: current.editedAt ?? current.createdAt,
    });
    const updated = await repo.updatePost(tx, postId, { body, editedAt: now });
    await indexPost(tx, updated, thread);
    await recordEvent(tx, {
      type: 'forum.post.edited',
      actorId: actor.id,
      subjectType: 'forum_post',
      subjectId: postId,
      data: { threadId: thread.id },
    });
    if (updated.status === 'published') {
      await notifyMentions(tx, {
        thread,
        post: updated,
        authorName: actor.displayName,
        now,
        already: mentionedUsernames(current.body),
      });
    }
    return { ok: true as const, thread, post: updated, duplicate: false };
  });
}

/** Soft delete: the text stays for moderators, who can restore it. */
export async function deletePost({
  db,
  actor,
  now,
  postId,
}: UseCaseContext & { postId: number }): Promise<{ thread: Thread }> {
  return db.transaction(async (tx) => {
    const post = await repo.findPost(tx, postId, { forUpdate: true });
    if (!post) throw communityErrors.postNotFound();
    const current = (await repo.findThread(tx, post.threadId))!;
    if (!communityPolicies.deletePost(actor, post, current.replyCount)) {
      if (!actor) throw httpErrors.signInRequired();
      if (actor.id !== post.authorId) throw communityErrors.notYourPost();
      throw post.number === 1 && current.replyCount > 0
        ? communityErrors.openingPostHasReplies()
        : communityErrors.postNotVisible();
    }
    authorize(actor, true);
    const own = actor.id === post.authorId;
    // Taking one's own post away is allowed while suspended; removing someone else's (a moderator's deletion) is not.
    if (!own) await assertMayAct(tx, actor, now);
    await repo.updatePost(tx, postId, { status: 'deleted', deletedAt: now, deletedBy: actor.id });
    const thread = await settleThread(tx, post.threadId, postId);
    await recordEvent(tx, {
      type: own ? 'forum.post.deleted' : 'moderation.post.deleted',
      actorId: actor.id,
      subjectType: 'forum_post',
      subjectId: postId,
      data: {
        threadId: post.threadId,
        number: post.number,
        previousStatus: post.status,
        ...(own ? {} : { authorId: post.authorId }),
      },
    });
    return { thread };
  });
}

/**
 * After a post's status changed: counts, the thread's own status (it follows
 * its opening post), the accepted answer, and the search index.
 */
export async function settleThread(tx: DbOrTx, threadId: number, changedPostId: number): Promise<Thread> {
  const before = (await repo.findThread(tx, threadId))!;
  await repo.refreshThreadStats(tx, threadId);
  let thread = (await repo.findThread(tx, threadId))!;
  if (thread.acceptedPostId) {
    const accepted = await repo.findPost(tx, thread.acceptedPostId);
    if (accepted?.status !== 'published') thread = await repo.updateThread(tx, threadId, { acceptedPostId: null });
  }
  await repo.refreshCategoryStats(tx, thread.categoryId);
  if (before.status !== thread.status) await reindexThread(tx, thread);
  else {
    const post = await repo.findPost(tx, changedPostId);
    if (post) await indexPost(tx, post, thread);
  }
  return thread;
}

/** The asker (or a moderator) marks one reply as the accepted answer; `postId: null` takes it back. */
export async function acceptAnswer({
  db,
  actor,
  now,
  threadId,
  postId,
}: UseCaseContext & { threadId: number; postId: number | null }): Promise<Thread> {
  await assertMayAct(db, actor, now);
  return db.transaction(async (tx) => {
    const thread = await repo.findThread(tx, threadId, { forUpdate: true });
    if (!thread || !communityPolicies.seeThread(actor, thread)) throw communityErrors.threadNotFound();
    if (thread.kind !== 'question') throw communityErrors.notAQuestion();
    authorize(
      actor,
      communityPolicies.acceptAnswer(actor, thread),
      'Only the person who asked, or a moderator, can choose the accepted answer.',
    );
    const byModerator = actor.id !== thread.authorId;
    let post: Post | undefined;
    if (postId !== null) {
      post = await repo.findPost(tx, postId);
      if (!post || post.threadId !== threadId) throw communityErrors.postNotFound();
      if (post.number === 1) throw communityErrors.cannotAcceptOpening();
      if (post.status !== 'published') throw communityErrors.postNotVisible();
    }
    const updated = await repo.updateThread(tx, threadId, { acceptedPostId: post?.id ?? null });
    // An accepted answer ranks the thread above open ones in search.
    if (Boolean(updated.acceptedPostId) !== Boolean(thread.acceptedPostId)) await reindexThread(tx, updated);
    await recordEvent(tx, {
      type: `${byModerator ? 'moderation' : 'forum'}.answer.${post ? 'accepted' : 'unaccepted'}`,
      actorId: actor.id,
      subjectType: 'forum_thread',
      subjectId: threadId,
      data: { postId: post?.id ?? thread.acceptedPostId },
    });
    if (post) {
      const answerer = await repo.findPostView(tx, post.id);
      await notify(tx, {
        userIds: [...new Set([thread.authorId, post.authorId])],
        kind: 'answer_accepted',
        actorId: actor.id,
        subjectType: 'thread',
        subjectId: String(threadId),
        url: postUrl(post.id),
        title: `An answer was accepted on “${thread.title}” (answered by ${answerer?.authorName ?? 'a member'})`,
        excerpt: excerptOf(storedText(post.bodyHtml, post.body)),
        markdown: post.body,
        subjectTitle: thread.title,
        dedupeKey: `accepted:${threadId}:${post.id}`,
        now,
      });
    }
    return updated;
  });
}

/** One "helpful" per person per post; a second press takes it back. */
export async function toggleHelpful({
  db,
  actor,
  now,
  postId,
}: UseCaseContext & { postId: number }): Promise<{ helpful: boolean; post: Post }> {
  await assertMayAct(db, actor, now);
  return db.transaction(async (tx) => {
    const post = await repo.findPost(tx, postId, { forUpdate: true });
    if (post?.status !== 'published') throw communityErrors.postNotFound();
    authorize(actor, communityPolicies.react(actor, post), 'You cannot mark your own post as helpful.');
    const helpful = await repo.toggleHelpful(tx, postId, actor.id, now);
    await recordEvent(tx, {
      type: helpful ? 'forum.post.helpful' : 'forum.post.unhelpful',
      actorId: actor.id,
      subjectType: 'forum_post',
      subjectId: postId,
    });
    return { helpful, post: (await repo.findPost(tx, postId))! };
  });
}

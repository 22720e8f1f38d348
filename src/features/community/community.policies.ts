import type { Actor } from '../../platform/auth/actor';
import { hasRole } from '../../platform/authz/policy';
import { atLeast } from '../../platform/authz/roles';
import type { Post, Thread } from './community.models';

/**
 * Who may do what in the forum. The same functions decide on the server and in
 * the views, so a button is shown exactly when the action would succeed.
 */
export const communityPolicies = {
  post: (actor: Actor | null) => hasRole(actor, 'member'),
  moderate: (actor: Actor | null) => hasRole(actor, 'moderator'),
  administer: (actor: Actor | null) => hasRole(actor, 'admin'),
  editPost: (actor: Actor | null, post: Pick<Post, 'authorId' | 'status'>) =>
    hasRole(actor, 'member') && actor.id === post.authorId && post.status !== 'deleted' && post.status !== 'hidden',
  /** Authors delete their own posts, except an opening post others have replied to (their replies would vanish with it); moderators any. */
  deletePost: (actor: Actor | null, post: Pick<Post, 'authorId' | 'status' | 'number'>, replies = 0): boolean =>
    (communityPolicies.editPost(actor, post) && !(post.number === 1 && replies > 0)) ||
    (actor !== null && atLeast(actor.role, 'moderator') && post.status !== 'deleted'),
  /** The asker (while a member) or a moderator marks the accepted answer. */
  acceptAnswer: (actor: Actor | null, thread: Pick<Thread, 'authorId' | 'kind'>) =>
    thread.kind === 'question' &&
    actor !== null &&
    (atLeast(actor.role, 'moderator') || (atLeast(actor.role, 'member') && actor.id === thread.authorId)),
  react: (actor: Actor | null, post: Pick<Post, 'authorId'>) => hasRole(actor, 'member') && actor.id !== post.authorId,
  flag: (actor: Actor | null, post: Pick<Post, 'authorId'>) => actor !== null && actor.id !== post.authorId,
  /** Hidden, pending and deleted posts: their author and moderators see them; nobody else. */
  seePost: (actor: Actor | null, post: Pick<Post, 'authorId' | 'status'>) =>
    post.status === 'published' ||
    (actor !== null && (atLeast(actor.role, 'moderator') || (actor.id === post.authorId && post.status === 'pending'))),
  seeThread: (actor: Actor | null, thread: Pick<Thread, 'authorId' | 'status'>) =>
    thread.status === 'published' ||
    (actor !== null &&
      (atLeast(actor.role, 'moderator') || (actor.id === thread.authorId && thread.status === 'pending'))),
  /**
   * A verified representative of a system's maker labels a reply in that system's category as the vendor's response
   * (`voice`: what the systems feature says this member speaks for there; undefined: nothing).
   */
  speakAsVendor: (actor: Actor | null, voice: unknown): actor is Actor =>
    hasRole(actor, 'member') && voice !== undefined,
  /** Trusted roles skip the new-member link limit and the approval hold. */
  trusted: (actor: Actor) => atLeast(actor.role, 'editor'),
};

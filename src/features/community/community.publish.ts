import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/authz/policy';
import type { DbOrTx } from '../../platform/db/database';
import type { FieldErrors } from '../../platform/http/forms';
import { hit, type RateRule } from '../../platform/http/rate-limit';
import { notify, watch } from '../notifications';
import { queuePostFanout } from './community.fanout';
import { mentionedUsernames } from './community.content';
import { communityErrors } from './community.errors';
import { excerptOf, FORUM_LIMITS, HOLD_FIRST_POSTS, type Post, postUrl, type Thread } from './community.models';
import { communityPolicies } from './community.policies';
import * as repo from './community.repository';
import { indexPost } from './community.search';
import { storedText } from '../../platform/content/stored-html';
import { assertMayAct, newMemberLinkProblem } from '../../platform/auth/standing';

/** Channel that tells every process "thread N has new posts" (payload: the thread id), after commit. */
export const LIVE_CHANNEL = 'forum_live';

/** Posts per person: plenty for a conversation, little for a script. Trusted roles get more room. */
export const POST_RULES: { member: RateRule; trusted: RateRule } = {
  member: { name: 'forum:post', limit: 8, windowSeconds: 300 },
  trusted: { name: 'forum:post', limit: 30, windowSeconds: 300 },
};

/** Signed in, not suspended (the suspension's reason is what the member sees), a member. */
export async function mayPost(db: DbOrTx, actor: Actor | null, now: Date): Promise<Actor> {
  await assertMayAct(db, actor, now);
  authorize(
    actor,
    communityPolicies.post(actor),
    'Readers cannot post in the forum. Ask an administrator to make you a member.',
  );
  return actor;
}

export async function enforcePostRate(db: DbOrTx, actor: Actor, now: Date): Promise<void> {
  const rule = communityPolicies.trusted(actor) ? POST_RULES.trusted : POST_RULES.member;
  const result = await hit(db, rule, String(actor.id), now);
  if (!result.allowed) throw communityErrors.rateLimited(result.retryAfterSeconds);
}

/** New members' first posts carry at most two links: the commonest shape of forum spam. */
export async function checkNewMemberLinks(db: DbOrTx, actor: Actor, body: string): Promise<FieldErrors> {
  const problem = await newMemberLinkProblem({
    actor,
    markdown: body,
    prior: () => repo.authorPostCount(db, actor.id),
    what: 'posts',
  });
  return problem ? { body: problem } : {};
}

/** With the admin setting on, a new member's first posts wait for a moderator. */
export async function holdsForApproval(db: DbOrTx, actor: Actor): Promise<boolean> {
  if (communityPolicies.trusted(actor)) return false;
  if ((await repo.getSetting(db, HOLD_FIRST_POSTS)) !== 'true') return false;
  const rows = await repo.countPublishedBy(db, actor.id);
  return rows < FORUM_LIMITS.newMemberPosts;
}

/**
 * Everything that follows a post becoming public, in the same transaction:
 * search, counts, the author's watch, mention and watcher notifications, and
 * the live-update signal (delivered by Postgres only on commit).
 */
export async function afterPublish(
  tx: DbOrTx,
  input: { thread: Thread; post: Post; authorName: string; now: Date },
): Promise<void> {
  const { thread, post, now } = input;
  await repo.refreshThreadStats(tx, thread.id);
  const current = (await repo.findThread(tx, thread.id))!;
  await repo.refreshCategoryStats(tx, thread.categoryId);
  await indexPost(tx, post, current);
  await watch(tx, { userId: post.authorId, targetType: 'thread', targetId: String(thread.id), now });
  await notifyMentions(tx, { thread: current, post, authorName: input.authorName, now, already: [] });
  await queuePostFanout(tx, { postId: post.id, now });
  await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${String(thread.id)})`);
}

/** Notify people newly mentioned in a post (`already`: names mentioned before an edit). Unknown names stay text. */
export async function notifyMentions(
  tx: DbOrTx,
  input: { thread: Thread; post: Post; authorName: string; now: Date; already: string[] },
): Promise<void> {
  const names = mentionedUsernames(input.post.body).filter((n) => !input.already.includes(n));
  if (names.length === 0) return;
  const people = await repo.usersByUsername(tx, names);
  const userIds = people.map((p) => p.id).filter((id) => id !== input.post.authorId);
  if (userIds.length === 0) return;
  await notify(tx, {
    userIds,
    kind: 'mention',
    actorId: input.post.authorId,
    subjectType: 'thread',
    subjectId: String(input.thread.id),
    url: postUrl(input.post.id),
    title: `${input.authorName} mentioned you in “${input.thread.title}”`,
    excerpt: excerptOf(storedText(input.post.bodyHtml, input.post.body)),
    markdown: input.post.body,
    subjectTitle: input.thread.title,
    dedupeKey: `mention:${input.post.id}`,
    now: input.now,
  });
}

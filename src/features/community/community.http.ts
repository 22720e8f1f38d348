import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor';
import { atLeast } from '../../platform/authz/roles';
import type { DbOrTx } from '../../platform/db/database';
import { rowsOf } from '../../platform/db/database';
import type { AppContext } from '../../platform/http/context';
import { actorOf } from '../../platform/http/context';
import { type AppError, httpErrors } from '../../platform/http/errors';
import { mentionedUsernames, renderPost } from './community.content';
import type { PostView, Thread } from './community.models';
import { communityPolicies } from './community.policies';
import * as repo from './community.repository';
import type { RenderedPost } from './views/thread';

export function ctx(c: AppContext) {
  const deps = c.get('deps');
  return { db: deps.database.db, now: deps.clock.now(), actor: actorOf(c), deps };
}

/** Authenticate first: a signed-out visitor gets 401 with a way to sign in, whatever the address. */
export function signedIn(c: AppContext): Actor {
  const actor = actorOf(c);
  if (!actor) throw httpErrors.signInRequired();
  return actor;
}

export function viewerOf(actor: Actor | null): repo.Viewer {
  if (!actor) return { kind: 'public' };
  return atLeast(actor.role, 'moderator') ? { kind: 'moderator', userId: actor.id } : { kind: 'member', userId: actor.id };
}

/** A positive whole number from the URL, or the given 404. */
export function idFrom(raw: string | undefined, notFound: () => AppError): number {
  const n = Number(raw);
  if (!raw || !/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(n) || n < 1) throw notFound();
  return n;
}

export function pageFrom(raw: string | undefined, max = 10_000): number {
  return Math.min(max, Math.max(1, Number.parseInt(raw ?? '1', 10) || 1));
}

/** A fresh key for a form: a double click sends the same one twice. */
export function newIdempotencyKey(): string {
  return randomBytes(18).toString('base64url');
}

/** The article a thread discusses (read through SQL: the library's tables are its own). */
export async function articleOf(db: DbOrTx, articleId: number | null): Promise<{ slug: string; title: string } | undefined> {
  if (!articleId) return undefined;
  return rowsOf<{ slug: string; title: string }>(await db.execute(sql`select slug, title from articles where id = ${articleId}`))[0];
}

/** Known people among the @names in these posts, so their mentions become links. */
export async function knownMentions(db: DbOrTx, bodies: string[]): Promise<Set<string>> {
  const names = [...new Set(bodies.flatMap(mentionedUsernames))];
  return new Set((await repo.usersByUsername(db, names)).map((u) => u.username));
}

/** Posts rendered for a page: HTML with linked mentions, and the controls this person may use. */
export async function renderPosts(
  db: DbOrTx,
  posts: PostView[],
  options: { actor: Actor | null; thread: Thread; csrfToken: string; numbers?: Map<number, number> },
): Promise<RenderedPost[]> {
  const { actor, thread } = options;
  const quoted = posts.map((p) => p.quoteOf).filter((q): q is number => q !== null);
  const [known, helpful, quotedNumbers] = await Promise.all([
    knownMentions(db, posts.map((p) => p.body)),
    actor ? repo.helpfulBy(db, actor.id, posts.map((p) => p.id)) : Promise.resolve(new Set<number>()),
    quoted.length ? repo.postNumbers(db, quoted) : Promise.resolve(new Map<number, number>()),
  ]);
  const moderator = communityPolicies.moderate(actor);
  const canPost = communityPolicies.post(actor) && !thread.locked;
  return posts.map((post) => ({
    post,
    html: renderPost(post.body, known),
    quotedNumber: post.quoteOf ? quotedNumbers.get(post.quoteOf) : undefined,
    controls: actor
      ? {
          csrfToken: options.csrfToken,
          canEdit: communityPolicies.editPost(actor, post),
          canDelete: communityPolicies.deletePost(actor, post, thread.replyCount),
          canQuote: canPost && post.status === 'published',
          canReact: post.status === 'published' && communityPolicies.react(actor, post),
          reacted: helpful.has(post.id),
          canFlag: post.status === 'published' && communityPolicies.flag(actor, post),
          canAccept: post.number > 1 && post.status === 'published' && thread.acceptedPostId !== post.id && communityPolicies.acceptAnswer(actor, thread),
          canUnaccept: thread.acceptedPostId === post.id && communityPolicies.acceptAnswer(actor, thread),
          moderator,
        }
      : undefined,
  }));
}

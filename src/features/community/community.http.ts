import { randomBytes } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor';
import { atLeast } from '../../platform/authz/roles';
import type { SafeHtml } from '../../platform/content/markdown';
import { storedHtml } from '../../platform/content/stored-html';
import type { DbOrTx } from '../../platform/db/database';
import type { AppContext } from '../../platform/http/context';
import { clientIp } from '../../platform/http/client-ip';
import { actorOf } from '../../platform/http/context';
import { type AppError, httpErrors } from '../../platform/http/errors';
import { type FormValues, str } from '../../platform/http/forms';
import { idParam, pageParam } from '../../platform/http/params';
import { articleRefs, previewMarkdown } from '../library';
import type { PostView, Thread } from './community.models';
import { communityPolicies } from './community.policies';
import * as repo from './community.repository';
import type { RenderedPost } from './views/thread';

export function ctx(c: AppContext) {
  const deps = c.get('deps');
  return { db: deps.database.db, now: deps.clock.now(), actor: actorOf(c), deps };
}

/**
 * The "Preview" button without JavaScript: the same as the live preview
 * (`POST /preview`), rendered in the worker pool and rate limited per person
 * and per address, never on the event loop.
 */
export function previewOf(c: AppContext, values: FormValues): Promise<SafeHtml> {
  const { db, now, actor } = ctx(c);
  return previewMarkdown({ db, actor, now, ip: clientIp(c), body: str(values, 'body') });
}

/** Authenticate first: a signed-out visitor gets 401 with a way to sign in, whatever the address. */
export function signedIn(c: AppContext): Actor {
  const actor = actorOf(c);
  if (!actor) throw httpErrors.signInRequired();
  return actor;
}

export function viewerOf(actor: Actor | null): repo.Viewer {
  if (!actor) return { kind: 'public' };
  return atLeast(actor.role, 'moderator')
    ? { kind: 'moderator', userId: actor.id }
    : { kind: 'member', userId: actor.id };
}

/** A positive whole number from the URL, or the given 404. */
export function idFrom(raw: string | undefined, notFound: () => AppError): number {
  return idParam(raw, notFound);
}

export function pageFrom(raw: string | undefined, max = 10_000): number {
  return pageParam(raw, max);
}

/** A fresh key for a form: a double click sends the same one twice. */
export function newIdempotencyKey(): string {
  return randomBytes(18).toString('base64url');
}

/** The article a thread discusses, asked of the library (its tables are its own). */
export async function articleOf(
  db: DbOrTx,
  articleId: number | null,
): Promise<{ slug: string; title: string } | undefined> {
  if (!articleId) return undefined;
  const article = (await articleRefs(db, [articleId])).get(articleId);
  return article ? { slug: article.slug, title: article.title } : undefined;
}

/** Posts for a page: their stored HTML (mentions linked when saved), and the controls this person may use. */
export async function renderPosts(
  db: DbOrTx,
  posts: PostView[],
  options: {
    actor: Actor | null;
    thread: Thread;
    csrfToken: string;
    numbers?: Map<number, number>;
    /** Already known (from the page's shared and personal parts): not asked again. */
    known?: { helpful: ReadonlySet<number>; quotedNumbers: ReadonlyMap<number, number> };
  },
): Promise<RenderedPost[]> {
  const { actor, thread } = options;
  const quoted = posts.map((p) => p.quoteOf).filter((q): q is number => q !== null);
  const [helpful, quotedNumbers] = options.known
    ? [options.known.helpful, options.known.quotedNumbers]
    : await Promise.all([
        actor
          ? repo.helpfulBy(
              db,
              actor.id,
              posts.map((p) => p.id),
            )
          : Promise.resolve(new Set<number>()),
        quoted.length ? repo.postNumbers(db, quoted) : Promise.resolve(new Map<number, number>()),
      ]);
  const moderator = communityPolicies.moderate(actor);
  const canPost = communityPolicies.post(actor) && !thread.locked;
  return posts.map((post) => ({
    post,
    html: storedHtml(post.bodyHtml, post.body),
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
          canAccept:
            post.number > 1 &&
            post.status === 'published' &&
            thread.acceptedPostId !== post.id &&
            communityPolicies.acceptAnswer(actor, thread),
          canUnaccept: thread.acceptedPostId === post.id && communityPolicies.acceptAnswer(actor, thread),
          moderator,
        }
      : undefined,
  }));
}

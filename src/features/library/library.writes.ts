import type { Actor } from '../../platform/auth/actor';
import { newMemberLinkProblem } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import type { SafeHtml } from '../../platform/content/markdown';
import { type Rendered, renderedFor, renderForSave } from '../../platform/content/render-off-thread';
import type { DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { FieldErrors } from '../../platform/http/forms';
import { queueArticleFanout } from '../notifications';
import { isSubstantialChange, queueArticleTopicNotice } from './library.topic-notices';
import { type EditGrant, noGrant } from './library.extensions';
import { libraryErrors } from './library.errors';
import { type Article, type ArticleContent, contentOf, type Revision, sameContent, slugify } from './library.models';
import { libraryPolicies } from './library.policies';
import * as repo from './library.repository';
import { indexArticle } from './library.search';
import type { UseCaseContext } from '../../platform/usecase';

/**
 * The writes behind the library's use cases, without the rules about the person that the use cases add (standing,
 * the per-member write limit): for the use cases themselves and for bulk paths that write as someone (test fixtures,
 * the bench's corpus). Never imported by routes (.dependency-cruiser.cjs, rule `writes-only-through-use-cases`).
 */

/** Who writes: already checked by the caller. */
type WriteContext = Omit<UseCaseContext, 'actor'> & { actor: Actor };

async function checkRelated(db: DbOrTx, content: ArticleContent, self?: string): Promise<FieldErrors> {
  const wanted = content.related.filter((s) => s !== self);
  const found = await repo.existingSlugs(db, wanted);
  const missing = wanted.filter((s) => !found.has(s));
  return missing.length ? { related: `No article has the address ${missing.map((m) => `“${m}”`).join(', ')}.` } : {};
}

/**
 * New members' first edits add at most a couple of links (body and source links together),
 * counted off the HTML rendered for the save and the article's stored HTML (no rendering here).
 */
async function checkNewMemberLinks(
  db: DbOrTx,
  actor: Actor,
  content: ArticleContent,
  bodyHtml: SafeHtml,
  before?: Article,
): Promise<FieldErrors> {
  const problem = await newMemberLinkProblem({
    actor,
    markdown: content.body,
    html: bodyHtml,
    extraLinks: content.sources.length,
    ...(before ? { before: { markdown: before.body, html: before.bodyHtml, extraLinks: before.sources.length } } : {}),
    prior: () => repo.revisionCountBy(db, actor.id),
    what: 'article edits',
  });
  return problem ? { body: problem } : {};
}

async function uniqueSlug(db: DbOrTx, wanted: string): Promise<string> {
  const base = slugify(wanted) || 'article';
  let slug = base;
  for (let i = 2; await repo.slugExists(db, slug); i++) slug = `${base}-${i}`;
  return slug;
}

/** Write the article's first revision, topics, search entry and event, all in the caller's transaction. */
export async function insertNewArticle(
  tx: DbOrTx,
  input: {
    slug: string;
    content: ArticleContent;
    actorId: number;
    message: string;
    now: Date;
    origin: Article['origin'];
    bodyHtml?: SafeHtml;
  },
): Promise<Article> {
  const article = await repo.insertArticle(tx, {
    slug: input.slug,
    content: input.content,
    actorId: input.actorId,
    origin: input.origin,
    now: input.now,
    bodyHtml: input.bodyHtml,
  });
  await repo.insertRevision(tx, {
    articleId: article.id,
    number: 1,
    content: input.content,
    authorId: input.actorId,
    message: input.message,
    now: input.now,
    bodyHtml: article.bodyHtml,
  });
  await repo.replaceArticleTopics(tx, article.id, input.content.topicSlugs);
  await indexArticle(tx, article);
  await recordEvent(tx, {
    type: 'article.created',
    actorId: input.actorId,
    subjectType: 'article',
    subjectId: article.id,
    data: { slug: article.slug, revision: 1, origin: input.origin },
  });
  return article;
}

export type CreateResult = { ok: true; article: Article } | { ok: false; errors: FieldErrors };

export async function writeNewArticle({
  db,
  actor,
  now,
  content,
  message,
}: WriteContext & { content: ArticleContent; message: string }): Promise<CreateResult> {
  authorize(actor, libraryPolicies.createArticle(actor));
  // Rendered once, in the worker pool, before the transaction opens (503 if the pool is busy: nothing written).
  const { html: bodyHtml } = await renderForSave(content.body);
  return db.transaction(async (tx) => {
    const errors = {
      ...(await checkRelated(tx, content)),
      ...(await checkNewMemberLinks(tx, actor, content, bodyHtml)),
    };
    if (Object.keys(errors).length) return { ok: false as const, errors };
    const slug = await uniqueSlug(tx, content.title);
    const article = await insertNewArticle(tx, {
      slug,
      content,
      actorId: actor.id,
      message: message || 'Created the article',
      now,
      origin: 'member',
      bodyHtml,
    });
    await queueArticleTopicNotice(tx, { article, change: 'new', actorId: actor.id, message, revision: 1, now });
    return { ok: true as const, article };
  });
}

export type ReviseResult =
  | { status: 'saved'; article: Article }
  | { status: 'unchanged' }
  | { status: 'invalid'; errors: FieldErrors }
  /** Someone saved since the editor was opened: nothing was written. */
  | { status: 'conflict'; current: Article; base: Revision | undefined; latest: Revision };

/**
 * Save a new revision, but only on top of the revision the editor started
 * from. The row lock makes two simultaneous saves take turns, so the second
 * one sees the first and is shown a conflict instead of overwriting it.
 */
export async function writeRevision({
  db,
  actor,
  now,
  slug,
  baseRevision,
  content,
  message,
  revertedFrom,
  grantsEdit = noGrant,
  creditTo,
  rendered,
}: WriteContext & {
  slug: string;
  baseRevision: number;
  content: ArticleContent;
  message: string;
  revertedFrom?: number;
  grantsEdit?: EditGrant;
  /** The revision's author when it is not the actor: an approved suggested edit is credited to its proposer. */
  creditTo?: number;
  /** The body already rendered by a caller that calls this inside its own transaction (an approved suggestion). */
  rendered?: Rendered;
}): Promise<ReviseResult> {
  // Rendered once, in the worker pool, before the transaction opens (503 if the pool is busy: nothing written).
  const bodyHtml = renderedFor(content.body, rendered) ?? (await renderForSave(content.body)).html;
  return db.transaction(async (tx) => {
    const article = await repo.findArticle(tx, slug, { forUpdate: true });
    if (!article) throw libraryErrors.articleNotFound();
    const allowed = libraryPolicies.editArticle(actor, article, await grantsEdit(tx, actor, article, now));
    if (article.protected && !allowed && actor) throw libraryErrors.protected();
    authorize(actor, allowed);
    if (article.revision !== baseRevision) {
      const [base, latest] = await Promise.all([
        repo.findRevision(tx, article.id, baseRevision),
        repo.findRevision(tx, article.id, article.revision),
      ]);
      return { status: 'conflict' as const, current: article, base, latest: latest! };
    }
    if (sameContent(contentOf(article), content)) return { status: 'unchanged' as const };
    // A revert brings back text that was public before, and an approved suggestion was checked when it was proposed.
    const linkErrors = revertedFrom || creditTo ? {} : await checkNewMemberLinks(tx, actor, content, bodyHtml, article);
    const errors = { ...(await checkRelated(tx, content, article.slug)), ...linkErrors };
    if (Object.keys(errors).length) return { status: 'invalid' as const, errors };
    const number = article.revision + 1;
    const authorId = creditTo ?? actor.id;
    const updated = await repo.updateArticle(tx, article.id, content, number, authorId, now, bodyHtml);
    await repo.insertRevision(tx, {
      articleId: article.id,
      number,
      content,
      authorId,
      message,
      revertedFrom: revertedFrom ?? null,
      now,
      bodyHtml: updated.bodyHtml,
    });
    if (JSON.stringify(article.topicSlugs) !== JSON.stringify(content.topicSlugs)) {
      await repo.replaceArticleTopics(tx, article.id, content.topicSlugs);
    }
    await indexArticle(tx, updated);
    await recordEvent(tx, {
      type: revertedFrom ? 'article.reverted' : 'article.revised',
      actorId: actor.id,
      subjectType: 'article',
      subjectId: article.id,
      data: {
        slug,
        revision: number,
        ...(revertedFrom ? { revertedFrom } : {}),
        ...(creditTo ? { creditedTo: creditTo } : {}),
        message,
      },
    });
    // Watchers hear of it through the same in-transaction queue as forum posts: only if this commits.
    await queueArticleFanout(tx, {
      kind: revertedFrom ? 'article.reverted' : 'article.revised',
      articleId: article.id,
      title: updated.title,
      url: `/articles/${updated.slug}/history`,
      actorId: actor.id,
      message,
      changeKey: `${article.id}:r${number}`,
      now,
    });
    // Watchers of its topics hear of a substantial change (not of every typo fix).
    if (isSubstantialChange(contentOf(article), content))
      await queueArticleTopicNotice(tx, {
        article: updated,
        change: 'changed',
        actorId: actor.id,
        message,
        revision: number,
        now,
      });
    return { status: 'saved' as const, article: updated };
  });
}

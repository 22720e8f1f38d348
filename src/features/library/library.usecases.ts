import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { httpErrors } from '../../platform/http/errors';
import { enforce, type RateRule } from '../../platform/http/rate-limit';
import { recordEvent } from '../../platform/events/record';
import type { DbOrTx } from '../../platform/db/database';
import { type EditGrant, noGrant } from './library.extensions';
import { libraryErrors } from './library.errors';
import { type ArticleContent, contentOf } from './library.models';
import { libraryPolicies } from './library.policies';
import * as repo from './library.repository';
import { type CreateResult, type ReviseResult, writeNewArticle, writeRevision } from './library.writes';
import type { UseCaseContext } from '../../platform/usecase';

export { type CreateResult, insertNewArticle, type ReviseResult } from './library.writes';

/**
 * Articles and revisions per member, on every path that writes one as them (the editor, a revert, an approved
 * suggestion, any later API): plenty for people, little for scripts.
 */
export const LIBRARY_WRITE_RULE: RateRule = { name: 'library:write', limit: 20, windowSeconds: 60 };

/** Counted before the body is rendered, so a script over the limit costs no rendering. */
async function meterWrite(db: DbOrTx, actor: Actor, now: Date): Promise<void> {
  await enforce(db, now, [[LIBRARY_WRITE_RULE, String(actor.id)]]);
}

export async function createArticle(
  input: UseCaseContext & { content: ArticleContent; message: string },
): Promise<CreateResult> {
  const { db, actor, now } = input;
  await assertMayAct(db, actor, now);
  authorize(actor, libraryPolicies.createArticle(actor));
  await meterWrite(db, actor, now);
  return writeNewArticle({ ...input, actor });
}

/**
 * Save a new revision, but only on top of the revision the editor started from (see writeRevision: a conflict
 * writes nothing). Checks the member's standing and write limit first.
 */
export async function reviseArticle(
  input: UseCaseContext & Omit<Parameters<typeof writeRevision>[0], keyof UseCaseContext>,
): Promise<ReviseResult> {
  const { db, actor, now } = input;
  await assertMayAct(db, actor, now);
  if (!actor) throw httpErrors.signInRequired();
  await meterWrite(db, actor, now);
  return writeRevision({ ...input, actor });
}

/** Bring back an earlier revision as a new one; history is never rewritten. */
export async function revertArticle({
  db,
  actor,
  now,
  slug,
  toRevision,
  baseRevision,
  grantsEdit = noGrant,
}: UseCaseContext & {
  slug: string;
  toRevision: number;
  baseRevision: number;
  grantsEdit?: EditGrant;
}): Promise<ReviseResult> {
  await assertMayAct(db, actor, now);
  const article = await repo.findArticle(db, slug);
  if (!article) throw libraryErrors.articleNotFound();
  const allowed = libraryPolicies.revertArticle(actor, article, await grantsEdit(db, actor, article, now));
  if (article.protected && actor && !allowed) throw libraryErrors.protected();
  authorize(actor, allowed);
  const target = await repo.findRevision(db, article.id, toRevision);
  if (!target) throw libraryErrors.revisionNotFound();
  return reviseArticle({
    db,
    actor,
    now,
    slug,
    baseRevision,
    content: contentOf(target),
    message: `Reverted to revision ${toRevision} (by ${target.authorName})`,
    revertedFrom: toRevision,
    grantsEdit,
  });
}

export async function setArticleProtection({
  db,
  actor,
  now,
  slug,
  value,
}: UseCaseContext & { slug: string; value: boolean }) {
  await assertMayAct(db, actor, now);
  authorize(actor, libraryPolicies.protectArticle(actor));
  await db.transaction(async (tx) => {
    const article = await repo.findArticle(tx, slug, { forUpdate: true });
    if (!article) throw libraryErrors.articleNotFound();
    await repo.setProtected(tx, article.id, value);
    await recordEvent(tx, {
      type: value ? 'article.protected' : 'article.unprotected',
      actorId: actor.id,
      subjectType: 'article',
      subjectId: article.id,
      data: { slug, at: now.toISOString() },
    });
  });
}

import type { Actor } from '../../platform/auth/actor';
import { assertMayAct, isTrusted, newMemberLinkProblem } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import type { SafeHtml } from '../../platform/content/markdown';
import { type Rendered, renderForSave } from '../../platform/content/render-off-thread';
import type { Db, DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { EventType } from '../../platform/events/types';
import type { FieldErrors } from '../../platform/http/forms';
import { enforce } from '../../platform/http/rate-limit';
import {
  type Article,
  type ArticleContent,
  contentOf,
  findArticle,
  findRevision,
  type Revision,
  reviseArticle,
  sameContent,
} from '../library';
import { notify } from '../notifications';
import { groupErrors } from './groups.errors';
import { EDITOR_FALLBACK_DAYS, groupPolicies, isOpenSuggestion } from './groups.policies';
import { decisionRights, suggestionDeciders, whoToTell } from './suggestions.deciders';
import * as groupsRepo from './groups.repository';
import { groupEvent } from './groups.usecases';
import * as repo from './suggestions.repository';
import type { Suggestion } from './suggestions.repository';
import type { UseCaseContext } from '../../platform/usecase';

export type SubmitResult =
  | { status: 'saved'; id: number }
  | { status: 'unchanged' }
  | { status: 'invalid'; errors: FieldErrors }
  /** The article changed since the editor was opened: nothing was saved. */
  | { status: 'conflict'; article: Article; base: Revision | undefined; latest: Revision };

async function missingRelated(db: DbOrTx, content: ArticleContent, self: string): Promise<FieldErrors> {
  const wanted = content.related.filter((s) => s !== self);
  const missing: string[] = [];
  for (const slug of wanted) if (!(await findArticle(db, slug))) missing.push(slug);
  return missing.length ? { related: `No article has the address ${missing.map((m) => `“${m}”`).join(', ')}.` } : {};
}

/** May this person read the suggestion? (Stewards are of the group maintaining the page today.) */
async function mayRead(tx: DbOrTx, actor: Actor | null, suggestion: Suggestion, now: Date): Promise<boolean> {
  if (!actor) return false;
  if (actor.id === suggestion.proposerId || groupPolicies.viewSuggestion(actor, suggestion, null)) return true;
  const group = await repo.maintainingGroup(tx, suggestion.articleId);
  return (
    group !== undefined &&
    groupPolicies.viewSuggestion(actor, suggestion, await groupsRepo.roleIn(tx, group.id, actor.id, now))
  );
}

/**
 * Read a suggested edit: its proposer, stewards of the page's maintaining
 * group and editors may; to anyone else it does not exist (404, not 403, so
 * ids cannot be probed). Anonymous visitors are asked to sign in.
 */
export async function readSuggestion({ db, actor, now, id }: UseCaseContext & { id: number }): Promise<Suggestion> {
  if (!actor) authorize(actor, false);
  const suggestion = await repo.findSuggestion(db, id);
  if (!suggestion || !(await mayRead(db, actor, suggestion, now))) throw groupErrors.suggestionNotFound();
  return suggestion;
}

function suggestionUrl(id: number) {
  return `/suggestions/${id}`;
}

/**
 * The body's HTML for counting a new member's links, rendered in the worker
 * pool before the transaction opens (503 if it is busy: nothing written).
 * Trusted people's links are not counted, so nothing is rendered for them.
 */
async function htmlForLinkCheck(actor: Actor, content: ArticleContent): Promise<SafeHtml | undefined> {
  return isTrusted(actor) ? undefined : (await renderForSave(content.body)).html;
}

async function check(
  tx: DbOrTx,
  actor: Actor,
  article: Article,
  baseRevision: number,
  content: ArticleContent,
  bodyHtml: SafeHtml | undefined,
): Promise<SubmitResult | undefined> {
  if (article.revision !== baseRevision) {
    const [base, latest] = await Promise.all([
      findRevision(tx, article.id, baseRevision),
      findRevision(tx, article.id, article.revision),
    ]);
    return { status: 'conflict', article, base, latest: latest! };
  }
  if (sameContent(contentOf(article), content)) return { status: 'unchanged' };
  const errors = await missingRelated(tx, content, article.slug);
  // New members' first suggestions carry at most a couple of links (body and sources), as their edits would.
  const links = await newMemberLinkProblem({
    actor,
    markdown: content.body,
    html: bodyHtml,
    extraLinks: content.sources.length,
    before: { markdown: article.body, html: article.bodyHtml, extraLinks: article.sources.length },
    prior: () => repo.proposedCount(tx, actor.id),
    what: 'suggestions',
  });
  if (links) errors.body = links;
  if (Object.keys(errors).length) return { status: 'invalid', errors };
  return undefined;
}

/** Suggestions and their revisions, per member (every entry point: the web form, and any later one). */
const WRITE_RULE = { name: 'groups:suggest', limit: 20, windowSeconds: 60 };

/**
 * Propose a full edit of any page that is not protected. A maintained page's stewards are told; a page no group
 * maintains (or whose group has no steward in office) goes to the hub-wide queue and its editors are told.
 */
export async function submitSuggestion({
  db,
  actor,
  now,
  slug,
  baseRevision,
  content,
  message,
}: UseCaseContext & {
  slug: string;
  baseRevision: number;
  content: ArticleContent;
  message: string;
}): Promise<SubmitResult> {
  await assertMayAct(db, actor, now);
  authorize(actor, groupPolicies.suggestEdit(actor));
  await enforce(db, now, [[WRITE_RULE, String(actor.id)]]);
  const bodyHtml = await htmlForLinkCheck(actor, content);
  return db.transaction(async (tx): Promise<SubmitResult> => {
    const article = await findArticle(tx, slug, { forUpdate: true });
    if (!article) throw groupErrors.articleNotFound();
    // A protected page is changed by moderators only: suggesting is refused with the reason.
    if (article.protected) throw groupErrors.protectedPage();
    const deciders = await suggestionDeciders(tx, { articleId: article.id, createdAt: now }, now);
    const group = deciders.group;
    const problem = await check(tx, actor, article, baseRevision, content, bodyHtml);
    if (problem) return problem;
    const id = await repo.insertSuggestion(tx, {
      articleId: article.id,
      proposerId: actor.id,
      baseRevision,
      content,
      message,
      now,
    });
    await recordEvent(tx, {
      type: 'suggestion.submitted',
      actorId: actor.id,
      subjectType: 'suggestion',
      subjectId: id,
      data: { articleId: article.id, slug, groupId: group?.id ?? null },
    });
    await notify(tx, {
      userIds: (await whoToTell(tx, deciders)).filter((id) => id !== actor.id),
      kind: 'suggestion.submitted',
      actorId: actor.id,
      subjectType: 'suggestion',
      subjectId: String(id),
      url: suggestionUrl(id),
      title: `${actor.displayName} suggested an edit to “${article.title}”`,
      excerpt: message,
      now,
    });
    return { status: 'saved', id };
  });
}

/** The proposer updates an open suggestion (e.g. after a steward asked for changes); it waits for review again. */
export async function updateSuggestion({
  db,
  actor,
  now,
  id,
  baseRevision,
  content,
  message,
}: UseCaseContext & {
  id: number;
  baseRevision: number;
  content: ArticleContent;
  message: string;
}): Promise<SubmitResult> {
  await assertMayAct(db, actor, now);
  if (actor) await enforce(db, now, [[WRITE_RULE, String(actor.id)]]);
  const bodyHtml = actor ? await htmlForLinkCheck(actor, content) : undefined;
  return db.transaction(async (tx): Promise<SubmitResult> => {
    const suggestion = await repo.findSuggestion(tx, id, { forUpdate: true });
    if (!suggestion || !(await mayRead(tx, actor, suggestion, now))) throw groupErrors.suggestionNotFound();
    authorize(actor, groupPolicies.changeSuggestion(actor, suggestion));
    const article = await findArticle(tx, suggestion.articleSlug, { forUpdate: true });
    if (!article) throw groupErrors.suggestionNotFound();
    const deciders = await suggestionDeciders(tx, suggestion, now);
    const problem = await check(tx, actor, article, baseRevision, content, bodyHtml);
    if (problem) return problem;
    await repo.reviseSuggestion(tx, id, { baseRevision, content, message, now });
    await recordEvent(tx, {
      type: 'suggestion.updated',
      actorId: actor.id,
      subjectType: 'suggestion',
      subjectId: id,
      data: { articleId: article.id },
    });
    await notify(tx, {
      userIds: (await whoToTell(tx, deciders)).filter((id) => id !== actor.id),
      kind: 'suggestion.updated',
      actorId: actor.id,
      subjectType: 'suggestion',
      subjectId: String(id),
      url: suggestionUrl(id),
      title: `${actor.displayName} updated their suggested edit to “${article.title}”`,
      excerpt: message,
      now,
    });
    return { status: 'saved', id };
  });
}

/**
 * An approval writes a revision: its body is rendered in the worker pool
 * before the transaction opens (503 if the pool is busy: nothing written),
 * and only for a steward who may decide (the transaction checks again).
 */
async function renderForApproval(db: Db, actor: Actor, id: number, now: Date): Promise<Rendered | undefined> {
  const suggestion = await repo.findSuggestion(db, id);
  if (!suggestion || !isOpenSuggestion(suggestion.status)) return undefined;
  const rights = await decisionRights(db, actor, suggestion, await suggestionDeciders(db, suggestion, now), now);
  if (!rights.decide) return undefined;
  return renderForSave(suggestion.content.body);
}

export type DecisionResult =
  | { status: 'approved'; revision: number }
  | { status: 'changes_requested' }
  | { status: 'declined' }
  | { status: 'withdrawn' }
  /** Someone decided first: nothing was applied; the page shows what happened. */
  | { status: 'already'; suggestion: Suggestion }
  /** The article moved on since the suggestion was written: approving would overwrite newer text. */
  | { status: 'conflict'; suggestion: Suggestion }
  | { status: 'unchanged' }
  | { status: 'invalid'; errors: FieldErrors };

type Decision =
  | { kind: 'approve'; note: string }
  | { kind: 'request_changes'; comment: string }
  | { kind: 'decline'; reason: string }
  | { kind: 'withdraw' };

/**
 * Approve, ask for changes, decline or withdraw. The suggestion row is locked
 * first, so two stewards deciding at once take turns and the second is told
 * what the first did; an approval writes the revision in the same
 * transaction, credited to the proposer and naming the approver.
 */
export async function decideSuggestion({
  db,
  actor,
  now,
  id,
  decision,
}: UseCaseContext & { id: number; decision: Decision }): Promise<DecisionResult> {
  // Withdrawing one's own suggestion is allowed while suspended: it only takes it back.
  if (decision.kind !== 'withdraw') await assertMayAct(db, actor, now);
  if (!actor) authorize(actor, false);
  const rendered = decision.kind === 'approve' ? await renderForApproval(db, actor, id, now) : undefined;
  return db.transaction(async (tx): Promise<DecisionResult> => {
    const suggestion = await repo.findSuggestion(tx, id, { forUpdate: true });
    if (!suggestion || !(await mayRead(tx, actor, suggestion, now))) throw groupErrors.suggestionNotFound();
    const deciders = await suggestionDeciders(tx, suggestion, now);
    const group = deciders.group;
    const rights = await decisionRights(tx, actor, suggestion, deciders, now);
    if (decision.kind === 'withdraw') {
      authorize(actor, actor.id === suggestion.proposerId && groupPolicies.suggestEdit(actor));
    } else {
      authorize(
        actor,
        rights.decide,
        group
          ? `Only stewards of ${group.name} can decide on suggested edits to this page (the hub's editors may after ${EDITOR_FALLBACK_DAYS} days).`
          : 'Only editors decide on suggested edits to pages no group maintains.',
      );
    }
    if (!isOpenSuggestion(suggestion.status)) return { status: 'already', suggestion };
    const notifyProposer = (kind: string, title: string, excerpt?: string) =>
      notify(tx, {
        userIds: [suggestion.proposerId],
        kind,
        actorId: actor.id,
        subjectType: 'suggestion',
        subjectId: String(id),
        url: suggestionUrl(id),
        title,
        ...(excerpt ? { excerpt } : {}),
        now,
      });
    const event = (type: EventType, data: Record<string, unknown> = {}) =>
      recordEvent(tx, {
        type,
        actorId: actor.id,
        subjectType: 'suggestion',
        subjectId: id,
        data: { articleId: suggestion.articleId, ...data },
      });

    switch (decision.kind) {
      case 'withdraw':
        await repo.decide(tx, id, { status: 'withdrawn', decidedBy: actor.id, decisionNote: null, now });
        await event('suggestion.withdrawn');
        return { status: 'withdrawn' };
      case 'request_changes':
        await repo.decide(tx, id, {
          status: 'changes_requested',
          decidedBy: actor.id,
          decisionNote: decision.comment,
          now,
        });
        await repo.insertComment(tx, { suggestionId: id, authorId: actor.id, body: decision.comment, now });
        await event('suggestion.changes_requested', { comment: decision.comment });
        await notifyProposer(
          'suggestion.changes_requested',
          `${actor.displayName} asked for changes to your suggestion for “${suggestion.articleTitle}”`,
          decision.comment,
        );
        return { status: 'changes_requested' };
      case 'decline':
        await repo.decide(tx, id, { status: 'declined', decidedBy: actor.id, decisionNote: decision.reason, now });
        await repo.insertComment(tx, { suggestionId: id, authorId: actor.id, body: decision.reason, now });
        await event('suggestion.declined', { reason: decision.reason });
        await notifyProposer(
          'suggestion.declined',
          `${actor.displayName} declined your suggestion for “${suggestion.articleTitle}”`,
          decision.reason,
        );
        return { status: 'declined' };
      case 'approve': {
        if (!rights.approve) throw groupErrors.ownSuggestion();
        const result = await reviseArticle({
          db: tx,
          actor,
          now,
          slug: suggestion.articleSlug,
          baseRevision: suggestion.baseRevision,
          content: suggestion.content,
          message: `${suggestion.message} (suggested by ${suggestion.proposerName}, approved by ${actor.displayName})`,
          creditTo: suggestion.proposerId,
          rendered,
          // Authorised above (a steward, or an editor where editors decide); the library still applies protection.
          grantsEdit: async () => true,
        });
        if (result.status === 'conflict') return { status: 'conflict', suggestion };
        if (result.status === 'unchanged') return { status: 'unchanged' };
        if (result.status === 'invalid') return { status: 'invalid', errors: result.errors };
        const revision = result.article.revision;
        await repo.decide(tx, id, {
          status: 'approved',
          decidedBy: actor.id,
          decisionNote: decision.note || null,
          now,
          resultingRevision: revision,
        });
        if (decision.note)
          await repo.insertComment(tx, { suggestionId: id, authorId: actor.id, body: decision.note, now });
        const approvedEvent = {
          suggestionId: id,
          articleId: suggestion.articleId,
          slug: suggestion.articleSlug,
          title: suggestion.articleTitle,
          proposerId: suggestion.proposerId,
          proposer: suggestion.proposerName,
          approver: actor.displayName,
          revision,
        };
        if (group) await groupEvent(tx, group.id, actor.id, 'suggestion.approved', approvedEvent);
        else await event('suggestion.approved', approvedEvent);
        await notifyProposer(
          'suggestion.approved',
          `${actor.displayName} approved your suggestion for “${suggestion.articleTitle}”`,
          decision.note,
        );
        return { status: 'approved', revision };
      }
    }
  });
}

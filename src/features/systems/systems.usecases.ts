import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { renderMarkdown } from '../../platform/content/markdown';
import type { DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import { httpErrors } from '../../platform/http/errors';
import { enforce } from '../../platform/http/rate-limit';
import type { UseCaseContext } from '../../platform/usecase';
import { systemsErrors } from './systems.errors';
import {
  addMonths,
  type InteropReport,
  REVIEW_MONTHS,
  removedSources,
  SYSTEM_LIMITS,
  type SystemPage,
  type SystemResponse,
  type SystemRevision,
} from './systems.models';
import { maintainerRole } from './systems.access';
import { systemPolicies } from './systems.policies';
import * as repo from './systems.repository';
import type { EditInput, ReportInput } from './systems.schemas';
import { indexSystemPage } from './systems.search';

const WRITE_RULE = { name: 'systems:write', limit: SYSTEM_LIMITS.writesPerHour, windowSeconds: 60 * 60 };
const RESPONSE_RULE = { name: 'systems:response', limit: SYSTEM_LIMITS.responsesPerHour, windowSeconds: 60 * 60 };
const REPORT_RULE = { name: 'systems:report', limit: SYSTEM_LIMITS.reportsPerHour, windowSeconds: 60 * 60 };

async function loadPage(tx: DbOrTx, slug: string): Promise<SystemPage> {
  const page = await repo.findPage(tx, slug, { forUpdate: true });
  if (!page) throw systemsErrors.notFound();
  return page;
}

/**
 * A member changes a system page. Stewards of the maintaining group and editors change it at once; so does any
 * member whose change keeps every source. A change that removes a source waits for the maintaining group's review
 * (claims must stay traceable), and the page stays as it was until someone decides.
 */
export async function editSystemPage(
  ctx: UseCaseContext & { slug: string; input: EditInput; aliases?: readonly string[] },
): Promise<{ status: 'applied' | 'pending'; revision: SystemRevision; removed: string[] }> {
  const { db, actor, now, input } = ctx;
  await assertMayAct(db, actor, now);
  authorize(actor, systemPolicies.edit(actor));
  await enforce(db, now, [[WRITE_RULE, String(actor.id)]]);
  // A vendor's voice is its labelled responses, never the community's text about its own system.
  if (await repo.activeRepresentation(db, actor.id, ctx.slug)) throw systemsErrors.representativeMayNotEdit();
  return db.transaction(async (tx) => {
    const page = await loadPage(tx, ctx.slug);
    if (page.revision !== input.baseRevision) throw systemsErrors.staleEdit();
    const removed = removedSources(page.data, input.data);
    const role = await maintainerRole(tx, page, actor, now);
    const direct = removed.length === 0 || systemPolicies.decide(actor, role);
    const revision = await repo.insertRevision(tx, {
      systemSlug: page.slug,
      data: input.data,
      note: input.note,
      status: direct ? 'applied' : 'pending',
      reviewReason: direct
        ? ''
        : `Removes ${removed.length} source${removed.length === 1 ? '' : 's'}: ${removed.join(', ')}`,
      baseRevision: page.revision,
      createdBy: actor.id,
      decidedBy: direct ? actor.id : null,
      decidedAt: direct ? now : null,
      createdAt: now,
    });
    if (direct) {
      const changed = await repo.updatePageData(tx, page.slug, input.data, now);
      await indexSystemPage(tx, changed, ctx.aliases);
      await recordEvent(tx, {
        type: 'system.page_changed',
        actorId: actor.id,
        subjectType: 'system_page',
        subjectId: page.slug,
        data: { revisionId: revision.id },
      });
    } else {
      await recordEvent(tx, {
        type: 'system.change_suggested',
        actorId: actor.id,
        subjectType: 'system_page',
        subjectId: page.slug,
        data: { revisionId: revision.id, removed },
      });
    }
    return { status: direct ? 'applied' : 'pending', revision, removed };
  });
}

/** The maintaining group's stewards (or an editor) apply or reject a change that waits for review. */
export async function decideSystemChange(
  ctx: UseCaseContext & { slug: string; revisionId: number; decision: 'apply' | 'reject'; aliases?: readonly string[] },
): Promise<{ status: 'applied' | 'rejected' }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  if (!actor) throw httpErrors.signInRequired();
  return db.transaction(async (tx) => {
    const page = await loadPage(tx, ctx.slug);
    if (!systemPolicies.decide(actor, await maintainerRole(tx, page, actor, now))) throw systemsErrors.mayNotDecide();
    const revision = await repo.findRevision(tx, ctx.revisionId, { forUpdate: true });
    if (!revision || revision.systemSlug !== page.slug) throw systemsErrors.revisionNotFound();
    if (revision.status !== 'pending') throw systemsErrors.alreadyDecided();
    if (ctx.decision === 'apply' && revision.baseRevision !== page.revision) throw systemsErrors.staleEdit();
    const status = ctx.decision === 'apply' ? 'applied' : 'rejected';
    await repo.decideRevision(tx, revision.id, status, actor.id, now);
    if (status === 'applied') {
      const changed = await repo.updatePageData(tx, page.slug, revision.data, now);
      await indexSystemPage(tx, changed, ctx.aliases);
    }
    await recordEvent(tx, {
      type: 'system.change_decided',
      actorId: actor.id,
      subjectType: 'system_page',
      subjectId: page.slug,
      data: { revisionId: revision.id, status },
    });
    return { status };
  });
}

/** The maintaining group records that it checked the page: the next review falls due REVIEW_MONTHS later. */
export async function markSystemReviewed(ctx: UseCaseContext & { slug: string }): Promise<{ reviewDue: string }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  if (!actor) throw httpErrors.signInRequired();
  return db.transaction(async (tx) => {
    const page = await loadPage(tx, ctx.slug);
    if (!systemPolicies.decide(actor, await maintainerRole(tx, page, actor, now))) throw systemsErrors.mayNotDecide();
    const reviewDue = addMonths(now, REVIEW_MONTHS).toISOString().slice(0, 10);
    await repo.markReviewed(tx, page.slug, reviewDue, now);
    await recordEvent(tx, {
      type: 'system.page_reviewed',
      actorId: actor.id,
      subjectType: 'system_page',
      subjectId: page.slug,
    });
    return { reviewDue };
  });
}

/** An administrator verifies an account as speaking for a system's maker (vendor right of reply). */
export async function verifyRepresentative(
  ctx: UseCaseContext & { slug: string; username: string; organisation: string },
): Promise<{ userId: number }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  authorize(actor, systemPolicies.verifyRepresentative(actor));
  return db.transaction(async (tx) => {
    const page = await loadPage(tx, ctx.slug);
    const userId = await repo.findUserIdByUsername(tx, ctx.username);
    if (userId === undefined) throw systemsErrors.userNotFound();
    await repo.upsertRepresentative(tx, {
      userId,
      slug: page.slug,
      organisation: ctx.organisation,
      verifiedBy: actor.id,
      now,
    });
    await recordEvent(tx, {
      type: 'system.representative_verified',
      actorId: actor.id,
      subjectType: 'system_page',
      subjectId: page.slug,
      data: { userId },
    });
    return { userId };
  });
}

/**
 * An administrator withdraws a representative's verification: from then on the account responds nowhere (on the
 * page or in threads) and may change the page like any member. What it posted while verified keeps its label,
 * which says it was posted while verified (docs/decisions/030).
 */
export async function withdrawRepresentative(ctx: UseCaseContext & { slug: string; userId: number }): Promise<void> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  authorize(actor, systemPolicies.verifyRepresentative(actor));
  await db.transaction(async (tx) => {
    const page = await loadPage(tx, ctx.slug);
    if (!(await repo.withdrawRepresentative(tx, ctx.userId, page.slug, now)))
      throw systemsErrors.representativeNotFound();
    await recordEvent(tx, {
      type: 'system.representative_withdrawn',
      actorId: actor.id,
      subjectType: 'system_page',
      subjectId: page.slug,
      data: { userId: ctx.userId },
    });
  });
}

/**
 * A verified representative adds a labelled response on its own system's page. Responses sit beside the
 * community's text and never change it; the Markdown is rendered and sanitised once, when saved.
 */
export async function postVendorResponse(
  ctx: UseCaseContext & { slug: string; body: string },
): Promise<{ response: SystemResponse }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  if (!actor) throw httpErrors.signInRequired();
  const representation = await repo.activeRepresentation(db, actor.id, ctx.slug);
  if (!systemPolicies.respond(actor, representation !== undefined)) throw systemsErrors.notRepresentative();
  await enforce(db, now, [[RESPONSE_RULE, String(actor.id)]]);
  const response = await db.transaction(async (tx) => {
    const page = await loadPage(tx, ctx.slug);
    const created = await repo.insertResponse(tx, {
      systemSlug: page.slug,
      authorId: actor.id,
      organisation: representation!.organisation,
      body: ctx.body,
      bodyHtml: renderMarkdown(ctx.body),
      createdAt: now,
    });
    await recordEvent(tx, {
      type: 'system.response_posted',
      actorId: actor.id,
      subjectType: 'system_page',
      subjectId: page.slug,
      data: { responseId: created.id },
    });
    return created;
  });
  return { response };
}

/** A member files a community test report for one pair of systems; the matrix cell shows the latest. */
export async function fileInteropReport(
  ctx: UseCaseContext & { input: ReportInput },
): Promise<{ report: InteropReport }> {
  const { db, actor, now, input } = ctx;
  await assertMayAct(db, actor, now);
  authorize(actor, systemPolicies.report(actor));
  await enforce(db, now, [[REPORT_RULE, String(actor.id)]]);
  const report = await db.transaction(async (tx) => {
    const created = await repo.insertReport(tx, { ...input, reporterId: actor.id, createdAt: now });
    await recordEvent(tx, {
      type: 'system.interop_reported',
      actorId: actor.id,
      subjectType: 'interop_report',
      subjectId: created.id,
    });
    return created;
  });
  return { report };
}

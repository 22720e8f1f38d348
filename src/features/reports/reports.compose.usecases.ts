/**
 * Composed reports: the rules. A member composes a report from a dataset they may read (their own or their
 * group's); only its author changes, shares, publishes or deletes it. Who may read it follows its sharing:
 * private (the author), by link (anyone holding the token), with the dataset's group (its members today), or
 * published (everyone, as a report example). Anyone else is told it does not exist. A report shows aggregates
 * only: the measures' tables and charts over its period, never a row (docs/decisions/044).
 */
import { newToken } from '../../platform/auth/tokens';
import { assertMayAct } from '../../platform/auth/standing';
import type { Actor } from '../../platform/auth/actor';
import type { DbOrTx } from '../../platform/db/database';
import { recordEvents } from '../../platform/events/record';
import type { FieldErrors } from '../../platform/http/forms';
import { httpErrors } from '../../platform/http/errors';
import { enforce } from '../../platform/http/rate-limit';
import type { UseCaseContext } from '../../platform/usecase';
import { hasRole } from '../../platform/authz/policy';
import { findGroupById, findGroupBySlug, groupRoleOf } from '../groups';
import { composedAggregates } from './reports.compose.aggregates';
import { composeErrors } from './reports.compose.errors';
import {
  type ComposedReport,
  type ComposeInput,
  COMPOSE_LIMITS,
  EXAMPLE_REVIEW_MONTHS,
  type PublishInput,
  type Sharing,
} from './reports.compose.models';
import * as composeRepo from './reports.compose.repository';
import { listRecipesReviewOverdue } from './reports.recipes.repository';
import { indexExample, unindexExample } from './reports.compose.search';
import type { Dataset } from './reports.models';
import * as repo from './reports.repository';
import { accessibleDataset, inGroup, workspacesOf } from './reports.workspace';

const COMPOSE_RULE = { name: 'reports:compose', limit: 60, windowSeconds: 60 * 60 };

export type ComposeResult = { ok: true; report: ComposedReport } | { ok: false; errors: FieldErrors };

async function signedIn(ctx: UseCaseContext): Promise<Actor> {
  await assertMayAct(ctx.db, ctx.actor, ctx.now);
  if (!ctx.actor) throw httpErrors.signInRequired();
  return ctx.actor;
}

/** The author's own report (anyone else: not found). */
async function authored(ctx: UseCaseContext, reportId: number): Promise<ComposedReport> {
  const report = await composeRepo.findReport(ctx.db, reportId);
  if (!report || report.ownerId !== ctx.actor?.id) throw composeErrors.notFound();
  return report;
}

/** The measures offered for a dataset, and the months it covers. */
export async function composeChoices(ctx: UseCaseContext & { datasetId: number }) {
  if (!ctx.actor) throw httpErrors.signInRequired();
  const dataset = await accessibleDataset(ctx, ctx.datasetId, 'view');
  const period = await repo.periodOf(ctx.db, dataset.id);
  return { dataset, period, measures: await composedAggregates.measureList(ctx.db, dataset.id, period) };
}

async function checkInput(
  ctx: UseCaseContext,
  datasetId: number,
  input: ComposeInput,
): Promise<FieldErrors | undefined> {
  const period = await repo.periodOf(ctx.db, datasetId);
  const known = new Set((await composedAggregates.measureList(ctx.db, datasetId, period)).map((m) => m.slug));
  if (input.measures.some((m) => !known.has(m))) return { measures: 'Choose measures from the list.' };
  return undefined;
}

/** A new private report from a dataset the actor may read. */
export async function composeReport(
  ctx: UseCaseContext & { datasetId: number; input: ComposeInput },
): Promise<ComposeResult> {
  const actor = await signedIn(ctx);
  const dataset = await accessibleDataset(ctx, ctx.datasetId, 'view');
  await enforce(ctx.db, ctx.now, [[COMPOSE_RULE, String(actor.id)]]);
  const errors = await checkInput(ctx, dataset.id, ctx.input);
  if (errors) return { ok: false, errors };
  if ((await composeRepo.countReportsOf(ctx.db, actor.id)) >= COMPOSE_LIMITS.reportsPerMember)
    throw composeErrors.tooMany(COMPOSE_LIMITS.reportsPerMember);
  return ctx.db.transaction(async (tx) => {
    const report = await composeRepo.insertReport(tx, {
      datasetId: dataset.id,
      ownerId: actor.id,
      ...ctx.input,
      sharing: 'private',
      linkToken: null,
      purpose: null,
      audience: null,
      reception: null,
      now: ctx.now,
    });
    await recordEvents(tx, [
      { type: 'reports.report_composed', actorId: actor.id, subjectType: 'report', subjectId: report.id, data: {} },
    ]);
    return { ok: true as const, report };
  });
}

async function reindexIfPublished(tx: DbOrTx, report: ComposedReport): Promise<void> {
  if (report.sharing !== 'public') return;
  const period = await repo.periodOf(tx, report.datasetId);
  const list = await composedAggregates.measureList(tx, report.datasetId, period);
  await indexExample(
    tx,
    report,
    list.filter((m) => report.measures.includes(m.slug)).map((m) => m.caption),
  );
}

/** The author changes title, measures, period or commentary (a published example's search entry follows). */
export async function reviseReport(
  ctx: UseCaseContext & { reportId: number; input: ComposeInput },
): Promise<ComposeResult> {
  const actor = await signedIn(ctx);
  const current = await authored(ctx, ctx.reportId);
  const errors = await checkInput(ctx, current.datasetId, ctx.input);
  if (errors) return { ok: false, errors };
  return ctx.db.transaction(async (tx) => {
    const report = await composeRepo.updateReport(tx, current.id, { ...ctx.input, updatedAt: ctx.now });
    await reindexIfPublished(tx, report);
    await recordEvents(tx, [
      { type: 'reports.report_revised', actorId: actor.id, subjectType: 'report', subjectId: report.id, data: {} },
    ]);
    return { ok: true as const, report };
  });
}

/**
 * Private, by link (a new unguessable token each time: the old link stops working), or with the dataset's group.
 * Leaving "published" takes the example out of the gallery and out of search.
 */
export async function shareReport(
  ctx: UseCaseContext & { reportId: number; sharing: Exclude<Sharing, 'public'> },
): Promise<ComposedReport> {
  const actor = await signedIn(ctx);
  const current = await authored(ctx, ctx.reportId);
  if (ctx.sharing === 'group') {
    const dataset = await repo.findDataset(ctx.db, current.datasetId);
    if (dataset?.groupId == null) throw composeErrors.noGroup();
  }
  return ctx.db.transaction(async (tx) => {
    if (current.sharing === 'public') await unindexExample(tx, current.id);
    const report = await composeRepo.updateReport(tx, current.id, {
      sharing: ctx.sharing,
      linkToken: ctx.sharing === 'link' ? newToken(32) : null,
      publishedAt: null,
      updatedAt: ctx.now,
    });
    await recordEvents(tx, [
      {
        type: 'reports.report_shared',
        actorId: actor.id,
        subjectType: 'report',
        subjectId: report.id,
        data: { sharing: ctx.sharing, was: current.sharing },
      },
    ]);
    return report;
  });
}

const inMonths = (now: Date, months: number) => {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

/** Publish to the gallery as a report example: why, for whom and how it was received are required (schema). */
export async function publishReport(
  ctx: UseCaseContext & { reportId: number; input: PublishInput },
): Promise<ComposedReport> {
  const actor = await signedIn(ctx);
  const current = await authored(ctx, ctx.reportId);
  const dataset = await repo.findDataset(ctx.db, current.datasetId);
  return ctx.db.transaction(async (tx) => {
    const report = await composeRepo.updateReport(tx, current.id, {
      ...ctx.input,
      sharing: 'public',
      linkToken: null,
      publishedAt: current.publishedAt ?? ctx.now,
      maintainingGroupId: dataset?.groupId ?? current.maintainingGroupId,
      reviewDue: inMonths(ctx.now, EXAMPLE_REVIEW_MONTHS),
      updatedAt: ctx.now,
    });
    await reindexIfPublished(tx, report);
    await recordEvents(tx, [
      { type: 'reports.report_published', actorId: actor.id, subjectType: 'report', subjectId: report.id, data: {} },
    ]);
    return report;
  });
}

/** Who may record a review of a published report example: its author, the maintaining group, editors and administrators. */
export const examplePolicies = {
  review: (actor: Actor | null, report: Pick<ComposedReport, 'ownerId'>, inMaintainingGroup: boolean): boolean =>
    hasRole(actor, 'member') && (actor?.id === report.ownerId || hasRole(actor, 'editor') || inMaintainingGroup),
};

/** Whether the actor belongs (today) to the group that maintains the example. */
async function inMaintainingGroup(ctx: UseCaseContext, report: Pick<ComposedReport, 'maintainingGroupId'>) {
  if (!ctx.actor || report.maintainingGroupId === null) return false;
  return (await groupRoleOf(ctx.db, report.maintainingGroupId, ctx.actor.id, ctx.now)) !== null;
}

/** Record a review of a published example: the next one falls due EXAMPLE_REVIEW_MONTHS later. */
export async function markExampleReviewed(ctx: UseCaseContext & { reportId: number }): Promise<{ reviewDue: string }> {
  const actor = await signedIn(ctx);
  return ctx.db.transaction(async (tx) => {
    const report = await composeRepo.findReport(tx, ctx.reportId);
    if (report?.sharing !== 'public') throw composeErrors.notFound();
    if (!examplePolicies.review(actor, report, await inMaintainingGroup({ ...ctx, db: tx }, report)))
      throw composeErrors.mayNotReview();
    const reviewDue = inMonths(ctx.now, EXAMPLE_REVIEW_MONTHS);
    await composeRepo.markExampleReviewed(tx, report.id, reviewDue, ctx.now);
    await recordEvents(tx, [
      { type: 'reports.example_reviewed', actorId: actor.id, subjectType: 'report', subjectId: report.id, data: {} },
    ]);
    return { reviewDue };
  });
}

/**
 * Report examples and recipes past their review date, for the content-health pages: the whole hub's, or (by its
 * slug) one maintaining group's. Signed-in members only, like the other lists behind those pages.
 */
export async function reportReviewsOverdue(ctx: UseCaseContext & { groupSlug?: string }) {
  if (!ctx.actor) throw httpErrors.signInRequired();
  const group = ctx.groupSlug ? await findGroupBySlug(ctx.db, ctx.groupSlug) : undefined;
  if (ctx.groupSlug && group?.status !== 'active') throw httpErrors.notFound('group');
  const today = ctx.now.toISOString().slice(0, 10);
  return {
    group: group ? { slug: group.slug, name: group.name } : undefined,
    examples: await composeRepo.listExamplesReviewOverdue(ctx.db, group?.id ?? null, today),
    recipes: await listRecipesReviewOverdue(ctx.db, group?.id ?? null, today),
  };
}

/** Delete one's report (a published example leaves the gallery and search with it). */
export async function deleteComposedReport(ctx: UseCaseContext & { reportId: number }): Promise<void> {
  const actor = await signedIn(ctx);
  const report = await authored(ctx, ctx.reportId);
  await ctx.db.transaction(async (tx) => {
    if (report.sharing === 'public') await unindexExample(tx, report.id);
    await composeRepo.deleteReport(tx, report.id);
    composedAggregates.forget(report.id);
    await recordEvents(tx, [
      { type: 'reports.report_deleted', actorId: actor.id, subjectType: 'report', subjectId: report.id, data: {} },
    ]);
  });
}

async function readable(ctx: UseCaseContext, report: ComposedReport, dataset: Dataset): Promise<boolean> {
  if (report.sharing === 'public') return true;
  if (ctx.actor?.id === report.ownerId) return true;
  return report.sharing === 'group' && (await inGroup(ctx.db, ctx.actor, dataset.groupId, ctx.now));
}

const groupName = async (db: DbOrTx, id: number | null) =>
  id === null ? null : ((await findGroupById(db, id))?.name ?? null);

async function withAggregates(ctx: UseCaseContext, report: ComposedReport, dataset: Dataset, charts: boolean) {
  const shown = await composedAggregates.forReport(ctx.db, report, charts);
  return {
    report,
    datasetName: dataset.name,
    groupName: await groupName(ctx.db, dataset.groupId),
    maintainedBy: await groupName(ctx.db, report.maintainingGroupId),
    ...shown,
    mine: ctx.actor?.id === report.ownerId,
  };
}

/** Reading a report at its own address: the author, the group it is shared with, or anyone once published. */
export async function readReport(ctx: UseCaseContext & { reportId: number; charts?: boolean }) {
  const report = await composeRepo.findReport(ctx.db, ctx.reportId);
  const dataset = report && (await repo.findDataset(ctx.db, report.datasetId));
  if (!report || !dataset || !(await readable(ctx, report, dataset))) throw composeErrors.notFound();
  return withAggregates(ctx, report, dataset, ctx.charts ?? false);
}

/** Reading by link: anyone holding the token while the report is shared by link. */
export async function readSharedReport(ctx: UseCaseContext & { token: string; charts?: boolean }) {
  const report = /^[A-Za-z0-9_-]{43}$/.test(ctx.token)
    ? await composeRepo.findReportByToken(ctx.db, ctx.token)
    : undefined;
  const dataset = report && (await repo.findDataset(ctx.db, report.datasetId));
  if (!report || !dataset) throw composeErrors.notFound();
  return withAggregates(ctx, report, dataset, ctx.charts ?? false);
}

/** A published report example (anyone). */
export async function readExample(ctx: UseCaseContext & { reportId: number; charts?: boolean }) {
  const report = await composeRepo.findReport(ctx.db, ctx.reportId);
  const dataset = report && (await repo.findDataset(ctx.db, report.datasetId));
  if (report?.sharing !== 'public' || !dataset) throw composeErrors.notFound();
  const canReview = examplePolicies.review(ctx.actor, report, await inMaintainingGroup(ctx, report));
  return { ...(await withAggregates(ctx, report, dataset, ctx.charts ?? false)), canReview };
}

/** The gallery of published report examples (anyone). */
export async function galleryExamples(ctx: UseCaseContext): Promise<ComposedReport[]> {
  return composeRepo.publishedReports(ctx.db);
}

/** The member's reports, the reports shared with their groups, and their groups' workspaces. */
export async function myReports(ctx: UseCaseContext) {
  if (!ctx.actor) throw httpErrors.signInRequired();
  const workspaces = await workspacesOf(ctx.db, ctx.actor.id, ctx.now);
  const ids = workspaces.map((w) => w.id);
  const shared = (await composeRepo.reportsSharedWithGroups(ctx.db, ids)).filter((r) => r.ownerId !== ctx.actor!.id);
  return {
    own: await composeRepo.reportsOf(ctx.db, ctx.actor.id),
    shared,
    workspaces,
    groupDatasets: await composeRepo.groupDatasets(ctx.db, ids),
  };
}

/** For a dataset's page: its group's name, and whether the actor may upload to it or delete it. */
export async function datasetWorkspace(ctx: UseCaseContext & { dataset: Dataset }) {
  const { dataset } = ctx;
  if (dataset.groupId === null) return { groupName: null, manages: ctx.actor?.id === dataset.ownerId };
  const mine = (ctx.actor ? await workspacesOf(ctx.db, ctx.actor.id, ctx.now) : []).find(
    (w) => w.id === dataset.groupId,
  );
  return { groupName: await groupName(ctx.db, dataset.groupId), manages: mine?.manages ?? false };
}

/** The groups whose workspace the member may upload into (as one of its owners or stewards). */
export async function uploadWorkspaces(ctx: UseCaseContext) {
  if (!ctx.actor) throw httpErrors.signInRequired();
  return (await workspacesOf(ctx.db, ctx.actor.id, ctx.now)).filter((w) => w.manages);
}

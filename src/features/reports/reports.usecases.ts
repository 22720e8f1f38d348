/**
 * Reports: the rules. Who may upload (members), suspension, a rate limit on uploads, the number of datasets, and
 * privacy: a dataset is read, changed and deleted by its owner only (anyone else is told it does not exist).
 * A file is stored all or nothing, in one transaction, replacing the rows of the period it covers.
 */
import { assertMayAct } from '../../platform/auth/standing';
import type { Actor } from '../../platform/auth/actor';
import { hasRole } from '../../platform/authz/policy';
import { recordEvents } from '../../platform/events/record';
import { httpErrors } from '../../platform/http/errors';
import { enforce } from '../../platform/http/rate-limit';
import type { UseCaseContext } from '../../platform/usecase';
import { datasetAggregates } from './reports.cache';
import type { RenderedChart } from './reports.charts';
import { reportsErrors } from './reports.errors';
import type { Mapping, ReadResult } from './reports.import';
import { type Dataset, type PresetName, REPORT_LIMITS } from './reports.models';
import { type Upload, uploadSize } from './reports.csv';
import { readExportOffThread } from './reports.read-task';
import { refreshAggregatesIfShared } from './reports.peers.repository';
import { publishedIdsOfDataset } from './reports.compose.repository';
import { unindexExample } from './reports.compose.search';
import * as repo from './reports.repository';
import { accessibleDataset, type DatasetAccess, MANAGING_ROLES, workspacesOf } from './reports.workspace';

const UPLOAD_RULE = { name: 'reports:upload', limit: REPORT_LIMITS.uploadsPerHour, windowSeconds: 60 * 60 };

export const reportPolicies = {
  upload: (actor: Actor | null): actor is Actor => hasRole(actor, 'member'),
  own: (actor: Actor | null, dataset: Pick<Dataset, 'ownerId'>): boolean => actor?.id === dataset.ownerId,
};

export type ImportOutcome =
  | { kind: 'stored'; datasetId: number; read: ReadResult; stored: number; replaced: number }
  | { kind: 'needs-mapping' | 'invalid' | 'choose-sheet'; read: ReadResult };

async function authoriseUpload(ctx: UseCaseContext): Promise<Actor> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  if (!actor) throw httpErrors.signInRequired();
  if (!reportPolicies.upload(actor)) throw reportsErrors.membersOnly();
  await enforce(db, now, [[UPLOAD_RULE, String(actor.id)]]);
  return actor;
}

/** A dataset the actor may read (`view`) or change (`manage`): one's own or one's group's (reports.workspace.ts). */
export const ownDataset = (ctx: UseCaseContext, datasetId: number, need: DatasetAccess = 'manage') =>
  accessibleDataset(ctx, datasetId, need);

function checkSize(bytes: Upload) {
  if (uploadSize(bytes) > REPORT_LIMITS.maxBytes) throw reportsErrors.tooLarge(REPORT_LIMITS.maxBytes);
}

const storedMapping = (m: Mapping): Record<string, string> =>
  Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** A new private dataset from a file (CSV, or a workbook's sheet): stored when the mapping is complete and every row is valid. */
export async function importNewDataset(
  ctx: UseCaseContext & {
    name: string;
    preset: PresetName;
    mapping?: Mapping;
    bytes: Upload;
    sheet?: string;
    /** Into a group's workspace: the actor must be one of its stewards or owners. */
    groupId?: number | null;
  },
): Promise<ImportOutcome> {
  const actor = await authoriseUpload(ctx);
  const groupId = ctx.groupId ?? null;
  if (groupId !== null) {
    const workspace = (await workspacesOf(ctx.db, actor.id, ctx.now)).find((g) => g.id === groupId);
    if (!workspace?.manages) throw reportsErrors.notGroupManager(MANAGING_ROLES.join(' or '));
  }
  checkSize(ctx.bytes);
  // A group's datasets count towards the group's limit, not towards the uploader's own.
  if (groupId !== null) {
    if ((await repo.countGroupDatasets(ctx.db, groupId)) >= REPORT_LIMITS.datasetsPerGroup)
      throw reportsErrors.tooManyGroupDatasets(REPORT_LIMITS.datasetsPerGroup);
  } else if ((await repo.countPersonalDatasets(ctx.db, actor.id)) >= REPORT_LIMITS.datasetsPerMember)
    throw reportsErrors.tooManyDatasets(REPORT_LIMITS.datasetsPerMember);
  const read = await readExportOffThread(ctx.bytes, {
    preset: ctx.preset,
    mapping: ctx.mapping,
    now: ctx.now,
    sheet: ctx.sheet,
  });
  if (read.outcome.kind !== 'ok') return { kind: read.outcome.kind, read };
  const { rows, period } = read.outcome;
  return ctx.db.transaction(async (tx) => {
    const datasetId = await repo.insertDataset(tx, {
      ownerId: actor.id,
      groupId,
      name: ctx.name.trim().slice(0, REPORT_LIMITS.nameLength) || 'ILL statistics',
      preset: ctx.preset,
      mapping: storedMapping(read.mapping),
      dropped: read.dropped,
      now: ctx.now,
    });
    const { replaced } = await repo.replacePeriod(tx, datasetId, period, rows);
    await recordEvents(tx, [
      {
        type: 'reports.dataset_imported',
        actorId: actor.id,
        subjectType: 'report_dataset',
        subjectId: datasetId,
        data: { rows: rows.length },
      },
    ]);
    return { kind: 'stored' as const, datasetId, read, stored: rows.length, replaced };
  });
}

/** Another file into one's dataset, read with its saved mapping: the period it covers is replaced. */
export async function importIntoDataset(
  ctx: UseCaseContext & { datasetId: number; bytes: Upload; sheet?: string },
): Promise<ImportOutcome> {
  const actor = await authoriseUpload(ctx);
  const dataset = await ownDataset(ctx, ctx.datasetId);
  checkSize(ctx.bytes);
  const read = await readExportOffThread(ctx.bytes, {
    preset: dataset.preset,
    mapping: dataset.mapping as Mapping,
    now: ctx.now,
    sheet: ctx.sheet,
  });
  if (read.outcome.kind !== 'ok') return { kind: read.outcome.kind, read };
  const { rows, period } = read.outcome;
  return ctx.db.transaction(async (tx) => {
    const { replaced } = await repo.replacePeriod(tx, dataset.id, period, rows);
    // An opted-in dataset's shared yearly aggregates follow its rows (docs/decisions/045).
    await refreshAggregatesIfShared(tx, dataset.id);
    await repo.touchDataset(tx, dataset.id, read.dropped, ctx.now);
    await recordEvents(tx, [
      {
        type: 'reports.dataset_imported',
        actorId: actor.id,
        subjectType: 'report_dataset',
        subjectId: dataset.id,
        data: { rows: rows.length, replaced },
      },
    ]);
    return { kind: 'stored' as const, datasetId: dataset.id, read, stored: rows.length, replaced };
  });
}

/** Delete one's dataset and all its rows. */
export async function deleteDataset(ctx: UseCaseContext & { datasetId: number }): Promise<void> {
  await assertMayAct(ctx.db, ctx.actor, ctx.now);
  if (!ctx.actor) throw httpErrors.signInRequired();
  const dataset = await ownDataset(ctx, ctx.datasetId);
  await ctx.db.transaction(async (tx) => {
    // Its reports go with it; published ones leave the gallery's search entries too.
    for (const id of await publishedIdsOfDataset(tx, dataset.id)) await unindexExample(tx, id);
    await repo.deleteDataset(tx, dataset.id);
    datasetAggregates.forget(dataset.id);
    await recordEvents(tx, [
      {
        type: 'reports.dataset_deleted',
        actorId: ctx.actor!.id,
        subjectType: 'report_dataset',
        subjectId: dataset.id,
        data: {},
      },
    ]);
  });
}

/**
 * Reading: one's dataset with its period and measures (others: not found), and with `charts` its charts as SVG.
 * Measures and charts are computed once per dataset version (reports.cache.ts), charts in a worker thread.
 */
export async function viewDataset(ctx: UseCaseContext & { datasetId: number; charts?: boolean }) {
  if (!ctx.actor) throw httpErrors.signInRequired();
  const dataset = await ownDataset(ctx, ctx.datasetId, 'view');
  const period = await repo.periodOf(ctx.db, dataset.id);
  const compute = () => repo.measures(ctx.db, dataset.id);
  const measures = await datasetAggregates.measures(dataset.id, period.version, compute);
  const charts: RenderedChart[] = ctx.charts ? await datasetAggregates.charts(dataset.id, period.version, compute) : [];
  return { dataset, period, measures, charts };
}

/** Reading: the member's own datasets. */
export async function listDatasets(ctx: UseCaseContext) {
  if (!ctx.actor) throw httpErrors.signInRequired();
  return repo.datasetsOf(ctx.db, ctx.actor.id);
}

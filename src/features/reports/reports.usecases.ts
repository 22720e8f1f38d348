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
import { readExportOffThread } from './reports.read-task';
import * as repo from './reports.repository';

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

async function ownDataset(ctx: UseCaseContext, datasetId: number): Promise<Dataset> {
  const dataset = await repo.findDataset(ctx.db, datasetId);
  // Another member's dataset is not found: its existence is private too.
  if (!dataset || !reportPolicies.own(ctx.actor, dataset)) throw reportsErrors.notFound();
  return dataset;
}

function checkSize(bytes: Uint8Array) {
  if (bytes.length > REPORT_LIMITS.maxBytes) throw reportsErrors.tooLarge(REPORT_LIMITS.maxBytes);
}

const storedMapping = (m: Mapping): Record<string, string> =>
  Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** A new private dataset from a file (CSV, or a workbook's sheet): stored when the mapping is complete and every row is valid. */
export async function importNewDataset(
  ctx: UseCaseContext & { name: string; preset: PresetName; mapping?: Mapping; bytes: Uint8Array; sheet?: string },
): Promise<ImportOutcome> {
  const actor = await authoriseUpload(ctx);
  checkSize(ctx.bytes);
  if ((await repo.countDatasets(ctx.db, actor.id)) >= REPORT_LIMITS.datasetsPerMember)
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
  ctx: UseCaseContext & { datasetId: number; bytes: Uint8Array; sheet?: string },
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
  const dataset = await ownDataset(ctx, ctx.datasetId);
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

/**
 * Reports: cost inputs, peer comparison and the public reference data (docs/decisions/045). Costs and peer
 * settings are changed by whoever may manage the dataset (its owner, or its group's stewards and owners) and read
 * by those who may view it. A cohort figure is shown only with at least MIN_COHORT libraries, as quartiles: never
 * one library's figure.
 */
import { assertMayAct } from '../../platform/auth/standing';
import { recordEvents } from '../../platform/events/record';
import { httpErrors } from '../../platform/http/errors';
import type { UseCaseContext } from '../../platform/usecase';
import type { Vocabulary } from '../../platform/vocabulary/vocabulary';
import { offload } from '../../platform/workers/shared';
import { CHARTS_TASK, type RenderedChart } from './reports.charts';
import { reportsErrors } from './reports.errors';
import { COST_FIELDS, type CostInputs, costAssumptions, costFigures } from './reports.costs';
import {
  COHORT_KEYS,
  type CohortKey,
  PEER_FIGURES,
  type PeerFigure,
  type PeerProfile,
  type Quartiles,
  SIZE_BANDS,
  type YearAggregate,
  peerSettingsProblems,
  type PeerSettings,
  shownQuartiles,
} from './reports.peers.models';
import * as peers from './reports.peers.repository';
import { type ReferenceGroup, referenceChart, referenceTable } from './reports.reference-charts';
import { ownDataset } from './reports.usecases';

const invalid = reportsErrors.invalidInput;

async function signedIn(ctx: UseCaseContext, write: boolean) {
  if (write) await assertMayAct(ctx.db, ctx.actor, ctx.now);
  if (!ctx.actor) throw httpErrors.signInRequired();
  return ctx.actor;
}

/** Reading: the dataset's cost inputs and, when there are some, cost per filled request and money saved. */
export async function viewCosts(ctx: UseCaseContext & { datasetId: number }) {
  await signedIn(ctx, false);
  const dataset = await ownDataset(ctx, ctx.datasetId, 'view');
  const [inputs, counts] = await Promise.all([
    peers.findCostInputs(ctx.db, dataset.id),
    peers.costCounts(ctx.db, dataset.id),
  ]);
  return {
    dataset,
    inputs,
    counts,
    figures: inputs ? costFigures(inputs, counts) : undefined,
    assumptions: inputs ? costAssumptions(inputs, counts) : [],
  };
}

/** The owner's cost inputs saved (each a number, zero or more). */
export async function saveCosts(ctx: UseCaseContext & { datasetId: number; inputs: CostInputs }): Promise<void> {
  const actor = await signedIn(ctx, true);
  const dataset = await ownDataset(ctx, ctx.datasetId, 'manage');
  for (const f of COST_FIELDS) {
    const v = ctx.inputs[f];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalid('Costs cannot be negative.');
  }
  await ctx.db.transaction(async (tx) => {
    await peers.saveCostInputs(tx, dataset.id, ctx.inputs, ctx.now);
    await recordEvents(tx, [
      {
        type: 'reports.costs_saved',
        actorId: actor.id,
        subjectType: 'report_dataset',
        subjectId: dataset.id,
        data: {},
      },
    ]);
  });
}

/** Opting in (or changing the cohort keys): the dataset's yearly aggregates are shared, never its rows. */
export async function joinPeers(
  ctx: UseCaseContext & { datasetId: number; settings: PeerSettings; vocabulary: Vocabulary },
): Promise<void> {
  const actor = await signedIn(ctx, true);
  const dataset = await ownDataset(ctx, ctx.datasetId, 'manage');
  const problems = peerSettingsProblems(ctx.settings, ctx.vocabulary);
  if (Object.keys(problems).length) throw invalid(Object.values(problems)[0]!);
  const existing = await peers.findPeerProfile(ctx.db, dataset.id);
  const profile: PeerProfile = {
    datasetId: dataset.id,
    ownerId: dataset.ownerId,
    libraryType: ctx.settings.libraryType || null,
    sizeBand: ctx.settings.sizeBand || null,
    region: ctx.settings.region || null,
    system: ctx.settings.system || null,
    optedInAt: existing?.optedInAt ?? ctx.now,
  };
  await ctx.db.transaction(async (tx) => {
    await peers.savePeerProfile(tx, profile);
    await peers.replaceAggregates(tx, dataset.id, await peers.yearAggregates(tx, dataset.id));
    await recordEvents(tx, [
      {
        type: existing ? 'reports.peers_updated' : 'reports.peers_joined',
        actorId: actor.id,
        subjectType: 'report_dataset',
        subjectId: dataset.id,
        data: {},
      },
    ]);
  });
}

/** Opting out: the profile and every shared aggregate of the dataset are deleted. */
export async function leavePeers(ctx: UseCaseContext & { datasetId: number }): Promise<void> {
  const actor = await signedIn(ctx, true);
  const dataset = await ownDataset(ctx, ctx.datasetId, 'manage');
  await ctx.db.transaction(async (tx) => {
    await peers.deletePeerProfile(tx, dataset.id);
    await recordEvents(tx, [
      { type: 'reports.peers_left', actorId: actor.id, subjectType: 'report_dataset', subjectId: dataset.id, data: {} },
    ]);
  });
}

export interface CohortView {
  key: CohortKey;
  value: string;
  years: Array<{
    year: number;
    own: YearAggregate;
    /** Per figure: the cohort's quartiles when it has at least MIN_COHORT libraries with that figure, else null. */
    cohort: Record<PeerFigure, Quartiles | null>;
    /** Libraries in the cohort that year (at most: some may lack a figure). */
    libraries: number;
  }>;
}

/** Reading: the dataset's peer settings, what it shares and, per cohort key set, where it stands. */
export async function viewComparison(ctx: UseCaseContext & { datasetId: number }) {
  await signedIn(ctx, false);
  const dataset = await ownDataset(ctx, ctx.datasetId, 'view');
  const profile = await peers.findPeerProfile(ctx.db, dataset.id);
  if (!profile) return { dataset, profile, shared: [] as YearAggregate[], cohorts: [] as CohortView[] };
  const shared = await peers.sharedAggregates(ctx.db, dataset.id);
  const years = shared.map((y) => y.year);
  const cohorts: CohortView[] = [];
  for (const key of COHORT_KEYS) {
    const value = profile[key];
    if (!value) continue;
    const stats = await peers.cohortStats(ctx.db, key, value, years);
    cohorts.push({
      key,
      value,
      years: shared.map((own) => {
        const s = stats.get(own.year) ?? {};
        const cohort = Object.fromEntries(PEER_FIGURES.map((f) => [f, shownQuartiles(s[f])])) as Record<
          PeerFigure,
          Quartiles | null
        >;
        return {
          year: own.year,
          own,
          cohort,
          libraries: Math.max(0, ...PEER_FIGURES.map((f) => s[f]?.libraries ?? 0)),
        };
      }),
    });
  }
  return { dataset, profile, shared, cohorts };
}

/** Reference charts drawn, by their spec (the data changes only when a release ships a new file): a few dozen. */
const referenceCharts = new Map<string, Promise<RenderedChart | undefined>>();

function drawReference(year: number, groups: ReferenceGroup[]): Promise<RenderedChart | undefined> {
  const spec = referenceChart(year, groups);
  if (!spec) return Promise.resolve(undefined);
  const key = JSON.stringify(spec);
  let chart = referenceCharts.get(key);
  if (!chart) {
    chart = offload<RenderedChart[]>(CHARTS_TASK, [spec]).then((r) => r[0]);
    chart.catch(() => referenceCharts.delete(key));
    if (referenceCharts.size >= 64) referenceCharts.delete(referenceCharts.keys().next().value!);
    referenceCharts.set(key, chart);
  }
  return chart;
}

/** Public: the PLS reference figures for a year, a state and a size band (each optional but the year). */
export async function viewReference(
  ctx: UseCaseContext & {
    year?: number | undefined;
    state?: string | undefined;
    band?: string | undefined;
    chart?: boolean;
  },
) {
  const choices = await peers.referenceChoices(ctx.db);
  const year = ctx.year !== undefined && choices.years.includes(ctx.year) ? ctx.year : choices.years[0];
  const state = ctx.state && choices.states.includes(ctx.state) ? ctx.state : undefined;
  const band = ctx.band && SIZE_BANDS.some((b) => b.slug === ctx.band) ? ctx.band : undefined;
  if (year === undefined) return { choices, year, state, band, groups: [], table: undefined, chart: undefined };
  const groups: ReferenceGroup[] = [];
  groups.push({ label: 'All libraries', stats: await peers.referenceStats(ctx.db, { year }) });
  if (state) groups.push({ label: state, stats: await peers.referenceStats(ctx.db, { year, state }) });
  if (band) {
    const label = SIZE_BANDS.find((b) => b.slug === band)!.label;
    groups.push({ label, stats: await peers.referenceStats(ctx.db, { year, band }) });
    if (state)
      groups.push({ label: `${state}, ${label}`, stats: await peers.referenceStats(ctx.db, { year, state, band }) });
  }
  const chart = ctx.chart ? await drawReference(year, groups) : undefined;
  return { choices, year, state, band, groups, table: referenceTable(year, groups), chart };
}

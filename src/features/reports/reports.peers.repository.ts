/** SQL for cost inputs, peer comparison (aggregates and cohorts) and the PLS reference data (docs/decisions/045). */
import { eq, sql } from 'drizzle-orm';
import { type DbOrTx, rowsOf } from '../../platform/db/database';
import type { CostCounts, CostInputs } from './reports.costs';
import {
  type CohortKey,
  type PeerFigure,
  type PeerProfile,
  type Quartiles,
  SIZE_BANDS,
  type YearAggregate,
} from './reports.peers.models';
import { reportCostInputs, reportPeerAggregates, reportPeerProfiles } from './reports.peers.table';
import { FILLED } from './reports.repository';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

// ---- Cost inputs

export async function findCostInputs(db: DbOrTx, datasetId: number): Promise<CostInputs | undefined> {
  const r = (await db.select().from(reportCostInputs).where(eq(reportCostInputs.datasetId, datasetId)))[0];
  if (!r) return undefined;
  return {
    staffMinutesPerRequest: Number(r.staffMinutesPerRequest),
    hourlyCost: Number(r.hourlyCost),
    shippingPerLoan: Number(r.shippingPerLoan),
    feesPaid: Number(r.feesPaid),
    ifmPaid: Number(r.ifmPaid),
    bookPrice: Number(r.bookPrice),
    articleCost: Number(r.articleCost),
  };
}

export async function saveCostInputs(db: DbOrTx, datasetId: number, inputs: CostInputs, now: Date): Promise<void> {
  const values = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.toFixed(2)])) as Record<
    keyof CostInputs,
    string
  >;
  await db
    .insert(reportCostInputs)
    .values({ datasetId, ...values, updatedAt: now })
    .onConflictDoUpdate({ target: reportCostInputs.datasetId, set: { ...values, updatedAt: now } });
}

/** The counts cost figures need, over the dataset's whole period. */
export async function costCounts(db: DbOrTx, datasetId: number): Promise<CostCounts> {
  const r = rowsOf<Record<keyof CostCounts, number>>(
    await db.execute(sql`select count(*)::int as "requests",
        count(*) filter (where ${FILLED})::int as "filled",
        count(*) filter (where ${FILLED} and request_type = 'loan')::int as "filledLoans",
        count(*) filter (where direction = 'borrowing')::int as "borrowingRequests",
        count(*) filter (where ${FILLED} and direction = 'borrowing' and request_type = 'loan')::int as "borrowingFilledLoans",
        count(*) filter (where ${FILLED} and direction = 'borrowing' and request_type = 'copy')::int as "borrowingFilledCopies"
      from report_rows where dataset_id = ${datasetId}`),
  )[0];
  return {
    requests: Number(r?.requests ?? 0),
    filled: Number(r?.filled ?? 0),
    filledLoans: Number(r?.filledLoans ?? 0),
    borrowingRequests: Number(r?.borrowingRequests ?? 0),
    borrowingFilledLoans: Number(r?.borrowingFilledLoans ?? 0),
    borrowingFilledCopies: Number(r?.borrowingFilledCopies ?? 0),
  };
}

// ---- Peer profiles and aggregates

export async function findPeerProfile(db: DbOrTx, datasetId: number): Promise<PeerProfile | undefined> {
  return (await db.select().from(reportPeerProfiles).where(eq(reportPeerProfiles.datasetId, datasetId)))[0];
}

export async function savePeerProfile(db: DbOrTx, profile: PeerProfile): Promise<void> {
  const { datasetId, ...rest } = profile;
  const { optedInAt: _kept, ...changes } = rest;
  await db
    .insert(reportPeerProfiles)
    .values(profile)
    .onConflictDoUpdate({ target: reportPeerProfiles.datasetId, set: changes });
}

/** Opting out: the profile goes, and its aggregates with it (cascade). */
export async function deletePeerProfile(db: DbOrTx, datasetId: number): Promise<void> {
  await db.delete(reportPeerProfiles).where(eq(reportPeerProfiles.datasetId, datasetId));
}

/** The dataset's aggregates per calendar year, computed from its rows. */
export async function yearAggregates(db: DbOrTx, datasetId: number): Promise<YearAggregate[]> {
  const rows = rowsOf<{
    year: number;
    requests: number;
    filled: number;
    unfilled: number;
    median: unknown;
    lending: number;
    borrowing: number;
  }>(
    await db.execute(sql`select extract(year from request_date)::int as year, count(*)::int as requests,
        count(*) filter (where ${FILLED})::int as filled, count(*) filter (where status = 'unfilled')::int as unfilled,
        percentile_cont(0.5) within group (order by received_date - request_date)
          filter (where received_date is not null) as median,
        count(*) filter (where direction = 'lending')::int as lending,
        count(*) filter (where direction = 'borrowing')::int as borrowing
      from report_rows where dataset_id = ${datasetId} group by 1 order by 1`),
  );
  return rows.map((r) => {
    const [filled, unfilled, lending, borrowing] = [r.filled, r.unfilled, r.lending, r.borrowing].map(Number) as [
      number,
      number,
      number,
      number,
    ];
    return {
      year: Number(r.year),
      requests: Number(r.requests),
      fillRate: filled + unfilled > 0 ? filled / (filled + unfilled) : null,
      medianTurnaround: num(r.median),
      lendingRatio: borrowing > 0 ? lending / borrowing : null,
    };
  });
}

/** The shared aggregates replaced by the dataset's current ones (the profile must exist). */
export async function replaceAggregates(db: DbOrTx, datasetId: number, years: YearAggregate[]): Promise<void> {
  await db.delete(reportPeerAggregates).where(eq(reportPeerAggregates.datasetId, datasetId));
  if (years.length === 0) return;
  await db.insert(reportPeerAggregates).values(
    years.map((y) => ({
      datasetId,
      year: y.year,
      requests: y.requests,
      fillRate: y.fillRate === null ? null : String(y.fillRate),
      medianTurnaround: y.medianTurnaround === null ? null : String(y.medianTurnaround),
      lendingRatio: y.lendingRatio === null ? null : String(y.lendingRatio),
    })),
  );
}

export async function sharedAggregates(db: DbOrTx, datasetId: number): Promise<YearAggregate[]> {
  const rows = await db
    .select()
    .from(reportPeerAggregates)
    .where(eq(reportPeerAggregates.datasetId, datasetId))
    .orderBy(reportPeerAggregates.year);
  return rows.map((r) => ({
    year: r.year,
    requests: r.requests,
    fillRate: num(r.fillRate),
    medianTurnaround: num(r.medianTurnaround),
    lendingRatio: num(r.lendingRatio),
  }));
}

const KEY_COLUMN: Record<CohortKey, string> = {
  libraryType: 'library_type',
  sizeBand: 'size_band',
  region: 'region',
  system: 'system',
};
const FIGURE_COLUMN: Record<PeerFigure, string> = {
  fillRate: 'fill_rate',
  medianTurnaround: 'median_turnaround',
  requests: 'requests',
  lendingRatio: 'lending_ratio',
};

export type CohortStats = Map<number, Partial<Record<PeerFigure, Quartiles>>>;

/**
 * A cohort's quartiles per year and figure: the opted-in datasets whose `key` is `value`, one figure per library
 * (an owner's datasets averaged), counted in libraries. Every cohort is returned with its size; the k rule is the
 * use case's.
 */
export async function cohortStats(db: DbOrTx, key: CohortKey, value: string, years: number[]): Promise<CohortStats> {
  const out: CohortStats = new Map();
  if (years.length === 0) return out;
  const column = sql.raw(KEY_COLUMN[key]);
  const figures = Object.entries(FIGURE_COLUMN) as Array<[PeerFigure, string]>;
  const perOwner = sql.join(
    figures.map(([f, c]) => sql`avg(a.${sql.raw(c)})::float8 as ${sql.raw(`"${f}"`)}`),
    sql`, `,
  );
  const stats = sql.join(
    figures.map(
      ([f]) => sql`count(${sql.raw(`"${f}"`)})::int as ${sql.raw(`"${f}_n"`)},
        percentile_cont(0.25) within group (order by ${sql.raw(`"${f}"`)}) as ${sql.raw(`"${f}_q1"`)},
        percentile_cont(0.5) within group (order by ${sql.raw(`"${f}"`)}) as ${sql.raw(`"${f}_median"`)},
        percentile_cont(0.75) within group (order by ${sql.raw(`"${f}"`)}) as ${sql.raw(`"${f}_q3"`)}`,
    ),
    sql`, `,
  );
  const yearList = sql.join(
    years.map((y) => sql`${y}`),
    sql`, `,
  );
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`with per_owner as (
        select a.year, p.owner_id, ${perOwner}
        from report_peer_aggregates a join report_peer_profiles p on p.dataset_id = a.dataset_id
        where p.${column} = ${value} and a.year in (${yearList})
        group by a.year, p.owner_id)
      select year, ${stats} from per_owner group by year order by year`),
  );
  for (const r of rows) {
    const entry: Partial<Record<PeerFigure, Quartiles>> = {};
    for (const [f] of figures) {
      const n = Number(r[`${f}_n`] ?? 0);
      if (n > 0)
        entry[f] = {
          libraries: n,
          q1: Number(r[`${f}_q1`]),
          median: Number(r[`${f}_median`]),
          q3: Number(r[`${f}_q3`]),
        };
    }
    out.set(Number(r.year), entry);
  }
  return out;
}

// ---- PLS reference data

export interface ReferenceRow {
  year: number;
  fscsKey: string;
  state: string;
  name: string;
  population: number | null;
  loansTo: number | null;
  loansFrom: number | null;
}

export async function insertReferenceRows(db: DbOrTx, rows: ReferenceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await db.execute(sql`insert into report_reference_libraries
        (year, fscs_key, state, name, population, loans_to, loans_from)
      values ${sql.join(
        rows
          .slice(i, i + 1000)
          .map(
            (r) => sql`(${r.year}, ${r.fscsKey}, ${r.state}, ${r.name}, ${r.population}, ${r.loansTo}, ${r.loansFrom})`,
          ),
        sql`, `,
      )}
      on conflict do nothing`);
}

export async function referenceChoices(db: DbOrTx): Promise<{ years: number[]; states: string[] }> {
  const years = rowsOf<{ year: number }>(
    await db.execute(sql`select distinct year from report_reference_libraries order by year desc`),
  );
  const states = rowsOf<{ state: string }>(
    await db.execute(sql`select distinct state from report_reference_libraries order by state`),
  );
  return { years: years.map((r) => Number(r.year)), states: states.map((r) => r.state) };
}

export interface ReferenceStats {
  libraries: number;
  loansTo: Quartiles | null;
  loansFrom: Quartiles | null;
}

/** Quartiles of loans to and from other libraries in a year, for a state and/or a size band (population served). */
export async function referenceStats(
  db: DbOrTx,
  filter: { year: number; state?: string | undefined; band?: string | undefined },
): Promise<ReferenceStats> {
  const band = SIZE_BANDS.find((b) => b.slug === filter.band);
  const r = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select count(*)::int as n,
        count(loans_to)::int as to_n, percentile_cont(0.25) within group (order by loans_to) as to_q1,
        percentile_cont(0.5) within group (order by loans_to) as to_median,
        percentile_cont(0.75) within group (order by loans_to) as to_q3,
        count(loans_from)::int as from_n, percentile_cont(0.25) within group (order by loans_from) as from_q1,
        percentile_cont(0.5) within group (order by loans_from) as from_median,
        percentile_cont(0.75) within group (order by loans_from) as from_q3
      from report_reference_libraries
      where year = ${filter.year}
        ${filter.state ? sql`and state = ${filter.state}` : sql``}
        ${band ? sql`and population >= ${band.min}` : sql``}
        ${band && band.max !== null ? sql`and population <= ${band.max}` : sql``}`),
  )[0];
  const q = (p: string): Quartiles | null => {
    const n = Number(r?.[`${p}_n`] ?? 0);
    return n > 0
      ? {
          libraries: n,
          q1: Number(r?.[`${p}_q1`]),
          median: Number(r?.[`${p}_median`]),
          q3: Number(r?.[`${p}_q3`]),
        }
      : null;
  };
  return { libraries: Number(r?.n ?? 0), loansTo: q('to'), loansFrom: q('from') };
}

/** After an import: an opted-in dataset's shared aggregates follow its rows (same transaction). */
export async function refreshAggregatesIfShared(db: DbOrTx, datasetId: number): Promise<void> {
  if (await findPeerProfile(db, datasetId)) await replaceAggregates(db, datasetId, await yearAggregates(db, datasetId));
}

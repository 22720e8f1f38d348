/**
 * A composed report's aggregates: the dataset's measures over the report's months, as tables and charts, computed
 * once per (dataset version, period) and kept per report like a dataset's (reports.cache.ts). Only measure tables
 * leave here: never a row.
 */
import type { DbOrTx } from '../../platform/db/database';
import { offload } from '../../platform/workers/shared';
import { datasetAggregates, DatasetAggregateCache } from './reports.cache';
import { CHARTS_TASK, type RenderedChart } from './reports.charts';
import type { ComposedReport } from './reports.compose.models';
import * as repo from './reports.repository';
import { type MeasureTable, measureTables } from './reports.tables';

const reportCache = new DatasetAggregateCache((specs) => offload<RenderedChart[]>(CHARTS_TASK, specs), 48);

export const composedAggregates = {
  /** The measures a report may show (slug and caption), from the dataset's cached measures. */
  async measureList(db: DbOrTx, datasetId: number, period: { version: string }) {
    const m = await datasetAggregates.measures(datasetId, period.version, () => repo.measures(db, datasetId));
    return measureTables(m).map((t) => ({ slug: t.slug, caption: t.caption, about: t.about }));
  },

  /** The report's chosen measures, in its order, over its months; with `charts`, their SVG charts. */
  async forReport(
    db: DbOrTx,
    report: ComposedReport,
    charts: boolean,
  ): Promise<{ tables: MeasureTable[]; charts: RenderedChart[] }> {
    const period = await repo.periodOf(db, report.datasetId);
    const version = `${period.version}|${report.periodFrom}|${report.periodTo}`;
    const range = { from: report.periodFrom, to: report.periodTo };
    const compute = () => repo.measures(db, report.datasetId, range);
    const all = measureTables(await reportCache.measures(report.id, version, compute));
    const tables = report.measures.flatMap((slug) => all.filter((t) => t.slug === slug));
    const drawn = charts ? await reportCache.charts(report.id, version, compute) : [];
    return { tables, charts: drawn.filter((c) => report.measures.includes(c.slug)) };
  },

  forget(reportId: number): void {
    reportCache.forget(reportId);
  },
};

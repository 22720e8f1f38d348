/**
 * A dataset's aggregates and charts, computed once per dataset version and kept in this process. The version
 * comes from the rows themselves (the highest row id and the count: every stored import inserts rows with new
 * ids), so another hub process on the same database sees a new version as soon as the import commits, and no
 * notice is needed. One entry per dataset (a new version replaces the old), the least recently viewed dropped
 * first.
 */
import { offload } from '../../platform/workers/shared';
import { CHARTS_TASK, type ChartSpec, chartSpecs, type RenderedChart } from './reports.charts';
import type { Measures } from './reports.repository';

interface Entry {
  version: string;
  measures: Promise<Measures>;
  charts?: Promise<RenderedChart[]>;
}

export class DatasetAggregateCache {
  private readonly entries = new Map<number, Entry>();
  /** Times the measures were computed in SQL, and times a page's charts were rendered (not served from here). */
  measuresComputed = 0;
  chartRenders = 0;

  constructor(
    private readonly render: (specs: ChartSpec[]) => Promise<RenderedChart[]>,
    // A page's charts are 100–250 KB of SVG: a few megabytes at most.
    private readonly maxEntries = 24,
  ) {}

  private entry(datasetId: number, version: string, compute: () => Promise<Measures>): Entry {
    const hit = this.entries.get(datasetId);
    this.entries.delete(datasetId);
    if (hit && hit.version === version) {
      this.entries.set(datasetId, hit);
      return hit;
    }
    this.measuresComputed++;
    const entry: Entry = { version, measures: compute() };
    // A failure is not kept: the next view tries again.
    entry.measures.catch(() => this.drop(datasetId, entry));
    this.entries.set(datasetId, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return entry;
  }

  private drop(datasetId: number, entry: Entry): void {
    if (this.entries.get(datasetId) === entry) this.entries.delete(datasetId);
  }

  measures(datasetId: number, version: string, compute: () => Promise<Measures>): Promise<Measures> {
    return this.entry(datasetId, version, compute).measures;
  }

  async charts(datasetId: number, version: string, compute: () => Promise<Measures>): Promise<RenderedChart[]> {
    const entry = this.entry(datasetId, version, compute);
    if (!entry.charts) {
      this.chartRenders++;
      entry.charts = entry.measures.then((m) => {
        const specs = chartSpecs(m);
        return specs.length ? this.render(specs) : [];
      });
      entry.charts.catch(() => {
        if (this.entries.get(datasetId) === entry) entry.charts = undefined;
      });
    }
    return entry.charts;
  }

  /** A deleted dataset's entry goes with it. */
  forget(datasetId: number): void {
    this.entries.delete(datasetId);
  }
}

/** The process's cache; charts are drawn in the shared worker pool (a full queue answers 503, try again). */
export const datasetAggregates = new DatasetAggregateCache((specs) => offload<RenderedChart[]>(CHARTS_TASK, specs));

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { DatasetAggregateCache, datasetAggregates } from './reports.cache';
import { accessibleSvg, renderChart, renderCharts } from './reports.chart-task';
import { CHART_COLOURS, chartSpecs, type RenderedChart } from './reports.charts';
import type { Measures } from './reports.repository';
import { importIntoDataset, importNewDataset } from './reports.usecases';

const PAYLOAD = '<script>alert("x")</script>';
const NOW = new Date('2026-03-02T15:00:00Z');

// The measures of the small file in reports.test.ts, worked out by hand there; one partner named with a payload.
const MEASURES: Measures = {
  volume: [
    { month: '2025-01', loan: 2, copy: 1, total: 3 },
    { month: '2025-02', loan: 3, copy: 3, total: 6 },
  ],
  fillRate: [
    { direction: 'borrowing', filled: 5, unfilled: 1, rate: 5 / 6 },
    { direction: 'lending', filled: 1, unfilled: 1, rate: 0.5 },
  ],
  turnaround: [
    { requestType: 'copy', received: 2, median: 1.5, p90: 1.9 },
    { requestType: 'loan', received: 3, median: 4, p90: 8.8 },
  ],
  turnaroundByPartner: [],
  balance: [
    { direction: 'borrowing', requests: 6, filled: 5 },
    { direction: 'lending', requests: 3, filled: 1 },
  ],
  partners: [
    { partner: 'A', requests: 3, filled: 3 },
    { partner: PAYLOAD, requests: 3, filled: 2 },
  ],
  unfilledReasons: [
    { reason: 'Not owned', requests: 1 },
    { reason: 'No reason given', requests: 1 },
  ],
};

type Data = { values: Array<Record<string, unknown>> };
const specOf = (slug: string) => chartSpecs(MEASURES).find((c) => c.slug === slug)!;

describe('chart specs', () => {
  it('give every chart a title and a description with the key figures', () => {
    const charts = chartSpecs(MEASURES);
    expect(charts.map((c) => c.slug)).toEqual([
      'volume',
      'fill-rate',
      'turnaround',
      'balance',
      'partners',
      'unfilled-reasons',
    ]);
    for (const c of charts) expect(c.title, c.slug).toMatch(/\(chart\)$/);
    expect(specOf('volume').desc).toBe(
      'Requests each month from 2025-01 to 2025-02, loans and copies stacked: 9 in all. ' +
        'The busiest month was 2025-02 with 6 (3 loans, 3 copies).',
    );
    expect(specOf('fill-rate').desc).toBe(
      'Fill rate: borrowing 83.3% (5 filled of 6); and lending 50.0% (1 filled of 2).',
    );
    expect(specOf('turnaround').desc).toBe(
      'Days from request to receipt: copies median 1.5 days, 90th percentile 1.9 days (2 received); ' +
        'and loans median 4 days, 90th percentile 8.8 days (3 received).',
    );
    expect(specOf('balance').desc).toBe(
      'Borrowing 6 requests (5 filled); and lending 3 requests (1 filled): 3 more borrowing than lending requests.',
    );
    expect(specOf('unfilled-reasons').desc).toBe('2 unfilled requests: Not owned 1; and No reason given 1.');
  });

  it('carry the measures’ values, in the two scheme-safe colours', () => {
    expect((specOf('volume').spec.data as Data).values).toEqual([
      { month: '2025-01', type: 'Loans', requests: 2 },
      { month: '2025-01', type: 'Copies', requests: 1 },
      { month: '2025-02', type: 'Loans', requests: 3 },
      { month: '2025-02', type: 'Copies', requests: 3 },
    ]);
    expect((specOf('fill-rate').spec.data as Data).values).toEqual([
      { direction: 'borrowing', rate: 5 / 6 },
      { direction: 'lending', rate: 0.5 },
    ]);
    expect((specOf('turnaround').spec.data as Data).values).toContainEqual({
      type: 'loan',
      figure: '90th percentile',
      days: 8.8,
    });
    expect(JSON.stringify(specOf('volume').spec)).toContain(CHART_COLOURS.second);
  });

  it('leave out a chart with nothing to draw', () => {
    const empty: Measures = { ...MEASURES, volume: [], partners: [], turnaround: [], unfilledReasons: [] };
    expect(chartSpecs(empty).map((c) => c.slug)).toEqual(['fill-rate', 'balance']);
  });
});

describe('rendering to SVG', () => {
  it('draws an SVG with role img, a title and a description, text in currentColor', async () => {
    const chart = await renderChart(specOf('fill-rate'));
    expect(chart.svg).toMatch(
      /^<svg role="img" aria-labelledby="chart-fill-rate-title" aria-describedby="chart-fill-rate-desc" /,
    );
    expect(chart.svg).toContain('<title id="chart-fill-rate-title">Fill rate by direction (chart)</title>');
    expect(chart.svg).toContain('<desc id="chart-fill-rate-desc">Fill rate: borrowing 83.3% (5 filled of 6)');
    expect(chart.svg).toContain('fill="currentColor"');
    expect(chart.svg).toContain('>borrowing</text>');
    // One image to assistive technology: no roles or labels left on the marks inside.
    expect(chart.svg.match(/\srole="/g)).toHaveLength(1);
    expect(chart.svg).not.toMatch(/aria-label=|aria-roledescription=/);
    expect(chart.svg).not.toMatch(/fill="#fff(fff)?"|<rect[^>]*class="background"[^>]*fill=/);
  });

  it('escapes a partner name holding markup, in the axis labels and in the description', async () => {
    const chart = await renderChart(specOf('partners'));
    expect(chart.svg).not.toContain('<script');
    expect(chart.svg).toContain('&lt;script&gt;alert(');
    expect(chart.svg).toContain(
      '<desc id="chart-partners-desc">Partners with the most requests: A 3 (3 filled); and &lt;script&gt;',
    );
    // The title and description added here are escaped as well, whatever they hold.
    const wrapped = accessibleSvg('<svg class="marks"><g/></svg>', { slug: 'x', title: '</title><x>', desc: '"&' });
    expect(wrapped).toContain(
      '<title id="chart-x-title">&lt;/title&gt;&lt;x&gt;</title><desc id="chart-x-desc">&quot;&amp;</desc>',
    );
  });
});

describe('the aggregate cache', () => {
  it('computes and renders once per dataset version, again when the version changes', async () => {
    let renders = 0;
    let computes = 0;
    const cache = new DatasetAggregateCache(async (specs) => {
      renders++;
      return renderCharts(specs);
    });
    const compute = async () => {
      computes++;
      return MEASURES;
    };
    const first = await cache.charts(1, 'v1', compute);
    expect(first.map((c) => c.slug)).toContain('volume');
    expect(await cache.charts(1, 'v1', compute)).toBe(first);
    await cache.measures(1, 'v1', compute);
    expect([renders, computes, cache.chartRenders, cache.measuresComputed]).toEqual([1, 1, 1, 1]);
    await cache.charts(1, 'v2', compute);
    expect([renders, computes]).toEqual([2, 2]);
  });

  it('keeps nothing from a failed render: the next view tries again', async () => {
    let fail = true;
    const cache = new DatasetAggregateCache(async () => {
      if (fail) throw new Error('busy');
      return [] as RenderedChart[];
    });
    await expect(cache.charts(1, 'v1', async () => MEASURES)).rejects.toThrow('busy');
    fail = false;
    expect(await cache.charts(1, 'v1', async () => MEASURES)).toEqual([]);
    expect(cache.chartRenders).toBe(2);
  });
});

describe('charts on the dataset page', () => {
  let t: TestApp;
  let owner: TestUser;
  const header = 'date,recv,status,type,dir,partner';
  const file = (rows: string) => new TextEncoder().encode(`${header}\n${rows}`);
  const mapping = {
    requestDate: 'date',
    receivedDate: 'recv',
    status: 'status',
    requestType: 'type',
    direction: 'dir',
    partner: 'partner',
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t.database);
  });
  afterAll(() => t.close());

  it('draws the charts in the worker pool once per dataset version, with names escaped', async () => {
    const ctx = { db: t.database.db, actor: actorFor(owner), now: NOW };
    const out = await importNewDataset({
      ...ctx,
      name: 'Charts',
      preset: 'custom',
      mapping,
      bytes: file(
        `2025-01-05,2025-01-09,filled,loan,borrowing,"${PAYLOAD.replace(/"/g, '""')}"\n2025-01-07,,unfilled,copy,lending,B\n`,
      ),
    });
    if (out.kind !== 'stored') throw new Error(out.kind);
    const client = await clientFor(t, owner);
    const path = `/reports/datasets/${out.datasetId}`;
    const before = datasetAggregates.chartRenders;
    const html = await (await client.get(path)).text();
    expect(datasetAggregates.chartRenders).toBe(before + 1);
    expect(html.match(/<svg role="img"/g)).toHaveLength(6);
    expect(html).toContain('<title id="chart-balance-title">Borrowing and lending balance (chart)</title>');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(');
    // The second view renders nothing and computes nothing.
    const computed = datasetAggregates.measuresComputed;
    expect(await (await client.get(path)).text()).toBe(html);
    expect([datasetAggregates.chartRenders, datasetAggregates.measuresComputed]).toEqual([before + 1, computed]);
    // A new import is a new version: drawn again, with the new figures.
    await importIntoDataset({
      ...ctx,
      datasetId: out.datasetId,
      bytes: file('2025-02-01,2025-02-03,filled,loan,borrowing,C\n'),
    });
    const after = await (await client.get(path)).text();
    expect(datasetAggregates.chartRenders).toBe(before + 2);
    expect(after).toContain('2025-01 to 2025-02');
  });
});

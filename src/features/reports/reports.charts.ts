/**
 * Reports' charts as Vega-Lite specs, each with the title and the one-sentence description (key figures included)
 * a screen reader hears. Pure: no rendering here (reports.chart-task.ts renders them to SVG in a worker thread).
 *
 * Colours: text, axes and grid use `currentColor`, so they follow the page's text colour in light, dark and print;
 * the two series colours are mid tones with at least 3.8:1 contrast on both the light and the dark background.
 */
import type { Measures } from './reports.repository';

export const CHART_COLOURS = { first: '#2f7fc1', second: '#c8641a' } as const;

/** The worker task that renders a page's charts (reports.chart-task.ts, registered in src/worker.ts). */
export const CHARTS_TASK = 'reports.charts';

export interface RenderedChart {
  slug: string;
  title: string;
  desc: string;
  /** The chart's markup, safe to place in a page as is (reports.chart-task.ts). */
  svg: string;
}

export interface ChartSpec {
  /** The measure table it sits beside (same slug). */
  slug: string;
  title: string;
  desc: string;
  /** A Vega-Lite spec (plain JSON: it crosses to the worker thread). */
  spec: Record<string, unknown>;
}

const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: null,
  config: {
    aria: false,
    font: 'system-ui, sans-serif',
    view: { stroke: null },
    axis: {
      labelColor: 'currentColor',
      titleColor: 'currentColor',
      domainColor: 'currentColor',
      tickColor: 'currentColor',
      gridColor: 'currentColor',
      gridOpacity: 0.18,
      labelFontSize: 12,
      titleFontSize: 13,
      labelLimit: 160,
    },
    legend: { labelColor: 'currentColor', titleColor: 'currentColor', labelFontSize: 12, titleFontSize: 13 },
  },
};

const pct = (r: number | null) => (r === null ? 'no figure' : `${(r * 100).toFixed(1)}%`);
const dayText = (d: number | null) => (d === null ? 'no figure' : `${Number(d.toFixed(1))} days`);
const two = (a: string, b: string) => ({ domain: [a, b], range: [CHART_COLOURS.first, CHART_COLOURS.second] });
const list = (parts: string[]) =>
  parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join('; ')}; and ${parts.at(-1)}`;

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function volumeChart(m: Measures): ChartSpec | undefined {
  if (m.volume.length === 0) return undefined;
  const total = m.volume.reduce((s, r) => s + r.total, 0);
  const busiest = m.volume.reduce((a, b) => (b.total > a.total ? b : a));
  const first = m.volume[0]!.month;
  const last = m.volume.at(-1)!.month;
  return {
    slug: 'volume',
    title: 'Requests by month and type (chart)',
    desc:
      `Requests each month from ${first} to ${last}, loans and copies stacked: ${total} in all. ` +
      `The busiest month was ${busiest.month} with ${busiest.total} (${busiest.loan} loans, ${busiest.copy} copies).`,
    spec: {
      ...BASE,
      width: Math.max(160, Math.min(560, m.volume.length * 36)),
      height: 220,
      data: {
        values: m.volume.flatMap((r) => [
          { month: r.month, type: 'Loans', requests: r.loan },
          { month: r.month, type: 'Copies', requests: r.copy },
        ]),
      },
      mark: 'bar',
      encoding: {
        x: { field: 'month', type: 'ordinal', title: 'Month', axis: { labelAngle: -45 } },
        y: { field: 'requests', type: 'quantitative', title: 'Requests', axis: { tickMinStep: 1 } },
        color: { field: 'type', type: 'nominal', title: 'Type', scale: two('Loans', 'Copies') },
      },
    },
  };
}

function fillRateChart(m: Measures): ChartSpec | undefined {
  const rows = m.fillRate.filter((r) => r.rate !== null);
  if (rows.length === 0) return undefined;
  return {
    slug: 'fill-rate',
    title: 'Fill rate by direction (chart)',
    desc: `Fill rate: ${list(rows.map((r) => `${r.direction} ${pct(r.rate)} (${r.filled} filled of ${r.filled + r.unfilled})`))}.`,
    spec: {
      ...BASE,
      width: 320,
      height: rows.length * 40,
      data: { values: rows.map((r) => ({ direction: r.direction, rate: r.rate })) },
      mark: 'bar',
      encoding: {
        y: { field: 'direction', type: 'nominal', title: 'Direction' },
        x: {
          field: 'rate',
          type: 'quantitative',
          title: 'Fill rate',
          scale: { domain: [0, 1] },
          axis: { format: '.0%' },
        },
        color: { value: CHART_COLOURS.first },
      },
    },
  };
}

function turnaroundChart(m: Measures): ChartSpec | undefined {
  const rows = m.turnaround.filter((r) => r.median !== null);
  if (rows.length === 0) return undefined;
  return {
    slug: 'turnaround',
    title: 'Turnaround in days by type, median and 90th percentile (chart)',
    desc: `Days from request to receipt: ${list(
      rows.map(
        (r) =>
          `${r.requestType === 'copy' ? 'copies' : 'loans'} median ${dayText(r.median)}, 90th percentile ${dayText(r.p90)} (${r.received} received)`,
      ),
    )}.`,
    spec: {
      ...BASE,
      width: 320,
      height: rows.length * 56,
      data: {
        values: rows.flatMap((r) => [
          { type: r.requestType, figure: 'Median', days: r.median },
          { type: r.requestType, figure: '90th percentile', days: r.p90 },
        ]),
      },
      mark: 'bar',
      encoding: {
        y: { field: 'type', type: 'nominal', title: 'Type' },
        yOffset: { field: 'figure', sort: ['Median', '90th percentile'] },
        x: { field: 'days', type: 'quantitative', title: 'Days' },
        color: { field: 'figure', type: 'nominal', title: 'Figure', scale: two('Median', '90th percentile') },
      },
    },
  };
}

function balanceChart(m: Measures): ChartSpec | undefined {
  if (m.balance.length === 0) return undefined;
  const of = (d: string) => m.balance.find((r) => r.direction === d);
  const [b, l] = [of('borrowing'), of('lending')];
  const diff = (b?.requests ?? 0) - (l?.requests ?? 0);
  const verdict =
    diff === 0
      ? 'as many borrowing as lending requests'
      : diff > 0
        ? `${diff} more borrowing than lending requests`
        : `${-diff} more lending than borrowing requests`;
  return {
    slug: 'balance',
    title: 'Borrowing and lending balance (chart)',
    desc: `${capital(list(m.balance.map((r) => `${r.direction} ${r.requests} requests (${r.filled} filled)`)))}: ${verdict}.`,
    spec: {
      ...BASE,
      width: 320,
      height: m.balance.length * 56,
      data: {
        values: m.balance.flatMap((r) => [
          { direction: r.direction, figure: 'Requests', count: r.requests },
          { direction: r.direction, figure: 'Filled', count: r.filled },
        ]),
      },
      mark: 'bar',
      encoding: {
        y: { field: 'direction', type: 'nominal', title: 'Direction' },
        yOffset: { field: 'figure', sort: ['Requests', 'Filled'] },
        x: { field: 'count', type: 'quantitative', title: 'Requests', axis: { tickMinStep: 1 } },
        color: { field: 'figure', type: 'nominal', title: 'Figure', scale: two('Requests', 'Filled') },
      },
    },
  };
}

function partnersChart(m: Measures): ChartSpec | undefined {
  if (m.partners.length === 0) return undefined;
  return {
    slug: 'partners',
    title: 'Top partners by requests (chart)',
    desc: `Partners with the most requests: ${list(m.partners.map((r) => `${r.partner} ${r.requests} (${r.filled} filled)`))}.`,
    spec: {
      ...BASE,
      width: 320,
      height: m.partners.length * 26,
      data: { values: m.partners.map((r) => ({ partner: r.partner, requests: r.requests })) },
      mark: 'bar',
      encoding: {
        y: { field: 'partner', type: 'nominal', title: 'Partner', sort: '-x' },
        x: { field: 'requests', type: 'quantitative', title: 'Requests', axis: { tickMinStep: 1 } },
        color: { value: CHART_COLOURS.first },
      },
    },
  };
}

function unfilledReasonsChart(m: Measures): ChartSpec | undefined {
  if (m.unfilledReasons.length === 0) return undefined;
  const total = m.unfilledReasons.reduce((n, r) => n + r.requests, 0);
  return {
    slug: 'unfilled-reasons',
    title: 'Unfilled requests by reason (chart)',
    desc: `${total} unfilled requests: ${list(m.unfilledReasons.map((r) => `${r.reason} ${r.requests}`))}.`,
    spec: {
      ...BASE,
      width: 320,
      height: m.unfilledReasons.length * 26,
      data: { values: m.unfilledReasons.map((r) => ({ reason: r.reason, requests: r.requests })) },
      mark: 'bar',
      encoding: {
        y: { field: 'reason', type: 'nominal', title: 'Reason', sort: '-x' },
        x: { field: 'requests', type: 'quantitative', title: 'Requests', axis: { tickMinStep: 1 } },
        color: { value: CHART_COLOURS.second },
      },
    },
  };
}

/** The charts a dataset's measures have (a measure with nothing to draw has none: its table says so). */
export function chartSpecs(m: Measures): ChartSpec[] {
  return [
    volumeChart(m),
    fillRateChart(m),
    turnaroundChart(m),
    balanceChart(m),
    partnersChart(m),
    unfilledReasonsChart(m),
  ].filter((c): c is ChartSpec => c !== undefined);
}

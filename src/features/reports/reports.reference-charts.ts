/** The reference page's table and chart (a Vega-Lite spec drawn like the datasets' charts): pure. */
import { CHART_COLOURS, type ChartSpec } from './reports.charts';
import type { ReferenceStats } from './reports.peers.repository';
import type { MeasureTable } from './reports.tables';

export interface ReferenceGroup {
  label: string;
  stats: ReferenceStats;
}

const n = (v: number | undefined) => (v === undefined ? '—' : Number(v.toFixed(1)));

export function referenceTable(year: number, groups: ReferenceGroup[]): MeasureTable {
  return {
    slug: 'reference',
    caption: `Interlibrary loans per library, ${year}: quartiles`,
    about:
      'Loans provided to other libraries (LOANTO) and received from them (LOANFM) per library: first quartile, median and third quartile (interpolated).',
    columns: [
      'Libraries',
      'Count',
      'Loans to: first quartile',
      'Loans to: median',
      'Loans to: third quartile',
      'Loans from: first quartile',
      'Loans from: median',
      'Loans from: third quartile',
    ],
    rows: groups.map((g) => [
      g.label,
      g.stats.libraries,
      n(g.stats.loansTo?.q1),
      n(g.stats.loansTo?.median),
      n(g.stats.loansTo?.q3),
      n(g.stats.loansFrom?.q1),
      n(g.stats.loansFrom?.median),
      n(g.stats.loansFrom?.q3),
    ]),
  };
}

/** Medians as bars, the middle half (first to third quartile) as a line across each bar. */
export function referenceChart(year: number, groups: ReferenceGroup[]): ChartSpec | undefined {
  const values = groups.flatMap((g) =>
    (
      [
        ['Loans to other libraries', g.stats.loansTo],
        ['Loans from other libraries', g.stats.loansFrom],
      ] as const
    ).flatMap(([figure, q]) => (q ? [{ group: g.label, figure, median: q.median, q1: q.q1, q3: q.q3 }] : [])),
  );
  if (values.length === 0) return undefined;
  const desc = `Median interlibrary loans per library in ${year}, with the middle half: ${groups
    .map(
      (g) =>
        `${g.label} (${g.stats.libraries} libraries): loans to ${n(g.stats.loansTo?.median)}, loans from ${n(g.stats.loansFrom?.median)}`,
    )
    .join('; ')}.`;
  const encoding = {
    y: { field: 'group', type: 'nominal', title: null, sort: null },
    yOffset: { field: 'figure', sort: ['Loans to other libraries', 'Loans from other libraries'] },
  };
  return {
    slug: 'reference',
    title: `Interlibrary loans per library, ${year}: medians and middle half (chart)`,
    desc,
    spec: {
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
        legend: {
          labelColor: 'currentColor',
          titleColor: 'currentColor',
          labelFontSize: 12,
          titleFontSize: 13,
          orient: 'bottom',
          direction: 'vertical',
        },
      },
      width: 240,
      height: groups.length * 56,
      data: { values },
      layer: [
        {
          mark: 'bar',
          encoding: {
            ...encoding,
            x: { field: 'median', type: 'quantitative', title: 'Loans per library' },
            color: {
              field: 'figure',
              type: 'nominal',
              title: 'Median',
              scale: {
                domain: ['Loans to other libraries', 'Loans from other libraries'],
                range: [CHART_COLOURS.first, CHART_COLOURS.second],
              },
            },
          },
        },
        {
          mark: { type: 'rule', color: 'currentColor', strokeWidth: 2 },
          encoding: { ...encoding, x: { field: 'q1', type: 'quantitative' }, x2: { field: 'q3' } },
        },
      ],
    },
  };
}

/**
 * Rendering reports' charts to SVG on the server: Vega-Lite compiled to Vega, drawn with `renderer: 'none'` and
 * `toSVG()` (no canvas, no browser, no JavaScript on the page). About 20 ms a chart, so it runs in the shared
 * worker pool (registered in src/worker.ts) and the result is cached per dataset version (reports.cache.ts).
 *
 * The libraries are loaded on a thread's first chart. Vega escapes the text it draws (axis labels hold partner names); the title and description added here are
 * escaped too. The root gets `role="img"` and is named and described by its `<title>` and `<desc>`.
 */
import type { TopLevelSpec } from 'vega-lite';
import { escapeHtml } from '../../platform/ui/html-string';
import type { ChartSpec, RenderedChart } from './reports.charts';

export { CHARTS_TASK } from './reports.charts';

/** The accessible root: role, name and description first, then what Vega drew. */
export function accessibleSvg(svg: string, chart: Pick<ChartSpec, 'slug' | 'title' | 'desc'>): string {
  const id = `chart-${chart.slug.replace(/[^a-z0-9-]/g, '')}`;
  const open = svg.indexOf('>');
  if (!svg.startsWith('<svg ') || open < 0) throw new Error('vega did not return an SVG document');
  // The image is one thing to assistive technology: Vega's roles and labels on marks inside are removed (a
  // "graphics-symbol" with no name fails axe). Vega writes attribute values escaped, so `"` never occurs in one.
  const strip = (markup: string) => markup.replace(/\s(?:role|aria-roledescription|aria-label)="[^"]*"/g, '');
  return (
    `<svg role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc" focusable="false" ${strip(svg.slice(5, open))}>` +
    `<title id="${id}-title">${escapeHtml(chart.title)}</title><desc id="${id}-desc">${escapeHtml(chart.desc)}</desc>` +
    strip(svg.slice(open + 1))
  );
}

/** Loaded on a thread's first chart, not by every worker thread (they serve other tasks too). */
const libraries = () => Promise.all([import('vega'), import('vega-lite')]);

export async function renderChart(chart: ChartSpec): Promise<RenderedChart> {
  const [vega, { compile }] = await libraries();
  const view = new vega.View(vega.parse(compile(chart.spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return { slug: chart.slug, title: chart.title, desc: chart.desc, svg: accessibleSvg(svg, chart) };
  } finally {
    view.finalize();
  }
}

/** The worker task: every chart of a dataset page, one after the other. */
export async function renderCharts(charts: ChartSpec[]): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const chart of charts) out.push(await renderChart(chart));
  return out;
}

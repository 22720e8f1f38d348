import type { ColdStartResult } from './cold-start';
import type { CorpusInfo } from './corpus';
import type { PageFigures } from './page';
import type { Memory } from './processes';
import type { DirectSearchLatency, SearchLatency } from './search-bench';
import type { ThroughputResult } from './throughput';

export interface Target {
  op: '<=' | '>=';
  value: number;
}

export interface Row {
  section: string;
  metric: string;
  value: number | string;
  unit: string;
  target?: Target;
  /** PASS/MISS against the target; INFO for figures without one. */
  result: 'PASS' | 'MISS' | 'INFO';
  note?: string;
}

export interface Results {
  corpus: CorpusInfo;
  /** The hub's start command. */
  hub: string;
  coldStart?: ColdStartResult;
  throughput?: ThroughputResult;
  searchHttp?: SearchLatency;
  searchDirect?: DirectSearchLatency;
  memory?: Memory & { startMiB: number };
  page?: PageFigures;
}

function row(
  section: string,
  metric: string,
  value: number | string,
  unit: string,
  target?: Target,
  note?: string,
): Row {
  const result =
    target && typeof value === 'number'
      ? (target.op === '<=' ? value <= target.value : value >= target.value)
        ? 'PASS'
        : 'MISS'
      : 'INFO';
  return { section, metric, value, unit, ...(target ? { target } : {}), result, ...(note ? { note } : {}) };
}

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The figures the Foundation issue asks for, each with its target. */
export function rows(r: Results): Row[] {
  const out: Row[] = [];
  const c = r.coldStart;
  if (c) {
    out.push(
      row(
        'cold start',
        `spawn → /healthz 200, median of ${c.startsMs.length}`,
        round(c.medianMs),
        'ms',
        { op: '<=', value: 2000 },
        `starts: ${c.startsMs.map((s) => round(s)).join(', ')} ms; ${r.hub}`,
      ),
    );
    out.push(
      row(
        'cold start',
        'CPU time used by then (median)',
        round(c.medianCpuMs),
        'ms',
        undefined,
        'all threads; on a busy machine the wall time above is longer',
      ),
    );
    if (c.breakdown) {
      const b = c.breakdown;
      out.push(
        row(
          'cold start',
          'breakdown of one more start',
          round(b.totalMs),
          'ms',
          undefined,
          `modules ${round(b.modulesMs)} ms (Node, loader, imports), database ${round(b.databaseMs)} ms (PGlite open + migrations check), rest ${round(b.restMs)} ms (starter content check, listen)`,
        ),
      );
    }
  }
  const t = r.throughput;
  if (t) {
    out.push(
      row(
        'throughput',
        `hub, anonymous article page`,
        round(t.hub.reqPerSec),
        'req/s',
        undefined,
        `p50 ${t.hub.p50Ms} ms, p99 ${t.hub.p99Ms} ms; errors ${t.hub.errors}, non-2xx ${t.hub.non2xx}`,
      ),
    );
    out.push(
      row(
        'throughput',
        'fixed-string Node server, same bytes',
        round(t.ceiling.reqPerSec),
        'req/s',
        undefined,
        `p50 ${t.ceiling.p50Ms} ms, p99 ${t.ceiling.p99Ms} ms`,
      ),
    );
    out.push(row('throughput', 'hub ÷ ceiling', round(t.ratio * 100, 1), '%', { op: '>=', value: 70 }));
    out.push(row('throughput', 'hub p99 latency', t.hub.p99Ms, 'ms', undefined, `ceiling p99 ${t.ceiling.p99Ms} ms`));
    if (t.distinct) {
      out.push(
        row(
          'throughput',
          `hub, ${t.distinctUrls} different article pages`,
          round(t.distinct.reqPerSec),
          'req/s',
          undefined,
          `p50 ${t.distinct.p50Ms} ms, p99 ${t.distinct.p99Ms} ms; errors ${t.distinct.errors}, non-2xx ${t.distinct.non2xx}`,
        ),
      );
    }
  }
  for (const [name, s] of [
    ['GET /search (HTTP)', r.searchHttp],
    ['search() in process, repeated (cached)', r.searchDirect?.cached],
    ['search() in process, never asked before', r.searchDirect?.uncached],
    ['suggestions in process, never asked before', r.searchDirect?.suggest],
  ] as const) {
    if (!s) continue;
    const slowest = [...s.queries].sort((a, b) => b.medianMs - a.medianMs)[0];
    const suggestions = name.startsWith('suggestions');
    out.push(row('search', `${name} p50`, round(s.overall.p50, 1), 'ms'));
    out.push(row('search', `${name} p95`, round(s.overall.p95, 1), 'ms', { op: '<=', value: suggestions ? 20 : 50 }));
    out.push(
      row(
        'search',
        `${name} p99`,
        round(s.overall.p99, 1),
        'ms',
        suggestions ? undefined : { op: '<=', value: 100 },
        slowest
          ? `slowest: ${slowest.label} (median ${round(slowest.medianMs, 1)} ms); ${s.overall.samples} samples`
          : undefined,
      ),
    );
    if ('mean' in s.cpu) out.push(row('search', `${name}: hub CPU per request (mean)`, round(s.cpu.mean, 1), 'ms'));
    else
      out.push(
        row(
          'search',
          `${name}: CPU time p50 / p95`,
          `${round(s.cpu.p50, 1)} / ${round(s.cpu.p95, 1)}`,
          'ms',
          undefined,
          'CPU used by each call; wall time exceeds it when the machine is busy',
        ),
      );
  }
  if (r.memory) {
    out.push(
      row(
        'memory',
        'hub RSS after the load (VmRSS)',
        round(r.memory.rssMiB, 1),
        'MiB',
        { op: '<=', value: 300 },
        `right after start ${round(r.memory.startMiB, 1)} MiB, peak (VmHWM) ${round(r.memory.peakMiB, 1)} MiB`,
      ),
    );
  }
  const p = r.page;
  if (p) {
    out.push(
      row(
        'page',
        'article page HTML',
        round(p.htmlBytes / 1024, 1),
        'KiB',
        { op: '<=', value: 30 },
        `${p.path}; sent ${p.sentEncoding} ${round(p.sentBytes / 1024, 1)} KiB`,
      ),
    );
    out.push(
      row(
        'page',
        '<script> tags on the article page',
        p.scriptTags,
        '',
        { op: '<=', value: 0 },
        `${p.mainTextChars} characters of text in <main> without JavaScript`,
      ),
    );
    out.push(row('page', 'anonymous caching headers', p.etag ? `ETag + ${p.cacheControl}` : 'no ETag', ''));
  }
  return out;
}

function formatValue(r: Row): string {
  const v = typeof r.value === 'number' ? r.value.toLocaleString('en-US') : r.value;
  return r.unit ? `${v} ${r.unit}` : v;
}

function formatTarget(r: Row): string {
  return r.target
    ? `${r.target.op === '<=' ? '≤' : '≥'} ${r.target.value.toLocaleString('en-US')} ${r.unit}`.trim()
    : '';
}

/** A plain-text table for people. */
export function table(r: Results, extra: string[], figures: Row[] = rows(r)): string {
  const all = figures;
  const cells = all.map((x) => [
    x.section,
    x.metric,
    formatValue(x),
    formatTarget(x),
    x.result === 'INFO' ? '' : x.result,
  ]);
  const header = ['section', 'figure', 'value', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((s, i) => s.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const lines = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const [i, c] of cells.entries()) {
    lines.push(line(c));
    const note = all[i]!.note;
    if (note) lines.push(`${' '.repeat(widths[0]! + 2)}  ${note}`);
  }
  return [...extra, '', ...lines].join('\n');
}

export function searchTable(s: SearchLatency, title: string): string {
  const width = Math.max(...s.queries.map((q) => q.label.length));
  const lines = [title, `${'query'.padEnd(width)}  median ms  max ms  matches`];
  for (const q of s.queries) {
    const matches =
      q.total === undefined ? '' : `${q.total}${q.correctedFrom ? ` (as “${q.correctedFrom}” → corrected)` : ''}`;
    lines.push(
      `${q.label.padEnd(width)}  ${q.medianMs.toFixed(1).padStart(9)}  ${q.maxMs.toFixed(1).padStart(6)}  ${matches}`,
    );
  }
  return lines.join('\n');
}

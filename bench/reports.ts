// Reports (issue 14): a 100,000-row ILL export uploaded through the real form
// to a hub started as `npm start` runs it, and the dataset's page with its charts.
// Targets: the import in ≤ 15 s with the hub's resident memory growing ≤ 100 MiB
// (sampled from /proc every 10 ms, against the hub at rest just before); the
// report page (6 charts and their tables over those rows) p95 ≤ 300 ms.
// Run alone with `npx tsx bench/reports.ts [--rows 100000] [--pages 60] [--hub tsx|dist] [--json]`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { users } from '../src/db-schema';
import { createSession, SESSION_COOKIE } from '../src/platform/auth/sessions';
import { openDatabase } from '../src/platform/db/open';
import { type Child, cpuMsOf, HUB_COMMANDS, memoryOf, spawnHub, waitForOk } from './processes';
import type { Row } from './report';

export const IMPORT_SECONDS_TARGET = 15;
export const IMPORT_GROWTH_MIB_TARGET = 100;
export const REPORT_PAGE_P95_TARGET_MS = 300;

export interface ReportsBenchOptions {
  rows?: number;
  /** Report page requests measured (after one that renders and caches the charts). */
  pages?: number;
  hub?: keyof typeof HUB_COMMANDS;
  log?: (line: string) => void;
}

export interface ReportsBenchResult {
  rows: number;
  fileMiB: number;
  importSeconds: number;
  importCpuSeconds: number;
  restMiB: number;
  peakMiB: number;
  growthMiB: number;
  stored: number;
  charts: number;
  firstPageMs: number;
  pageP50Ms: number;
  pageP95Ms: number;
  pageP99Ms: number;
}

const PARTNERS = [
  'Riverside University Library',
  'Lakeside College',
  'State Library Lending Service',
  'Hill County Public Library',
  'Northern Medical Library',
  'Coastal Research Library',
  'Prairie Consortium Hub',
  'Old Town Historical Society',
];
const STATUSES = [
  'Request Finished',
  'Request Finished',
  'Request Finished',
  'Delivered to Web',
  'Checked Out to Customer',
  'Cancelled by ILL Staff',
  'Cancelled by Customer',
  'Request Sent',
];
const REASONS = ['Not owned', 'In use', 'Non-circulating', 'Lost'];

/** A deterministic pseudo-random sequence (mulberry32), so every run reads the same file. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An ILLiad-shaped export of `rows` requests over 2025, with its messiness: patron columns (dropped before
 * storing), two date formats, quoted fields holding commas and newlines.
 */
export function illiadExport(rows: number): string {
  const next = random(14);
  const lines = [
    'TransactionNumber,Username,RequestType,TransactionStatus,CreationDate,ReceiveDate,ProcessType,LendingLibrary,ReasonForCancellation,IFMCost,SpecIns',
  ];
  const day0 = Date.UTC(2025, 0, 1);
  for (let i = 0; i < rows; i++) {
    const created = new Date(day0 + Math.floor(next() * 360) * 86_400_000);
    const status = STATUSES[Math.floor(next() * STATUSES.length)]!;
    const done = !status.startsWith('Cancelled') && status !== 'Request Sent';
    const received = done ? new Date(created.getTime() + (1 + Math.floor(next() * 20)) * 86_400_000) : undefined;
    const us = (d: Date) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const fmt = i % 3 === 0 ? iso : us;
    lines.push(
      [
        100000 + i,
        `patron${i % 5000}`,
        next() < 0.6 ? 'Loan' : 'Article',
        status,
        `${fmt(created)} ${9 + (i % 8)}:${String(i % 60).padStart(2, '0')}`,
        received ? fmt(received) : '',
        next() < 0.7 ? 'Borrowing' : 'Lending',
        `"${PARTNERS[Math.floor(next() * PARTNERS.length)]}"`,
        status === 'Cancelled by ILL Staff' ? REASONS[i % REASONS.length] : '',
        next() < 0.2 ? (5 + (i % 30)).toFixed(2) : '0',
        i % 50 === 0 ? '"Please send PDF,\nnot paper"' : '',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** A data directory with one member and a session for them (no starter content: the hub starts with SEED_CONTENT off). */
async function prepare(dataDir: string): Promise<string> {
  const database = await openDatabase({ dataDir, databaseUrl: undefined });
  try {
    const [member] = await database.db
      .insert(users)
      .values({
        email: 'reports@bench.test',
        username: 'reports',
        displayName: 'Reports Bench',
        passwordHash: 'not used',
        role: 'member',
      })
      .returning({ id: users.id });
    const { token } = await createSession(database.db, member!.id, new Date());
    return token;
  } finally {
    await database.close();
  }
}

export async function runReportsBench(options: ReportsBenchOptions = {}): Promise<ReportsBenchResult> {
  const rows = options.rows ?? 100_000;
  const pages = options.pages ?? 60;
  const say = options.log ?? ((m: string) => process.stderr.write(`[bench:reports] ${m}\n`));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-reports-bench-'));
  let hub: Child | undefined;
  try {
    const token = await prepare(dataDir);
    const csv = Buffer.from(illiadExport(rows));
    say(`${rows.toLocaleString('en')} rows, ${(csv.length / 1024 / 1024).toFixed(1)} MiB of CSV`);
    const previous = process.env.SEED_CONTENT;
    process.env.SEED_CONTENT = 'false';
    hub = await spawnHub({ dataDir, args: HUB_COMMANDS[options.hub ?? 'dist'] });
    if (previous === undefined) delete process.env.SEED_CONTENT;
    else process.env.SEED_CONTENT = previous;
    await waitForOk(hub, '/healthz');
    const cookie = `${SESSION_COOKIE}=${token}`;
    const headers = { cookie, origin: hub.url, 'sec-fetch-site': 'same-origin' };
    const index = await (await fetch(`${hub.url}/reports/datasets/new`, { headers })).text();
    if (!index.includes('action="/sign-out"')) throw new Error('the bench session is not signed in');
    // The form's hidden field, as a browser sends it.
    const csrf = index.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    // At rest: started, a page served, the collector given time.
    await new Promise((r) => setTimeout(r, 1500));
    const rest = memoryOf(hub.pid).rssMiB;
    let peak = rest;
    const sampler = setInterval(() => {
      peak = Math.max(peak, memoryOf(hub!.pid).rssMiB);
    }, 10);
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('name', 'Bench borrowing and lending, 2025');
    form.set('preset', 'illiad');
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'illiad-2025.csv');
    say('uploading through POST /reports/datasets/new');
    const cpu0 = cpuMsOf(hub.pid);
    const t0 = performance.now();
    const res = await fetch(`${hub.url}/reports/datasets/new`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': csrf },
      body: form,
      redirect: 'manual',
    });
    const importSeconds = (performance.now() - t0) / 1000;
    const importCpuSeconds = (cpuMsOf(hub.pid) - cpu0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, memoryOf(hub.pid).rssMiB);
    const location = res.headers.get('location') ?? '';
    if (res.status !== 303 || !/\/reports\/datasets\/\d+/.test(location))
      throw new Error(`the upload was not stored: ${res.status}\n${(await res.text()).slice(0, 2000)}`);
    const stored = Number(location.match(/stored-(\d+)/)?.[1] ?? Number.NaN);
    say(`imported in ${importSeconds.toFixed(1)} s; resident ${rest.toFixed(0)} → peak ${peak.toFixed(0)} MiB`);
    const pagePath = location.split('?')[0]!;
    const first = performance.now();
    const page = await (await fetch(`${hub.url}${pagePath}`, { headers })).text();
    const firstPageMs = performance.now() - first;
    const charts = (page.match(/<svg[^>]*role="img"/g) ?? []).length;
    say(`report page ${pagePath}: ${charts} charts, first view ${firstPageMs.toFixed(0)} ms; ${pages} more`);
    const times: number[] = [];
    for (let i = 0; i < pages; i++) {
      const s = performance.now();
      const r = await fetch(`${hub.url}${pagePath}`, { headers });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`${pagePath} answered ${r.status}`);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    return {
      rows,
      fileMiB: csv.length / 1024 / 1024,
      importSeconds,
      importCpuSeconds,
      restMiB: rest,
      peakMiB: peak,
      growthMiB: peak - rest,
      stored,
      charts,
      firstPageMs,
      pageP50Ms: percentile(times, 50),
      pageP95Ms: percentile(times, 95),
      pageP99Ms: percentile(times, 99),
    };
  } finally {
    await hub?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;
const verdict = (ok: boolean) => (ok ? ('PASS' as const) : ('MISS' as const));

export function reportsRows(r: ReportsBenchResult): Row[] {
  return [
    {
      section: 'reports',
      metric: `import of a ${r.rows.toLocaleString('en')}-row CSV (${round(r.fileMiB, 1)} MiB) through the upload form`,
      value: round(r.importSeconds, 2),
      unit: 's',
      target: { op: '<=', value: IMPORT_SECONDS_TARGET },
      result: verdict(r.importSeconds <= IMPORT_SECONDS_TARGET && r.stored === r.rows),
      note: `${r.stored.toLocaleString('en')} rows stored; hub CPU ${round(r.importCpuSeconds, 1)} s`,
    },
    {
      section: 'reports',
      metric: 'hub resident memory growth during the import',
      value: round(r.growthMiB),
      unit: 'MiB',
      target: { op: '<=', value: IMPORT_GROWTH_MIB_TARGET },
      result: verdict(r.growthMiB <= IMPORT_GROWTH_MIB_TARGET),
      note: `at rest ${round(r.restMiB)} MiB, peak ${round(r.peakMiB)} MiB`,
    },
    {
      section: 'reports',
      metric: `report page with ${r.charts} charts over those rows, p95`,
      value: round(r.pageP95Ms, 1),
      unit: 'ms',
      target: { op: '<=', value: REPORT_PAGE_P95_TARGET_MS },
      result: verdict(r.pageP95Ms <= REPORT_PAGE_P95_TARGET_MS && r.charts >= 5),
      note: `first view (charts rendered) ${round(r.firstPageMs)} ms; p50 ${round(r.pageP50Ms, 1)} ms, p99 ${round(r.pageP99Ms, 1)} ms`,
    },
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      pages: { type: 'string' },
      hub: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const result = await runReportsBench({
    rows: values.rows ? Number(values.rows) : undefined,
    pages: values.pages ? Number(values.pages) : undefined,
    hub: (values.hub as keyof typeof HUB_COMMANDS | undefined) ?? 'tsx',
  });
  if (values.json) console.log(JSON.stringify({ reports: result, rows: reportsRows(result) }, null, 2));
  else
    for (const row of reportsRows(result))
      console.log(`${row.result} ${row.metric}: ${row.value} ${row.unit} (${row.note ?? ''})`);
}

if (import.meta.url === `file://${process.argv[1]}`)
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });

// The first start on an empty data directory (the database is created and the
// starter content loaded) and restarts on the directory it leaves: time to
// /healthz, and resident memory read from /proc/<pid>/status: the peak
// (VmHWM) and what the process holds (VmRSS) when /healthz first answers and
// after its background work has started and it has served a few pages.
// Section `first-start` of `npm run bench`; alone:
//   npx tsx bench/first-start.ts [--restarts 3] [--hub dist|tsx] [--json]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BACKGROUND_START_DELAY_MS } from '../src/hub';
import { median } from './cold-start';
import { type Child, cpuMsOf, HUB_COMMANDS, memoryOf, spawnHub, waitForOk } from './processes';
import type { Row } from './report';

export const FIRST_START_TARGETS = { firstStartMs: 20_000, restartMs: 2000, peakMiB: 400, afterLoadMiB: 300 } as const;

export interface StartFigures {
  /** Spawn → first 200 from /healthz. */
  ms: number;
  cpuMs: number;
  /** When /healthz first answered. */
  atHealthz: { rssMiB: number; peakMiB: number };
  /** After the background work started and a few pages were served: the figure the targets apply to. */
  afterLoad: { rssMiB: number; peakMiB: number };
}

export interface FirstStartResult {
  first: StartFigures;
  restarts: StartFigures[];
  pages: string[];
}

/** A few pages a visitor opens first (the article is the first one the article list links to). */
async function servePages(hub: Child): Promise<string[]> {
  const list = await (await fetch(`${hub.url}/articles`)).text();
  const article = list.match(/href="(\/articles\/[a-z0-9-]+)"/)?.[1];
  const pages = ['/', '/articles', ...(article ? [article] : []), '/search?q=interlibrary+loan', '/glossary', '/forum'];
  for (let round = 0; round < 3; round++) {
    for (const page of pages) await (await fetch(`${hub.url}${page}`)).arrayBuffer();
  }
  return pages;
}

async function timedStart(
  dataDir: string,
  args: readonly string[],
): Promise<{ figures: StartFigures; pages: string[] }> {
  const started = performance.now();
  const hub = await spawnHub({ dataDir, args });
  try {
    await waitForOk(hub, '/healthz');
    const ms = performance.now() - started;
    const cpuMs = cpuMsOf(hub.pid);
    const atHealthz = memoryOf(hub.pid);
    await new Promise((r) => setTimeout(r, BACKGROUND_START_DELAY_MS + 1000));
    const pages = await servePages(hub);
    return { figures: { ms, cpuMs, atHealthz, afterLoad: memoryOf(hub.pid) }, pages };
  } finally {
    await hub.stop();
  }
}

export async function runFirstStartBench(
  options: { hub?: keyof typeof HUB_COMMANDS; restarts?: number; log?: (m: string) => void } = {},
): Promise<FirstStartResult> {
  const say = options.log ?? ((m: string) => process.stderr.write(`[bench:first-start] ${m}\n`));
  const args = HUB_COMMANDS[options.hub ?? 'dist'];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-first-start-'));
  const describe = (f: StartFigures) =>
    `${Math.round(f.ms)} ms (${f.cpuMs} ms CPU); peak ${Math.round(f.afterLoad.peakMiB)} MiB, ${Math.round(f.atHealthz.rssMiB)} MiB at /healthz, ${Math.round(f.afterLoad.rssMiB)} MiB after a few pages`;
  try {
    const first = await timedStart(dataDir, args);
    say(`first start on an empty data directory: ${describe(first.figures)}`);
    const restarts: StartFigures[] = [];
    for (let i = 0; i < (options.restarts ?? 3); i++) {
      const restart = await timedStart(dataDir, args);
      restarts.push(restart.figures);
      say(`restart ${i + 1}: ${describe(restart.figures)}`);
    }
    return { first: first.figures, restarts, pages: first.pages };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const r0 = (n: number) => Math.round(n);

function row(metric: string, value: number, unit: string, target: number, note: string): Row {
  return {
    section: 'first start',
    metric,
    value: r0(value),
    unit,
    target: { op: '<=', value: target },
    result: value <= target ? 'PASS' : 'MISS',
    note,
  };
}

/** The bench table's rows for this section. */
export function firstStartRows(r: FirstStartResult): Row[] {
  const t = FIRST_START_TARGETS;
  const f = r.first;
  const restartMs = median(r.restarts.map((s) => s.ms));
  const restartPeak = Math.max(...r.restarts.map((s) => s.afterLoad.peakMiB));
  const restartRss = Math.max(...r.restarts.map((s) => s.afterLoad.rssMiB));
  const pages = `after ${r.pages.join(', ')} (×3) and the background start`;
  return [
    row(
      'first start on an empty data directory: spawn → /healthz 200',
      f.ms,
      'ms',
      t.firstStartMs,
      `${f.cpuMs} ms CPU by then`,
    ),
    row(
      'first start: peak resident memory (VmHWM)',
      f.afterLoad.peakMiB,
      'MiB',
      t.peakMiB,
      `${r0(f.atHealthz.peakMiB)} MiB when /healthz first answered`,
    ),
    row(
      'first start: resident memory after load (VmRSS)',
      f.afterLoad.rssMiB,
      'MiB',
      t.afterLoadMiB,
      `${pages}; ${r0(f.atHealthz.rssMiB)} MiB at /healthz`,
    ),
    row(
      `restart on that directory: spawn → /healthz 200, median of ${r.restarts.length}`,
      restartMs,
      'ms',
      t.restartMs,
      `starts: ${r.restarts.map((s) => r0(s.ms)).join(', ')} ms`,
    ),
    row(
      'restart: peak resident memory (VmHWM), highest',
      restartPeak,
      'MiB',
      t.peakMiB,
      `each: ${r.restarts.map((s) => r0(s.afterLoad.peakMiB)).join(', ')} MiB`,
    ),
    row(
      'restart: resident memory after load (VmRSS), highest',
      restartRss,
      'MiB',
      t.afterLoadMiB,
      `each: ${r.restarts.map((s) => r0(s.afterLoad.rssMiB)).join(', ')} MiB; at /healthz ${r.restarts.map((s) => r0(s.atHealthz.rssMiB)).join(', ')} MiB`,
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { restarts: { type: 'string' }, hub: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const hubKind = values.hub === 'tsx' ? 'tsx' : 'dist';
  if (hubKind === 'dist') spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: ['ignore', 2, 2] });
  const result = await runFirstStartBench({ restarts: values.restarts ? Number(values.restarts) : 3, hub: hubKind });
  process.stdout.write(
    values.json
      ? `${JSON.stringify(result)}\n`
      : `${JSON.stringify({ ...result, rows: firstStartRows(result) }, null, 2)}\n`,
  );
}

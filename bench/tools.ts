// The standards tools (issue 15): checking a typical ISO 18626 message against the 1.2 schema (libxml2-wasm, as
// the pool's task runs it) and for meaning, and inspecting an OpenURL. Targets: p95 ≤ 20 ms and ≤ 5 ms.
// The messages and OpenURLs are the fixtures written by others (test/fixtures, see SOURCES.md).
// Run alone with `npx tsx bench/tools.ts [--repeats N] [--json]`.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { inspectOpenUrl } from '../src/features/tools';
import { validateAgainstSchema } from '../src/features/tools/iso18626/validate-task';
import { checkMeaning } from '../src/features/tools/iso18626/semantics';
import { type Percentiles, percentile } from './search-bench';

export const ISO18626_P95_TARGET_MS = 20;
export const OPENURL_P95_TARGET_MS = 5;

export interface ToolsBenchResult {
  iso18626: Percentiles;
  openurl: Percentiles;
  messages: number;
  openurls: number;
}

const FIXTURES = path.resolve(import.meta.dirname, '../test/fixtures');

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    samples: sorted.length,
  };
}

async function timed(times: number[], run: () => unknown): Promise<void> {
  const started = performance.now();
  await run();
  times.push(performance.now() - started);
}

export async function runToolsBench(options: { repeats?: number } = {}): Promise<ToolsBenchResult> {
  const repeats = options.repeats ?? 200;
  const read = (dir: string, ext: string) =>
    fs
      .readdirSync(path.join(FIXTURES, dir))
      .filter((f) => f.endsWith(ext))
      .map((f) => fs.readFileSync(path.join(FIXTURES, dir, f), 'utf8'));
  const messages = read('iso18626', '.xml');
  const openurls = read('openurl', '.openurl').map((s) => s.trim());
  // Warm up once: the first call compiles the validator.
  for (const m of messages) await validateAgainstSchema(m);
  const iso: number[] = [];
  const inspect: number[] = [];
  const now = new Date();
  for (let i = 0; i < repeats; i++) {
    for (const m of messages)
      await timed(iso, async () => {
        const xsd = await validateAgainstSchema(m);
        if (xsd.valid) checkMeaning(m);
      });
    for (const u of openurls) await timed(inspect, () => inspectOpenUrl(u, now));
  }
  return {
    iso18626: percentiles(iso),
    openurl: percentiles(inspect),
    messages: messages.length,
    openurls: openurls.length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { repeats: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const r = await runToolsBench(values.repeats ? { repeats: Number(values.repeats) } : {});
  if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    const line = (name: string, p: Percentiles, target: number) =>
      `${name}: p50 ${p.p50.toFixed(2)} ms, p95 ${p.p95.toFixed(2)} ms (target ≤ ${target} ms: ${p.p95 <= target ? 'PASS' : 'MISS'}), ${p.samples} samples`;
    process.stdout.write(`${line('ISO 18626 schema and meaning check', r.iso18626, ISO18626_P95_TARGET_MS)}\n`);
    process.stdout.write(`${line('OpenURL inspection', r.openurl, OPENURL_P95_TARGET_MS)}\n`);
  }
}

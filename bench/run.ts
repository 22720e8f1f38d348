// npm run bench -- [--articles 20000] [--duration 10] [--json] [--rebuild] …  (see bench/args.ts)
// Measures what the Foundation issue asks of ILL Commons at scale: cold start,
// throughput against a fixed-string ceiling, search latency, memory and page
// weight, each against its target. Progress goes to stderr; stdout carries the
// table, or one JSON object with --json.
import fs from 'node:fs/promises';
import os from 'node:os';
import { type BenchOptions, parseOptions } from './args';
import { measureColdStart } from './cold-start';
import { copyCorpus, ensureCorpus, ROOT } from './corpus';
import { log, thousands } from './log';
import { measurePage } from './page';
import { spawnSync } from 'node:child_process';
import { type Child, HUB_COMMANDS, memoryOf, spawnHub, waitForOk } from './processes';
import { type Results, rows, searchTable, table } from './report';
import { measureSearchDirect, measureSearchHttp } from './search-bench';
import { measureThroughput } from './throughput';

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function bench(options: BenchOptions): Promise<Results> {
  await fs.mkdir(options.workDir, { recursive: true });
  const corpus = await ensureCorpus(options.workDir, options.articles, options.writePath, options.rebuild);
  const args = HUB_COMMANDS[options.hub];
  if (options.hub === 'dist') {
    log('building dist/main.js (node scripts/build-server.mjs)');
    const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (built.status !== 0) throw new Error('scripts/build-server.mjs failed');
  }
  const results: Results = { corpus, hub: `node ${args.join(' ')}` };
  const runDir = await copyCorpus(corpus, options.workDir);
  const on = (section: string) => !options.skip.has(section);
  let hub: Child | undefined;
  try {
    if (on('cold-start')) results.coldStart = await measureColdStart(runDir, options.starts, args);
    const needHub = on('throughput') || on('search') || on('memory') || on('page');
    if (needHub) {
      hub = await spawnHub({ dataDir: runDir, args });
      await waitForOk(hub, '/healthz');
      const idle = memoryOf(hub.pid);
      const slug = corpus.slugs[Math.floor(corpus.slugs.length / 2)];
      if (!slug) throw new Error('the corpus has no articles');
      const pagePath = `/articles/${slug}`;
      if (on('page')) results.page = await measurePage(hub.url, pagePath);
      if (on('throughput')) {
        results.throughput = await measureThroughput({
          hub,
          pagePath,
          distinctPaths: shuffled(corpus.slugs, 7).map((s) => `/articles/${s}`),
          connections: options.connections,
          duration: options.duration,
          workDir: options.workDir,
        });
      }
      if (on('search')) results.searchHttp = await measureSearchHttp(hub, options.searchRepeats);
      if (on('memory')) results.memory = { ...memoryOf(hub.pid), startMiB: idle.rssMiB };
      await hub.stop();
      hub = undefined;
    }
    if (on('search')) results.searchDirect = await measureSearchDirect(runDir, options.searchRepeats);
  } finally {
    await hub?.stop();
    await fs.rm(runDir, { recursive: true, force: true });
  }
  return results;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const results = await bench(options);
  const c = results.corpus;
  const meta = {
    hub: results.hub,
    articles: c.articles,
    revisions: c.revisions,
    writePath: c.writePath,
    corpusMiB: Math.round(c.bytes / 1048576),
    corpusCached: c.cached,
    corpusBuildSeconds: c.buildSeconds,
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    loadAverageAtStart: Math.round(loadAtStart * 100) / 100,
    connections: options.connections,
    durationSeconds: options.duration,
    benchSeconds: Math.round((performance.now() - started) / 1000),
  };
  log(`done in ${meta.benchSeconds} s`);
  const figures = rows(results);
  if (options.json) {
    const { slugs: _slugs, ...corpus } = results.corpus;
    process.stdout.write(`${JSON.stringify({ meta, figures, details: { ...results, corpus } })}\n`);
    return;
  }
  const heading = [
    `ILL Commons bench: ${thousands(c.articles)} articles, ${thousands(c.revisions)} revisions (${c.writePath} write path, ${meta.corpusMiB} MiB${c.cached ? ', cached corpus' : `, built in ${c.buildSeconds} s`})`,
    `Hub: ${results.hub}. Node ${meta.node}, ${meta.cpus} CPUs, 1-minute load average ${meta.loadAverageAtStart} at the start, ${meta.loadAverage[0]} at the end; ${options.connections} connections × ${options.duration} s`,
  ];
  const parts = [table(results, heading)];
  if (results.searchDirect) parts.push('', searchTable(results.searchDirect, 'search() per query (in process):'));
  if (results.searchHttp) parts.push('', searchTable(results.searchHttp, 'GET /search per query (HTTP):'));
  const missed = figures.filter((f) => f.result === 'MISS').length;
  parts.push('', missed ? `${missed} target(s) missed.` : 'All targets met.');
  process.stdout.write(`${parts.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

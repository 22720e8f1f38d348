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
import { communityRows, runCommunityBench } from './community';
import { fanoutRows, runFanoutBench } from './notifications';
import { DIRECTORY_P95_TARGET_MS, runDirectoryBench } from './people';
import { runContentHealthBench } from './groups';
import { diffRows, runDiffBench } from './diffs';
import { runStreamsBench, streamsRows } from './streams';
import { firstStartRows, runFirstStartBench } from './first-start';
import { homeRows, runHomeBench } from './home';
import { runSignedInBench, signedInRows } from './signed-in';
import { EVENTS_P95_TARGET_MS, runEventsBench } from './events';
import { EVENTS_IMPORT_TARGET_SECONDS, runEventsImportBench } from './events-import';
import { longSearchRows, runLongSearchBench } from './search-long';
import type { Row } from './report';
import { LINKS_MEMORY_TARGET_MIB, runLinksBench } from './links';
import { ISO18626_P95_TARGET_MS, OPENURL_P95_TARGET_MS, runToolsBench } from './tools';
import { learningRows, runLearningBench } from './learning';
import { reportsRows, runReportsBench } from './reports';

const r0 = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function verdict(value: number, op: '<=' | '>=', target: number): 'PASS' | 'MISS' {
  return (op === '<=' ? value <= target : value >= target) ? 'PASS' : 'MISS';
}

/** The Community and People/Groups issues' figures, each measured on its own data set. */
async function featureRows(options: BenchOptions): Promise<Row[]> {
  const on = (section: string) => !options.skip.has(section);
  const out: Row[] = [];
  if (on('first-start')) {
    log('first start: an empty data directory (database created, starter content loaded), then restarts on it');
    out.push(...firstStartRows(await runFirstStartBench({ hub: options.hub, log })));
  }
  if (on('forum')) {
    log('forum: thread with 500 replies against the article page');
    const r = await runCommunityBench({
      duration: options.duration,
      connections: options.connections,
      hub: options.hub,
    });
    out.push(...communityRows(r));
  }
  if (on('fanout')) {
    log('fan-out: 5,000 watchers, one post, every email to a real SMTP listener');
    const r = await runFanoutBench({ members: 5000 });
    for (const f of fanoutRows(r)) {
      const target = 'target' in f ? f.target : undefined;
      out.push({
        ...f,
        value: f.value,
        result: target ? verdict(Number(f.value), target.op, target.value) : 'INFO',
      } as Row);
    }
  }
  if (on('directory')) {
    log('directory: 20,000 profiles, filtered searches');
    const r = await runDirectoryBench({ profiles: 20_000, log });
    out.push({
      section: 'people',
      metric: `Phone a Friend directory search with filters, ${r.profiles.toLocaleString('en')} profiles, p95`,
      value: r0(r.overall.p95),
      unit: 'ms',
      target: { op: '<=', value: DIRECTORY_P95_TARGET_MS },
      result: verdict(r.overall.p95, '<=', DIRECTORY_P95_TARGET_MS),
      note: `p50 ${r0(r.overall.p50)} ms, p99 ${r0(r.overall.p99)} ms over ${r.overall.samples} searches; CPU p95 ${r0(r.overallCpu.p95)} ms`,
    });
  }
  if (on('diff')) {
    log('diff: /healthz while 8 clients request uncached diffs of the largest revisions');
    out.push(...diffRows(await runDiffBench({ hub: options.hub, log })));
  }
  if (on('streams')) {
    log('streams: 3,000 live-update streams opened and closed in waves, then resident memory');
    out.push(...streamsRows(await runStreamsBench({ hub: options.hub, log })));
  }
  if (on('home')) {
    log('home: the personal home page for a busy member, 20,000 articles and 5,000 members');
    out.push(...homeRows(await runHomeBench({ articles: 20_000, members: 5000 })));
  }
  if (on('signed-in')) {
    log('signed-in: article and thread pages for a signed-in member, next to the anonymous article page');
    out.push(
      ...signedInRows(
        await runSignedInBench({ duration: options.duration, connections: options.connections, hub: options.hub, log }),
      ),
    );
  }
  if (on('search-long')) {
    log('search, long documents: 200 articles of ~20 KB, a rare and a common word, 20 connections');
    out.push(
      ...longSearchRows(
        await runLongSearchBench({
          duration: options.duration,
          connections: options.connections,
          hub: options.hub,
          log,
        }),
      ),
    );
  }
  if (on('events')) {
    log('events: 10,000 events (2,000 recurring), the upcoming list and the month view with each filter');
    const r = await runEventsBench({ log });
    for (const [metric, p, cpu] of [
      ['events list (upcoming, filters), p95', r.list, r.cpu.listP95],
      ['events month view (filters), p95', r.month, r.cpu.monthP95],
    ] as const) {
      out.push({
        section: 'events',
        metric: `${metric}, ${r.events.toLocaleString('en')} events`,
        value: r0(p.p95),
        unit: 'ms',
        target: { op: '<=', value: EVENTS_P95_TARGET_MS },
        result: verdict(p.p95, '<=', EVENTS_P95_TARGET_MS),
        note: `p50 ${r0(p.p50)} ms over ${p.samples} calls; CPU p95 ${r0(cpu)} ms; ${r.recurring.toLocaleString('en')} recurring`,
      });
    }
  }
  if (on('events-import')) {
    log('events import: a 1,000-event iCalendar feed through the import use case');
    const r = await runEventsImportBench({ log });
    out.push({
      section: 'events',
      metric: `import of a ${r.events.toLocaleString('en')}-event feed`,
      value: r0(r.importSeconds, 2),
      unit: 's',
      target: { op: '<=', value: EVENTS_IMPORT_TARGET_SECONDS },
      result: verdict(r.importSeconds, '<=', EVENTS_IMPORT_TARGET_SECONDS),
      note: `${Math.round(r.bytes / 1024)} KB; importing it again unchanged: ${r0(r.reimportSeconds, 2)} s`,
    });
  }
  if (on('links')) {
    log(`links: the link checker over ${options.links.toLocaleString('en')} links on local servers`);
    const r = await runLinksBench({ links: options.links, log });
    out.push({
      section: 'resources',
      metric: `link checker, ${r.links.toLocaleString('en')} links, peak memory growth`,
      value: r0(r.peakRssGrowthMiB),
      unit: 'MiB',
      target: { op: '<=', value: LINKS_MEMORY_TARGET_MIB },
      result: verdict(r.peakRssGrowthMiB, '<=', LINKS_MEMORY_TARGET_MIB),
      note: `${r0(r.durationMs / 1000)} s in all, ${r.concurrency} hosts at once of ${r.hosts}, one request per host at a time; heap growth ${r0(r.heapGrowthMiB)} MiB; ${r.counts.ok + r.counts.redirected} working, ${r.links - r.counts.ok - r.counts.redirected} dead`,
    });
  }
  if (on('tools')) {
    log('tools: ISO 18626 schema and meaning checks of the fixture messages, OpenURL inspection of the fixtures');
    const r = await runToolsBench();
    for (const [metric, p, target] of [
      [`ISO 18626 check (schema and meaning), ${r.messages} messages`, r.iso18626, ISO18626_P95_TARGET_MS],
      [`OpenURL inspection, ${r.openurls} OpenURLs`, r.openurl, OPENURL_P95_TARGET_MS],
    ] as const) {
      out.push({
        section: 'tools',
        metric: `${metric}, p95`,
        value: r0(p.p95, 2),
        unit: 'ms',
        target: { op: '<=', value: target },
        result: verdict(p.p95, '<=', target),
        note: `p50 ${r0(p.p50, 2)} ms, p99 ${r0(p.p99, 2)} ms over ${p.samples} calls, in process`,
      });
    }
  }
  if (on('learning')) {
    log('learning: anonymous lesson page next to the article page, then the review page for a member with 2,000 cards');
    out.push(
      ...learningRows(
        await runLearningBench({ duration: options.duration, connections: options.connections, hub: options.hub, log }),
      ),
    );
  }
  if (on('reports')) {
    log('reports: a 100,000-row export through the upload form, then the report page with its charts');
    out.push(...reportsRows(await runReportsBench({ hub: options.hub, log })));
  }
  if (on('health')) {
    log('content health: 20,000 articles');
    const r = await runContentHealthBench({ articles: 20_000 });
    out.push({
      section: 'groups',
      metric: `content-health page, ${r.articles.toLocaleString('en')} articles, site-wide, p95 (HTTP)`,
      value: r0(r.httpSiteWide.p95),
      unit: 'ms',
      target: { op: '<=', value: r.targetMs },
      result: verdict(r.httpSiteWide.p95, '<=', r.targetMs),
      note: `p50 ${r0(r.httpSiteWide.p50)} ms; use case alone p95 ${r0(r.siteWide.p95)} ms`,
    });
    out.push({
      section: 'groups',
      metric: 'content-health page for one group, p95 (HTTP)',
      value: r0(r.httpGroup.p95),
      unit: 'ms',
      target: { op: '<=', value: r.targetMs },
      result: verdict(r.httpGroup.p95, '<=', r.targetMs),
      note: `${r.maintained.toLocaleString('en')} maintained, ${r.overdue.toLocaleString('en')} overdue, ${r.pendingSuggestions} pending suggestions`,
    });
  }
  return out;
}

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
    const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
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
  const figures = [...rows(results), ...(await featureRows(options))];
  if (options.json) {
    const { slugs: _slugs, ...corpus } = results.corpus;
    process.stdout.write(`${JSON.stringify({ meta, figures, details: { ...results, corpus } })}\n`);
    return;
  }
  const heading = [
    `ILL Commons bench: ${thousands(c.articles)} articles, ${thousands(c.revisions)} revisions (${c.writePath} write path, ${meta.corpusMiB} MiB${c.cached ? ', cached corpus' : `, built in ${c.buildSeconds} s`})`,
    `Hub: ${results.hub}. Node ${meta.node}, ${meta.cpus} CPUs, 1-minute load average ${meta.loadAverageAtStart} at the start, ${meta.loadAverage[0]} at the end; ${options.connections} connections × ${options.duration} s`,
  ];
  const parts = [table(results, heading, figures)];
  if (results.searchDirect)
    parts.push('', searchTable(results.searchDirect.uncached, 'search() per query (in process, never asked before):'));
  if (results.searchHttp) parts.push('', searchTable(results.searchHttp, 'GET /search per query (HTTP):'));
  const missed = figures.filter((f) => f.result === 'MISS').length;
  parts.push('', missed ? `${missed} target(s) missed.` : 'All targets met.');
  process.stdout.write(`${parts.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

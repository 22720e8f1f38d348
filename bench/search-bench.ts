import path from 'node:path';
import type { Database } from '../src/platform/db/database';
import { openPglite } from '../src/platform/db/open';
import { forgetSearchAnswers, search, suggestTitles } from '../src/platform/search/search';
import { log } from './log';
import { type Child, cpuMsOf } from './processes';
import { type BenchQuery, QUERIES, searchPath } from './search-queries';

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  samples: number;
}

export interface QueryTiming {
  label: string;
  medianMs: number;
  maxMs: number;
  /** Matches reported by search() (capped at the count cap). */
  total?: number;
  correctedFrom?: string;
}

export interface SearchLatency {
  overall: Percentiles;
  queries: QueryTiming[];
  /** CPU time per search, less sensitive than wall time to other work on the machine: per call in process, a mean over HTTP. */
  cpu: Percentiles | { mean: number };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    samples: sorted.length,
  };
}

/** Each query once to warm up, then `repeats` timed runs, one at a time. */
async function timeQueries(
  repeats: number,
  run: (query: BenchQuery) => Promise<{ total?: number; correctedFrom?: string }>,
): Promise<Omit<SearchLatency, 'cpu'> & { cpuMs: number[] }> {
  const all: number[] = [];
  const cpuMs: number[] = [];
  const queries: QueryTiming[] = [];
  for (const query of QUERIES) await run(query);
  for (const query of QUERIES) {
    const times: number[] = [];
    let last: { total?: number; correctedFrom?: string } = {};
    for (let i = 0; i < repeats; i++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      last = await run(query);
      times.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      cpuMs.push((used.user + used.system) / 1000);
    }
    all.push(...times);
    const sorted = times.sort((a, b) => a - b);
    queries.push({ label: query.label, medianMs: percentile(sorted, 50), maxMs: sorted.at(-1)!, ...last });
  }
  return { overall: percentiles(all), queries, cpuMs };
}

/** What a reader sees: GET /search on the running hub (search + page render + HTTP). */
export async function measureSearchHttp(hub: Child, repeats: number): Promise<SearchLatency> {
  log(`search over HTTP: ${QUERIES.length} queries × ${repeats}`);
  const before = cpuMsOf(hub.pid);
  const { cpuMs: _benchCpu, ...timed } = await timeQueries(repeats, async (query) => {
    const res = await fetch(`${hub.url}${searchPath(query)}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`search ${searchPath(query)} answered ${res.status}`);
    return {};
  });
  // The hub's CPU over warm-up and timed runs alike, per request.
  return { ...timed, cpu: { mean: (cpuMsOf(hub.pid) - before) / (QUERIES.length * (repeats + 1)) } };
}

export interface DirectSearchLatency {
  /** Repeated queries, answered from the per-process result cache as a busy hub would. */
  cached: SearchLatency;
  /** Every call with the query's cached answers and word frequencies forgotten first: a query never asked before. */
  uncached: SearchLatency;
  /** As-you-type title suggestions for the queries' first word and first 4 letters, caches emptied first. */
  suggest: SearchLatency;
}

/** The search() call alone, on the same data directory (the hub must be stopped: one process per PGlite directory). */
export async function measureSearchDirect(dataDir: string, repeats: number): Promise<DirectSearchLatency> {
  log(`search() in process: opening ${dataDir}`);
  const database: Database = await openPglite(path.join(dataDir, 'pgdata'));
  const once = async (query: BenchQuery) => {
    const result = await search(database.db, {
      q: query.q,
      topic: query.topic,
      type: query.type,
      audience: query.audience,
    });
    return { total: result.total, ...(result.correctedFrom ? { correctedFrom: result.correctedFrom } : {}) };
  };
  try {
    log(`search() in process: ${QUERIES.length} queries × ${repeats}, cached`);
    const cached = await timeQueries(repeats, once);
    log(`search() in process: ${QUERIES.length} queries × ${repeats}, answers forgotten before each`);
    const uncached = await timeQueries(repeats, (query) => {
      forgetSearchAnswers();
      return once(query);
    });
    log(`suggestTitles() in process: ${QUERIES.length} prefixes × ${repeats}, answers forgotten before each`);
    const suggest = await timeQueries(repeats, async (query) => {
      forgetSearchAnswers();
      const prefix = (query.q.trim().split(/\s+/)[0] ?? '').slice(0, 4);
      return { total: (await suggestTitles(database.db, prefix)).length };
    });
    const latency = ({ cpuMs, ...timed }: Awaited<ReturnType<typeof timeQueries>>): SearchLatency => ({
      ...timed,
      cpu: percentiles(cpuMs),
    });
    return { cached: latency(cached), uncached: latency(uncached), suggest: latency(suggest) };
  } finally {
    await database.close();
  }
}

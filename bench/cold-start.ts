import { log } from './log';
import { cpuMsOf, spawnHub, waitForOk } from './processes';

export interface ColdStartResult {
  /** Spawn → first 200 from /healthz, one per start, in ms. */
  startsMs: number[];
  medianMs: number;
  /** CPU time the hub had used when /healthz first answered (all threads): less sensitive to a busy machine. */
  cpuMs: number[];
  medianCpuMs: number;
  /** From one extra start at LOG_LEVEL=info: where the time goes. */
  breakdown: StartBreakdown | undefined;
}

export interface StartBreakdown {
  totalMs: number;
  /** Before startHub() ran: Node boot, the TypeScript loader if any, importing every module. */
  modulesMs: number;
  /** PGlite open + migrations check (the hub's own "database ready" figure). */
  databaseMs: number;
  /** Starter content check, mailer, page cache, worker, listen. */
  restMs: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeStart(dataDir: string, args: readonly string[], logLevel: string) {
  const started = performance.now();
  const hub = await spawnHub({ dataDir, args, logLevel });
  try {
    await waitForOk(hub, '/healthz');
    const ms = performance.now() - started;
    return { ms, cpuMs: cpuMsOf(hub.pid), output: hub.output() };
  } finally {
    await hub.stop();
  }
}

function logged(output: string, msg: string, field: string): number | undefined {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === msg && typeof entry[field] === 'number') return entry[field] as number;
    } catch {
      // not a log line
    }
  }
  return undefined;
}

/** Start the real hub on the existing data directory `starts` times; the median is the figure. */
export async function measureColdStart(
  dataDir: string,
  starts: number,
  args: readonly string[],
): Promise<ColdStartResult> {
  const startsMs: number[] = [];
  const cpuMs: number[] = [];
  // One start first, not measured: it applies any new migration or starter
  // content to this copy, so that every measured start finds a settled directory.
  const settle = await timeStart(dataDir, args, 'warn');
  log(`cold start 0 (settling, not counted): ${Math.round(settle.ms)} ms`);
  for (let i = 0; i < starts; i++) {
    const start = await timeStart(dataDir, args, 'warn');
    startsMs.push(start.ms);
    cpuMs.push(start.cpuMs);
    log(`cold start ${i + 1}/${starts}: ${Math.round(start.ms)} ms (${start.cpuMs} ms CPU)`);
  }
  const diagnostic = await timeStart(dataDir, args, 'info');
  const databaseMs = logged(diagnostic.output, 'database ready', 'ms');
  const startupMs = logged(diagnostic.output, 'hub listening', 'startupMs');
  const breakdown =
    databaseMs !== undefined && startupMs !== undefined
      ? { totalMs: diagnostic.ms, modulesMs: diagnostic.ms - startupMs, databaseMs, restMs: startupMs - databaseMs }
      : undefined;
  if (breakdown) {
    log(
      `cold start breakdown (one more start, ${Math.round(diagnostic.ms)} ms): modules ${Math.round(breakdown.modulesMs)} ms, database ${Math.round(databaseMs!)} ms, rest ${Math.round(breakdown.restMs)} ms`,
    );
  }
  return { startsMs, medianMs: median(startsMs), cpuMs, medianCpuMs: median(cpuMs), breakdown };
}

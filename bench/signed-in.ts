// Signed-in reading (issue 9): the article page and a thread page for a
// signed-in member, measured next to the anonymous article page in the same
// run and on the same hub. Targets: each signed-in page at ≥ 10 % of the
// anonymous page's req/s, with p99 ≤ 25 ms under 20 connections.
// Run alone with `npx tsx bench/signed-in.ts [--replies 60] [--duration 10] [--connections 20] [--hub tsx|dist] [--json]`;
// BENCH_CPU_PROF=DIR starts the hub with `node --cpu-prof --cpu-prof-dir DIR` (the profile is written when it stops).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { type Load, prepare } from './community';
import { type Child, cpuMsOf, HUB_COMMANDS, spawnHub, waitForOk } from './processes';
import type { Row } from './report';

export const SIGNED_IN_RATIO_TARGET = 0.1;
export const SIGNED_IN_P99_TARGET_MS = 25;

export interface SignedInBenchOptions {
  /** Replies in the thread (default 60: page 1 is a full page). */
  replies?: number;
  duration?: number;
  connections?: number;
  hub?: keyof typeof HUB_COMMANDS;
  log?: (line: string) => void;
}

/** The figures of one run, and the hub's CPU time per request (all threads; less sensitive to a busy machine than req/s). */
export type SignedInLoad = Load & { cpuMsPerRequest: number };

export interface SignedInBenchResult {
  articlePath: string;
  threadPath: string;
  anonymous: SignedInLoad;
  article: SignedInLoad;
  thread: SignedInLoad;
}

async function load(
  url: string,
  connections: number,
  duration: number,
  headers?: Record<string, string>,
  pid?: number,
): Promise<SignedInLoad> {
  const cpu = pid ? cpuMsOf(pid) : 0;
  const r = await autocannon({ url, connections, duration, timeout: 30, ...(headers ? { headers } : {}) });
  const cpuMsPerRequest = pid && r.requests.total > 0 ? (cpuMsOf(pid) - cpu) / r.requests.total : Number.NaN;
  return {
    reqPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    cpuMsPerRequest,
  };
}

export async function runSignedInBench(options: SignedInBenchOptions = {}): Promise<SignedInBenchResult> {
  const duration = options.duration ?? 10;
  const connections = options.connections ?? 20;
  const say = options.log ?? ((m: string) => process.stderr.write(`[bench:signed-in] ${m}\n`));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-signed-in-bench-'));
  let hub: Child | undefined;
  try {
    const { threadId, sessionCookie } = await prepare(dataDir, options.replies ?? 60, say);
    const profileDir = process.env.BENCH_CPU_PROF;
    const args = HUB_COMMANDS[options.hub ?? 'dist'];
    hub = await spawnHub({ dataDir, args: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir, ...args] : args });
    await waitForOk(hub, '/healthz');
    const articlePath = '/articles/hard-citations';
    const threadPath = `/forum/t/${threadId}`;
    // Like a browser: every request asks for compression (the anonymous page is then served pre-compressed).
    const browser = { 'accept-encoding': 'gzip, deflate, br' };
    const headers = { ...browser, cookie: sessionCookie };
    for (const p of [articlePath, threadPath]) {
      await waitForOk(hub, p);
      const page = await (await fetch(`${hub.url}${p}`, { headers })).text();
      // A session that did not resolve would measure the anonymous page twice.
      if (!page.includes('action="/sign-out"')) throw new Error(`${p}: the bench's session is not signed in`);
    }
    const warm = Math.min(3, duration);
    say(`warming up (${warm} s each)`);
    await load(`${hub.url}${articlePath}`, connections, warm, browser);
    await load(`${hub.url}${articlePath}`, connections, warm, headers);
    await load(`${hub.url}${threadPath}`, connections, warm, headers);
    say(
      `anonymous ${articlePath}, then signed in ${articlePath} and ${threadPath}; ${connections} connections × ${duration} s`,
    );
    const anonymous = await load(`${hub.url}${articlePath}`, connections, duration, browser, hub.pid);
    const article = await load(`${hub.url}${articlePath}`, connections, duration, headers, hub.pid);
    const thread = await load(`${hub.url}${threadPath}`, connections, duration, headers, hub.pid);
    return { articlePath, threadPath, anonymous, article, thread };
  } finally {
    await hub?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;
const note = (l: SignedInLoad) =>
  `p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms; hub CPU ${round(l.cpuMsPerRequest, 2)} ms per request; errors ${l.errors}, non-2xx ${l.non2xx}`;

/** Rows for the bench table: req/s, the ratio to the anonymous page and p99 for each signed-in page. */
export function signedInRows(r: SignedInBenchResult): Row[] {
  const verdict = (ok: boolean) => (ok ? ('PASS' as const) : ('MISS' as const));
  const out: Row[] = [
    {
      section: 'signed-in',
      metric: `anonymous article page ${r.articlePath} (same run)`,
      value: round(r.anonymous.reqPerSec),
      unit: 'req/s',
      result: 'INFO',
      note: note(r.anonymous),
    },
  ];
  for (const [name, l] of [
    [`signed-in article page ${r.articlePath}`, r.article],
    [`signed-in thread page ${r.threadPath}`, r.thread],
  ] as const) {
    const ratio = r.anonymous.reqPerSec > 0 ? (l.reqPerSec / r.anonymous.reqPerSec) * 100 : 0;
    out.push({
      section: 'signed-in',
      metric: name,
      value: round(l.reqPerSec),
      unit: 'req/s',
      result: 'INFO',
      note: note(l),
    });
    out.push({
      section: 'signed-in',
      metric: `${name} ÷ anonymous article page`,
      value: round(ratio, 1),
      unit: '%',
      target: { op: '>=', value: SIGNED_IN_RATIO_TARGET * 100 },
      result: verdict(ratio >= SIGNED_IN_RATIO_TARGET * 100),
    });
    out.push({
      section: 'signed-in',
      metric: `${name} p99`,
      value: l.p99Ms,
      unit: 'ms',
      target: { op: '<=', value: SIGNED_IN_P99_TARGET_MS },
      result: verdict(l.p99Ms <= SIGNED_IN_P99_TARGET_MS),
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      replies: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      hub: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const result = await runSignedInBench({
    ...(values.replies ? { replies: Number(values.replies) } : {}),
    ...(values.duration ? { duration: Number(values.duration) } : {}),
    ...(values.connections ? { connections: Number(values.connections) } : {}),
    ...(values.hub === 'tsx' ? { hub: 'tsx' as const } : {}),
  });
  if (values.json) process.stdout.write(`${JSON.stringify({ result, figures: signedInRows(result) })}\n`);
  else
    for (const row of signedInRows(result))
      process.stdout.write(
        `${row.metric}: ${row.value} ${row.unit}${row.note ? ` (${row.note})` : ''}${row.result !== 'INFO' ? ` [${row.result}]` : ''}\n`,
      );
}

import fs from 'node:fs/promises';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { log } from './log';
import { type Child, spawnCeiling, waitForOk } from './processes';

export interface LoadFigures {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface ThroughputResult {
  path: string;
  hub: LoadFigures;
  ceiling: LoadFigures;
  /** hub req/s ÷ ceiling req/s. */
  ratio: number;
  /** Many different article pages: most requests miss the render cache. */
  distinct: LoadFigures | undefined;
  distinctUrls: number;
}

function figures(result: Result): LoadFigures {
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function load(url: string, connections: number, duration: number, paths?: string[]): Promise<LoadFigures> {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration,
    timeout: 30,
    ...(paths
      ? {
          requests: [
            {
              setupRequest: (req) => {
                req.path = paths[next++ % paths.length];
                return req;
              },
            },
          ],
        }
      : {}),
  });
  return figures(result);
}

const DROPPED_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/** What the hub sends an anonymous reader (no Accept-Encoding, like autocannon), saved for the ceiling server. */
async function captureFixture(hubUrl: string, pagePath: string, file: string): Promise<number> {
  const res = await fetch(`${hubUrl}${pagePath}`, { headers: { 'accept-encoding': 'identity' } });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`${pagePath} answered ${res.status}`);
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!DROPPED_HEADERS.has(name)) headers[name] = value;
  });
  await fs.writeFile(file, JSON.stringify({ status: 200, headers, body: body.toString('base64') }));
  return body.length;
}

export async function measureThroughput(options: {
  hub: Child;
  pagePath: string;
  distinctPaths: string[];
  connections: number;
  duration: number;
  workDir: string;
}): Promise<ThroughputResult> {
  const { hub, pagePath, connections, duration } = options;
  const fixture = path.join(options.workDir, `ceiling-${process.pid}.json`);
  await captureFixture(hub.url, pagePath, fixture);
  const ceilingServer = await spawnCeiling(fixture);
  try {
    await waitForOk(ceilingServer, '/', 30_000);
    const warm = Math.min(3, duration);
    log(`throughput: warming up hub and ceiling (${warm} s each)`);
    await load(`${hub.url}${pagePath}`, connections, warm);
    await load(`${ceilingServer.url}${pagePath}`, connections, warm);
    log(`throughput: hub ${pagePath}, ${connections} connections, ${duration} s`);
    const hubFigures = await load(`${hub.url}${pagePath}`, connections, duration);
    log(`throughput: fixed-string ceiling server, ${connections} connections, ${duration} s`);
    const ceiling = await load(`${ceilingServer.url}${pagePath}`, connections, duration);
    let distinct: LoadFigures | undefined;
    if (options.distinctPaths.length > 1) {
      log(`throughput: ${options.distinctPaths.length} different article pages, ${duration} s`);
      distinct = await load(hub.url, connections, duration, options.distinctPaths);
    }
    return {
      path: pagePath,
      hub: hubFigures,
      ceiling,
      ratio: ceiling.reqPerSec > 0 ? hubFigures.reqPerSec / ceiling.reqPerSec : 0,
      distinct,
      distinctUrls: options.distinctPaths.length,
    };
  } finally {
    await ceilingServer.stop();
    await fs.rm(fixture, { force: true });
  }
}

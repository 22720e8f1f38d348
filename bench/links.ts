// The link checker over many links on local servers: bounded concurrency, duration and memory growth.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkLinks, type LinkStatus } from '../src/features/resources/link-checker';

export const LINKS_MEMORY_TARGET_MIB = 50;

export interface LinksBenchResult {
  links: number;
  hosts: number;
  concurrency: number;
  durationMs: number;
  /** Peak resident-set growth while checking, sampled every 50 ms. */
  peakRssGrowthMiB: number;
  heapGrowthMiB: number;
  counts: Record<LinkStatus, number>;
}

const mib = (bytes: number) => bytes / (1024 * 1024);

/** Answers like the web does: mostly pages, some redirects, some 404s and 410s, some "not found" pages. */
function handler(req: http.IncomingMessage, res: http.ServerResponse) {
  const n = Number((req.url ?? '/0').replace(/\D/g, '')) || 0;
  const kind = n % 20;
  if (kind === 0) {
    res.writeHead(404, { 'content-type': 'text/html' });
    return res.end('<title>Not found</title>');
  }
  if (kind === 1) {
    res.writeHead(410);
    return res.end();
  }
  if (kind === 2 && !req.url?.endsWith('-moved')) {
    res.writeHead(301, { location: `${req.url}-moved` });
    return res.end();
  }
  if (kind === 3) {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<html><head><title>Page not found</title></head><body></body></html>');
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<html><head><title>Resource ${n}</title></head><body><h1>Resource ${n}</h1>${'<p>text</p>'.repeat(50)}</body></html>`,
  );
}

export async function runLinksBench(options: {
  links: number;
  hosts?: number;
  concurrency?: number;
  log: (m: string) => void;
}): Promise<LinksBenchResult> {
  const hostCount = options.hosts ?? 25;
  const concurrency = options.concurrency ?? 8;
  const servers = await Promise.all(
    Array.from({ length: hostCount }, async () => {
      const s = http.createServer(handler);
      s.keepAliveTimeout = 1;
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      return s;
    }),
  );
  const hosts = servers.map((s) => `127.0.0.1:${(s.address() as AddressInfo).port}`);
  const urls = Array.from({ length: options.links }, (_, i) => `http://${hosts[i % hosts.length]}/r/${i}`);
  global.gc?.();
  const before = process.memoryUsage();
  let peak = before.rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  let done = 0;
  try {
    const counts = await checkLinks(urls, {
      allowHosts: hosts,
      concurrency,
      // The pacing per host is the hub's politeness towards real sites; on local servers it would only measure sleep.
      perHostGapMs: 0,
      timeoutMs: 5_000,
      onResult: () => {
        done++;
        if (done % 1000 === 0) options.log(`  ${done.toLocaleString('en')} links checked`);
      },
    });
    const durationMs = performance.now() - started;
    const after = process.memoryUsage();
    peak = Math.max(peak, after.rss);
    return {
      links: options.links,
      hosts: hostCount,
      concurrency,
      durationMs,
      peakRssGrowthMiB: mib(peak - before.rss),
      heapGrowthMiB: mib(after.heapUsed - before.heapUsed),
      counts,
    };
  } finally {
    clearInterval(sampler);
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

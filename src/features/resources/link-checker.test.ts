import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLink, checkLinks, looksNotFound } from './link-checker';

let server: http.Server;
let base = '';
const open = new Set<import('node:net').Socket>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const hop = /^\/chain\/(\d+)$/.exec(path);
    if (hop) {
      const n = Number(hop[1]);
      if (n === 0) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<title>Guidelines</title><h1>Guidelines</h1>');
      }
      res.writeHead(301, { location: `/chain/${n - 1}` });
      return res.end();
    }
    switch (path) {
      case '/ok':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<html><head><title>IFLA voucher scheme</title></head><body><h1>Vouchers</h1></body></html>');
      case '/pdf':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        return res.end('%PDF-1.4');
      case '/missing':
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<title>Not found</title>');
      case '/gone':
        res.writeHead(410);
        return res.end();
      case '/soft':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><head><title>Page not found | Library</title></head><body>Sorry</body></html>');
      case '/soft-body':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(
          '<html><head><title>Library</title></head><body><p>Error 404: the page was not found.</p></body></html>',
        );
      case '/loop':
        res.writeHead(302, { location: '/loop2' });
        return res.end();
      case '/loop2':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/to-private':
        res.writeHead(301, { location: 'http://10.0.0.1/admin' });
        return res.end();
      case '/to-localhost':
        res.writeHead(302, { location: `http://localhost:${(server.address() as AddressInfo).port}/ok` });
        return res.end();
      case '/to-ftp':
        res.writeHead(301, { location: 'ftp://example.org/file' });
        return res.end();
      case '/to-slow':
        res.writeHead(302, { location: '/slow' });
        return res.end();
      case '/slow':
        return; // never answers
      case '/reset':
        return req.socket.destroy();
      case '/error':
        res.writeHead(503);
        return res.end();
      default:
        res.writeHead(500);
        return res.end();
    }
  });
  server.on('connection', (s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of open) s.destroy();
  await new Promise((r) => server.close(r));
});

const local = () => ({ allowHosts: [new URL(base).host], timeoutMs: 400 });

describe('the link checker against a local server', () => {
  it('classifies every answer the way a reader would', async () => {
    const cases: Array<[string, string, number | null]> = [
      ['/ok', 'ok', 200],
      ['/pdf', 'ok', 200],
      ['/missing', 'not_found', 404],
      ['/gone', 'gone', 410],
      ['/soft', 'soft_404', 200],
      ['/soft-body', 'soft_404', 200],
      ['/slow', 'timeout', null],
      ['/reset', 'reset', null],
      ['/error', 'http_error', 503],
      ['/chain/3', 'redirected', 200],
      ['/loop', 'too_many_redirects', 302],
      ['/chain/9', 'too_many_redirects', 301],
      ['/to-ftp', 'invalid', 301],
    ];
    for (const [path, status, httpStatus] of cases) {
      const r = await checkLink(`${base}${path}`, local());
      expect({ path, status: r.status, httpStatus: r.httpStatus }).toEqual({ path, status, httpStatus });
    }
  });

  it('records every hop of a redirect chain and where it ended', async () => {
    const r = await checkLink(`${base}/chain/3`, local());
    expect(r.redirects.map((h) => [new URL(h.url).pathname, h.status])).toEqual([
      ['/chain/3', 301],
      ['/chain/2', 301],
      ['/chain/1', 301],
    ]);
    expect(r.finalUrl).toBe(`${base}/chain/0`);
  });

  it('stops after the redirect limit', async () => {
    const r = await checkLink(`${base}/chain/9`, { ...local(), maxRedirects: 5 });
    expect(r.redirects).toHaveLength(6);
  });

  it('never requests a loopback address when run as in the hub', async () => {
    const r = await checkLink(`${base}/ok`);
    expect(r.status).toBe('blocked');
    const byName = await checkLink(`http://localhost:${new URL(base).port}/ok`);
    expect(byName.status).toBe('blocked');
    expect(byName.detail).toMatch(/private|loopback/);
  });

  it('checks a redirect target again and refuses one that points into a private network', async () => {
    // Only the test server itself is allowed: its redirect targets are checked by the hub's rules.
    const literal = await checkLink(`${base}/to-private`, local());
    expect(literal.status).toBe('blocked');
    expect(literal.redirects).toHaveLength(1);
    const byName = await checkLink(`${base}/to-localhost`, local());
    expect(byName.status).toBe('blocked');
    expect(byName.redirects).toHaveLength(1);
    const mapped = await checkLink(`http://[::ffff:127.0.0.1]:${new URL(base).port}/ok`);
    expect(mapped.status).toBe('blocked');
  });

  it('checks each link once, one request at a time per host, pausing between them', async () => {
    const gaps: number[] = [];
    const seen: string[] = [];
    const counts = await checkLinks([`${base}/ok`, `${base}/missing`, `${base}/ok`, `${base}/gone`], {
      ...local(),
      perHostGapMs: 250,
      sleep: async (ms) => {
        gaps.push(ms);
      },
      onResult: (r) => {
        seen.push(r.status);
      },
    });
    expect(seen).toEqual(['ok', 'not_found', 'gone']);
    expect(gaps).toEqual([250, 250]);
    expect(counts.ok).toBe(1);
    expect(counts.not_found).toBe(1);
  });
});

it('starts no link once its time is up', async () => {
  const seen: string[] = [];
  const counts = await checkLinks([`${base}/ok`, `${base}/gone`], {
    ...local(),
    stopAt: Date.now() - 1,
    onResult: (r) => {
      seen.push(r.url);
    },
  });
  expect(seen).toEqual([]);
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
});

it('starts no new link once told the hub is stopping; the link under way finishes', async () => {
  const stopping = new AbortController();
  const seen: string[] = [];
  const counts = await checkLinks([`${base}/ok`, `${base}/missing`, `${base}/gone`], {
    ...local(),
    perHostGapMs: 0,
    signal: stopping.signal,
    onResult: (r) => {
      seen.push(new URL(r.url).pathname);
      stopping.abort();
    },
  });
  expect(seen).toEqual(['/ok']);
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
  const none = await checkLinks([`${base}/ok`], { ...local(), signal: stopping.signal });
  expect(Object.values(none).reduce((a, b) => a + b, 0)).toBe(0);
});

it('ends the pause between two requests to one host when the hub is stopping', async () => {
  const stopping = new AbortController();
  const seen: string[] = [];
  const started = Date.now();
  // A minute's gap: without the signal ending it, this would outlast the test's time limit.
  await checkLinks([`${base}/ok`, `${base}/missing`], {
    ...local(),
    perHostGapMs: 60_000,
    signal: stopping.signal,
    onResult: (r) => {
      seen.push(new URL(r.url).pathname);
      setTimeout(() => stopping.abort(), 50);
    },
  });
  expect(seen).toEqual(['/ok']);
  expect(Date.now() - started).toBeLessThan(3_000);
});

it('gives one deadline to a whole redirect chain', async () => {
  const r = await checkLink(`${base}/to-slow`, local());
  expect(r.status).toBe('timeout');
  expect(r.redirects).toHaveLength(1);
});

describe('soft 404 detection', () => {
  it('spots a title or heading that says not found, in several languages', () => {
    expect(looksNotFound('<title>404</title>')).toBe(true);
    expect(looksNotFound('<h1>Seite nicht gefunden</h1>')).toBe(true);
    expect(looksNotFound('<title>Page introuvable</title>')).toBe(true);
    expect(looksNotFound('<title>Página no encontrada</title>')).toBe(true);
  });

  it('leaves a page alone that merely mentions the words further down', () => {
    const page = `<title>Lending policy</title><body><h1>Lending policy</h1><p>${'x '.repeat(1000)}</p><p>If the page was not found, ask.</p></body>`;
    expect(looksNotFound(page)).toBe(false);
  });
});

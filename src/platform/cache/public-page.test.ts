import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app';
import { serveCachedPage } from './public-page';

// The Node-level path must send what the Hono path sends for the same cached page.
let t: TestApp;
let server: Server;
let base: string;
const passedOn: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  server = createServer((req, res) => {
    if (serveCachedPage(req, res, t.deps)) return;
    passedOn.push(`${req.method} ${req.url}`);
    res.writeHead(299).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const first = await t.app.request('http://localhost/about');
  expect(first.status).toBe(200);
});

afterAll(async () => {
  if (server) await new Promise((resolve) => server.close(resolve));
  await t?.close();
});

const VARYING = new Set(['date', 'connection', 'keep-alive', 'x-request-id', 'transfer-encoding']);

function headersOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!VARYING.has(name)) out[name] = value;
  });
  return out;
}

/** A GET over a socket, bytes as sent (fetch would add Accept-Encoding and decompress). */
function rawGet(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers))
          if (!VARYING.has(name) && typeof value === 'string') out[name] = value;
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving cached pages before Hono', () => {
  it.each([
    ['no compression', { 'accept-encoding': 'identity' }],
    ['gzip', { 'accept-encoding': 'gzip' }],
    ['brotli', { 'accept-encoding': 'gzip, br' }],
  ])('answers a cached anonymous page exactly as the Hono path does (%s)', async (_name, headers) => {
    const viaHono = await t.app.request('http://localhost/about', { headers });
    const direct = await rawGet('/about', headers);
    expect(direct.status).toBe(200);
    expect(direct.headers).toEqual(headersOf(viaHono));
    expect(direct.body).toEqual(Buffer.from(await viaHono.arrayBuffer()));
    expect(passedOn).toEqual([]);
  });

  it('sends a request id, echoing a well-formed one and replacing a hostile one', async () => {
    const own = await fetch(`${base}/about`, { headers: { 'x-request-id': 'edge-req-0123456789' } });
    expect(own.headers.get('x-request-id')).toBe('edge-req-0123456789');
    const hostile = await fetch(`${base}/about`, { headers: { 'x-request-id': '<script>alert(1)</script>' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[\w.-]{8,64}$/);
    expect(hostile.headers.get('x-request-id')).not.toContain('<');
  });

  it('answers 304 to a matching ETag and sends no body to HEAD', async () => {
    const etag = (await fetch(`${base}/about`)).headers.get('etag')!;
    const revalidated = await fetch(`${base}/about`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    const head = await fetch(`${base}/about`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('ignores query parameters the page does not use, on both paths, so a random one cannot force a new rendering', async () => {
    passedOn.length = 0;
    const misses = t.deps.pageCache.misses;
    const plain = await t.app.request('http://localhost/about');
    const viaHono = await t.app.request(`http://localhost/about?cb=${Math.random()}`);
    const direct = await fetch(`${base}/about?cb=${Math.random()}&utm_source=feed`);
    expect(direct.status).toBe(200);
    expect(passedOn).toEqual([]);
    expect(viaHono.headers.get('etag')).toBe(plain.headers.get('etag'));
    expect(direct.headers.get('etag')).toBe(plain.headers.get('etag'));
    expect(t.deps.pageCache.misses).toBe(misses);
  });

  it('leaves signed-in readers, other methods and pages not in the cache to Hono', async () => {
    passedOn.length = 0;
    await fetch(`${base}/about`, { headers: { cookie: 'theme=dark; ill_sid=abc' } });
    await fetch(`${base}/about`, { method: 'POST' });
    await fetch(`${base}/topics`);
    expect(passedOn).toEqual(['GET /about', 'POST /about', 'GET /topics']);
  });
});

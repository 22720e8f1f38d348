import { createServer, type Server } from 'node:http';
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

describe('serving cached pages before Hono', () => {
  it.each([
    ['no compression', {}],
    ['gzip', { 'accept-encoding': 'gzip' }],
    ['brotli', { 'accept-encoding': 'gzip, br' }],
  ])('answers a cached anonymous page exactly as the Hono path does (%s)', async (_name, headers) => {
    const viaHono = await t.app.request('http://localhost/about', { headers });
    const direct = await fetch(`${base}/about`, { headers, decompress: false } as RequestInit);
    expect(direct.status).toBe(200);
    expect(headersOf(direct)).toEqual(headersOf(viaHono));
    expect(Buffer.from(await direct.arrayBuffer())).toEqual(Buffer.from(await viaHono.arrayBuffer()));
    expect(direct.headers.get('x-request-id')).toMatch(/^[\w.-]{8,64}$/);
    expect(passedOn).toEqual([]);
  });

  it('answers 304 to a matching ETag and sends no body to HEAD', async () => {
    const etag = (await fetch(`${base}/about`)).headers.get('etag')!;
    const revalidated = await fetch(`${base}/about`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    const head = await fetch(`${base}/about`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('leaves signed-in readers, other methods and pages not in the cache to Hono', async () => {
    passedOn.length = 0;
    await fetch(`${base}/about`, { headers: { cookie: 'theme=dark; ill_sid=abc' } });
    await fetch(`${base}/about`, { method: 'POST' });
    await fetch(`${base}/topics`);
    expect(passedOn).toEqual(['GET /about', 'POST /about', 'GET /topics']);
  });
});

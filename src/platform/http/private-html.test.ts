import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppContext } from './context';
import { privateEncoding, privateHtml } from './private-html';

const page = `<!DOCTYPE html><html><body>${'<p>Your own page, Ada.</p>'.repeat(100)}</body></html>`;
const app = new Hono();
app.get('/page', (c) => privateHtml(c as unknown as AppContext, page));
app.get('/small', (c) => privateHtml(c as unknown as AppContext, '<p>short</p>'));

describe('privateEncoding', () => {
  it('picks gzip (kept parts are compressed once), then Brotli, and honours q=0', () => {
    expect(privateEncoding('gzip, deflate, br')).toBe('gzip');
    expect(privateEncoding('br, gzip')).toBe('gzip');
    expect(privateEncoding('gzip;q=0, br')).toBe('br');
    expect(privateEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(privateEncoding('BR;q=0.5')).toBe('br');
    expect(privateEncoding('gzip;q=0, br;q=0')).toBeUndefined();
    expect(privateEncoding('identity')).toBeUndefined();
    expect(privateEncoding(undefined)).toBeUndefined();
  });
});

describe('privateHtml', () => {
  it('compresses a page for one reader with what the client accepts, never for shared caches', async () => {
    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br', 'gzip', gunzipSync],
      ['br', 'br', brotliDecompressSync],
    ] as const) {
      const res = await app.request('/page', { headers: { 'accept-encoding': accept } });
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('vary')).toMatch(/Accept-Encoding/);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBeLessThan(page.length / 4);
      expect(decode(bytes).toString()).toBe(page);
    }
  });

  it('sends plain HTML to clients that ask for no compression, and small pages as they are', async () => {
    const plain = await app.request('/page');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(page);
    const small = await app.request('/small', { headers: { 'accept-encoding': 'br' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.text()).toBe('<p>short</p>');
  });
});

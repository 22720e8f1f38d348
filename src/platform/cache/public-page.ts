import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { SESSION_COOKIE } from '../auth/sessions';
import { actorOf, type AppContext, type AppEnv } from '../http/context';
import type { CachedPage } from './page-cache';

const HTML = 'text/html; charset=UTF-8';
/** Shared caches may store anonymous pages but must revalidate (cheap: ETag → 304). */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

function cacheKey(c: AppContext): string {
  const url = c.req.url;
  return url.slice(url.indexOf('/', url.indexOf('//') + 2));
}

export function sendCached(c: AppContext, page: CachedPage): Response {
  const headers = new Headers({
    'Content-Type': page.contentType,
    'Cache-Control': PUBLIC_CACHE_CONTROL,
    ETag: page.etag,
    Vary: 'Accept-Encoding, Cookie',
  });
  const inm = c.req.header('if-none-match');
  if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === page.etag)) {
    return new Response(null, { status: 304, headers });
  }
  const accept = c.req.header('accept-encoding') ?? '';
  let body: Buffer = page.body;
  if (page.br && /\bbr\b/.test(accept)) {
    body = page.br;
    headers.set('Content-Encoding', 'br');
  } else if (page.gzip && /\bgzip\b/.test(accept)) {
    body = page.gzip;
    headers.set('Content-Encoding', 'gzip');
  }
  headers.set('Content-Length', String(body.length));
  return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), {
    status: page.status,
    headers,
  });
}

/**
 * Serve a page every anonymous reader sees alike from the render cache,
 * rendering it once per change. Signed-in readers get a private, fresh page.
 */
export function publicPage(c: AppContext, render: () => string): Response {
  if (actorOf(c)) {
    c.header('Cache-Control', 'private, no-store');
    return c.html(render());
  }
  const cache = c.get('deps').pageCache;
  const key = cacheKey(c);
  const hit = cache.get(key);
  if (hit) return sendCached(c, hit);
  const generation = cache.generation;
  const page = cache.set(key, { status: 200, body: Buffer.from(render()), contentType: HTML }, generation);
  return sendCached(c, page);
}

/** Before sessions are even looked up: a cached anonymous page needs no database at all. */
export const cachedPageFastPath = createMiddleware<AppEnv>(async (c, next) => {
  if ((c.req.method === 'GET' || c.req.method === 'HEAD') && !getCookie(c, SESSION_COOKIE)) {
    const page = c.get('deps').pageCache.get(cacheKey(c));
    if (page) return sendCached(c, page);
  }
  return next();
});

import type { IncomingMessage, ServerResponse } from 'node:http';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { SESSION_COOKIE } from '../auth/sessions';
import { actorOf, type AppContext, type AppEnv, type Deps } from '../http/context';
import { privateHtml } from '../http/private-html';
import { requestIdFrom } from '../http/request-id';
import { SECURITY_HEADERS } from '../http/security';
import { joinPage, type PageHtml } from '../ui/segments';
import { type CachedPage, type PageQuery, pageKey } from './page-cache';

const HTML = 'text/html; charset=UTF-8';
/** Shared caches may store anonymous pages but must revalidate (cheap: ETag → 304). */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** The path and query as the client sent them (what the Node-level fast path sees as req.url). */
function requestTarget(c: AppContext): string {
  const url = c.req.url;
  return url.slice(url.indexOf('/', url.indexOf('//') + 2));
}

function requestPath(c: AppContext): string {
  const target = requestTarget(c);
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

/** Status, headers and body for a cached page: 304 on a matching ETag, else the best encoding the client accepts. */
export function cachedReply(
  page: CachedPage,
  request: { method: string; ifNoneMatch: string | undefined; acceptEncoding: string | undefined },
): { status: number; headers: Record<string, string>; body: Buffer | null } {
  const headers: Record<string, string> = {
    'Content-Type': page.contentType,
    'Cache-Control': PUBLIC_CACHE_CONTROL,
    ETag: page.etag,
    Vary: 'Accept-Encoding, Cookie',
  };
  const inm = request.ifNoneMatch;
  if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === page.etag)) {
    return { status: 304, headers, body: null };
  }
  const accept = request.acceptEncoding ?? '';
  let body: Buffer = page.body;
  if (page.br && /\bbr\b/.test(accept)) {
    body = page.br;
    headers['Content-Encoding'] = 'br';
  } else if (page.gzip && /\bgzip\b/.test(accept)) {
    body = page.gzip;
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = String(body.length);
  return { status: page.status, headers, body: request.method === 'HEAD' ? null : body };
}

export function sendCached(c: AppContext, page: CachedPage): Response {
  const reply = cachedReply(page, {
    method: c.req.method,
    ifNoneMatch: c.req.header('if-none-match'),
    acceptEncoding: c.req.header('accept-encoding'),
  });
  const body = reply.body
    ? new Uint8Array(reply.body.buffer as ArrayBuffer, reply.body.byteOffset, reply.body.length)
    : null;
  return new Response(body, { status: reply.status, headers: reply.headers });
}

/**
 * Serve a page every anonymous reader sees alike from the render cache,
 * rendering it once per change. Signed-in readers get a private, fresh page.
 *
 * `query` lists every query parameter the anonymous page depends on, with the
 * canonical value the handler used (undefined when absent or the default, e.g.
 * `{ page: page > 1 ? page : undefined }`). Other parameters are ignored: the
 * cache key is the path plus these (see pageKey), so `?cb=random` cannot
 * force a new rendering.
 */
export function publicPage(c: AppContext, render: () => PageHtml, query: PageQuery = {}): Response {
  if (actorOf(c)) return privateHtml(c, render());
  const cache = c.get('deps').pageCache;
  const path = requestPath(c);
  const hit = cache.get(pageKey(path, query));
  if (hit) return sendCached(c, hit);
  const generation = cache.generation;
  const page = cache.store(
    path,
    query,
    { status: 200, body: Buffer.from(joinPage(render())), contentType: HTML },
    generation,
  );
  return sendCached(c, page);
}

/** Before sessions are even looked up: a cached anonymous page needs no database at all. */
export const cachedPageFastPath = createMiddleware<AppEnv>(async (c, next) => {
  if ((c.req.method === 'GET' || c.req.method === 'HEAD') && !getCookie(c, SESSION_COOKIE)) {
    const page = c.get('deps').pageCache.find(requestTarget(c));
    if (page) return sendCached(c, page);
  }
  return next();
});

const SESSION_COOKIE_PRESENT = new RegExp(`(?:^|;)\\s*${SESSION_COOKIE}=`);
const HSTS = ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'];

/** Flat [name, value, …] header lists per page and reply kind, built once: the hot path only appends X-Request-Id. */
const rawHeaders = new WeakMap<CachedPage, Map<string, string[]>>();

function headerList(page: CachedPage, reply: ReturnType<typeof cachedReply>): string[] {
  const kind = `${reply.status} ${reply.headers['Content-Encoding'] ?? ''}`;
  let lists = rawHeaders.get(page);
  if (!lists) {
    lists = new Map();
    rawHeaders.set(page, lists);
  }
  let list = lists.get(kind);
  if (!list) {
    list = Object.entries({ ...SECURITY_HEADERS, ...reply.headers }).flat();
    lists.set(kind, list);
  }
  return list;
}

/**
 * The same cache, answered at the Node request listener before Hono builds a
 * Request, a context and a Response: a cached anonymous page then costs about
 * what a fixed-string server costs. It sends exactly the headers the Hono path
 * sends (cachedReply, the security headers, X-Request-Id). Anything that must
 * run before every page (a new global middleware in server.ts placed before
 * cachedPageFastPath) must be added here too. Returns false to let Hono answer.
 */
export function serveCachedPage(
  req: IncomingMessage,
  res: ServerResponse,
  deps: Pick<Deps, 'pageCache' | 'config'>,
): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = req.url;
  if (!url?.startsWith('/')) return false;
  const cookie = req.headers.cookie;
  if (cookie && SESSION_COOKIE_PRESENT.test(cookie)) return false;
  const page = deps.pageCache.find(url);
  if (!page) return false;
  const reply = cachedReply(page, {
    method: req.method,
    ifNoneMatch: req.headers['if-none-match'],
    acceptEncoding: req.headers['accept-encoding'],
  });
  const incoming = req.headers['x-request-id'];
  const headers = [
    ...headerList(page, reply),
    'X-Request-Id',
    requestIdFrom(typeof incoming === 'string' ? incoming : undefined),
  ];
  const { config } = deps;
  if (
    config.baseUrl.startsWith('https://') ||
    (config.trustProxy &&
      String(req.headers['x-forwarded-proto'] ?? '')
        .split(',')[0]
        ?.trim() === 'https') ||
    (req.socket as { encrypted?: boolean }).encrypted
  ) {
    headers.push(...HSTS);
  }
  res.writeHead(reply.status, headers);
  res.end(reply.body ?? undefined);
  return true;
}

import { brotliCompressSync, constants } from 'node:zlib';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { encodePage, joinPage, type PageHtml } from '../ui/segments';
import type { AppContext } from './context';

/** Smaller pages are sent as they are (the same threshold as hono's compress middleware). */
const MIN_BYTES = 1024;
/** Only for a client that takes Brotli but not gzip: the whole page at the cheapest level, made for one reader. */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } };

/** The encoding to use for a private page (gzip first: see privateHtml), among those the client accepts (q > 0). */
export function privateEncoding(accept: string | undefined): 'br' | 'gzip' | undefined {
  if (!accept) return undefined;
  let br = false;
  for (const item of accept.split(',')) {
    const [name = '', ...params] = item.split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && !(Number(q.slice(2)) > 0)) continue;
    const token = name.trim().toLowerCase();
    if (token === 'gzip') return 'gzip';
    if (token === 'br') br = true;
  }
  return br ? 'br' : undefined;
}

/**
 * A page for one person (`private, no-store`), compressed here when the client accepts it; the compress
 * middleware then leaves it alone (it skips responses that carry a Content-Encoding). gzip is preferred: the
 * page's kept parts (see segments.ts) are then compressed once, not for every reader, and only what was rendered
 * for this request is new. A client that takes only Brotli gets the whole page at Brotli 1.
 */
export function privateHtml(c: AppContext, page: PageHtml, status: ContentfulStatusCode = 200): Response {
  c.header('Cache-Control', 'private, no-store');
  c.header('Vary', 'Accept-Encoding', { append: true });
  const encoding = privateEncoding(c.req.header('accept-encoding'));
  if (c.req.method === 'HEAD' || (typeof page === 'string' && (!encoding || page.length < MIN_BYTES))) {
    return c.html(joinPage(page), status);
  }
  c.header('Content-Type', 'text/html; charset=UTF-8');
  let body: Buffer;
  if (encoding === 'gzip') body = encodePage(page, true);
  else if (encoding === 'br') body = brotliCompressSync(Buffer.from(joinPage(page)), BROTLI);
  else body = encodePage(page, false);
  if (encoding) c.header('Content-Encoding', encoding);
  return c.body(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), status);
}

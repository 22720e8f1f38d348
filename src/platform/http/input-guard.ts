import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context';
import { httpErrors } from './errors';
import { streamedFormData, TooManyParts } from './multipart';

/**
 * Text the hub cannot read is refused at the door with a 400 page, before any
 * handler or query sees it: a NUL (Postgres text cannot hold one), bytes that
 * are not UTF-8, or a `%` that does not start an escape. Forms are also capped
 * in how many fields or parts they carry, checked on the raw bytes before
 * anything splits them.
 */

/** Fields in a url-encoded form, or parts in a multipart one. Our largest form has a few dozen. */
export const MAX_FORM_FIELDS = 1000;

const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/** True when a percent-encoded string (a path, a query, a url-encoded body) is not readable text. */
export function unreadableEncoded(s: string): boolean {
  if (!s.includes('%')) return s.includes('\0');
  if (BAD_ESCAPE.test(s)) return true;
  let decoded: string;
  try {
    decoded = decodeURIComponent(s);
  } catch {
    return true; // an escape sequence that is not UTF-8
  }
  return decoded.includes('\0');
}

/** Every request: the path and query must decode to text without NUL. */
export const readableUrl = createMiddleware<AppEnv>(async (c, next) => {
  const url = c.req.url;
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start >= 0 && unreadableEncoded(url.slice(start))) throw httpErrors.badRequest();
  return next();
});

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const checked = new WeakSet<Request>();

function formKind(c: Context): 'urlencoded' | 'multipart' | undefined {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return 'urlencoded';
  if (type === 'multipart/form-data') return 'multipart';
  return undefined;
}

function countOccurrences(haystack: Buffer, needle: Buffer, stopAfter: number): number {
  let n = 0;
  for (
    let at = haystack.indexOf(needle);
    at !== -1 && n <= stopAfter;
    at = haystack.indexOf(needle, at + needle.length)
  )
    n++;
  return n;
}

/**
 * Check a form body once per request, before it is parsed: at most
 * MAX_FORM_FIELDS fields (413), readable text (400). Counting separators in
 * the raw bytes costs far less than building the fields. Bodies that are not
 * forms are left alone. The bytes stay cached, so parsing later reads no more.
 */
export async function checkFormBody(c: Context): Promise<void> {
  const raw = c.req.raw;
  if (checked.has(raw)) return;
  const kind = formKind(c);
  if (!kind) return;
  if (kind === 'urlencoded') {
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (countOccurrences(bytes, Buffer.from('&'), MAX_FORM_FIELDS) >= MAX_FORM_FIELDS)
      throw httpErrors.tooManyFields(MAX_FORM_FIELDS);
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch {
      throw httpErrors.badRequest();
    }
    if (unreadableEncoded(text)) throw httpErrors.badRequest();
  } else {
    const type = c.req.header('content-type') ?? '';
    const boundary = type.match(/;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i);
    if (!boundary?.[1] && !boundary?.[2]) throw httpErrors.badRequest();
    // Parsed here as it arrives (multipart.ts), once: Hono keeps the promise for parseBody (its type says FormData).
    const parsing = raw.body ? streamedFormData(raw.body, type, MAX_FORM_FIELDS) : Promise.reject(new Error('no body'));
    (c.req.bodyCache as { formData?: Promise<FormData> }).formData = parsing;
    let form: FormData;
    try {
      form = await parsing;
    } catch (error) {
      if (error instanceof TooManyParts) throw httpErrors.tooManyFields(MAX_FORM_FIELDS);
      throw httpErrors.badRequest();
    }
    for (const [name, value] of form) {
      const text = typeof value === 'string' ? value : value.name;
      if (name.includes('\0') || text.includes('\0')) throw httpErrors.badRequest();
    }
  }
  checked.add(raw);
}

/** After the CSRF check (which checks the body itself when it reads the token from it). */
export const formGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') await checkFormBody(c);
  return next();
});

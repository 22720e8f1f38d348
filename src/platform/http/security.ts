import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { newToken, safeEqual, sha256 } from '../auth/tokens';
import { type AppContext, type AppEnv, isHttps } from './context';
import { httpErrors } from './errors';
import { checkFormBody } from './input-guard';

/**
 * One Content-Security-Policy for every response. There is no inline script or
 * style anywhere, so no nonce is needed and rendered pages can be cached.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * The same policy for the one response that shows a player the reader asked for (events: a recording's
 * click-to-load embed): frame-src names only the given https origins; every other response keeps the default.
 */
export function contentSecurityPolicyWithFrames(origins: string[]): string {
  const allowed = origins.filter((o) => /^https:\/\/[a-z0-9.-]+$/.test(o));
  if (allowed.length === 0) return CONTENT_SECURITY_POLICY;
  return `${CONTENT_SECURITY_POLICY}; frame-src ${[...new Set(allowed)].join(' ')}`;
}

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  }
  if (isHttps(c)) c.res.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
});

export const CSRF_COOKIE = 'ill_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The token a form must carry. Signed in: derived from the session secret, so
 * it changes at every sign-in. Signed out: a random value also kept in an
 * HttpOnly cookie (double submit).
 */
/** Session token → its CSRF token, for the request being answered (a page asks several times: header, forms). */
const sessionCsrf = new WeakMap<object, { session: string; token: string }>();

export function csrfTokenFor(c: AppContext): string {
  const session = c.get('sessionToken');
  if (session) {
    const known = sessionCsrf.get(c);
    if (known?.session === session) return known.token;
    const token = sha256(`csrf:${session}`);
    sessionCsrf.set(c, { session, token });
    return token;
  }
  let value = getCookie(c, CSRF_COOKIE);
  if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
    value = newToken();
    setCookie(c, CSRF_COOKIE, value, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/' });
  }
  return value;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The only state change exempt from the check: RFC 8058 one-click unsubscribe,
 * which mail clients POST without cookies or a form token. The unguessable
 * token in the path is its authority. Exactly one path shape, POST only.
 */
export const ONE_CLICK_UNSUBSCRIBE_PATH = /^\/unsubscribe\/[A-Za-z0-9_-]{43}$/;

/**
 * Every state change must come from our own pages: the browser's origin
 * signal must not be cross-site, and the form or header must carry the token.
 * Everything that can be decided from the headers is decided first: the body
 * is read only when the token can only be in it, and then checked (field
 * count, readable text) before it is parsed.
 */
export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  if (c.req.method === 'POST' && ONE_CLICK_UNSUBSCRIBE_PATH.test(c.req.path)) return next();
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw httpErrors.csrf();
  const origin = c.req.header('origin');
  if (origin && origin !== 'null') {
    const expected = new URL(c.req.url).origin;
    const configured = c.get('deps').config.baseUrl;
    if (origin !== expected && origin !== configured) throw httpErrors.csrf();
  }
  const session = c.get('sessionToken');
  const expected = session ? sha256(`csrf:${session}`) : (getCookie(c, CSRF_COOKIE) ?? '');
  // No session and no cookie: no token could match, so the body is never read.
  if (!expected) throw httpErrors.csrf();
  let supplied = c.req.header(CSRF_HEADER) ?? '';
  if (!supplied) {
    const type = c.req.header('content-type') ?? '';
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      await checkFormBody(c);
      const body = await c.req.parseBody();
      const field = body[CSRF_FIELD];
      supplied = typeof field === 'string' ? field : '';
    }
  }
  if (!supplied || !safeEqual(supplied, expected)) throw httpErrors.csrf();
  return next();
});

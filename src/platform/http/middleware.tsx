import { randomUUID } from 'node:crypto';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { SESSION_COOKIE, resolveSession } from '../auth/sessions';
import { collectingNotices, type EventNotice } from '../events/record';
import { ErrorView } from '../ui/error-page';
import { pageHtml } from '../ui/render';
import { joinPage } from '../ui/segments';
import type { AppContext, AppEnv, Deps } from './context';
import { AppError, httpErrors } from './errors';
import { requestIdFrom } from './request-id';

export function withDeps(deps: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('deps', deps);
    c.set('actor', null);
    c.set('sessionToken', null);
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
  });
}

/** Who is asking: a valid session cookie makes an actor; anything else is anonymous. */
/**
 * Read-your-writes: the changes a request records reach this process's caches (sessions, personal parts,
 * anonymous pages) before its answer is sent, not only when the NOTIFY comes back from the database.
 */
export const applyOwnNotices = createMiddleware<AppEnv>(async (c, next) => {
  const notices: EventNotice[] = [];
  try {
    await collectingNotices(notices, next);
  } finally {
    if (notices.length > 0) {
      const { sessionCache, pageCache } = c.get('deps');
      for (const notice of notices) {
        sessionCache?.hear(notice);
        pageCache.hear(notice);
      }
    }
  }
});

export const sessionMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (token && token.length < 100) {
    const { database, clock, sessionCache } = c.get('deps');
    const actor = await resolveSession(database.db, token, clock.now(), sessionCache);
    if (actor) {
      c.set('actor', actor);
      c.set('sessionToken', token);
    }
  }
  await next();
});

function wantsJson(c: AppContext): boolean {
  return c.req.path.startsWith('/api/') || (c.req.header('accept') ?? '').startsWith('application/json');
}

export function renderError(c: AppContext, error: AppError): Response {
  if (error.details.retryAfterSeconds) c.header('Retry-After', String(error.details.retryAfterSeconds));
  c.header('Cache-Control', 'no-store');
  if (wantsJson(c)) {
    return c.json({ error: { code: error.code, message: error.message } }, error.status);
  }
  return c.html(
    joinPage(
      pageHtml(
        c,
        { title: error.details.title ?? 'Something went wrong' },
        <ErrorView error={error} requestId={c.get('requestId')} />,
      ),
    ),
    error.status,
  );
}

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof AppError) return renderError(c, err);
  const requestId = c.get('requestId') ?? randomUUID();
  const logger = c.get('deps')?.logger;
  const fields = {
    requestId,
    method: c.req.method,
    path: c.req.path,
    error: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  };
  if (logger) logger.error('unhandled error', fields);
  else console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', ...fields }));
  const error = new AppError(
    'http.internal_error',
    500,
    'The hub hit an unexpected problem while handling your request.',
    {
      title: 'Something went wrong',
    },
  );
  try {
    return renderError(c, error);
  } catch {
    return c.text(`Something went wrong. Reference: ${requestId}`, 500);
  }
};

export const notFound: NotFoundHandler<AppEnv> = (c) => renderError(c, httpErrors.notFound());

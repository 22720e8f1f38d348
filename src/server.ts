import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { type FeatureModule, featureModules, routeMounts } from './modules';
import { registerSearchKinds } from './platform/search/kinds';
import { cachedPageFastPath } from './platform/cache/public-page';
import type { AppEnv, Deps } from './platform/http/context';
import { httpErrors } from './platform/http/errors';
import { formGuard, readableUrl } from './platform/http/input-guard';
import { applyOwnNotices, notFound, onError, sessionMiddleware, withDeps } from './platform/http/middleware';
import { csrfProtection, securityHeaders } from './platform/http/security';
import { PUBLIC_DIR } from './platform/ui/assets';
import { REPORT_UPLOAD_BYTES } from './features/reports';

/** Forms are small; the upload route takes config.uploadMaxBytes plus room for the form around the file. */
export const FORM_BODY_LIMIT = 2 * 1024 * 1024;
const UPLOAD_PATH = /^\/articles\/[^/]+\/files$|^\/events\/\d+\/files$/;
/** Reports take ILL exports up to their own limit (REPORT_UPLOAD_BYTES), refused from the declared length. */
const REPORT_UPLOAD_PATH = /^\/reports\/datasets\/(new|\d+\/upload)$/;

export function createServer(deps: Deps, modules: FeatureModule[] = featureModules()) {
  const app = new Hono<AppEnv>();
  app.use('*', withDeps(deps));
  app.use('*', securityHeaders);
  app.use('*', readableUrl);
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.use(
    '/css/*',
    serveStatic({ root: PUBLIC_DIR, onFound: (_p, c) => void c.header('Cache-Control', 'public, max-age=3600') }),
  );
  app.use(
    '/img/*',
    serveStatic({ root: PUBLIC_DIR, onFound: (_p, c) => void c.header('Cache-Control', 'public, max-age=86400') }),
  );
  app.use(
    '/build/*',
    serveStatic({ root: PUBLIC_DIR, onFound: (_p, c) => void c.header('Cache-Control', 'public, max-age=3600') }),
  );
  app.get('/favicon.ico', (c) => c.redirect('/img/favicon.svg', 301));
  app.use('*', cachedPageFastPath);
  // Who is asking is known before the body limit, so a refusal still shows the member as signed in. Safe this
  // early: it reads the cookie only, never the body.
  app.use('*', applyOwnNotices);
  app.use('*', sessionMiddleware);
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // Limit before anything reads the body: the CSRF check parses forms, uploads included.
    const report = REPORT_UPLOAD_PATH.test(c.req.path);
    const upload = report || UPLOAD_PATH.test(c.req.path);
    const uploadMax = report ? REPORT_UPLOAD_BYTES : deps.config.uploadMaxBytes;
    return bodyLimit({
      maxSize: upload ? uploadMax + 64 * 1024 : FORM_BODY_LIMIT,
      onError: async () => {
        const limitBytes = upload ? uploadMax : FORM_BODY_LIMIT;
        for (const m of modules) {
          const page = await m.bodyTooLarge?.(c, { limitBytes, modules });
          if (page) return page;
        }
        throw upload ? httpErrors.tooLarge(limitBytes) : httpErrors.formTooLarge(limitBytes);
      },
    })(c, next);
  });
  app.use('*', csrfProtection);
  app.use('*', formGuard);
  app.use('*', compress());
  registerSearchKinds(modules.flatMap((m) => m.searchKinds ?? []));
  for (const m of modules) for (const mw of m.middleware ?? []) app.use('*', mw);
  // Each feature's sub-apps at their own prefixes; routeMounts refuses overlaps, so module order does not matter.
  for (const m of routeMounts(modules)) app.route(m.prefix, m.routes);
  app.notFound(notFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createServer>;

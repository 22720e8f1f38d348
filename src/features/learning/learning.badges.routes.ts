import type { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/context';
import { SITE_NAME } from '../../platform/ui/layout';
import { openBadgeCredential } from './learning.badges';
import { verifyCertificate } from './learning.certificates';
import { learningErrors } from './learning.errors';
import * as repo from './learning.repository';

/**
 * `/certificates/<code>.json`: the certificate as an Open Badges 3.0 credential, public like the verification page
 * (anyone with the code) and gone with it (an unknown code or a deleted account: 404). Mounted before
 * `/certificates/:code`, which would otherwise take the path.
 */
export function addBadgeRoutes(routes: Hono<AppEnv>): void {
  routes.get('/certificates/:file{[A-Za-z0-9_-]+\\.json}', async (c) => {
    const deps = c.get('deps');
    const db = deps.database.db;
    const certificate = await verifyCertificate(db, c.req.param('file').slice(0, -'.json'.length));
    if (!certificate) throw learningErrors.certificateNotFound();
    const course = await repo.findCourse(db, certificate.courseSlug);
    const credential = openBadgeCredential(certificate, {
      baseUrl: deps.config.baseUrl,
      issuerName: SITE_NAME,
      courseSummary: course?.summary ?? null,
    });
    // It names a person: like the verification page, never kept by shared caches.
    return c.body(JSON.stringify(credential, null, 2), 200, {
      'Content-Type': 'application/ld+json; charset=utf-8',
      'Cache-Control': 'private, no-store',
    });
  });
}

import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { personalSync } from '../cache/personal';
import { actorOf, type AppContext } from '../http/context';
import { privateHtml } from '../http/private-html';
import { csrfTokenFor } from '../http/security';
import { type LayoutProps, layoutHtml, SiteHeader } from './layout';
import { type PageHtml, type RenderedHtml, renderSegmented } from './segments';

export type PageProps = Omit<LayoutProps, 'actor' | 'csrfToken' | 'children'>;

/**
 * Render a whole page (with the hub's layout): a string for anonymous readers; for a member, the page with its
 * kept parts (shared parts, their own header) as segments, which privateHtml sends without copying or
 * compressing them again (see segments.ts).
 */
export function pageHtml(c: AppContext, props: PageProps, content: Child): PageHtml {
  const actor = actorOf(c);
  const full: LayoutProps = {
    ...props,
    actor,
    csrfToken: actor ? csrfTokenFor(c) : '',
    unreadNotifications: c.get('unreadNotifications'),
    unreadMessages: c.get('unreadMessages'),
    currentPath: c.req.path,
  };
  // A member's header is the same on every page until something changes: kept with their personal parts, under
  // their session (its CSRF token is in the sign-out form) and everything else it shows.
  const renderedHeader = actor
    ? personalSync(
        c,
        `layout.header:${full.csrfToken}:${actor.role}:${actor.displayName}:${full.unreadNotifications ?? 0}:${full.unreadMessages ?? 0}:${full.query ?? ''}`,
        () => String(<SiteHeader {...full} />) as RenderedHtml,
      )
    : undefined;
  const render = () => layoutHtml({ ...full, renderedHeader }, String(content));
  return actor ? renderSegmented(render) : render();
}

/** A page for one person: never stored by shared caches. */
export function renderPage(
  c: AppContext,
  props: PageProps,
  content: Child,
  status: ContentfulStatusCode = 200,
): Response {
  return privateHtml(c, pageHtml(c, props, content), status);
}

import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { actorOf, type AppContext } from '../http/context';
import { csrfTokenFor } from '../http/security';
import { Layout, type LayoutProps } from './layout';

export type PageProps = Omit<LayoutProps, 'actor' | 'csrfToken' | 'children'>;

/** Render a whole page (with the hub's layout) to an HTML string. */
export function pageHtml(c: AppContext, props: PageProps, content: Child): string {
  return `<!DOCTYPE html>${String(
    <Layout {...props} actor={actorOf(c)} csrfToken={actorOf(c) ? csrfTokenFor(c) : ''} unreadNotifications={c.get('unreadNotifications')} currentPath={c.req.path}>
      {content}
    </Layout>,
  )}`;
}

/** A page for one person: never stored by shared caches. */
export function renderPage(c: AppContext, props: PageProps, content: Child, status: ContentfulStatusCode = 200): Response {
  c.header('Cache-Control', 'private, no-store');
  return c.html(pageHtml(c, props, content), status);
}

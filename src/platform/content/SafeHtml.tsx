import { raw } from 'hono/html';
import type { SafeHtml } from './markdown';

/** The only place sanitised HTML enters a page. */
export function Html({ html }: { html: SafeHtml }) {
  return <>{raw(html)}</>;
}

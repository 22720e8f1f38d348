import { integer, text } from 'drizzle-orm/pg-core';
import type { SafeHtml } from './markdown';

/**
 * The stored rendering of a Markdown column: sanitised HTML (null until first
 * rendered) and the RENDER_VERSION that produced it (0 = never). Tables index
 * `render_version` so the start-up pass finds stale rows without a scan.
 */
export function storedHtmlColumns(htmlColumn: string) {
  return {
    bodyHtml: text(htmlColumn).$type<SafeHtml>(),
    renderVersion: integer('render_version').notNull().default(0),
  };
}

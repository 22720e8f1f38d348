import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, eq, lt } from 'drizzle-orm';
import type { AnyPgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/database';
import { recordEvent } from '../events/record';
import type { Logger } from '../logger';
import { markdownToText, RENDER_VERSION, type SafeHtml } from './markdown';

/**
 * Render once, serve many: user Markdown becomes sanitised HTML when it is
 * saved, stored beside its source (`body_html`) with the `RENDER_VERSION` that
 * produced it (`render_version`, 0 = never rendered). Pages show the stored
 * HTML and never call the renderer, so the cost of a page does not grow with
 * what people wrote. See docs/decisions/012-render-once.md.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * What a page shows for a stored fragment: the stored HTML, or, for a row the
 * start-up pass has not rendered yet (just after an upgrade), its source as
 * escaped plain text. Never renders Markdown.
 */
export function storedHtml(html: SafeHtml | null | undefined, source: string): SafeHtml {
  if (html != null) return html;
  return `<div class="pre-wrap">${source.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!)}</div>` as SafeHtml;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * Plain text of a stored fragment, for search and notification excerpts: the
 * same words as `markdownToText` of its source, read off the stored HTML in
 * one linear pass (no Markdown parsing). Renders only a row not rendered yet.
 */
export function storedText(html: SafeHtml | null | undefined, source: string): string {
  if (html == null) return markdownToText(source);
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * One kind of stored Markdown (forum posts, article revisions, …), as its
 * owning feature renders it. Features list theirs in their module; the hub
 * runs `rerenderStoredHtml` over all of them at start.
 */
export interface StoredHtmlKind<Row extends { id: number } = { id: number }> {
  /** For the log, e.g. "forum posts". */
  name: string;
  /** Up to `limit` rows whose `render_version` is below RENDER_VERSION (served by an index on `render_version`). */
  stale(db: DbOrTx, limit: number): Promise<Row[]>;
  /**
   * Render the row and store the HTML with RENDER_VERSION, only where the
   * stored version is still older (a save meanwhile stored its own HTML).
   */
  store(db: DbOrTx, row: Row): Promise<void>;
}

/**
 * The usual kind: one table with an id, a Markdown source and a `render_version` column, and what a source renders
 * to (the columns to set: HTML, version, sometimes derived text). Stale rows are read a batch at a time; a row is
 * written only where its version is still older, so a save meanwhile is never overwritten.
 */
export function storedHtmlColumns<TTable extends PgTable>(kind: {
  name: string;
  table: TTable;
  id: AnyPgColumn;
  source: AnyPgColumn;
  renderVersion: AnyPgColumn;
  render: (db: DbOrTx, source: string) => PgUpdateSetSource<TTable> | Promise<PgUpdateSetSource<TTable>>;
}): StoredHtmlKind<{ id: number; body: string }> {
  return {
    name: kind.name,
    stale: async (db, limit) => {
      const rows = await db
        .select({ id: kind.id, body: kind.source })
        .from(kind.table as PgTable)
        .where(lt(kind.renderVersion, RENDER_VERSION))
        .limit(limit);
      return rows.map((r) => ({ id: Number(r.id), body: String(r.body ?? '') }));
    },
    async store(db, row) {
      const values = await kind.render(db, row.body);
      await db
        .update(kind.table)
        .set(values)
        .where(and(eq(kind.id, row.id), lt(kind.renderVersion, RENDER_VERSION)));
    },
  };
}

export const RERENDER_BATCH = 100;

export interface RerenderOptions {
  db: DbOrTx;
  logger: Logger;
  kinds: StoredHtmlKind[];
  batchSize?: number;
  /** Checked between rows: the hub sets it when it stops. */
  stopped?: () => boolean;
  /**
   * After each batch: by default an event that drops every process's cached
   * pages (they may show the older HTML, or a row's source as text).
   */
  afterBatch?: (kind: string, rendered: number) => Promise<void>;
}

function announceBatch(db: DbOrTx) {
  return (kind: string, rendered: number) =>
    recordEvent(db, {
      type: 'content.rendered',
      actorId: null,
      subjectType: 'stored_html',
      subjectId: kind,
      data: { rendered, version: RENDER_VERSION },
    });
}

/**
 * Bring every stored fragment up to RENDER_VERSION: small batches, one row
 * rendered at a time with a turn of the event loop in between, so requests
 * keep being answered while it runs. Nothing to do costs one index lookup per
 * kind. Returns the number of rows rendered per kind.
 */
export async function rerenderStoredHtml(options: RerenderOptions): Promise<Record<string, number>> {
  const { db, logger, kinds } = options;
  const batchSize = options.batchSize ?? RERENDER_BATCH;
  const stopped = options.stopped ?? (() => false);
  const afterBatch = options.afterBatch ?? announceBatch(db);
  const counts: Record<string, number> = {};
  for (const kind of kinds) {
    let done = 0;
    const started = performance.now();
    let lastReport = started;
    let previous = new Set<number>();
    while (!stopped()) {
      const rows = await kind.stale(db, batchSize);
      if (rows.length === 0) break;
      if (rows.some((r) => previous.has(r.id))) {
        // A stored row still reads as stale: stop rather than render it forever.
        logger.warn('stored HTML did not keep', { kind: kind.name, id: rows.find((r) => previous.has(r.id))?.id });
        break;
      }
      if (done === 0) logger.info('rendering stored HTML', { kind: kind.name, version: RENDER_VERSION });
      let stored = 0;
      for (const row of rows) {
        if (stopped()) break;
        await kind.store(db, row);
        stored++;
        await nextTurn();
      }
      done += stored;
      previous = new Set(rows.map((r) => r.id));
      if (stored > 0) await afterBatch(kind.name, stored);
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        logger.info('stored HTML progress', { kind: kind.name, rendered: done, ms: Math.round(lastReport - started) });
      }
    }
    counts[kind.name] = done;
    if (done > 0)
      logger.info('stored HTML rendered', {
        kind: kind.name,
        rendered: done,
        version: RENDER_VERSION,
        ms: Math.round(performance.now() - started),
      });
  }
  return counts;
}

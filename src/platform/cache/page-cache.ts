import { createHash } from 'node:crypto';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { Database } from '../db/database';
import { EVENTS_CHANNEL, type EventNotice, parseNotice } from '../events/record';

export interface CachedPage {
  status: number;
  body: Buffer;
  gzip: Buffer | undefined;
  br: Buffer | undefined;
  etag: string;
  contentType: string;
}

/** The query values a cached page was rendered for (canonical forms; undefined or '' when absent or the default). */
export type PageQuery = Readonly<Record<string, string | number | undefined>>;

/**
 * A page's cache key: its path plus only the query parameters it varies by,
 * in name order. Any other parameter (`?cb=random`) leads to the same page.
 */
export function pageKey(path: string, query: PageQuery = {}): string {
  const parts: string[] = [];
  for (const name of Object.keys(query).sort()) {
    const value = query[name];
    if (value === undefined || value === '') continue;
    parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

/**
 * Pages up to this size are compressed as they are stored (a few milliseconds);
 * larger ones (a diff of the largest revisions: ~0.5 MB, ~25 ms) in the
 * background, off the event loop.
 */
export const SYNC_COMPRESS_LIMIT = 128 * 1024;

export interface PageCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
}

/**
 * Rendered anonymous pages, kept per process. Any change to public content
 * (an event whose type changes public pages, src/platform/events/types.ts) clears every process's cache:
 * Postgres NOTIFY reaches all of them after the change commits.
 */
export class PageCache {
  private entries = new Map<string, CachedPage>();
  /** Per path, the query parameters its page varies by: recorded when a page is stored, so a raw request URL maps to the same key before routing. */
  private varies = new Map<string, readonly string[]>();
  private bytes = 0;
  private _generation = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  hits = 0;
  misses = 0;

  constructor(options: PageCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 5000;
    // Bounded so memory stays within budget on a large library: the most-read pages stay, the long tail re-renders.
    this.maxBytes = options.maxBytes ?? 24 * 1024 * 1024;
  }

  get generation(): number {
    return this._generation;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CachedPage | undefined {
    const page = this.entries.get(key);
    if (page) {
      this.hits++;
      // Refresh recency for LRU eviction.
      this.entries.delete(key);
      this.entries.set(key, page);
    } else {
      this.misses++;
    }
    return page;
  }

  /**
   * Store a page rendered while the cache was at `generation`. If an
   * invalidation arrived during rendering the page may be stale, so it is not kept.
   */
  set(key: string, page: Omit<CachedPage, 'etag' | 'gzip' | 'br'>, generation: number): CachedPage {
    const full = PageCache.prepare(page);
    if (generation !== this._generation) return full;
    const old = this.entries.get(key);
    if (old) this.bytes -= PageCache.weight(old);
    this.entries.set(key, full);
    this.bytes += PageCache.weight(full);
    this.trim();
    if (full.body.length > SYNC_COMPRESS_LIMIT) this.compressLater(key, full);
    return full;
  }

  private trim(): void {
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      const evicted = this.entries.get(oldest);
      if (evicted) this.bytes -= PageCache.weight(evicted);
      this.entries.delete(oldest);
    }
  }

  /** Large pages are compressed in libuv's thread pool; until then (and if the page is gone by then) readers get the plain bytes. */
  private compressLater(key: string, page: CachedPage): void {
    const keep = (encoding: 'gzip' | 'br') => (error: Error | null, compressed: Buffer) => {
      if (error || this.entries.get(key) !== page) return;
      page[encoding] = compressed;
      this.bytes += compressed.length;
      this.trim();
    };
    gzip(page.body, { level: 6 }, keep('gzip'));
    brotliCompress(page.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }, keep('br'));
  }

  /** The page for a request's raw path and query (as the client sent it), under the parameters its path declared. */
  find(url: string): CachedPage | undefined {
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const names = this.varies.get(path);
    if (!names) return this.get(url);
    if (q === -1 || names.length === 0) return this.get(path);
    const params = new URLSearchParams(url.slice(q + 1));
    const query: Record<string, string | undefined> = {};
    for (const name of names) query[name] = params.get(name) ?? undefined;
    return this.get(pageKey(path, query));
  }

  /**
   * Store the page at `path` rendered for `query` (the canonical values the
   * handler used; every parameter it reads must be listed, even when absent).
   */
  store(
    path: string,
    query: PageQuery,
    page: Omit<CachedPage, 'etag' | 'gzip' | 'br'>,
    generation: number,
  ): CachedPage {
    const names = Object.keys(query).sort();
    const known = this.varies.get(path);
    if (known?.join('&') !== names.join('&')) {
      this.varies.delete(path);
      this.varies.set(path, names);
      // Bounded like the pages: paths only get here once a handler found their page.
      if (this.varies.size > this.maxEntries) this.varies.delete(this.varies.keys().next().value as string);
    }
    return this.set(pageKey(path, query), page, generation);
  }

  invalidate(): void {
    this._generation++;
    this.entries.clear();
    this.bytes = 0;
  }

  /** Listen for public changes from every process sharing the database. */
  async connect(database: Database): Promise<() => Promise<void>> {
    return database.listen(EVENTS_CHANNEL, (payload) => {
      // An empty payload means the listener reconnected and may have missed changes.
      if (payload === '' || parseNotice(payload)?.changesPublicPages) this.invalidate();
    });
  }

  /** Apply a notice this process's own request sent (NOTIFY brings it back only later). */
  hear(notice: EventNotice): void {
    if (notice.changesPublicPages) this.invalidate();
  }

  static prepare(page: Omit<CachedPage, 'etag' | 'gzip' | 'br'>): CachedPage {
    const etag = `"${createHash('sha1').update(page.body).digest('base64url')}"`;
    const compressible = page.body.length > 1024 && page.body.length <= SYNC_COMPRESS_LIMIT;
    return {
      ...page,
      etag,
      gzip: compressible ? gzipSync(page.body, { level: 6 }) : undefined,
      br: compressible ? brotliCompressSync(page.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : undefined,
    };
  }

  private static weight(page: CachedPage): number {
    return page.body.length + (page.gzip?.length ?? 0) + (page.br?.length ?? 0);
  }
}

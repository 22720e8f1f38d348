import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Database } from '../db/database';
import { EVENTS_CHANNEL, parseNotice } from '../events/record';

export interface CachedPage {
  status: number;
  body: Buffer;
  gzip: Buffer | undefined;
  br: Buffer | undefined;
  etag: string;
  contentType: string;
}

export interface PageCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
}

/**
 * Rendered anonymous pages, kept per process. Any change to public content
 * (an event recorded with `changesPublicPages`) clears every process's cache:
 * Postgres NOTIFY reaches all of them after the change commits.
 */
export class PageCache {
  private entries = new Map<string, CachedPage>();
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
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      const evicted = this.entries.get(oldest);
      if (evicted) this.bytes -= PageCache.weight(evicted);
      this.entries.delete(oldest);
    }
    return full;
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

  static prepare(page: Omit<CachedPage, 'etag' | 'gzip' | 'br'>): CachedPage {
    const etag = `"${createHash('sha1').update(page.body).digest('base64url')}"`;
    const compressible = page.body.length > 1024;
    return {
      ...page,
      etag,
      gzip: compressible ? gzipSync(page.body, { level: 6 }) : undefined,
      br: compressible
        ? brotliCompressSync(page.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
        : undefined,
    };
  }

  private static weight(page: CachedPage): number {
    return page.body.length + (page.gzip?.length ?? 0) + (page.br?.length ?? 0);
  }
}

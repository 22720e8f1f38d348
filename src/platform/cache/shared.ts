import type { Child } from 'hono/jsx';
import type { AppContext } from '../http/context';
import { placeKept, type RenderedHtml } from '../ui/segments';
import type { PageCache } from './page-cache';

/** Shared parts kept per process, and the characters of rendered HTML among them. */
const MAX_ENTRIES = 2_000;
const MAX_CHARS = 8 * 1024 * 1024;

interface Entry {
  generation: number;
  value: unknown;
  chars: number;
}

/**
 * The parts of a page every reader sees alike (an article's body and facts, a thread's posts): loaded and
 * rendered once, then reused for every signed-in reader, who gets their personal parts composed around
 * them. They live exactly as long as the anonymous render cache's pages: an entry belongs to the page
 * cache's generation it was made in, so every public change (which clears rendered pages in every
 * process, by NOTIFY) retires them too. Nothing personal may go in (no names of the reader, no CSRF tokens).
 */
export class SharedParts {
  private entries = new Map<string, Entry>();
  private chars = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly pages: Pick<PageCache, 'generation'>) {}

  async remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && entry.generation === this.pages.generation) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.value as T;
    }
    if (entry) this.drop(key);
    this.misses++;
    const generation = this.pages.generation;
    const value = await load();
    // A public change committed while loading: what was read may be stale already. Nothing found is not kept
    // either (made-up addresses must not push real pages out).
    if (generation !== this.pages.generation || value === undefined || value === null) return value;
    const chars = weigh(value);
    this.entries.set(key, { generation, value, chars });
    this.chars += chars;
    while (this.entries.size > MAX_ENTRIES || this.chars > MAX_CHARS) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.chars -= entry.chars;
    this.entries.delete(key);
  }
}

/** Roughly the characters a part holds: its strings, a few levels down (bodies, rendered HTML, rows). */
function weigh(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length;
  if (value instanceof String) return value.length;
  if (!value || typeof value !== 'object' || depth > 4) return 16;
  let n = 64;
  const items = value instanceof Map ? value.values() : Array.isArray(value) ? value : Object.values(value);
  for (const v of items) n += weigh(v, depth + 1);
  return n;
}

const byPageCache = new WeakMap<PageCache, SharedParts>();

export function sharedPartsOf(pageCache: PageCache): SharedParts {
  let parts = byPageCache.get(pageCache);
  if (!parts) {
    parts = new SharedParts(pageCache);
    byPageCache.set(pageCache, parts);
  }
  return parts;
}

/** A part of the page every reader sees alike, from this process's cache or `load` (see SharedParts). */
export function shared<T>(c: AppContext, key: string, load: () => Promise<T>): Promise<T> {
  return sharedPartsOf(c.get('deps').pageCache).remember(key, load);
}

export type { RenderedHtml };

/** Render a view once, to keep as a shared part. */
export async function renderPart(node: Child): Promise<RenderedHtml> {
  return String(
    await Promise.resolve(
      node === null || node === undefined ? '' : (node as { toString(): string | Promise<string> }).toString(),
    ),
  ) as RenderedHtml;
}

/** Place a part rendered by renderPart (a segment of a signed-in page: see platform/ui/segments.ts). */
export function RenderedPart({ html }: { html: RenderedHtml }) {
  return placeKept(html);
}

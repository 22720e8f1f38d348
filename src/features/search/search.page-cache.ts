import { type CachedPage, PageCache, type PageQuery, pageKey } from '../../platform/cache/page-cache';
import { sendCached } from '../../platform/cache/public-page';
import type { AppContext } from '../../platform/http/context';
import { searchIndexStamp } from '../../platform/search/search';
import { joinPage, type PageHtml } from '../../platform/ui/segments';

const HTML = 'text/html; charset=UTF-8';

/** Rendered anonymous result pages kept per process: bounded like the render cache (the most asked stay). */
export const SEARCH_PAGE_CACHE = { maxEntries: 500, maxBytes: 8 * 1024 * 1024 } as const;

/**
 * Anonymous result pages, valid for one search index version (and dictionary revision) and one generation of the
 * render cache (the page also lists topics). A new version drops them all; what was rendered while it changed is
 * stored under the old version, which is never asked for again.
 */
class SearchPages {
  readonly pages = new PageCache(SEARCH_PAGE_CACHE);
  private version = '';

  constructor(private readonly renderCache: Pick<PageCache, 'generation'>) {}

  /** The version a page rendered now belongs to; a newer one than last seen forgets every page kept. */
  async versionOf(c: AppContext): Promise<string> {
    const version = `${await searchIndexStamp(c.get('deps').database.db)}|${this.renderCache.generation}`;
    if (version !== this.version) {
      this.pages.invalidate();
      this.version = version;
    }
    return version;
  }
}

const byRenderCache = new WeakMap<PageCache, SearchPages>();

export function searchPagesOf(renderCache: PageCache): SearchPages {
  let pages = byRenderCache.get(renderCache);
  if (!pages) {
    pages = new SearchPages(renderCache);
    byRenderCache.set(renderCache, pages);
  }
  return pages;
}

/**
 * The anonymous search page for `query` (every parameter it depends on, canonical) from the cache, or rendered
 * once by `render` (which runs the search) and kept. Only for visitors who are not signed in: members may see
 * members-only documents, and their pages carry their own header.
 */
export async function cachedSearchPage(
  c: AppContext,
  query: PageQuery,
  render: () => Promise<PageHtml>,
): Promise<Response> {
  const store = searchPagesOf(c.get('deps').pageCache);
  const version = await store.versionOf(c);
  const key = `${version} ${pageKey('/search', query)}`;
  const hit: CachedPage | undefined = store.pages.get(key);
  if (hit) return sendCached(c, hit);
  const generation = store.pages.generation;
  const body = Buffer.from(joinPage(await render()));
  return sendCached(c, store.pages.set(key, { status: 200, body, contentType: HTML }, generation));
}

import { Hono } from 'hono';
import type { FeatureModule } from '../../feature-module';
import type { AppEnv } from '../../platform/http/context';
import { pageParam } from '../../platform/http/params';
import { search, SEARCH_LIMITS } from '../../platform/search/search';
import { renderPage } from '../../platform/ui/render';
import { FORUM_POST_TYPE } from '../community';
import { ARTICLE_TYPES, AUDIENCES, listTopics } from '../library';
import { type SearchFilters, SearchPage } from './views/search-page';

/** The hub-wide search page: every searchable type, with filters (mounted at "/search"). */
export const searchRoutes = new Hono<AppEnv>();

searchRoutes.get('/', async (c) => {
  const db = c.get('deps').database.db;
  const topics = await listTopics(db);
  const q = c.req.query();
  const filters: SearchFilters = {
    q: (q.q ?? '').trim().slice(0, SEARCH_LIMITS.query),
    topic: topics.some((t) => t.slug === q.topic) ? (q.topic ?? '') : '',
    type: [...ARTICLE_TYPES, FORUM_POST_TYPE].includes(q.type ?? '') ? (q.type ?? '') : '',
    audience: (AUDIENCES as readonly string[]).includes(q.audience ?? '') ? (q.audience ?? '') : '',
  };
  const page = pageParam(q.page);
  const active = Boolean(filters.q || filters.topic || filters.type || filters.audience);
  const result = active
    ? await search(db, {
        q: filters.q,
        topic: filters.topic || undefined,
        type: filters.type || undefined,
        audience: filters.audience || undefined,
        page,
      })
    : undefined;
  return renderPage(
    c,
    {
      title: filters.q ? `Search: ${filters.q}` : 'Search',
      query: filters.q,
      breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Search' }],
    },
    <SearchPage filters={filters} result={result} topics={topics} />,
  );
});

export const searchModule: FeatureModule = { name: 'search', routes: () => ({ '/search': searchRoutes }) };

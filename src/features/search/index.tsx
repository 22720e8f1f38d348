import { Hono } from 'hono';
import type { FeatureModule } from '../../feature-module';
import { hasRole } from '../../platform/authz/policy';
import { actorOf, type AppContext, type AppEnv } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { pageParam } from '../../platform/http/params';
import type { SearchKind } from '../../platform/search/kinds';
import { search, SEARCH_LIMITS, similarDocuments, suggestTitles } from '../../platform/search/search';
import { privateHtml } from '../../platform/http/private-html';
import type { DbOrTx } from '../../platform/db/database';
import { pageHtml } from '../../platform/ui/render';
import type { PageHtml } from '../../platform/ui/segments';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { cachedSearchPage } from './search.page-cache';
import { FORUM_POST_TYPE, POST_KIND } from '../community';
import {
  ARTICLE_KIND,
  ARTICLE_TYPES,
  type ArticleExtension,
  AUDIENCES,
  articleIdsNotFitting,
  FITS_ME,
  FITS_PARAM,
  GLOSSARY_KIND,
  listTopics,
  type ReaderContext,
  readerContextFrom,
  readerDescription,
  readerWithLabels,
} from '../library';
import { WORKFLOW_KIND, workflowIdsNotFitting } from '../workflows';
import { createSynonymRoutes } from './synonyms.routes';
import { closestTopics, type SearchFilters, SearchPage } from './views/search-page';

/** As-you-type limits: a few characters before asking, a short answer, and a minute in any cache. */
export const SUGGEST_LIMITS = { minChars: 2, maxChars: 100, suggestions: 8, similar: 5, maxAgeSeconds: 60 } as const;

/** "Similar threads and articles" for a new thread's title. */
const SIMILAR_KINDS = [ARTICLE_KIND, GLOSSARY_KIND, POST_KIND];

const searchErrors = {
  queryTooLong: () =>
    new AppError(
      'search.query_too_long',
      400,
      `Type at most ${SUGGEST_LIMITS.maxChars} characters for suggestions; the search page takes longer questions.`,
      { title: 'Too long' },
    ),
};

/** Every kind of thing the index holds, in the order the modules declare (one registration point). */
export function searchKindsOf(modules: FeatureModule[]): SearchKind[] {
  return modules.flatMap((m) => m.searchKinds ?? []).sort((a, b) => a.order - b.order);
}

function viewerOf(c: AppContext): 'anonymous' | 'member' {
  return hasRole(actorOf(c), 'member') ? 'member' : 'anonymous';
}

/**
 * "Show what applies to me" (as on topic and list pages): the signed-in reader's context from their profile, in
 * words, or nothing for anonymous readers and members whose profile gives none.
 */
async function fitsFilter(
  c: AppContext,
  extensions: ArticleExtension[],
): Promise<{ reader: ReaderContext | null; yours: string }> {
  if (!actorOf(c)) return { reader: null, yours: '' };
  const reader = await readerContextFrom(extensions, c);
  if (!reader) return { reader: null, yours: '' };
  const vocabulary = await vocabularyFor(c.get('deps').config.contentDir);
  return { reader: readerWithLabels(reader, vocabulary), yours: readerDescription(reader, vocabulary) };
}

/** Articles, glossary terms and workflows written for other libraries than the reader's. */
async function notFitting(db: DbOrTx, reader: ReaderContext) {
  const [articleIds, workflowIds] = await Promise.all([
    articleIdsNotFitting(db, reader),
    workflowIdsNotFitting(db, reader),
  ]);
  return [
    { kinds: [ARTICLE_KIND, GLOSSARY_KIND], refIds: articleIds.map(String) },
    { kinds: [WORKFLOW_KIND], refIds: workflowIds.map(String) },
  ];
}

/** The typed text of an as-you-type request: undefined when too short to ask about; refused when too long. */
function typedText(c: AppContext): string | undefined {
  const q = (c.req.query('q') ?? '').replace(/\s+/g, ' ').trim();
  if (q.length > SUGGEST_LIMITS.maxChars) throw searchErrors.queryTooLong();
  return q.length >= SUGGEST_LIMITS.minChars ? q : undefined;
}

/** JSON that shared caches may keep for a minute when it is the same for everyone (anonymous readers). */
function cacheableJson(c: AppContext, body: unknown) {
  const scope = viewerOf(c) === 'anonymous' ? 'public' : 'private';
  c.header('Cache-Control', `${scope}, max-age=${SUGGEST_LIMITS.maxAgeSeconds}`);
  c.header('Vary', 'Cookie');
  return c.json(body);
}

/** The hub-wide search page, title suggestions and similar threads (mounted at "/search"). */
export function createSearchRoutes(modules: FeatureModule[], extensions: ArticleExtension[] = []) {
  const kinds = searchKindsOf(modules);
  const kindLabels = new Map(kinds.map((k) => [k.kind, k.label]));
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const db = c.get('deps').database.db;
    const q = c.req.query();
    const fits = await fitsFilter(c, extensions);
    const kind = kindLabels.has(q.kind ?? '') ? (q.kind ?? '') : '';
    const candidate = {
      q: (q.q ?? '').replace(/\s+/g, ' ').trim().slice(0, SEARCH_LIMITS.query),
      type: [...ARTICLE_TYPES, FORUM_POST_TYPE].includes(q.type ?? '') ? (q.type ?? '') : '',
      audience: (AUDIENCES as readonly string[]).includes(q.audience ?? '') ? (q.audience ?? '') : '',
      kind,
      exact: q.exact === '1' ? '1' : '',
      // Only for a signed-in reader whose profile gives a context; ignored otherwise (the page stays the cached one).
      fits: fits.reader && q[FITS_PARAM] === FITS_ME ? FITS_ME : '',
    };
    const page = pageParam(q.page);
    const render = async (): Promise<PageHtml> => {
      const topics = await listTopics(db);
      const filters: SearchFilters = {
        ...candidate,
        topic: topics.some((t) => t.slug === q.topic) ? (q.topic ?? '') : '',
      };
      const active = Boolean(filters.q || filters.topic || filters.type || filters.audience || filters.kind);
      const exclude = filters.fits && fits.reader ? await notFitting(db, fits.reader) : undefined;
      const result = active
        ? await search(db, {
            q: filters.q,
            topic: filters.topic || undefined,
            type: filters.type || undefined,
            audience: filters.audience || undefined,
            kind: filters.kind || undefined,
            exact: filters.exact === '1',
            viewer: viewerOf(c),
            page,
            exclude,
          })
        : undefined;
      return pageHtml(
        c,
        {
          title: filters.q ? `Search: ${filters.q}` : 'Search',
          query: filters.q,
          breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Search' }],
        },
        <SearchPage
          filters={filters}
          result={result}
          topics={topics}
          kinds={kinds}
          closest={result && result.total < 3 ? closestTopics(topics, filters.q) : []}
          signedIn={actorOf(c) !== null}
          fitsYours={fits.yours}
        />,
      );
    };
    // Signed-in readers get a fresh page of their own: they may see members-only documents and their own header.
    if (actorOf(c)) return privateHtml(c, await render());
    // Every parameter the anonymous page depends on (the topic as asked: an unknown one renders as no topic).
    return cachedSearchPage(
      c,
      {
        q: candidate.q,
        topic: q.topic,
        type: candidate.type,
        audience: candidate.audience,
        kind: candidate.kind,
        exact: candidate.exact,
        page: page > 1 ? page : undefined,
      },
      render,
    );
  });

  /** Title suggestions for the search boxes: `{ suggestions: [{ title, url, kind, label }] }`. */
  routes.get('/suggest', async (c) => {
    const q = typedText(c);
    const found = q
      ? await suggestTitles(c.get('deps').database.db, q, {
          limit: SUGGEST_LIMITS.suggestions,
          viewer: viewerOf(c),
        })
      : [];
    const suggestions = found
      .slice(0, SUGGEST_LIMITS.suggestions)
      .map((s) => ({ title: s.title, url: s.url, kind: s.kind, label: kindLabels.get(s.kind) ?? s.kind }));
    return cacheableJson(c, { q: q ?? '', suggestions });
  });

  /** Threads and articles like a title being typed (the new-thread form): `{ similar: [{ title, url, kind, label }] }`. */
  routes.get('/similar', async (c) => {
    const q = typedText(c);
    const hits = q
      ? await similarDocuments(c.get('deps').database.db, q, {
          kinds: SIMILAR_KINDS,
          limit: SUGGEST_LIMITS.similar,
          viewer: viewerOf(c),
        })
      : [];
    const similar = hits
      .slice(0, SUGGEST_LIMITS.similar)
      .map((h) => ({ title: h.title, url: h.url, kind: h.kind, label: kindLabels.get(h.kind) ?? h.kind }));
    return cacheableJson(c, { q: q ?? '', similar });
  });

  routes.route('/synonyms', createSynonymRoutes());

  return routes;
}

export const searchModule: FeatureModule = {
  name: 'search',
  routes: ({ modules, extensions }) => ({ '/search': createSearchRoutes(modules, extensions) }),
};

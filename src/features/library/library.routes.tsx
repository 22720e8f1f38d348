import { Hono } from 'hono';
import { storedHtml } from '../../platform/content/stored-html';
import { publicPage } from '../../platform/cache/public-page';
import { actorOf, type AppContext, type AppEnv } from '../../platform/http/context';
import type { RouteMounts } from '../../platform/http/mounts';
import { idParam, pageParam } from '../../platform/http/params';
import { csrfTokenFor } from '../../platform/http/security';
import { pageHtml } from '../../platform/ui/render';
import { articlePage } from './library.article-page';
import { type ArticleExtension, editGrantFrom, readerContextFrom } from './library.extensions';
import { FITS_ME, FITS_PARAM, type ReaderContext, readerDescription, readerWithLabels } from './library.context';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { FitsToggle } from './views/context';
import { compareRevisions } from './library.diffs';
import { libraryErrors } from './library.errors';
import { ARTICLE_TYPES, AUDIENCES, type Article } from './library.models';
import { libraryPolicies } from './library.policies';
import * as repo from './library.repository';
import { DiffPage, HistoryPage, RevisionPage } from './views/history';
import { AboutPage, HomePage } from './views/home';
import { ArticlesPage, GlossaryPage, TopicPage, TopicsPage } from './views/topics';

function db(c: AppContext) {
  return c.get('deps').database.db;
}

const HOME_CRUMB = { label: 'Home', href: '/' };

export async function loadArticle(c: AppContext, slug: string): Promise<Article> {
  const article = await repo.findArticle(db(c), slug);
  if (!article) throw libraryErrors.articleNotFound();
  return article;
}

async function topicMap(c: AppContext) {
  const topics = await repo.listTopics(db(c));
  return { topics, bySlug: new Map(topics.map((t) => [t.slug, t])) };
}

/**
 * "Show what applies to me" for a signed-in reader whose profile gives a context: whether it is on, the filter for
 * the repository, and the toggle to show. Anonymous readers and members without a context get nothing (and the
 * parameter is ignored, so their pages stay the cached ones).
 */
async function fitsFilter(c: AppContext, extensions: ArticleExtension[]) {
  const reader = await readerContextFrom(extensions, c);
  if (!reader) return { reader: null, on: false, filter: undefined as ReaderContext | undefined, yours: '' };
  const vocabulary = await vocabularyFor(c.get('deps').config.contentDir);
  const on = c.req.query(FITS_PARAM) === FITS_ME;
  return {
    reader,
    on,
    filter: on ? readerWithLabels(reader, vocabulary) : undefined,
    yours: readerDescription(reader, vocabulary),
  };
}

/** The same address with `fits=me` added or removed (other parameters kept, the page number dropped). */
function withFits(c: AppContext, on: boolean): string {
  const url = new URL(c.req.url);
  const params = new URLSearchParams(url.search);
  params.delete('page');
  if (on) params.set(FITS_PARAM, FITS_ME);
  else params.delete(FITS_PARAM);
  const query = params.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

/**
 * The public home page (recent articles, topics), the same for every reader and cached. "/" belongs to the home
 * feature, which shows it to anonymous visitors and a personal overview to members.
 */
export async function publicHomePage(c: AppContext): Promise<Response> {
  const [recent, { topics }, counts] = await Promise.all([
    repo.recentArticles(db(c), 8),
    topicMap(c),
    repo.topicCounts(db(c)),
  ]);
  return publicPage(c, () =>
    pageHtml(
      c,
      {
        title: 'ILL Commons',
        description: 'Practical, vendor-neutral knowledge for interlibrary loan and resource-sharing staff.',
      },
      <HomePage recent={recent} topics={topics} counts={counts} />,
    ),
  );
}

export function createReadingRoutes({ extensions }: { extensions: ArticleExtension[] }): RouteMounts {
  const aboutRoutes = new Hono<AppEnv>();
  const topicRoutes = new Hono<AppEnv>();
  const articleRoutes = new Hono<AppEnv>();
  const glossaryRoutes = new Hono<AppEnv>();
  const grantsEdit = editGrantFrom(extensions);

  aboutRoutes.get('/', (c) =>
    publicPage(c, () => pageHtml(c, { title: 'About', breadcrumbs: [HOME_CRUMB, { label: 'About' }] }, <AboutPage />)),
  );

  topicRoutes.get('/', async (c) => {
    const [{ topics }, counts] = await Promise.all([topicMap(c), repo.topicCounts(db(c))]);
    return publicPage(c, () =>
      pageHtml(
        c,
        { title: 'Topics', breadcrumbs: [HOME_CRUMB, { label: 'Topics' }] },
        <TopicsPage topics={topics} counts={counts} />,
      ),
    );
  });

  topicRoutes.get('/:slug', async (c) => {
    const slug = c.req.param('slug');
    const topic = await repo.findTopic(db(c), slug);
    if (!topic) throw libraryErrors.topicNotFound();
    const fits = await fitsFilter(c, extensions);
    const [{ items, total }, glossary, { bySlug }, extraActions, unfiltered] = await Promise.all([
      repo.listArticles(db(c), { topic: slug, limit: 200, offset: 0, sort: 'title', fits: fits.filter }),
      repo.listArticles(db(c), {
        topic: slug,
        type: 'glossary-term',
        limit: 200,
        offset: 0,
        sort: 'title',
        fits: fits.filter,
      }),
      topicMap(c),
      Promise.all(extensions.map((e) => e.topicActions?.(c, topic) ?? null)),
      fits.on ? repo.listArticles(db(c), { topic: slug, limit: 1, offset: 0 }).then((r) => r.total) : 0,
    ]);
    const fitsToggle = fits.reader ? (
      <FitsToggle
        active={fits.on}
        onHref={withFits(c, true)}
        offHref={withFits(c, false)}
        yours={fits.yours}
        hidden={fits.on ? unfiltered - total : undefined}
      />
    ) : null;
    const actor = actorOf(c);
    return publicPage(c, () =>
      pageHtml(
        c,
        {
          title: topic.name,
          description: topic.description,
          breadcrumbs: [HOME_CRUMB, { label: 'Topics', href: '/topics' }, { label: topic.name }],
        },
        <TopicPage
          topic={topic}
          articles={items}
          glossary={glossary.items}
          topics={bySlug}
          canCreate={libraryPolicies.createArticle(actor)}
          extraActions={extraActions}
          fitsToggle={fitsToggle}
        />,
      ),
    );
  });

  const LIST_PAGE_SIZE = 25;

  articleRoutes.get('/', async (c) => {
    const { topics } = await topicMap(c);
    const q = c.req.query();
    const filter = {
      topic: topics.some((t) => t.slug === q.topic) ? (q.topic ?? '') : '',
      type: (ARTICLE_TYPES as readonly string[]).includes(q.type ?? '') ? (q.type ?? '') : '',
      audience: (AUDIENCES as readonly string[]).includes(q.audience ?? '') ? (q.audience ?? '') : '',
      sort: q.sort === 'title' ? 'title' : 'updated',
    };
    const page = pageParam(q.page);
    const fits = await fitsFilter(c, extensions);
    const { items, total } = await repo.listArticles(db(c), {
      topic: filter.topic || undefined,
      type: filter.type || undefined,
      audience: filter.audience || undefined,
      sort: filter.sort as 'title' | 'updated',
      limit: LIST_PAGE_SIZE,
      offset: (page - 1) * LIST_PAGE_SIZE,
      fits: fits.filter,
    });
    const fitsToggle = fits.reader ? (
      <FitsToggle active={fits.on} onHref={withFits(c, true)} offHref={withFits(c, false)} yours={fits.yours} />
    ) : null;
    return publicPage(
      c,
      () =>
        pageHtml(
          c,
          { title: 'All articles', breadcrumbs: [HOME_CRUMB, { label: 'All articles' }] },
          <ArticlesPage
            items={items}
            total={total}
            page={page}
            pageCount={Math.max(1, Math.ceil(total / LIST_PAGE_SIZE))}
            filter={fits.on ? { ...filter, fits: FITS_ME } : filter}
            topics={topics}
            fitsToggle={fitsToggle}
          />,
        ),
      { ...filter, sort: filter.sort === 'title' ? 'title' : undefined, page: page > 1 ? page : undefined },
    );
  });

  glossaryRoutes.get('/', async (c) => {
    const terms = await repo.glossaryTerms(db(c));
    return publicPage(c, () =>
      pageHtml(
        c,
        { title: 'Glossary', breadcrumbs: [HOME_CRUMB, { label: 'Glossary' }] },
        <GlossaryPage terms={terms} />,
      ),
    );
  });

  glossaryRoutes.get('/:slug', (c) => c.redirect(`/articles/${encodeURIComponent(c.req.param('slug'))}`, 301));

  articleRoutes.get('/:slug', (c) => articlePage(c, c.req.param('slug'), { extensions, grantsEdit }));

  articleRoutes.get('/:slug/history', async (c) => {
    const article = await loadArticle(c, c.req.param('slug'));
    const revisions = await repo.listRevisions(db(c), article.id);
    const actor = actorOf(c);
    const granted = await grantsEdit(db(c), actor, article, c.get('deps').clock.now());
    return publicPage(c, () =>
      pageHtml(
        c,
        {
          title: `History: ${article.title}`,
          breadcrumbs: [HOME_CRUMB, { label: article.title, href: `/articles/${article.slug}` }, { label: 'History' }],
        },
        <HistoryPage
          article={article}
          revisions={revisions}
          canRevert={libraryPolicies.revertArticle(actor, article, granted)}
          csrfToken={actor ? csrfTokenFor(c) : ''}
        />,
      ),
    );
  });

  function revisionNumber(raw: string | undefined): number {
    return idParam(raw, libraryErrors.revisionNotFound);
  }

  articleRoutes.get('/:slug/revisions/:number', async (c) => {
    const article = await loadArticle(c, c.req.param('slug'));
    const revision = await repo.findRevision(db(c), article.id, revisionNumber(c.req.param('number')));
    if (!revision) throw libraryErrors.revisionNotFound();
    return publicPage(c, () =>
      pageHtml(
        c,
        {
          title: `Revision ${revision.number}: ${revision.title}`,
          breadcrumbs: [
            HOME_CRUMB,
            { label: article.title, href: `/articles/${article.slug}` },
            { label: 'History', href: `/articles/${article.slug}/history` },
            { label: `Revision ${revision.number}` },
          ],
        },
        <RevisionPage article={article} revision={revision} html={storedHtml(revision.bodyHtml, revision.body)} />,
      ),
    );
  });

  articleRoutes.get('/:slug/diff', async (c) => {
    const article = await loadArticle(c, c.req.param('slug'));
    const toN = c.req.query('to') ? revisionNumber(c.req.query('to')) : article.revision;
    const fromN = c.req.query('from') ? revisionNumber(c.req.query('from')) : Math.max(1, toN - 1);
    const [from, to] = await Promise.all([
      repo.findRevision(db(c), article.id, fromN),
      repo.findRevision(db(c), article.id, toN),
    ]);
    if (!from || !to) throw libraryErrors.revisionNotFound();
    const diff = await compareRevisions(from, to);
    return publicPage(
      c,
      () =>
        pageHtml(
          c,
          {
            title: `Changes: ${article.title}`,
            breadcrumbs: [
              HOME_CRUMB,
              { label: article.title, href: `/articles/${article.slug}` },
              { label: 'History', href: `/articles/${article.slug}/history` },
              { label: `Revision ${from.number} → ${to.number}` },
            ],
          },
          <DiffPage article={article} from={from} to={to} diff={diff} />,
        ),
      { from: from.number, to: to.number },
    );
  });
  return {
    '/about': aboutRoutes,
    '/topics': topicRoutes,
    '/articles': articleRoutes,
    '/glossary': glossaryRoutes,
  };
}

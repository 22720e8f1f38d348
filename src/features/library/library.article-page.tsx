import { personal } from '../../platform/cache/personal';
import { publicPage } from '../../platform/cache/public-page';
import { RenderedPart, renderPart, shared } from '../../platform/cache/shared';
import { storedHtml } from '../../platform/content/stored-html';
import { actorOf, type AppContext } from '../../platform/http/context';
import { csrfTokenFor } from '../../platform/http/security';
import { pageHtml } from '../../platform/ui/render';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { type ArticleExtension, type EditGrant, readerContextFrom } from './library.extensions';
import { FITS_ME, FITS_PARAM, fitOf, hasContext, readerDescription, writtenFor } from './library.context';
import { NotForYouNotice } from './views/context';
import { libraryErrors } from './library.errors';
import type { Article, Topic } from './library.models';
import { displayNameOf } from './library.people';
import { libraryPolicies } from './library.policies';
import * as repo from './library.repository';
import { ArticleHeading, ArticlePage, ArticleReading } from './views/article';

const HOME_CRUMB = { label: 'Home', href: '/' };

function articleCrumbs(article: Article, topics: Map<string, Topic>) {
  if (article.type === 'glossary-term') return [HOME_CRUMB, { label: 'Glossary', href: '/glossary' }];
  const first = article.topicSlugs[0];
  const topic = first ? topics.get(first) : undefined;
  return topic
    ? [HOME_CRUMB, { label: topic.name, href: `/topics/${topic.slug}` }]
    : [HOME_CRUMB, { label: 'Articles', href: '/articles' }];
}

/**
 * The article page. What every reader sees alike (the article, its heading with other features' notices,
 * its text, facts, files and related articles) is loaded and rendered once per public change and shared;
 * a signed-in reader's page composes their own actions (edit rights, watch state, …) around it.
 * Anonymous readers get the whole page from the render cache.
 */
export async function articlePage(
  c: AppContext,
  slug: string,
  options: { extensions: ArticleExtension[]; grantsEdit: EditGrant },
): Promise<Response> {
  const db = c.get('deps').database.db;
  const part = await shared(c, `library.article:${slug}`, async () => {
    // Thrown, not kept: unknown addresses must not fill the cache.
    const article = await repo.findArticle(db, slug);
    if (!article) throw libraryErrors.articleNotFound();
    const [topics, authors, related, files, updatedByName, extraNotices] = await Promise.all([
      repo.listTopics(db),
      repo.articleAuthors(db, article.id),
      repo.relatedArticles(db, article, 5),
      repo.listAttachments(db, article.id),
      displayNameOf(db, article.updatedBy),
      // Notices are the same for every reader (they were always part of the cached anonymous page).
      Promise.all(options.extensions.map((e) => e.notices?.(c, article) ?? null)),
    ]);
    const bySlug = new Map(topics.map((t) => [t.slug, t]));
    const firstTopic = article.topicSlugs.map((s) => bySlug.get(s)).find(Boolean);
    return {
      article,
      firstTopic: firstTopic ? { slug: firstTopic.slug, name: firstTopic.name } : null,
      crumbs: articleCrumbs(article, bySlug),
      heading: await renderPart(
        <ArticleHeading article={article} updatedByName={updatedByName} extraNotices={extraNotices} />,
      ),
      reading: await renderPart(
        <ArticleReading
          article={article}
          html={storedHtml(article.bodyHtml, article.body)}
          topics={bySlug}
          authors={authors}
          related={related}
          files={files}
          vocabulary={await vocabularyFor(c.get('deps').config.contentDir)}
        />,
      ),
    };
  });
  const { article } = part;
  const actor = actorOf(c);
  const now = c.get('deps').clock.now();
  const [granted, extraActions, reader] = await Promise.all([
    actor ? personal(c, `library.edit-grant:${article.id}`, () => options.grantsEdit(db, actor, article, now)) : false,
    Promise.all(options.extensions.map((e) => e.actions?.(c, article) ?? null)),
    actor && hasContext(article.context) ? readerContextFrom(options.extensions, c) : null,
  ]);
  let contextNotice = null;
  if (reader) {
    // A page written for somewhere else says so at the top, and points to what applies to the reader.
    const vocabulary = await vocabularyFor(c.get('deps').config.contentDir);
    if (!fitOf(article.context, reader, vocabulary).fits) {
      const yours = readerDescription(reader, vocabulary);
      const topic = part.firstTopic;
      contextNotice = (
        <NotForYouNotice
          writtenFor={writtenFor(article.context, vocabulary)}
          yours={yours}
          seeAlso={
            topic
              ? {
                  href: `/topics/${topic.slug}?${FITS_PARAM}=${FITS_ME}`,
                  label: `${topic.name} articles that apply to you`,
                }
              : { href: `/articles?${FITS_PARAM}=${FITS_ME}`, label: 'the articles that apply to you' }
          }
        />
      );
    }
  }
  const notice = actor && c.req.query('saved') ? 'Your changes are saved and published.' : undefined;
  return publicPage(c, () =>
    pageHtml(
      c,
      { title: article.title, description: article.summary, breadcrumbs: [...part.crumbs, { label: article.title }] },
      <ArticlePage
        article={article}
        parts={{ heading: <RenderedPart html={part.heading} />, reading: <RenderedPart html={part.reading} /> }}
        actions={{
          canEdit: libraryPolicies.editArticle(actor, article, granted),
          canProtect: libraryPolicies.protectArticle(actor),
        }}
        extraActions={extraActions}
        csrfToken={actor ? csrfTokenFor(c) : ''}
        notice={notice}
        contextNotice={contextNotice}
      />,
    ),
  );
}

import { storedText } from '../../platform/content/stored-html';
import { indexDocument, type SearchDocumentInput } from '../../platform/search/search';
import type { DbOrTx } from '../../platform/db/database';
import type { Article } from './library.models';

export const ARTICLE_KIND = 'article';

export function articleUrl(slug: string): string {
  return `/articles/${slug}`;
}

export function articleSearchDocument(article: Article): SearchDocumentInput {
  const context = article.context;
  return {
    kind: ARTICLE_KIND,
    refId: String(article.id),
    url: articleUrl(article.slug),
    title: article.title,
    summary: article.summary,
    body: storedText(article.bodyHtml, article.body),
    topics: article.topicSlugs,
    docType: article.type,
    audience: article.audience,
    keywords: [
      ...article.tags,
      ...(context.systems ?? []),
      ...(context.regions ?? []),
      ...(context.libraryTypes ?? []),
    ],
    updatedAt: article.updatedAt,
  };
}

export async function indexArticle(db: DbOrTx, article: Article): Promise<void> {
  await indexDocument(db, articleSearchDocument(article));
}

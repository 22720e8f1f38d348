import { contentsOf } from '../../platform/content/headings';
import { storedText } from '../../platform/content/stored-html';
import type { DbOrTx } from '../../platform/db/database';
import type { SearchKind } from '../../platform/search/kinds';
import { indexDocument, removeDocument, type SearchDocumentInput } from '../../platform/search/search';
import { glossaryAliases } from '../../platform/search/synonyms';
import type { Article } from './library.models';

export const ARTICLE_KIND = 'article';
/** Glossary terms are their own kind (a facet of their own), though they are articles of type glossary-term. */
export const GLOSSARY_KIND = 'glossary';

/** The library's searchable kinds (registered by the hub; curated content ranks above forum posts). */
export const librarySearchKinds: SearchKind[] = [
  { kind: ARTICLE_KIND, label: 'Article', plural: 'Articles', curated: true, order: 10 },
  { kind: GLOSSARY_KIND, label: 'Glossary term', plural: 'Glossary', curated: true, order: 20 },
];

export function articleUrl(slug: string): string {
  return `/articles/${slug}`;
}

function kindOf(article: Pick<Article, 'type'>): string {
  return article.type === 'glossary-term' ? GLOSSARY_KIND : ARTICLE_KIND;
}

export function articleSearchDocument(article: Article): SearchDocumentInput {
  const context = article.context;
  return {
    kind: kindOf(article),
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
    // "Also known as": the article's own (front matter or editor), and for a glossary term the dictionary's names
    // for it (content/search/synonyms.yaml).
    aliases: [
      ...new Map(
        [...(article.aka ?? []), ...(article.type === 'glossary-term' ? glossaryAliases(article.slug) : [])].map(
          (a) => [a.toLowerCase(), a],
        ),
      ).values(),
    ],
    headings: article.bodyHtml ? contentsOf(article.bodyHtml).map((h) => h.text) : [],
  };
}

export async function indexArticle(db: DbOrTx, article: Article): Promise<void> {
  const doc = articleSearchDocument(article);
  // A type change between glossary term and article moves the document to the other kind.
  await removeDocument(db, doc.kind === GLOSSARY_KIND ? ARTICLE_KIND : GLOSSARY_KIND, doc.refId);
  await indexDocument(db, doc);
}

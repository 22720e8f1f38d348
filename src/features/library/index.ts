import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/context';
import { createEditingRoutes } from './library.editing.routes';
import type { LibraryOptions } from './library.extensions';
import { createFileRoutes } from './library.files.routes';
import { createReadingRoutes } from './library.routes';

/** The library: topics, articles with revisions, the glossary and files. */
export function createLibraryRoutes(options: LibraryOptions = {}) {
  const resolved = { extensions: options.extensions ?? [] };
  const routes = new Hono<AppEnv>();
  // Editing routes first: "/articles/new" must win over "/articles/:slug".
  routes.route('/', createEditingRoutes(resolved));
  routes.route('/', createFileRoutes(resolved));
  routes.route('/', createReadingRoutes(resolved));
  return routes;
}

export type { ArticleExtension, LibraryOptions } from './library.extensions';
export type { Article, ArticleContent } from './library.models';
export { libraryPolicies } from './library.policies';
export { loadArticle } from './library.routes';
export { findArticle, findRevision, storedArticleHtml } from './library.repository';
export { reviseArticle } from './library.usecases';
export { compareContents } from './library.diffs';
export { previewMarkdown } from './library.preview';
export { detectFileType } from './attachments';
// For suggested edits (groups): the same editor, validation, diff views and content helpers.
export { EDITOR_LABELS, EditorPage, valuesFromArticle } from './views/editor';
export { ConflictComparison } from './views/conflict';
export { ArticleChanges, DiffSummary } from './views/history';
export { parseArticleForm } from './library.schemas';
export { ARTICLE_LIMITS, contentOf, sameContent } from './library.models';
export type { Revision } from './library.models';
export type { ArticleDiff } from './diff';
/** For other features' reports that join articles (e.g. content health). */
export { articles as articlesTable } from './library.table';

export { ARTICLE_TYPE_LABELS, AUDIENCE_LABELS, ARTICLE_TYPES, AUDIENCES } from './library.models';
export type { Topic } from './library.models';
export { listTopics } from './library.repository';
export { loadStarterContent, readStarterContent } from './starter-content';
export { ARTICLE_KIND } from './library.search';


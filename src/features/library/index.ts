import { mergeMounts, type RouteMounts } from '../../platform/http/mounts';
import { createEditingRoutes } from './library.editing.routes';
import type { LibraryOptions } from './library.extensions';
import { createFileRoutes } from './library.files.routes';
import { createReadingRoutes } from './library.routes';
import { provideWatchSubjects } from '../notifications';
import { articleSubjects, topicSubjects } from './library.watch-subjects';

// Watches of topics and articles are named by the library: notifications reads none of its tables.
provideWatchSubjects('topic', topicSubjects);
provideWatchSubjects('article', articleSubjects);

/** The library: topics, articles with revisions, the glossary and files. */
export function createLibraryRoutes(options: LibraryOptions = {}): RouteMounts {
  const resolved = { extensions: options.extensions ?? [] };
  // Editing routes first: "/articles/new" must win over "/articles/:slug".
  return mergeMounts(createEditingRoutes(resolved), createFileRoutes(resolved), createReadingRoutes(resolved));
}

export type { ArticleExtension, LibraryOptions } from './library.extensions';
export type { Article, ArticleContent } from './library.models';
export type { ReaderContext } from './library.context';
// "Show what applies to me" for other pages (e.g. search): the reader's context and the articles that do not fit it.
export { FITS_ME, FITS_PARAM, readerDescription, readerWithLabels } from './library.context';
export { readerContextFrom } from './library.extensions';
export { articleIdsNotFitting } from './library.repository';
export { libraryPolicies } from './library.policies';
/** The public home page, for the home feature, which owns "/" (anonymous visitors see this one). */
export { loadArticle, publicHomePage } from './library.routes';
export {
  type ArticleRef,
  type ArticleScope,
  articleIdsIn,
  articleRefs,
  countArticlesIn,
  listArticlesIn,
  findArticle,
  findRevision,
  storedArticleHtml,
} from './library.repository';
export { reviseArticle } from './library.usecases';
export { isSubstantialChange } from './library.topic-notices';
export { compareContents } from './library.diffs';
export { previewMarkdown } from './library.preview';
export { detectFileType, safeFilename } from './attachments';
export { uploadTooLargePage } from './library.files.routes';
// For suggested edits (groups): the same editor, validation, diff views and content helpers.
export { EDITOR_LABELS, EditorPage, valuesFromArticle } from './views/editor';
export { ConflictComparison } from './views/conflict';
export { ArticleChanges, DiffSummary } from './views/history';
export { parseArticleForm } from './library.schemas';
export { ARTICLE_LIMITS, contentOf, sameContent } from './library.models';
export type { Revision } from './library.models';
export type { ArticleDiff } from './diff';

export { ARTICLE_TYPE_LABELS, AUDIENCE_LABELS, ARTICLE_TYPES, AUDIENCES } from './library.models';
export type { Topic } from './library.models';
export { articleHtmlBatch, glossaryTerms, listTopics } from './library.repository';
export {
  loadStarterContent,
  readStarterContent,
  StarterContentError,
  starterUpkeep,
  type StarterUpkeep,
} from './starter-content';
export { ARTICLE_KIND, articleUrl, GLOSSARY_KIND, librarySearchKinds } from './library.search';
// For workflows: "where this applies" in the same words, and the bounded line diff for the three-way view.
export { describeContext, LIBRARY_SIZES, type ArticleContext } from './library.models';
export { diffText, type DiffRow } from './diff';
/** For system pages: articles about a system ("where this applies" or a tag). */
export { articlesForSystem } from './library.by-system';

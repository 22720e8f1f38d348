import type { SafeHtml } from '../../platform/content/markdown';
import { type ArticleDiff, diffArticle } from './diff';
import type { ArticleContent } from './library.models';
import { DiffRows } from './views/diff-rows';

/** The worker task behind the diff page (registered in src/worker.ts). */
export const DIFF_TASK = 'library.diff';

/** A comparison with its rows already rendered: `body` is left empty, `rowsHtml` holds them. */
export interface RenderedDiff extends ArticleDiff {
  rowsHtml: SafeHtml;
}

/**
 * Compare two versions and render the rows, in a worker thread: for the
 * largest articles the rows are a few hundred kilobytes of HTML, too much
 * work for the event loop. The rows are escaped by JSX like any view.
 */
export function diffForPage({ before, after }: { before: ArticleContent; after: ArticleContent }): RenderedDiff {
  const diff = diffArticle(before, after);
  const rowsHtml = String(<DiffRows rows={diff.body} />) as SafeHtml;
  return { ...diff, body: [], rowsHtml };
}

import type { ArticleExtension } from '../library';
import * as repo from './workflows.repository';

/**
 * The library articles the starter workflows grew from stay where they are (their addresses keep working): each
 * says that a step-by-step version exists, and the workflow links back to the article as background.
 */
export const workflowsArticleExtension: ArticleExtension = {
  async notices(c, article) {
    const found = await repo.originalsFromArticle(c.get('deps').database.db, article.slug);
    if (found.length === 0) return null;
    return (
      <p class="notice notice-info">
        Step by step, with checkboxes to tick for each request:{' '}
        {found.map((w, i) => (
          <>
            {i ? ', ' : ''}
            <a href={`/workflows/${w.slug}`}>{w.title}</a>
          </>
        ))}
        .
      </p>
    );
  },
};

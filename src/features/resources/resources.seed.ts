import type { Deps } from '../../platform/http/context';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { resourceContent } from './resources.content';
import { indexResourceContent } from './resources.search';

/** At start: the catalogue and the lender directory (content files) into the one search index. */
export async function seedResources(deps: Deps): Promise<void> {
  const [content, vocabulary] = await Promise.all([
    resourceContent(deps.config.contentDir),
    vocabularyFor(deps.config.contentDir),
  ]);
  await deps.database.db.transaction((tx) =>
    indexResourceContent(tx, content, {
      country: (s) => vocabulary.regions.label(s),
      language: (s) => vocabulary.languages.label(s),
    }),
  );
}

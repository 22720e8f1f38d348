import { personal } from '../../platform/cache/personal';
import { actorOf, type AppContext } from '../../platform/http/context';
import type { ArticleExtension, ReaderContext } from '../library';
import { loadFullProfiles } from './people.repository';

/**
 * A signed-in member's own context for "where this applies", from their profile: library type, country and ILL
 * systems (vocabulary slugs). Null for anonymous readers and for members who gave none of the three.
 */
export async function readerContextOf(c: AppContext): Promise<ReaderContext | null> {
  const actor = actorOf(c);
  if (!actor) return null;
  return personal(c, 'people.reader-context', async () => {
    const profile = (await loadFullProfiles(c.get('deps').database.db, [actor.id])).get(actor.id);
    if (!profile) return null;
    const reader: ReaderContext = {
      libraryTypes: profile.libraryType ? [profile.libraryType] : [],
      regions: profile.country ? [profile.country] : [],
      systems: [...profile.systems],
    };
    return reader.libraryTypes.length || reader.regions.length || reader.systems.length ? reader : null;
  });
}

/** The library asks the people feature who the reader is through this extension (it reads no profile itself). */
export const readerContextExtension: ArticleExtension = { readerContext: readerContextOf };

import type { DbOrTx } from '../../platform/db/database';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { categoryForSystem, type VendorVoice } from '../community';
import * as repo from './systems.repository';

/**
 * The vendor right of reply in threads (provided to the forum, which asks before labelling a reply): the account
 * speaks for a system's maker in that system's forum category only, the one its page links to (`categoryForSystem`,
 * tried for the system's slug and its other spellings in the shared vocabulary), and only while its verification
 * stands. A representative of another system, or of none, gets nothing: the forum then offers no label and refuses one.
 */
export async function vendorVoiceInCategory(
  db: DbOrTx,
  userId: number,
  category: { slug: string },
): Promise<VendorVoice | undefined> {
  const representations = await repo.activeRepresentationsOf(db, userId);
  if (representations.length === 0) return undefined;
  // The hub's vocabulary (read once per process), as the forum's categories were named from it.
  const vocabulary = await vocabularyFor();
  for (const r of representations) {
    const spellings = vocabulary.systems.has(r.systemSlug) ? vocabulary.systems.spellings(r.systemSlug) : [];
    const own = await categoryForSystem(db, r.systemSlug, spellings);
    if (own?.slug === category.slug) return { systemSlug: r.systemSlug, organisation: r.organisation };
  }
  return undefined;
}

import { inArray } from 'drizzle-orm';
import { slugify } from '../../platform/content/slug';
import type { DbOrTx } from '../../platform/db/database';
import { categoryUrl } from './community.models';
import { forumCategories } from './community.table';

/**
 * For system pages: the forum's sub-category for a system, "systems-<name>" (content/forum-categories.yaml), tried
 * for the system's slug first and then for its other spellings (e.g. "systems-worldshare" for "worldshare-ill").
 */
export async function categoryForSystem(
  db: DbOrTx,
  systemSlug: string,
  spellings: readonly string[] = [],
): Promise<{ slug: string; name: string; url: string; threadCount: number } | undefined> {
  const candidates = [...new Set([systemSlug, ...spellings].map((s) => `systems-${slugify(s, 80)}`))].slice(0, 20);
  const rows = await db
    .select({ slug: forumCategories.slug, name: forumCategories.name, threadCount: forumCategories.threadCount })
    .from(forumCategories)
    .where(inArray(forumCategories.slug, candidates));
  const row = candidates.map((c) => rows.find((r) => r.slug === c)).find((r) => r !== undefined);
  return row ? { slug: row.slug, name: row.name, url: categoryUrl(row.slug), threadCount: row.threadCount } : undefined;
}

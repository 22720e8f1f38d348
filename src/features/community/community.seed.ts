import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { getAppState, setAppState } from '../../platform/db/app-state';
import type { Db } from '../../platform/db/database';
import { forumCategories } from './community.table';

const SEED_LOCK_KEY = 741_852_970;
const FINGERPRINT_KEY = 'community.forum_categories_sha256';
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(60);

const childSchema = z.object({ slug, name: z.string().min(1).max(80), description: z.string().max(300).default(''), topics: z.array(z.string()).default([]) });
const categorySchema = childSchema.extend({ children: z.array(childSchema).default([]) });
const fileSchema = z.array(categorySchema).min(1);

export type SeedCategory = z.infer<typeof categorySchema>;

export async function readForumCategories(contentDir: string): Promise<SeedCategory[]> {
  const text = await fs.readFile(path.join(contentDir, 'forum-categories.yaml'), 'utf8');
  const { default: YAML } = await import('yaml');
  const parsed = fileSchema.safeParse(YAML.parse(text));
  if (!parsed.success) throw new Error(`content/forum-categories.yaml is not valid: ${parsed.error.message}`);
  const slugs = parsed.data.flatMap((c) => [c.slug, ...c.children.map((k) => k.slug)]);
  const dup = slugs.find((s, i) => slugs.indexOf(s) !== i);
  if (dup) throw new Error(`content/forum-categories.yaml names "${dup}" twice`);
  return parsed.data;
}

/** Which category an article's discussion starts in, by the article's topics (from the same file). */
export async function topicCategoryMap(contentDir: string): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const c of await readForumCategories(contentDir)) for (const t of c.topics) if (!map.has(t)) map.set(t, c.slug);
  return map;
}

/**
 * Add the categories that are missing; leave existing ones alone (an admin may
 * have renamed them). An advisory lock lets several processes start at once.
 */
export async function seedForumCategories(db: Db, contentDir: string, now = new Date()): Promise<number> {
  // Nothing to read when the file is as it was at the last start.
  const fingerprint = createHash('sha256').update(await fs.readFile(path.join(contentDir, 'forum-categories.yaml'))).digest('hex');
  if ((await getAppState(db, FINGERPRINT_KEY)) === fingerprint) return 0;
  const categories = await readForumCategories(contentDir);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    await setAppState(tx, FINGERPRINT_KEY, fingerprint, now);
    let added = 0;
    for (const [i, c] of categories.entries()) {
      const rows = await tx
        .insert(forumCategories)
        .values({ slug: c.slug, name: c.name, description: c.description, position: i })
        .onConflictDoNothing({ target: forumCategories.slug })
        .returning({ id: forumCategories.id });
      added += rows.length;
      const parent = await tx.select({ id: forumCategories.id }).from(forumCategories).where(sql`${forumCategories.slug} = ${c.slug}`);
      const parentId = parent[0]?.id;
      for (const [j, k] of c.children.entries()) {
        const kids = await tx
          .insert(forumCategories)
          .values({ slug: k.slug, name: k.name, description: k.description, parentId, position: j })
          .onConflictDoNothing({ target: forumCategories.slug })
          .returning({ id: forumCategories.id });
        added += kids.length;
      }
    }
    return added;
  });
}

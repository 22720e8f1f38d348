import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { getAppState, setAppState } from '../../platform/db/app-state';
import type { Db } from '../../platform/db/database';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { indexAllCategories } from './community.search';
import { forumCategories } from './community.table';

const SEED_LOCK_KEY = 741_852_970;
const FINGERPRINT_KEY = 'community.forum_categories_sha256';
const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(60);

/**
 * `topics` are areas of expertise (the library's topics are among them);
 * `system` names an ILL system of the vocabulary, whose label is the
 * category's name unless the file gives one.
 */
const childSchema = z.object({
  slug,
  name: z.string().min(1).max(80).optional(),
  system: slug.optional(),
  description: z.string().max(300).default(''),
  topics: z.array(z.string()).default([]),
});
const categorySchema = childSchema.extend({ children: z.array(childSchema).default([]) });
const fileSchema = z.array(categorySchema).min(1);

type ChildCategory = z.infer<typeof childSchema> & { name: string };
export type SeedCategory = Omit<z.infer<typeof categorySchema>, 'children'> & {
  name: string;
  children: ChildCategory[];
};

export async function readForumCategories(contentDir: string): Promise<SeedCategory[]> {
  const text = await fs.readFile(path.join(contentDir, 'forum-categories.yaml'), 'utf8');
  const { default: YAML } = await import('yaml');
  const parsed = fileSchema.safeParse(YAML.parse(text));
  if (!parsed.success) throw new Error(`content/forum-categories.yaml is not valid: ${parsed.error.message}`);
  const slugs = parsed.data.flatMap((c) => [c.slug, ...c.children.map((k) => k.slug)]);
  const dup = slugs.find((s, i) => slugs.indexOf(s) !== i);
  if (dup) throw new Error(`content/forum-categories.yaml names "${dup}" twice`);
  const vocabulary = await vocabularyFor(contentDir);
  const problems: string[] = [];
  const named = <T extends z.infer<typeof childSchema>>(c: T): T & { name: string } => {
    for (const t of c.topics) {
      if (!vocabulary.expertise.has(t))
        problems.push(`“${c.slug}”: topic “${t}” is not an area of expertise in content/vocabulary/expertise.yaml`);
    }
    if (c.system && !vocabulary.systems.has(c.system))
      problems.push(`“${c.slug}”: system “${c.system}” is not in content/vocabulary/systems.yaml`);
    const name = c.name ?? (c.system ? vocabulary.systems.label(c.system) : undefined);
    if (!name) problems.push(`“${c.slug}”: give a name (or a system, whose name it takes)`);
    return { ...c, name: name ?? c.slug };
  };
  const categories = parsed.data.map((c) => ({ ...named(c), children: c.children.map(named) }));
  if (problems.length)
    throw new Error(`content/forum-categories.yaml is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return categories;
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
  const fingerprint = createHash('sha256')
    .update(await fs.readFile(path.join(contentDir, 'forum-categories.yaml')))
    .digest('hex');
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
      const parent = await tx
        .select({ id: forumCategories.id })
        .from(forumCategories)
        .where(sql`${forumCategories.slug} = ${c.slug}`);
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
    if (added) await indexAllCategories(tx, now);
    return added;
  });
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db';
import type { Database } from '../../platform/db/database';
import { seedForumCategories } from './community.seed';
import { forumCategories } from './community.table';

let database: Database;
let dir: string;
const file = () => path.join(dir, 'forum-categories.yaml');

beforeAll(async () => {
  database = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-forum-seed-'));
  fs.copyFileSync('content/forum-categories.yaml', file());
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const slugs = async () =>
  (await database.db.select({ slug: forumCategories.slug }).from(forumCategories)).map((r) => r.slug).sort();

describe('loading forum categories from content/forum-categories.yaml', () => {
  it('adds every category once; a restart with the same file adds nothing', async () => {
    const added = await seedForumCategories(database.db, dir);
    expect(added).toBeGreaterThan(5);
    expect(await slugs()).toContain('systems-illiad');
    const before = await slugs();
    expect(await seedForumCategories(database.db, dir)).toBe(0);
    expect(await slugs()).toEqual(before);
  });

  it('adds a category appended to the file, leaving the ones an admin renamed alone', async () => {
    await database.db.update(forumCategories).set({ name: 'Lending (renamed by an admin)' }).where(eqSlug('lending'));
    fs.appendFileSync(file(), '- slug: new-area\n  name: A new area\n  description: Added after the first start.\n');
    expect(await seedForumCategories(database.db, dir)).toBe(1);
    expect(await slugs()).toContain('new-area');
    const lending = await database.db
      .select({ name: forumCategories.name })
      .from(forumCategories)
      .where(eqSlug('lending'));
    expect(lending[0]?.name).toBe('Lending (renamed by an admin)');
  });

  it('names system sub-categories from the vocabulary, and refuses a system or topic the vocabulary does not hold', async () => {
    const { readForumCategories } = await import('./community.seed');
    const { vocabularyFor } = await import('../../platform/vocabulary/vocabulary');
    const { systems, expertise } = await vocabularyFor();
    const categories = await readForumCategories('content');
    for (const c of categories.flatMap((k) => [k, ...k.children])) {
      if (c.system) expect(c.name, c.slug).toBe(systems.label(c.system));
      // A category about an area of expertise uses that area's name, not a near-duplicate of it.
      const area = expertise.find(c.name);
      if (area) expect(c.name, c.slug).toBe(area.label);
    }
    expect(categories.find((c) => c.slug === 'copyright')?.name).toBe('Copyright & licensing');
    fs.writeFileSync(
      file(),
      '- slug: systems\n  name: Systems\n  topics: [not-an-area]\n  children:\n    - { slug: systems-x, system: hyperdrive }\n',
    );
    const error = await readForumCategories(dir).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(
      '“systems”: topic “not-an-area” is not an area of expertise in content/vocabulary/expertise.yaml',
    );
    expect(error?.message).toContain('“systems-x”: system “hyperdrive” is not in content/vocabulary/systems.yaml');
  });

  it('refuses a file that is not valid, naming it', async () => {
    fs.writeFileSync(file(), '- slug: Not A Slug\n  name: x\n');
    await expect(seedForumCategories(database.db, dir)).rejects.toThrow(/forum-categories\.yaml is not valid/);
  });
});

function eqSlug(slug: string) {
  return eq(forumCategories.slug, slug);
}

import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Db } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { Deps } from '../../platform/http/context';
import { type Vocabulary, vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { EDITORS_GROUP, findGroupBySlug } from '../groups';
import { addMonths, REVIEW_MONTHS, type SystemData } from './systems.models';
import * as repo from './systems.repository';
import { starterSchema } from './systems.schemas';
import { indexSystemPage } from './systems.search';

export class StarterSystemsError extends Error {
  override name = 'StarterSystemsError';
}

/** Read and check content/systems/*.yaml: every file names a system of the shared vocabulary, once. */
export async function readStarterSystems(
  contentDir: string,
  vocabulary: Vocabulary,
): Promise<Array<{ slug: string; data: SystemData }>> {
  const dir = path.join(contentDir, 'systems');
  let files: string[];
  try {
    files = (await fs.readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    return [];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const pages: Array<{ slug: string; data: SystemData }> = [];
  for (const file of files) {
    const parsed = starterSchema.safeParse(parseYaml(await fs.readFile(path.join(dir, file), 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push(`${file}: ${issue.path.join('.')}: ${issue.message}`);
      continue;
    }
    const { slug, ...data } = parsed.data;
    if (!vocabulary.systems.has(slug)) problems.push(`${file}: “${slug}” is not in content/vocabulary/systems.yaml`);
    if (seen.has(slug)) problems.push(`${file}: “${slug}” has two files`);
    seen.add(slug);
    pages.push({ slug, data: data as SystemData });
  }
  if (problems.length) throw new StarterSystemsError(`Starter system pages:\n${problems.join('\n')}`);
  return pages;
}

/** Load the starter system pages that are not in the database yet (a page members have changed is never replaced). */
export async function loadStarterSystems(db: Db, contentDir: string, now: Date): Promise<number> {
  const vocabulary = await vocabularyFor(contentDir);
  const pages = await readStarterSystems(contentDir, vocabulary);
  const editors = await findGroupBySlug(db, EDITORS_GROUP.slug);
  const reviewDue = addMonths(now, REVIEW_MONTHS).toISOString().slice(0, 10);
  let added = 0;
  for (const p of pages) {
    await db.transaction(async (tx) => {
      const page = await repo.insertPageIfMissing(tx, {
        slug: p.slug,
        data: p.data,
        maintainingGroupId: editors?.id ?? null,
        reviewDue,
        now,
      });
      if (!page) return;
      added += 1;
      await indexSystemPage(tx, page, vocabulary.systems.spellings(p.slug));
      await recordEvent(tx, {
        type: 'system.page_seeded',
        actorId: null,
        subjectType: 'system_page',
        subjectId: p.slug,
      });
    });
  }
  return added;
}

export async function seedSystems(deps: Deps): Promise<void> {
  const added = await loadStarterSystems(deps.database.db, deps.config.contentDir, deps.clock.now());
  if (added) deps.logger.info('system pages added', { added });
}

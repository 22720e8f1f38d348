/**
 * Report recipes: a kind of their own in the hub's search, and the files of content/reports/recipes kept in step
 * with the table at every start (new files added, changed ones updated and rendered again, removed ones deleted),
 * each change indexed in the same transaction (docs/decisions/047).
 */
import { sql } from 'drizzle-orm';
import type { SafeHtml } from '../../platform/content/markdown';
import { storedText } from '../../platform/content/stored-html';
import type { Db, DbOrTx } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import type { Logger } from '../../platform/logger';
import type { SearchKind } from '../../platform/search/kinds';
import { indexDocument, removeDocument } from '../../platform/search/search';
import { findGroupBySlug } from '../groups';
import { readRecipes } from './reports.recipes.content';
import * as repo from './reports.recipes.repository';

export const REPORT_RECIPE_KIND = 'report-recipe';

export const recipeSearchKinds: SearchKind[] = [
  { kind: REPORT_RECIPE_KIND, label: 'Report recipe', plural: 'Report recipes', curated: true, order: 76 },
];

async function indexRecipe(db: DbOrTx, recipe: repo.Recipe): Promise<void> {
  await indexDocument(db, {
    kind: REPORT_RECIPE_KIND,
    refId: recipe.slug,
    url: repo.recipeUrl(recipe.slug),
    title: recipe.title,
    summary: recipe.summary,
    body: [recipe.audience, ...recipe.steps, storedText(recipe.bodyHtml as SafeHtml | null, recipe.body)].join('\n'),
    headings: recipe.steps,
    topics: ['reports-assessment'],
    docType: REPORT_RECIPE_KIND,
    audience: null,
    keywords: ['report', 'report recipe', 'how to report', 'statistics', 'director', 'assessment'],
    updatedAt: recipe.updatedAt,
    groupKey: null,
  });
}

const same = (a: repo.Recipe, b: repo.RecipeValues) =>
  a.title === b.title &&
  a.summary === b.summary &&
  a.audience === b.audience &&
  JSON.stringify(a.steps) === JSON.stringify(b.steps) &&
  a.body === b.body &&
  a.maintainingGroupId === b.maintainingGroupId &&
  a.reviewDue === b.reviewDue;

/** Bring the table in step with the files; returns how many recipes were added, changed or removed. */
export async function syncRecipes(db: Db, contentDir: string, now: Date, logger?: Logger): Promise<number> {
  const sources = await readRecipes(contentDir);
  let changed = 0;
  await db.transaction(async (tx) => {
    // Several hubs may start at once on one database server: one syncs, the next finds it done.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('reports.recipes.sync'))`);
    const groupIds = new Map<string, number | null>();
    for (const s of sources) {
      if (!groupIds.has(s.maintainedBy))
        groupIds.set(s.maintainedBy, (await findGroupBySlug(tx, s.maintainedBy))?.id ?? null);
      const values: repo.RecipeValues = {
        slug: s.slug,
        title: s.title,
        summary: s.summary,
        audience: s.audience,
        steps: s.steps,
        body: s.body,
        maintainingGroupId: groupIds.get(s.maintainedBy) ?? null,
        reviewDue: s.reviewDue,
        updatedAt: now,
      };
      const current = await repo.findRecipe(tx, s.slug);
      // A review recorded on the hub outlives the file's date; a later date in the file still wins.
      if (current?.lastReviewedAt && current.reviewDue > values.reviewDue) values.reviewDue = current.reviewDue;
      if (current && same(current, values)) continue;
      const saved = current
        ? await repo.updateRecipe(tx, current.id, values, current.body !== values.body)
        : await repo.insertRecipe(tx, values);
      await indexRecipe(tx, saved);
      changed++;
    }
    for (const slug of await repo.deleteRecipesExcept(
      tx,
      sources.map((s) => s.slug),
    )) {
      await removeDocument(tx, REPORT_RECIPE_KIND, slug);
      changed++;
    }
  });
  if (changed) logger?.info('report recipes loaded', { changed });
  return changed;
}

export async function seedRecipes(deps: Deps): Promise<void> {
  await syncRecipes(deps.database.db, deps.config.contentDir, deps.clock.now(), deps.logger);
}

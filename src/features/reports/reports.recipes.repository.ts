/** Report recipes' SQL, their stored HTML and their search entries (docs/decisions/047). */
import { and, asc, count, eq, lt, notInArray } from 'drizzle-orm';
import { RENDER_VERSION, renderMarkdown } from '../../platform/content/markdown';
import { type StoredHtmlKind, storedHtmlColumns } from '../../platform/content/stored-html';
import type { DbOrTx } from '../../platform/db/database';
import type { Recipe } from './reports.recipes.models';
import { reportRecipes } from './reports.recipes.table';

export { type Recipe, recipeUrl } from './reports.recipes.models';

/** Markdown rendered once, at save (docs/decisions/012). */
export const renderedRecipe = (body: string) => ({ bodyHtml: renderMarkdown(body), renderVersion: RENDER_VERSION });

export async function listRecipes(db: DbOrTx): Promise<Recipe[]> {
  return db.select().from(reportRecipes).orderBy(asc(reportRecipes.title));
}

export async function findRecipe(db: DbOrTx, slug: string): Promise<Recipe | undefined> {
  const rows = await db.select().from(reportRecipes).where(eq(reportRecipes.slug, slug)).limit(1);
  return rows[0];
}

/** What the file sync writes: never `lastReviewedAt`, which only a review recorded on the hub sets. */
export type RecipeValues = Omit<Recipe, 'id' | 'bodyHtml' | 'renderVersion' | 'lastReviewedAt'>;

export async function insertRecipe(db: DbOrTx, values: RecipeValues): Promise<Recipe> {
  const rows = await db
    .insert(reportRecipes)
    .values({ ...values, ...renderedRecipe(values.body) })
    .returning();
  return rows[0]!;
}

/** Update a recipe; its body is rendered again only when it changed. */
export async function updateRecipe(db: DbOrTx, id: number, values: RecipeValues, bodyChanged: boolean) {
  const rows = await db
    .update(reportRecipes)
    .set(bodyChanged ? { ...values, ...renderedRecipe(values.body) } : values)
    .where(eq(reportRecipes.id, id))
    .returning();
  return rows[0]!;
}

/** Record a review of a recipe: the next one falls due on `reviewDue`. */
export async function markRecipeReviewed(db: DbOrTx, slug: string, reviewDue: string, now: Date): Promise<void> {
  await db.update(reportRecipes).set({ reviewDue, lastReviewedAt: now }).where(eq(reportRecipes.slug, slug));
}

/** Recipes whose review date has passed (`today`: YYYY-MM-DD), for one maintaining group or (null) all. */
function recipeReviewOverdue(groupId: number | null, today: string) {
  return and(
    lt(reportRecipes.reviewDue, today),
    groupId === null ? undefined : eq(reportRecipes.maintainingGroupId, groupId),
  );
}

export async function countRecipesReviewOverdue(db: DbOrTx, groupId: number | null, today: string): Promise<number> {
  const rows = await db.select({ n: count() }).from(reportRecipes).where(recipeReviewOverdue(groupId, today));
  return Number(rows[0]?.n ?? 0);
}

/** The overdue recipes, longest overdue first (a few files: a short list). */
export async function listRecipesReviewOverdue(
  db: DbOrTx,
  groupId: number | null,
  today: string,
  limit = 200,
): Promise<Recipe[]> {
  return db
    .select()
    .from(reportRecipes)
    .where(recipeReviewOverdue(groupId, today))
    .orderBy(asc(reportRecipes.reviewDue), asc(reportRecipes.slug))
    .limit(limit);
}

/** Remove recipes whose files are gone; their slugs (to take out of search). */
export async function deleteRecipesExcept(db: DbOrTx, slugs: string[]): Promise<string[]> {
  const gone = await db
    .delete(reportRecipes)
    .where(slugs.length ? notInArray(reportRecipes.slug, slugs) : undefined)
    .returning({ slug: reportRecipes.slug });
  return gone.map((r) => r.slug);
}

/** Recipes rendered by an older renderer, brought up to date in the background at start. */
export const storedRecipeHtml: StoredHtmlKind<{ id: number; body: string }> = storedHtmlColumns({
  name: 'report recipes',
  table: reportRecipes,
  id: reportRecipes.id,
  source: reportRecipes.body,
  renderVersion: reportRecipes.renderVersion,
  render: (_db, body) => renderedRecipe(body),
});

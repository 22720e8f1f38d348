/** Report recipes: their shape and address (docs/decisions/047). */
import type { reportRecipes } from './reports.recipes.table';

export type Recipe = typeof reportRecipes.$inferSelect;

export const recipeUrl = (slug: string) => `/reports/recipes/${slug}`;

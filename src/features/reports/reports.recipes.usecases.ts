/** Report recipes: public reading, for anyone (docs/decisions/047). */
import type { UseCaseContext } from '../../platform/usecase';
import { findGroupById } from '../groups';
import { assessmentErrors } from './reports.assessment.errors';
import * as repo from './reports.recipes.repository';

/** Every recipe, by title. */
export async function recipeList(ctx: UseCaseContext) {
  return repo.listRecipes(ctx.db);
}

/** One recipe with the name and address of the group that maintains it. */
export async function readRecipe(ctx: UseCaseContext & { slug: string }) {
  const recipe = await repo.findRecipe(ctx.db, ctx.slug);
  if (!recipe) throw assessmentErrors.recipeNotFound();
  const group = recipe.maintainingGroupId ? await findGroupById(ctx.db, recipe.maintainingGroupId) : undefined;
  return { recipe, group: group ? { name: group.name, slug: group.slug } : null };
}

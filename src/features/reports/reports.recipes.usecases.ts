/** Report recipes: public reading, for anyone; editors, administrators and the maintaining group record reviews (docs/decisions/047). */
import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import { hasRole } from '../../platform/authz/policy';
import { recordEvents } from '../../platform/events/record';
import { httpErrors } from '../../platform/http/errors';
import type { UseCaseContext } from '../../platform/usecase';
import { findGroupById, groupRoleOf } from '../groups';
import { assessmentErrors } from './reports.assessment.errors';
import * as repo from './reports.recipes.repository';

/** A recorded review moves the next one this far ahead (the files' own dates are set by hand). */
export const RECIPE_REVIEW_MONTHS = 12;

/** Recipes come from content files: editors, administrators and the maintaining group record that one was checked. */
export const recipePolicies = {
  review: (actor: Actor | null, inMaintainingGroup: boolean): actor is Actor =>
    hasRole(actor, 'editor') || (hasRole(actor, 'member') && inMaintainingGroup),
};

/** Whether the actor belongs (today) to the group that maintains the recipe. */
async function inMaintainingGroup(ctx: UseCaseContext, groupId: number | null): Promise<boolean> {
  if (!ctx.actor || groupId === null) return false;
  return (await groupRoleOf(ctx.db, groupId, ctx.actor.id, ctx.now)) !== null;
}

/** Every recipe, by title. */
export async function recipeList(ctx: UseCaseContext) {
  return repo.listRecipes(ctx.db);
}

/** One recipe with the name and address of the group that maintains it. */
export async function readRecipe(ctx: UseCaseContext & { slug: string }) {
  const recipe = await repo.findRecipe(ctx.db, ctx.slug);
  if (!recipe) throw assessmentErrors.recipeNotFound();
  const group = recipe.maintainingGroupId ? await findGroupById(ctx.db, recipe.maintainingGroupId) : undefined;
  const canReview = recipePolicies.review(ctx.actor, await inMaintainingGroup(ctx, recipe.maintainingGroupId));
  return { recipe, group: group ? { name: group.name, slug: group.slug } : null, canReview };
}

/** Record a review of a recipe: the next falls due RECIPE_REVIEW_MONTHS later, and re-syncs from the file keep it. */
export async function markRecipeReviewed(ctx: UseCaseContext & { slug: string }): Promise<{ reviewDue: string }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  if (!actor) throw httpErrors.signInRequired();
  return db.transaction(async (tx) => {
    const recipe = await repo.findRecipe(tx, ctx.slug);
    if (!recipe) throw assessmentErrors.recipeNotFound();
    if (!recipePolicies.review(actor, await inMaintainingGroup({ ...ctx, db: tx }, recipe.maintainingGroupId)))
      throw assessmentErrors.mayNotReviewRecipe();
    const due = new Date(now);
    due.setUTCMonth(due.getUTCMonth() + RECIPE_REVIEW_MONTHS);
    const reviewDue = due.toISOString().slice(0, 10);
    await repo.markRecipeReviewed(tx, recipe.slug, reviewDue, now);
    await recordEvents(tx, [
      {
        type: 'reports.recipe_reviewed',
        actorId: actor.id,
        subjectType: 'report_recipe',
        subjectId: recipe.id,
        data: {},
      },
    ]);
    return { reviewDue };
  });
}

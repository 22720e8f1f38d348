import { AppError } from '../../platform/http/errors';

/** Stable error codes of self-assessments and report recipes. */
export const assessmentErrors = {
  notFound: () =>
    new AppError('reports.assessment_not_found', 404, 'We could not find that assessment. Assessments are private.', {
      title: 'Assessment not found',
    }),
  tooMany: (max: number) =>
    new AppError('reports.too_many_assessments', 409, `A member may keep at most ${max} saved assessments.`, {
      title: 'Too many assessments',
    }),
  mayNotReviewRecipe: () =>
    new AppError(
      'reports.recipe_review_forbidden',
      403,
      'Only editors and administrators may record a review of a report recipe.',
      { title: 'Not allowed to record a review' },
    ),
  recipeNotFound: () =>
    new AppError('reports.recipe_not_found', 404, 'We could not find that report recipe.', {
      title: 'Recipe not found',
    }),
};

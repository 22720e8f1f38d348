import { AppError } from '../../platform/http/errors';

/** Stable error codes of onboarding plans. */
export const planErrors = {
  /** Also what anyone but the plan's manager and colleague is told: a plan's existence says nothing. */
  planNotFound: () =>
    new AppError(
      'learning.plan_not_found',
      404,
      'We could not find that plan. Plans are seen only by the two people they are for.',
      {
        title: 'Plan not found',
      },
    ),
  itemNotFound: () =>
    new AppError('learning.plan_item_not_found', 404, 'That plan has no such item.', { title: 'Item not found' }),
  templateNotFound: () =>
    new AppError('learning.plan_template_not_found', 404, 'There is no plan template by that name.', {
      title: 'Template not found',
    }),
  notYetAccepted: () =>
    new AppError('learning.plan_not_accepted', 409, 'Accept the plan first; then you can mark its items.', {
      title: 'Accept the plan first',
    }),
  alreadyAccepted: () =>
    new AppError('learning.plan_already_accepted', 409, 'You have already accepted this plan.', {
      title: 'Plan already accepted',
    }),
  badKind: () =>
    new AppError('learning.plan_item_kind', 400, 'Choose a lesson, an article, a workflow or a shadowing task.', {
      title: 'Item not understood',
    }),
  tooManyItems: () =>
    new AppError('learning.plan_full', 409, 'This plan has as many items as a plan may hold; remove some first.', {
      title: 'The plan is full',
    }),
};

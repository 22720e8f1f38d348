import { AppError } from '../../platform/http/errors';
import { WORKFLOW_LIMITS } from './workflows.models';

export const workflowsErrors = {
  notFound: () =>
    new AppError('workflows.not_found', 404, 'We could not find that workflow. It may be private or may have moved.', {
      title: 'Workflow not found',
    }),
  stepNotFound: () =>
    new AppError('workflows.step_not_found', 404, 'That step is not in this workflow (any more).', {
      title: 'Step not found',
    }),
  runNotFound: () =>
    new AppError(
      'workflows.run_not_found',
      404,
      'We could not find that run. Runs are seen only by who started them.',
      {
        title: 'Run not found',
      },
    ),
  notAGroupMember: () =>
    new AppError('workflows.not_group_member', 403, 'Only members of a group can adopt a workflow for it.', {
      title: 'Not a member of that group',
    }),
  tooManySteps: () =>
    new AppError('workflows.too_many_steps', 409, `A workflow has at most ${WORKFLOW_LIMITS.steps} steps.`, {
      title: 'Too many steps',
      help: 'Merge some steps, or split the workflow in two.',
    }),
  tooMany: (what: string, max: number) =>
    new AppError('workflows.too_many', 409, `You already have ${max} ${what}, the most the hub keeps for one owner.`, {
      title: 'Too many',
      help: 'Finish or remove some first.',
    }),
  stepInUse: (steps: number[]) =>
    new AppError(
      'workflows.step_in_use',
      409,
      `A decision point of step ${steps.join(', ')} goes to this step, so it cannot be deleted.`,
      {
        title: 'Other steps go to this step',
        help: 'Change those decision points first, then delete the step.',
      },
    ),
  notAGroupSteward: () =>
    new AppError(
      'workflows.not_group_steward',
      403,
      'Only a group’s stewards can make it maintain a workflow. Choose one of your groups or the hub’s editors.',
      { title: 'Not a steward of that group' },
    ),
  noContext: () =>
    new AppError('workflows.context_required', 400, 'Say where this workflow applies.', {
      title: 'Where this applies is required',
    }),
  noChange: () =>
    new AppError('workflows.no_pending_change', 409, 'The original has no change to this step waiting for you.', {
      title: 'Nothing to take',
      help: 'Someone may already have taken or kept it.',
    }),
};

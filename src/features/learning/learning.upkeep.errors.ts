import { AppError } from '../../platform/http/errors';

/** Stable error codes of a course's upkeep: reviews, lesson edits and suggested edits. */
export const upkeepErrors = {
  mayNotMaintain: () =>
    new AppError(
      'learning.may_not_maintain',
      403,
      'Only members of the course’s maintaining group and the hub’s editors can do this. You can suggest an edit instead.',
      { title: 'Not a maintainer of this course' },
    ),
  suggestionNotFound: () =>
    new AppError('learning.suggestion_not_found', 404, 'This course has no such suggested edit.', {
      title: 'Suggested edit not found',
    }),
  alreadyDecided: () =>
    new AppError('learning.suggestion_decided', 409, 'Someone has already decided on this suggested edit.', {
      title: 'Already decided',
    }),
};

import { AppError } from '../../platform/http/errors';

/** Stable error codes of the citation detective. */
export const citationErrors = {
  exerciseNotFound: () =>
    new AppError('learning.citation_not_found', 404, 'We could not find that citation exercise.', {
      title: 'Exercise not found',
    }),
};

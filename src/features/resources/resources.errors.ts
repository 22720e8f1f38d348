import { AppError } from '../../platform/http/errors';

/** Stable error codes of the catalogue's entries and the lender directory's records. */
export const resourcesErrors = {
  notFound: () =>
    new AppError('resources.not_found', 404, 'We could not find that record.', { title: 'Record not found' }),
  revisionNotFound: () =>
    new AppError('resources.revision_not_found', 404, 'We could not find that suggested change.', {
      title: 'Change not found',
    }),
  alreadyDecided: () =>
    new AppError('resources.already_decided', 409, 'Someone has already decided on this change.', {
      title: 'Already decided',
    }),
  staleEdit: () =>
    new AppError(
      'resources.stale_edit',
      409,
      'Someone changed this record while you were editing it. Open the editor again and reapply your change.',
      { title: 'The record changed' },
    ),
  mayNotDecide: () =>
    new AppError(
      'resources.may_not_decide',
      403,
      'Only the stewards of the group that maintains this record, and editors, may decide on changes or record a review.',
      { title: 'You cannot decide this' },
    ),
};

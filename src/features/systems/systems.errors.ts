import { AppError } from '../../platform/http/errors';

/** Stable error codes of system pages, vendor responses and the interoperability matrix. */
export const systemsErrors = {
  notFound: () =>
    new AppError('systems.not_found', 404, 'We could not find a page for that system.', { title: 'System not found' }),
  revisionNotFound: () =>
    new AppError('systems.revision_not_found', 404, 'We could not find that suggested change.', {
      title: 'Change not found',
    }),
  alreadyDecided: () =>
    new AppError('systems.already_decided', 409, 'Someone has already decided on this change.', {
      title: 'Already decided',
    }),
  staleEdit: () =>
    new AppError(
      'systems.stale_edit',
      409,
      'Someone changed this page while you were editing it. Open the editor again and reapply your change.',
      { title: 'The page changed' },
    ),
  mayNotDecide: () =>
    new AppError(
      'systems.may_not_decide',
      403,
      'Only the stewards of the group that maintains this page, and editors, may decide on changes or record a review.',
      { title: 'You cannot decide this' },
    ),
  notRepresentative: () =>
    new AppError(
      'systems.not_representative',
      403,
      'Only an account an administrator has verified as speaking for this system’s maker may respond here.',
      { title: 'Not a verified representative' },
    ),
  representativeMayNotEdit: () =>
    new AppError(
      'systems.representative_may_not_edit',
      403,
      'You speak for this system’s maker, so you cannot change the community’s text about it. Add a response instead: it is shown, labelled, beside the page.',
      { title: 'Respond instead of editing' },
    ),
  representativeNotFound: () =>
    new AppError(
      'systems.representative_not_found',
      404,
      'That account is not a verified representative of this system.',
      {
        title: 'Not a representative',
      },
    ),
  userNotFound: () =>
    new AppError('systems.user_not_found', 404, 'No account has that username.', { title: 'Account not found' }),
};

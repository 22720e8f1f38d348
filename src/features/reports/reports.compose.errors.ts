import { AppError } from '../../platform/http/errors';

/** Stable error codes of composed reports and report examples. */
export const composeErrors = {
  notFound: () =>
    new AppError('reports.report_not_found', 404, 'We could not find that report. Reports are private unless shared.', {
      title: 'Report not found',
    }),
  noGroup: () =>
    new AppError(
      'reports.report_no_group',
      409,
      'This report’s dataset belongs to you, not to a group: share it by link or publish it instead.',
      { title: 'No group to share with' },
    ),
  mayNotReview: () =>
    new AppError(
      'reports.example_review_forbidden',
      403,
      'Only the example’s author, editors and administrators may record a review of a report example.',
      { title: 'Not allowed to record a review' },
    ),
  tooMany: (max: number) =>
    new AppError('reports.too_many_reports', 409, `A member may keep at most ${max} reports.`, {
      title: 'Too many reports',
    }),
};

import { AppError, formatBytes } from '../../platform/http/errors';

/** Stable error codes of reports. */
export const reportsErrors = {
  notFound: () =>
    new AppError('reports.not_found', 404, 'We could not find that dataset. Datasets are private to their owner.', {
      title: 'Dataset not found',
    }),
  membersOnly: () =>
    new AppError('reports.members_only', 403, 'Only members may upload ILL statistics.', {
      title: 'Members only',
    }),
  refused: (reason: string) =>
    new AppError('reports.file_refused', 400, `The file was refused whole, nothing was stored: ${reason}.`, {
      title: 'File refused',
    }),
  tooLarge: (limitBytes: number) =>
    new AppError(
      'reports.file_too_large',
      413,
      `That file is larger than the hub accepts (the limit is ${formatBytes(limitBytes)}). Export a shorter period.`,
      { title: 'File too large' },
    ),
  tooManyDatasets: (max: number) =>
    new AppError(
      'reports.too_many_datasets',
      409,
      `A member may keep at most ${max} personal datasets. Delete one of yours before adding another.`,
      {
        title: 'Too many datasets',
      },
    ),
  tooManyGroupDatasets: (max: number) =>
    new AppError(
      'reports.too_many_group_datasets',
      409,
      `A group's workspace may hold at most ${max} datasets. Delete one of the group's datasets before adding another.`,
      { title: 'Too many datasets in this group' },
    ),
  notGroupManager: (roles: string) =>
    new AppError('reports.not_group_manager', 403, `Only the group's ${roles}s may add datasets to its workspace.`, {
      title: 'Not a manager of that group',
    }),
  /** Cost inputs or peer settings the form should have refused (docs/decisions/045). */
  invalidInput: (message: string) =>
    new AppError('reports.invalid_input', 400, message, { title: 'Check the figures' }),
  measureNotFound: () =>
    new AppError('reports.measure_not_found', 404, 'There is no such measure.', { title: 'Measure not found' }),
};

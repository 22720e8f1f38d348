import { AppError } from '../../platform/http/errors';

/** Stable error codes of iCalendar import and feeds. */
export const importErrors = {
  refused: (line: number | null, reason: string) =>
    new AppError(
      'events.import_refused',
      400,
      `The file was refused whole, nothing was imported: ${line !== null ? `line ${line}: ` : ''}${reason}.`,
      { title: 'Calendar file refused' },
    ),
  mayNotImport: () =>
    new AppError(
      'events.may_not_import',
      403,
      'Only editors, and members of a group importing for that group, may import calendars. Choose a group you belong to as the organiser.',
      { title: 'You cannot import for that organiser' },
    ),
  feedRefused: (reason: string) =>
    new AppError('events.feed_refused', 400, `That feed cannot be subscribed: ${reason}.`, {
      title: 'Feed refused',
    }),
  /** Whoever subscribed it is not named: the one refused may not be allowed to see the other's feeds. */
  feedAlreadySubscribed: () =>
    new AppError(
      'events.feed_already_subscribed',
      400,
      'That calendar is already subscribed on the hub, so its events are already coming in. Each calendar is subscribed once.',
      { title: 'Calendar already subscribed' },
    ),
  tooManyFeeds: (max: number) =>
    new AppError('events.too_many_feeds', 409, `A member may subscribe the hub to at most ${max} feeds.`, {
      title: 'Too many feeds',
    }),
  feedNotFound: () =>
    new AppError('events.feed_not_found', 404, 'We could not find that feed.', { title: 'Feed not found' }),
  mayNotManageFeed: () =>
    new AppError(
      'events.may_not_manage_feed',
      403,
      'Only the member who subscribed the hub to this feed, and editors, may refresh or stop it.',
      { title: 'You cannot change this feed' },
    ),
};

import { AppError, formatWait } from '../../platform/http/errors';

export const communityErrors = {
  categoryNotFound: () =>
    new AppError('forum.category_not_found', 404, 'We could not find that forum category.', {
      title: 'Category not found',
    }),
  threadNotFound: () =>
    new AppError(
      'forum.thread_not_found',
      404,
      'We could not find that thread. It may have been removed, or the address may be mistyped.',
      {
        title: 'Thread not found',
      },
    ),
  postNotFound: () =>
    new AppError('forum.post_not_found', 404, 'We could not find that post. It may have been removed.', {
      title: 'Post not found',
    }),
  threadLocked: () =>
    new AppError(
      'forum.thread_locked',
      409,
      'This thread is locked: a moderator has closed it to new replies, so your reply was not posted. You can still read it, or start a new thread and link to this one.',
      { title: 'This thread is locked' },
    ),
  notYourPost: () =>
    new AppError('forum.not_your_post', 403, 'You can only edit or delete your own posts.', { title: 'Not your post' }),
  openingPostHasReplies: () =>
    new AppError(
      'forum.opening_post_has_replies',
      409,
      'Others have replied to this thread, so its opening post stays: deleting it would take their replies away too. Edit it instead, or flag it for a moderator.',
      { title: 'The opening post stays' },
    ),
  notAQuestion: () =>
    new AppError('forum.not_a_question', 409, 'Only questions have accepted answers.', { title: 'Not a question' }),
  cannotAcceptOpening: () =>
    new AppError(
      'forum.cannot_accept_opening_post',
      409,
      'The question itself cannot be its own answer: choose a reply.',
      { title: 'Choose a reply' },
    ),
  notVendorRepresentative: () =>
    new AppError(
      'forum.not_vendor_representative',
      403,
      'Only an account an administrator has verified as speaking for this system’s maker may label a reply as the vendor’s response, and only in that system’s category. Post it as an ordinary reply instead.',
      { title: 'Not a verified representative here' },
    ),
  postNotVisible: () =>
    new AppError(
      'forum.post_not_published',
      409,
      'That post is not published (it is hidden, deleted or awaiting approval), so it cannot be used for that.',
      {
        title: 'Post not published',
      },
    ),
  alreadyFlagged: () =>
    new AppError('forum.already_flagged', 409, 'You have already flagged this post; a moderator will look at it.', {
      title: 'Already flagged',
    }),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'forum.rate_limited',
      429,
      `You are posting faster than the forum allows. Please wait ${formatWait(retryAfterSeconds)} and try again; what you wrote is not lost if you go back.`,
      {
        title: 'Please slow down',
        retryAfterSeconds,
      },
    ),
  tooManyLiveUpdates: (retryAfterSeconds: number) =>
    new AppError(
      'forum.too_many_live_updates',
      429,
      'Too many thread pages are receiving live updates from your address at once. This page still works: reload it to see new replies, or close some other thread pages.',
      { title: 'Live updates paused', retryAfterSeconds },
    ),
  liveUpdatesBusy: (retryAfterSeconds: number) =>
    new AppError(
      'forum.live_updates_busy',
      503,
      'The hub is sending live updates to as many pages as it can. Reload the page to see new replies.',
      {
        title: 'Live updates paused',
        retryAfterSeconds,
      },
    ),
};

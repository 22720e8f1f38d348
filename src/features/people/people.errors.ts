import { AppError } from '../../platform/http/errors';

/** The same words whether the person blocked you, turned messages off, or cannot receive messages: a block is never revealed. */
export const NOT_ACCEPTING = "This member isn't accepting messages from you right now.";

export const peopleErrors = {
  personNotFound: () =>
    new AppError(
      'people.not_found',
      404,
      'We could not find that person. They may have changed their username or closed their account.',
      {
        title: 'Person not found',
      },
    ),
  photoNotFound: () =>
    new AppError('people.photo_not_found', 404, 'There is no photo to show here.', { title: 'Photo not found' }),
  notAccepting: (group = false) =>
    new AppError(
      'people.not_accepting_messages',
      403,
      group ? 'Not everyone in this conversation is accepting messages from you right now.' : NOT_ACCEPTING,
      { title: 'Message not sent' },
    ),
  youBlocked: (name: string) =>
    new AppError(
      'people.you_blocked',
      409,
      `You have blocked ${name}. Unblock them first if you want to send a message.`,
      {
        title: 'Message not sent',
      },
    ),
  conversationNotFound: () =>
    new AppError(
      'people.conversation_not_found',
      404,
      'We could not find that conversation. It may have been removed.',
      {
        title: 'Conversation not found',
      },
    ),
  messageNotFound: () =>
    new AppError('people.message_not_found', 404, 'We could not find that message.', { title: 'Message not found' }),
  tooManyLinks: (message: string) => new AppError('people.too_many_links', 400, message, { title: 'Message not sent' }),
  reportNotFound: () =>
    new AppError('people.report_not_found', 404, 'We could not find that report.', { title: 'Report not found' }),
  unsupportedPhoto: () =>
    new AppError('people.unsupported_photo', 415, 'A photo must be a PNG, JPEG, GIF or WebP image.', {
      title: 'Unsupported file',
    }),
  /** A damaged image: its metadata cannot be removed, so it is not stored. */
  unreadablePhoto: (reason: string) =>
    new AppError('people.unreadable_photo', 400, reason, { title: 'Photo not stored' }),
  lastAdmin: () =>
    new AppError(
      'people.last_admin',
      409,
      'You are the only administrator. Make someone else an administrator before deleting your account.',
      { title: 'Account not deleted' },
    ),
};

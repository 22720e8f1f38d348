import { AppError } from '../../platform/http/errors';

export const libraryErrors = {
  articleNotFound: () =>
    new AppError(
      'library.article_not_found',
      404,
      'We could not find that article. It may have been renamed, or the address may be mistyped.',
      {
        title: 'Article not found',
      },
    ),
  topicNotFound: () =>
    new AppError('library.topic_not_found', 404, 'We could not find that topic.', { title: 'Topic not found' }),
  revisionNotFound: () =>
    new AppError('library.revision_not_found', 404, 'That revision of the article does not exist.', {
      title: 'Revision not found',
    }),
  attachmentNotFound: () =>
    new AppError('library.attachment_not_found', 404, 'We could not find that file.', { title: 'File not found' }),
  protected: () =>
    new AppError(
      'library.article_protected',
      403,
      'This article is protected: only moderators can change it. You can suggest a change in the community forum.',
      {
        title: 'Protected article',
      },
    ),
  unsupportedFile: () =>
    new AppError(
      'library.unsupported_file',
      415,
      'That file type is not accepted. Upload a PNG, JPEG, GIF or WebP image, or a PDF.',
      { title: 'File type not accepted' },
    ),
  /** A damaged image, or an encrypted or unreadable PDF: its metadata cannot be removed, so it is not stored. */
  unreadableFile: (reason: string) =>
    new AppError('library.unreadable_file', 400, reason, { title: 'File not stored' }),
};

import { AppError } from '../../platform/http/errors';

/** Stable error codes of events. */
export const eventsErrors = {
  notFound: () =>
    new AppError('events.not_found', 404, 'We could not find that event. It may have been removed.', {
      title: 'Event not found',
    }),
  sessionNotFound: () =>
    new AppError('events.session_not_found', 404, 'We could not find that session.', { title: 'Session not found' }),
  mayNotEdit: () =>
    new AppError(
      'events.may_not_edit',
      403,
      'Only the person who added this event, the stewards of its organising group and editors may change it.',
      { title: 'You cannot change this event' },
    ),
  notGroupMember: () =>
    new AppError(
      'events.not_group_member',
      403,
      'Only members of a group (or editors) may name it as an event’s organiser. Name the organisation instead, or ask the group’s stewards.',
      { title: 'Not a member of that group' },
    ),
  tooManySessions: (max: number) =>
    new AppError('events.too_many_sessions', 409, `An event holds at most ${max} sessions.`, {
      title: 'Too many sessions',
    }),
  tooManyLinks: (max: number) =>
    new AppError('events.too_many_links', 409, `An event holds at most ${max} pre-reads, recordings and slides.`, {
      title: 'Too many links',
    }),
  discussionRefused: (reason: string) =>
    new AppError('events.discussion_refused', 400, `The discussion thread could not be started: ${reason}`, {
      title: 'Discussion not started',
    }),
  linkNotFound: () =>
    new AppError('events.link_not_found', 404, 'We could not find that recording or link on this event.', {
      title: 'Link not found',
    }),
  fileNotFound: () =>
    new AppError('events.file_not_found', 404, 'We could not find that file. It may have been removed.', {
      title: 'File not found',
    }),
  tooManyFiles: (max: number) =>
    new AppError('events.too_many_files', 409, `An event holds at most ${max} uploaded files.`, {
      title: 'Too many files',
    }),
  badAttendance: () =>
    new AppError('events.bad_attendance', 400, 'Choose “interested”, “attending” or clear your choice.', {
      title: 'Choice not understood',
    }),
  cancelled: () =>
    new AppError('events.cancelled', 409, 'This event is cancelled: it can no longer be changed.', {
      title: 'Event cancelled',
    }),
  questionsClosed: () =>
    new AppError(
      'events.questions_closed',
      409,
      'Questions for the speakers are collected before the event starts, and this one has started (or is cancelled). Ask in the event’s discussion thread instead.',
      { title: 'Questions are closed' },
    ),
  questionNotFound: () =>
    new AppError('events.question_not_found', 404, 'We could not find that question. It may have been removed.', {
      title: 'Question not found',
    }),
  mayNotRemoveQuestion: () =>
    new AppError(
      'events.may_not_remove_question',
      403,
      'Only the person who asked a question, the event’s organisers and moderators may remove it.',
      { title: 'You cannot remove this question' },
    ),
  tooManyQuestions: (max: number) =>
    new AppError('events.too_many_questions', 409, `An event holds at most ${max} questions for its speakers.`, {
      title: 'Too many questions',
    }),
};

import { AppError } from '../../platform/http/errors';

/** Stable error codes of courses, lessons and quizzes. */
export const learningErrors = {
  courseNotFound: () =>
    new AppError('learning.course_not_found', 404, 'We could not find that course.', { title: 'Course not found' }),
  lessonNotFound: () =>
    new AppError('learning.lesson_not_found', 404, 'We could not find that lesson in this course.', {
      title: 'Lesson not found',
    }),
  noQuiz: () => new AppError('learning.no_quiz', 404, 'This lesson has no quiz.', { title: 'No quiz in this lesson' }),
  noMedia: () =>
    new AppError('learning.no_media', 404, 'This lesson has no video or audio.', {
      title: 'No video or audio in this lesson',
    }),
  quizRequired: () =>
    new AppError(
      'learning.quiz_required',
      409,
      'This lesson is done when its quiz is passed: take the quiz to finish it.',
      { title: 'Pass the quiz to finish this lesson' },
    ),
  certificateNotFound: () =>
    new AppError(
      'learning.certificate_not_found',
      404,
      'No certificate has this code. Check that the whole address was copied from the certificate; a certificate also stops being shown when its holder deletes their account.',
      { title: 'Certificate not found' },
    ),
  cardNotFound: () =>
    new AppError('learning.card_not_found', 404, 'There is no such card in your review deck.', {
      title: 'Card not found',
    }),
  badRating: () =>
    new AppError('learning.bad_rating', 400, 'Choose Again, Hard, Good or Easy.', { title: 'Rating not understood' }),
  threadRefused: (reason: string) =>
    new AppError('learning.thread_refused', 400, `The course’s forum thread could not be started: ${reason}`, {
      title: 'Thread not started',
    }),
  noProject: () =>
    new AppError('learning.no_project', 404, 'This course has no project.', { title: 'No project in this course' }),
  notInProject: () =>
    new AppError(
      'learning.not_in_project',
      409,
      'Start the project first: its milestones count from your start date.',
      {
        title: 'Project not started',
      },
    ),
  cohortNotFound: () =>
    new AppError('learning.cohort_not_found', 404, 'This course has no such cohort.', { title: 'Cohort not found' }),
};

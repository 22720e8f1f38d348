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
};

import type { FormValues } from '../../platform/http/forms';
import { type CitationExercise, findCitationExercise } from './learning.citations';
import { checkQuiz, type QuizCheck } from './learning.quiz';

/**
 * Check a learner's answers to one citation exercise against its key, on the server. Only that exercise's own
 * three questions are read from the form: an unknown option id is wrong, never right; any other field (a score,
 * another exercise's answers) is ignored. Nothing is kept — results live only in the page that shows them — so
 * there is nothing for a suspension to stop and no record to write (anyone may practise).
 */
export async function checkCitationExercise(ctx: {
  contentDir: string;
  exerciseId: string;
  answers: FormValues;
}): Promise<{ exercise: CitationExercise; next: CitationExercise | undefined; check: QuizCheck }> {
  const found = await findCitationExercise(ctx.contentDir, ctx.exerciseId);
  return { ...found, check: checkQuiz(found.exercise.questions, ctx.answers) };
}

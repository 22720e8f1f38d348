import type { FieldErrors, FormValues } from '../../platform/http/forms';
import { LEARNING_LIMITS, PASS_SHARE, type Question } from './learning.models';

/** One question's result after checking: right or not, and why. */
export interface QuestionResult {
  id: string;
  correct: boolean;
  explanation: string;
  article: string | undefined;
}

export type QuizCheck =
  | { ok: true; results: QuestionResult[]; score: number; questions: number; passed: boolean }
  | { ok: false; errors: FieldErrors };

/** Form field of a question (multiple choice repeats it; ordering adds the position: `answer.q1.2`). */
export const answerField = (questionId: string) => `answer.${questionId}`;
export const stepField = (questionId: string, position: number) => `answer.${questionId}.${position}`;

function values(form: FormValues, name: string): string[] {
  const v = form[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((s) => s !== '');
}

/** Short answers compare without case, spacing or width differences ("CONTU " = "contu"). */
export function normaliseAnswer(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, '');
}

/** Whether the question was answered at all (an empty or missing field is not an answer). */
function answered(q: Question, form: FormValues): boolean {
  if (q.kind === 'order') return q.steps.every((_, i) => values(form, stepField(q.id, i + 1)).length > 0);
  return values(form, answerField(q.id)).length > 0;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  return left.size === a.length && left.size === b.length && b.every((x) => left.has(x));
}

/**
 * Whether an answer is right. Only this question's own choices count: an id it does not have (another lesson's,
 * a made-up one) makes the answer wrong, never right, and a field of another question is never read.
 */
function isCorrect(q: Question, form: FormValues): boolean {
  const given = values(form, answerField(q.id));
  switch (q.kind) {
    case 'single':
      return given.length === 1 && given[0] === q.correct;
    case 'multiple':
      return given.every((id) => q.options.some((o) => o.id === id)) && sameSet(given, q.correct);
    case 'short': {
      const answer = given.length === 1 ? normaliseAnswer(given[0]!.slice(0, LEARNING_LIMITS.shortAnswerChars)) : '';
      return answer !== '' && q.accepted.some((a) => normaliseAnswer(a) === answer);
    }
    case 'order': {
      const order = q.steps.map((_, i) => values(form, stepField(q.id, i + 1)));
      return order.every((v, i) => v.length === 1 && v[0] === q.steps[i]!.id);
    }
  }
}

/**
 * Check a submitted quiz against its key, on the server. Every question must be answered (errors by field,
 * nothing scored); any other field of the form (a score, a "passed", another lesson's answers) is ignored.
 */
export function checkQuiz(quiz: readonly Question[], form: FormValues): QuizCheck {
  const errors: FieldErrors = {};
  for (const q of quiz) {
    if (!answered(q, form))
      errors[answerField(q.id)] = q.kind === 'order' ? 'Put every step in a place.' : 'Answer this question.';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const results = quiz.map((q) => ({
    id: q.id,
    correct: isCorrect(q, form),
    explanation: q.explanation,
    article: q.article,
  }));
  const score = results.filter((r) => r.correct).length;
  return { ok: true, results, score, questions: quiz.length, passed: passes(score, quiz.length) };
}

export function passes(score: number, questions: number): boolean {
  return questions > 0 && score >= Math.ceil(questions * PASS_SHARE);
}

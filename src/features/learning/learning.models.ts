import { createHash } from 'node:crypto';
import type { SafeHtml } from '../../platform/content/markdown';

/** Search kinds of the learning feature. */
export const COURSE_KIND = 'course';
export const LESSON_KIND = 'lesson';

export const LEARNING_LIMITS = {
  minMinutes: 5,
  maxMinutes: 15,
  lessonsPerCourse: 40,
  questionsPerQuiz: 12,
  optionsPerQuestion: 8,
  shortAnswerChars: 200,
  /** Quiz checks per hour and person or address (retries are welcome; a script is not). */
  checksPerHour: 120,
} as const;

/** Months between reviews of a course by its maintaining group. */
export const REVIEW_MONTHS = 12;
/** A quiz is passed with at least this share of its questions right. */
export const PASS_SHARE = 0.75;

interface QuestionBase {
  /** Unique within its lesson; the form's field names are made from it. */
  id: string;
  prompt: string;
  /** Why the right answer is right: shown with every answer after checking. */
  explanation: string;
  /** The library article that teaches it (slug). */
  article?: string | undefined;
}

export interface Choice {
  id: string;
  text: string;
}

export type Question =
  | (QuestionBase & { kind: 'single'; options: Choice[]; correct: string })
  | (QuestionBase & { kind: 'multiple'; options: Choice[]; correct: string[] })
  | (QuestionBase & { kind: 'short'; accepted: string[] })
  /** `steps` in the right order; their ids are hashes, so the order the page shows them in says nothing. */
  | (QuestionBase & { kind: 'order'; steps: Choice[] });

/** What the page may show of a question before it is answered: no keys. */
export type QuestionShown =
  | (QuestionBase & { kind: 'single' | 'multiple'; options: Choice[] })
  | (QuestionBase & { kind: 'short' })
  | (QuestionBase & { kind: 'order'; steps: Choice[] });

export interface Exercise {
  /** What to do, in the reader's own system. */
  task: string;
  checklist: string[];
  /** What "done" looks like. */
  done: string;
}

export interface Course {
  id: number;
  slug: string;
  title: string;
  summary: string;
  audience: string;
  maintainingGroupId: number | null;
  reviewDue: string | null;
  updatedAt: Date;
}

export interface Lesson {
  id: number;
  courseId: number;
  slug: string;
  position: number;
  title: string;
  summary: string;
  minutes: number;
  body: string;
  bodyHtml: SafeHtml | null;
  exercise: Exercise | null;
  quiz: Question[];
  updatedAt: Date;
}

/** A lesson in a course's list (no body, no quiz keys). */
export interface LessonSummary {
  id: number;
  slug: string;
  position: number;
  title: string;
  summary: string;
  minutes: number;
  hasQuiz: boolean;
  hasExercise: boolean;
}

export interface LessonProgress {
  lessonId: number;
  attempts: number;
  bestScore: number;
  questions: number;
  completedAt: Date | null;
  touchedAt: Date;
}

export const courseUrl = (course: string) => `/learning/${course}`;
export const lessonUrl = (course: string, lesson: string) => `/learning/${course}/${lesson}`;
export const quizUrl = (course: string, lesson: string) => `${lessonUrl(course, lesson)}/quiz`;

/** The id of an ordering step: a short hash of its text, stable across loads and silent about the order. */
export function stepId(questionId: string, text: string): string {
  return createHash('sha256').update(`${questionId}\n${text}`).digest('hex').slice(0, 8);
}

/** Questions as the page shows them: choices and steps only, steps sorted by their ids. */
export function shownQuestions(quiz: readonly Question[]): QuestionShown[] {
  return quiz.map((q) => {
    const base = { id: q.id, prompt: q.prompt, explanation: '', article: q.article };
    if (q.kind === 'single' || q.kind === 'multiple') return { ...base, kind: q.kind, options: q.options };
    if (q.kind === 'order')
      return { ...base, kind: 'order', steps: [...q.steps].sort((a, b) => a.id.localeCompare(b.id)) };
    return { ...base, kind: 'short' };
  });
}

export function lessonSummary(l: Lesson): LessonSummary {
  return {
    id: l.id,
    slug: l.slug,
    position: l.position,
    title: l.title,
    summary: l.summary,
    minutes: l.minutes,
    hasQuiz: l.quiz.length > 0,
    hasExercise: l.exercise !== null,
  };
}

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** "4 December 2026", in UTC. */
export const longDay = (d: Date) =>
  d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function addMonths(d: Date, months: number): Date {
  const r = new Date(d);
  r.setUTCMonth(r.getUTCMonth() + months);
  return r;
}

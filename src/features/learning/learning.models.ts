import { createHash } from 'node:crypto';
import type { SafeHtml } from '../../platform/content/markdown';
import type { LessonMedia, MediaKind } from './learning.media';

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
  /** A video or audio lesson's transcript (Markdown). */
  transcriptChars: 100_000,
  /** Teach-back and project posts shown on a course page. */
  postsShown: 5,
  teachBackChars: 2000,
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

/** A milestone of a course's project: due some weeks after the member starts, or on a fixed date. */
export interface Milestone {
  id: string;
  title: string;
  /** What to have done by then. */
  produce: string;
  /** Weeks after the member's start date; or `date` (YYYY-MM-DD) for every member alike. */
  week?: number | undefined;
  date?: string | undefined;
}

/** A project over several weeks: what to produce, in milestones; progress is posted to the course's project thread. */
export interface Project {
  title: string;
  description: string;
  milestones: Milestone[];
}

/** A milestone's due date for a member who started on `startedOn` (YYYY-MM-DD). */
export function milestoneDue(m: Milestone, startedOn: string): string {
  if (m.date) return m.date;
  const d = new Date(`${startedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 7 * (m.week ?? 0));
  return isoDay(d);
}

export interface Course {
  id: number;
  slug: string;
  title: string;
  summary: string;
  audience: string;
  maintainingGroupId: number | null;
  reviewDue: string | null;
  project: Project | null;
  teachBackThreadId: number | null;
  projectThreadId: number | null;
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
  /** A video or audio hosted elsewhere (null: a reading only), with its transcript as Markdown and stored HTML. */
  media: LessonMedia | null;
  transcript: string | null;
  transcriptHtml: SafeHtml | null;
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
  /** Video or audio, when the lesson has one. */
  media: MediaKind | null;
}

export interface LessonProgress {
  /** Null once the lesson was deleted: `lessonTitle` still names it. */
  lessonId: number | null;
  lessonTitle: string;
  attempts: number;
  bestScore: number;
  questions: number;
  completedAt: Date | null;
  touchedAt: Date;
}

export const courseUrl = (course: string) => `/learning/${course}`;
export const lessonUrl = (course: string, lesson: string) => `/learning/${course}/${lesson}`;
export const teachBackUrl = (course: string) => `${courseUrl(course)}/teach-back`;
export const projectUrl = (course: string) => `${courseUrl(course)}/project`;
export const quizUrl = (course: string, lesson: string) => `${lessonUrl(course, lesson)}/quiz`;
/** The page that loads a lesson's video or audio player (asked for by the reader). */
export const mediaUrl = (course: string, lesson: string) => `${lessonUrl(course, lesson)}/media`;

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
    media: l.media?.kind ?? null,
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

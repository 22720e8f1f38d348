import type { LessonProgress, LessonSummary } from './learning.models';

export interface CourseProgress {
  /** Lesson ids done. */
  done: Set<number>;
  /** Where to carry on: the lesson touched last if unfinished, else the next unfinished one; null when none. */
  resume: LessonSummary | null;
  /** Whether the member has started the course at all. */
  started: boolean;
}

/** A member's place in a course from their progress rows (pure: the course page and tests share it). */
export function courseProgress(lessons: readonly LessonSummary[], rows: readonly LessonProgress[]): CourseProgress {
  const done = new Set(rows.filter((r) => r.completedAt !== null).map((r) => r.lessonId));
  if (rows.length === 0) return { done, resume: null, started: false };
  const last = rows.reduce((a, b) => (b.touchedAt > a.touchedAt ? b : a));
  const at = lessons.findIndex((l) => l.id === last.lessonId);
  const unfinished = (from: number) => lessons.slice(from).find((l) => !done.has(l.id));
  const resume = (at >= 0 ? unfinished(at) : undefined) ?? unfinished(0) ?? null;
  return { done, resume, started: true };
}

import type { LessonProgress, LessonSummary } from './learning.models';

export interface CourseProgress {
  /** Lesson ids done. */
  done: Set<number>;
  /** Where to carry on: the lesson touched last if unfinished, else the next unfinished one; null when none. */
  resume: LessonSummary | null;
  /** Whether the member has started the course at all. */
  started: boolean;
  /** Lessons the member worked on that were since deleted, by their kept titles ("<title> (removed)"). */
  removed: Array<{ title: string; completedAt: Date | null }>;
}

/** A member's place in a course from their progress rows (pure: the course page and tests share it). */
export function courseProgress(lessons: readonly LessonSummary[], rows: readonly LessonProgress[]): CourseProgress {
  const done = new Set(rows.flatMap((r) => (r.completedAt !== null && r.lessonId !== null ? [r.lessonId] : [])));
  const ids = new Set(lessons.map((l) => l.id));
  const removed = rows
    .filter((r) => r.lessonId === null || !ids.has(r.lessonId))
    .map((r) => ({ title: r.lessonTitle, completedAt: r.completedAt }))
    .sort((a, b) => a.title.localeCompare(b.title));
  if (rows.length === 0) return { done, resume: null, started: false, removed };
  const last = rows.reduce((a, b) => (b.touchedAt > a.touchedAt ? b : a));
  const at = lessons.findIndex((l) => l.id === last.lessonId);
  const unfinished = (from: number) => lessons.slice(from).find((l) => !done.has(l.id));
  const resume = (at >= 0 ? unfinished(at) : undefined) ?? unfinished(0) ?? null;
  return { done, resume, started: true, removed };
}

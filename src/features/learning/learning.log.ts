import { and, asc, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import { csvDocument } from '../../platform/http/csv';
import { eventsAttendedBy } from '../events';
import { courseUrl, isoDay, lessonUrl } from './learning.models';
import { learningCourses, learningLessons, learningProgress } from './learning.table';

/**
 * A member's learning log (docs/decisions/042): courses, lessons done with their minutes, events attended, and the
 * time in all. Private to the member: they print it or download it as CSV to show whoever they report to.
 */

/** Events count their length when it is known and plausible for a sitting: timed, under 12 hours. */
export const EVENT_MINUTES_CAP = 12 * 60;

export interface LogLesson {
  courseTitle: string;
  title: string;
  url: string;
  minutes: number;
  completedAt: Date;
}

export interface LogCourse {
  slug: string;
  title: string;
  lessons: number;
  done: number;
  minutes: number;
}

export interface LogEvent {
  title: string;
  url: string;
  startsAt: Date;
  allDay: boolean;
  /** Null: not counted (all day, several days, or a series). */
  minutes: number | null;
}

export interface LearningLog {
  courses: LogCourse[];
  lessons: LogLesson[];
  events: LogEvent[];
  totalMinutes: number;
}

/** The minutes an attended event adds to the log, or null when its length says nothing about time spent. */
export function eventMinutes(e: { startsAt: Date; endsAt: Date; allDay: boolean; recurring: boolean }): number | null {
  if (e.allDay || e.recurring) return null;
  const minutes = Math.round((e.endsAt.getTime() - e.startsAt.getTime()) / 60_000);
  return minutes > 0 && minutes <= EVENT_MINUTES_CAP ? minutes : null;
}

export async function learningLogOf(db: DbOrTx, userId: number, now: Date): Promise<LearningLog> {
  const done = await db
    .select({
      courseId: learningCourses.id,
      courseSlug: learningCourses.slug,
      courseTitle: learningCourses.title,
      // A lesson deleted since: its slug is null, and the title and minutes kept with the progress stand in.
      lessonSlug: learningLessons.slug,
      title: sql<string>`coalesce(${learningLessons.title}, ${learningProgress.lessonTitle})`,
      minutes: sql<number>`coalesce(${learningLessons.minutes}, ${learningProgress.lessonMinutes})`,
      completedAt: learningProgress.completedAt,
    })
    .from(learningProgress)
    .leftJoin(learningLessons, eq(learningLessons.id, learningProgress.lessonId))
    .innerJoin(learningCourses, eq(learningCourses.id, learningProgress.courseId))
    .where(and(eq(learningProgress.userId, userId), isNotNull(learningProgress.completedAt)))
    .orderBy(asc(learningProgress.completedAt), asc(learningLessons.position));
  const courseIds = [...new Set(done.map((d) => d.courseId))];
  const sizes = courseIds.length
    ? await db
        .select({ courseId: learningLessons.courseId, n: count(learningLessons.id) })
        .from(learningLessons)
        .where(inArray(learningLessons.courseId, courseIds))
        .groupBy(learningLessons.courseId)
    : [];
  const courses = new Map<number, LogCourse>();
  for (const d of done) {
    const c = courses.get(d.courseId) ?? {
      slug: d.courseSlug,
      title: d.courseTitle,
      lessons: Number(sizes.find((s) => s.courseId === d.courseId)?.n ?? 0),
      done: 0,
      minutes: 0,
    };
    // Of the course's lessons as they are now; a deleted lesson's time still counts.
    if (d.lessonSlug !== null) c.done++;
    c.minutes += Number(d.minutes);
    courses.set(d.courseId, c);
  }
  const attended = await eventsAttendedBy(db, userId, now);
  const events = attended.map((e) => ({
    title: e.title,
    url: e.url,
    startsAt: e.startsAt,
    allDay: e.allDay,
    minutes: eventMinutes(e),
  }));
  const lessons = done.map((d) => ({
    courseTitle: d.courseTitle,
    title: d.lessonSlug === null ? `${d.title} (removed)` : d.title,
    url: d.lessonSlug === null ? courseUrl(d.courseSlug) : lessonUrl(d.courseSlug, d.lessonSlug),
    minutes: Number(d.minutes),
    completedAt: d.completedAt!,
  }));
  const totalMinutes = lessons.reduce((n, l) => n + l.minutes, 0) + events.reduce((n, e) => n + (e.minutes ?? 0), 0);
  return {
    courses: [...courses.values()].sort((a, b) => a.title.localeCompare(b.title)),
    lessons,
    events,
    totalMinutes,
  };
}

/** The log as CSV: one row per lesson done and per event attended, then the total. */
export function learningLogCsv(log: LearningLog): string {
  return csvDocument([
    ['Type', 'Date', 'Course or event', 'Lesson', 'Minutes'],
    ...log.lessons.map((l) => ['Lesson', isoDay(l.completedAt), l.courseTitle, l.title, l.minutes]),
    ...log.events.map((e) => ['Event', isoDay(e.startsAt), e.title, '', e.minutes ?? '']),
    ['Total', '', '', '', log.totalMinutes],
  ]);
}

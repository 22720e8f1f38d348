import { runOnce } from '../../platform/db/app-state';
import type { Db, DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { Deps } from '../../platform/http/context';
import { EDITORS_GROUP, findGroupBySlug } from '../groups';
import { readStarterCourses, type StarterCourse } from './learning.content';
import { addMonths, isoDay, REVIEW_MONTHS } from './learning.models';
import * as repo from './learning.repository';
import { indexCourse, indexLesson } from './learning.search';

/** Raise the version when a release ships courses existing hubs should receive (missing ones only are added). */
export const COURSES_SEED_KEY = 'learning.courses.v1';

/**
 * The starter courses into the tables, each course missing there added with its lessons, maintained by the group
 * its file names (else the "ILL Commons editors" group), due for review in a year, and indexed for search.
 */
export async function insertStarterCourses(tx: DbOrTx, courses: readonly StarterCourse[], now: Date): Promise<number> {
  const editors = (await findGroupBySlug(tx, EDITORS_GROUP.slug))?.id ?? null;
  let added = 0;
  for (const c of courses) {
    const group = c.maintainedBy ? ((await findGroupBySlug(tx, c.maintainedBy))?.id ?? editors) : editors;
    const course = await repo.insertCourseIfMissing(tx, {
      slug: c.slug,
      title: c.title,
      summary: c.summary,
      audience: c.audience,
      maintainingGroupId: group,
      reviewDue: isoDay(addMonths(now, REVIEW_MONTHS)),
      now,
    });
    if (!course) continue;
    added++;
    for (const [i, l] of c.lessons.entries()) {
      const lesson = await repo.insertLesson(tx, course.id, i + 1, l, now);
      await indexLesson(tx, course, lesson);
    }
    await indexCourse(
      tx,
      course,
      c.lessons.map((l) => l.title),
    );
    await recordEvent(tx, {
      type: 'learning.course_seeded',
      actorId: null,
      subjectType: 'learning_course',
      subjectId: course.slug,
    });
  }
  return added;
}

/** At start, once per database: the courses in content/learning. */
export async function seedStarterCourses(db: Db, contentDir: string, now: Date): Promise<boolean> {
  const courses = await readStarterCourses(contentDir);
  return runOnce(db, COURSES_SEED_KEY, now, async (tx) => {
    await insertStarterCourses(tx, courses, now);
  });
}

export async function seedLearning(deps: Deps): Promise<void> {
  if (await seedStarterCourses(deps.database.db, deps.config.contentDir, deps.clock.now()))
    deps.logger.info('starter courses loaded');
}

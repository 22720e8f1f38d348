import { runOnce } from '../../platform/db/app-state';
import type { Db, DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { Deps } from '../../platform/http/context';
import { EDITORS_GROUP, findGroupBySlug } from '../groups';
import { planTemplates } from './learning.plans.template';
import { readStarterCourses, type StarterCourse } from './learning.content';
import { assertPublishable } from './learning.media';
import { addMonths, isoDay, REVIEW_MONTHS } from './learning.models';
import * as repo from './learning.repository';
import { setProjectIfNone } from './learning.projects.repository';
import { indexCourse, indexLesson } from './learning.search';

/** Raise the version when a release ships courses existing hubs should receive (missing ones only are added). */
export const COURSES_SEED_KEY = 'learning.courses.v2';
export const PROJECTS_SEED_KEY = 'learning.projects.v1';

/**
 * The starter courses into the tables, each course missing there added with its lessons, maintained by the group
 * its file names (else the "ILL Commons editors" group), due for review in a year, and indexed for search.
 */
export async function insertStarterCourses(tx: DbOrTx, courses: readonly StarterCourse[], now: Date): Promise<number> {
  const editors = (await findGroupBySlug(tx, EDITORS_GROUP.slug))?.id ?? null;
  // The publishing rule (learning.media.ts), checked before anything is written: no course with a video lacking
  // captions or a transcript, or an audio lacking a transcript, is ever added.
  for (const c of courses) assertPublishable(c);
  let added = 0;
  for (const c of courses) {
    const group = c.maintainedBy ? ((await findGroupBySlug(tx, c.maintainedBy))?.id ?? editors) : editors;
    const course = await repo.insertCourseIfMissing(tx, {
      slug: c.slug,
      title: c.title,
      summary: c.summary,
      audience: c.audience,
      project: c.project,
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
  const added = await runOnce(db, COURSES_SEED_KEY, now, async (tx) => {
    await insertStarterCourses(tx, courses, now);
  });
  // Courses seeded before projects existed get theirs once (a course that has a project keeps it).
  await runOnce(db, PROJECTS_SEED_KEY, now, async (tx) => {
    for (const c of courses) if (c.project) await setProjectIfNone(tx, c.slug, c.project);
  });
  return added;
}

export async function seedLearning(deps: Deps): Promise<void> {
  if (await seedStarterCourses(deps.database.db, deps.config.contentDir, deps.clock.now()))
    deps.logger.info('starter courses loaded');
  // Onboarding plan templates are read from their files (never seeded); checked now, so an unknown slug stops the start.
  await planTemplates(deps.config.contentDir);
}

import { storedText } from '../../platform/content/stored-html';
import type { DbOrTx } from '../../platform/db/database';
import type { SearchKind } from '../../platform/search/kinds';
import { indexDocument } from '../../platform/search/search';
import { COURSE_KIND, type Course, courseUrl, LESSON_KIND, type Lesson, lessonUrl } from './learning.models';

/** Declared once to the hub's search (FeatureModule.searchKinds): courses and lessons are edited, reviewed content. */
export const learningSearchKinds: SearchKind[] = [
  { kind: COURSE_KIND, label: 'Course', plural: 'Courses', curated: true, order: 70 },
  { kind: LESSON_KIND, label: 'Lesson', plural: 'Lessons', curated: true, order: 71 },
];

const TOPICS = ['training-onboarding'];

/** Index a course (public), in the caller's transaction. */
export async function indexCourse(db: DbOrTx, course: Course, lessonTitles: readonly string[]): Promise<void> {
  await indexDocument(db, {
    kind: COURSE_KIND,
    refId: course.slug,
    url: courseUrl(course.slug),
    title: course.title,
    summary: course.summary,
    body: [course.summary, course.audience, ...lessonTitles].join('\n'),
    topics: TOPICS,
    docType: COURSE_KIND,
    audience: null,
    keywords: ['course', 'training', 'learning'],
    updatedAt: course.updatedAt,
  });
}

/** Index a lesson's reading and exercise (never its quiz keys). */
export async function indexLesson(db: DbOrTx, course: Course, lesson: Lesson): Promise<void> {
  await indexDocument(db, {
    kind: LESSON_KIND,
    refId: `${course.slug}/${lesson.slug}`,
    url: lessonUrl(course.slug, lesson.slug),
    title: lesson.title,
    summary: lesson.summary,
    body: [
      storedText(lesson.bodyHtml, lesson.body),
      lesson.exercise ? [lesson.exercise.task, ...lesson.exercise.checklist, lesson.exercise.done].join('\n') : '',
    ].join('\n'),
    topics: TOPICS,
    docType: LESSON_KIND,
    audience: null,
    keywords: ['lesson', course.title],
    updatedAt: lesson.updatedAt,
    groupKey: null,
  });
}

import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import { storedHtmlColumns } from '../../platform/content/columns';
import { groups } from '../groups/groups.table';
import type { Exercise, Question } from './learning.models';

/** A short course: lessons in order, maintained by a group with a review date like the library's pages. */
export const learningCourses = pgTable('learning_courses', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  summary: text('summary').notNull(),
  /** Who the course is for, in a sentence. */
  audience: text('audience').notNull().default(''),
  maintainingGroupId: integer('maintaining_group_id').references(() => groups.id, { onDelete: 'set null' }),
  reviewDue: date('review_due'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * One lesson of 5–15 minutes: a reading (Markdown, rendered at save), optionally a hands-on exercise and a quiz.
 * The quiz's keys stay on the server: pages show questions and choices only, never which are right.
 */
export const learningLessons = pgTable(
  'learning_lessons',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    courseId: integer('course_id')
      .notNull()
      .references(() => learningCourses.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    minutes: integer('minutes').notNull(),
    body: text('body').notNull(),
    ...storedHtmlColumns('body_html'),
    exercise: jsonb('exercise').$type<Exercise>(),
    quiz: jsonb('quiz').$type<Question[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('learning_lessons_course_slug_key').on(t.courseId, t.slug),
    index('learning_lessons_render_version_idx').on(t.renderVersion),
  ],
);

/** A member's progress in one lesson: quiz attempts, best score, and when it was done (private to them). */
export const learningProgress = pgTable(
  'learning_progress',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lessonId: integer('lesson_id')
      .notNull()
      .references(() => learningLessons.id, { onDelete: 'cascade' }),
    courseId: integer('course_id')
      .notNull()
      .references(() => learningCourses.id, { onDelete: 'cascade' }),
    attempts: integer('attempts').notNull().default(0),
    /** Questions right in the best attempt, of `questions`. */
    bestScore: integer('best_score').notNull().default(0),
    questions: integer('questions').notNull().default(0),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** The last time the member did anything in the lesson (for "resume where you stopped"). */
    touchedAt: timestamp('touched_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.lessonId] }),
    index('learning_progress_user_course_idx').on(t.userId, t.courseId, t.touchedAt),
  ],
);

/**
 * A certificate: made once when a member has finished every lesson of a course. The course's title is kept as it
 * was then; the code is random and unguessable, and opens the public verification page. Erased with the account.
 */
export const learningCertificates = pgTable(
  'learning_certificates',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseSlug: text('course_slug').notNull(),
    courseTitle: text('course_title').notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }).notNull(),
    code: text('code').notNull().unique(),
  },
  (t) => [uniqueIndex('learning_certificates_user_course_key').on(t.userId, t.courseSlug)],
);

/**
 * A card of a member's review deck: a quiz question of a lesson they passed, or a glossary term they added. Its
 * FSRS state (ts-fsrs's card, dates as ISO strings) and when it is next due; private to the member.
 */
export const learningReviewCards = pgTable(
  'learning_review_cards',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Where the card came from: `quiz:<course>/<lesson>/<question>` or `glossary:<slug>` (one card each). */
    source: text('source').notNull(),
    front: text('front').notNull(),
    back: text('back').notNull(),
    schedule: jsonb('schedule').$type<Record<string, unknown>>().notNull(),
    due: timestamp('due', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('learning_review_cards_user_source_key').on(t.userId, t.source),
    index('learning_review_cards_user_due_idx').on(t.userId, t.due),
  ],
);

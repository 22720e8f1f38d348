import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import { storedHtmlColumns } from '../../platform/content/columns';
import type { SafeHtml } from '../../platform/content/markdown';
import { groups } from '../groups/groups.table';
import type { LessonMedia } from './learning.media';
import type { Exercise, Project, Question } from './learning.models';

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
  /** A project over several weeks (milestones, what to produce), from course.yaml; null when the course has none. */
  project: jsonb('project').$type<Project>(),
  /** The forum threads of the course (a forum thread id each), started on first use: teach-back posts, project progress. */
  teachBackThreadId: integer('teach_back_thread_id'),
  projectThreadId: integer('project_thread_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * One lesson of 5–15 minutes: a reading (Markdown, rendered at save), optionally a video or audio hosted elsewhere
 * (with its transcript, Markdown rendered at save like the reading), a hands-on exercise and a quiz.
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
    /** A video or audio on an allow-listed host (null: a reading only). Its transcript is the two columns below. */
    media: jsonb('media').$type<LessonMedia>(),
    transcript: text('transcript'),
    /** The transcript rendered with the reading (same `render_version`). */
    transcriptHtml: text('transcript_html').$type<SafeHtml>(),
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

/**
 * A member's progress in one lesson: quiz attempts, best score, and when it was done (private to them). The lesson's
 * title is kept with it, so when a lesson is deleted the row stays (`lesson_id` null) and still reads
 * "<title> (removed)" in the member's records.
 */
export const learningProgress = pgTable(
  'learning_progress',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Null once the lesson is deleted. */
    lessonId: integer('lesson_id').references(() => learningLessons.id, { onDelete: 'set null' }),
    /** The lesson's title and minutes when the member last worked on it (kept for their records and log). */
    lessonTitle: text('lesson_title').notNull(),
    lessonMinutes: integer('lesson_minutes').notNull().default(0),
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
    // Unique per member and lesson; rows of deleted lessons (null) never clash.
    uniqueIndex('learning_progress_user_lesson_key').on(t.userId, t.lessonId),
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

/** A member doing a course's project: their own start date (milestone due dates count from it) and what they finished. */
export const learningProjectEnrolments = pgTable(
  'learning_project_enrolments',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: integer('course_id')
      .notNull()
      .references(() => learningCourses.id, { onDelete: 'cascade' }),
    startedOn: date('started_on').notNull(),
    /** Ids of the milestones the member marked done. */
    milestonesDone: text('milestones_done').array().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId] })],
);

/**
 * A course run as a cohort: tied to an event of the events feature (its live sessions), starting on a date, with a
 * forum thread of its own (started on first use).
 */
export const learningCohorts = pgTable(
  'learning_cohorts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    courseId: integer('course_id')
      .notNull()
      .references(() => learningCourses.id, { onDelete: 'cascade' }),
    /** The events feature's event id (read through its index.ts; no foreign key across features). */
    eventId: integer('event_id').notNull(),
    startsOn: date('starts_on').notNull(),
    threadId: integer('thread_id'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('learning_cohorts_course_idx').on(t.courseId, t.startsOn)],
);

/** A member in a cohort. */
export const learningCohortMembers = pgTable(
  'learning_cohort_members',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => learningCohorts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] })],
);

/** Members who asked for "N cards due for review" in their email digest (off unless a row exists). */
export const learningReviewReminders = pgTable('learning_review_reminders', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/**
 * An onboarding plan: a manager (any member) builds it for a new colleague, who accepts it before working through
 * it. Seen only by the two of them (docs/decisions/042). Erasing the colleague's account deletes the plan; erasing
 * the manager's keeps it for the colleague, with no manager.
 */
export const learningPlans = pgTable(
  'learning_plans',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    managerId: integer('manager_id').references(() => users.id, { onDelete: 'set null' }),
    learnerId: integer('learner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** The template it was started from, if any (e.g. "ill-assistant"). */
    template: text('template'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('learning_plans_manager_idx').on(t.managerId), index('learning_plans_learner_idx').on(t.learnerId)],
);

/**
 * One item of a plan: a lesson (`ref` = "<course>/<lesson>"), a library article or a workflow (`ref` = its slug),
 * or a shadowing task (free text, no ref), with the week it is meant for. The title is kept as it was added, so a
 * deleted lesson or article leaves the item readable. The colleague's mark (done or stuck) and note live here.
 */
export const learningPlanItems = pgTable(
  'learning_plan_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => learningPlans.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    ref: text('ref'),
    title: text('title').notNull(),
    week: integer('week').notNull(),
    position: integer('position').notNull(),
    /** open, done or stuck (a lesson also counts as done when the colleague's progress says so). */
    status: text('status').notNull().default('open'),
    note: text('note').notNull().default(''),
    markedAt: timestamp('marked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('learning_plan_items_plan_idx').on(t.planId, t.week, t.position)],
);

/**
 * A saved version of a lesson's reading (title, summary and Markdown; the page's HTML lives on the lesson only),
 * one per save in the hub, so reviewers see who changed what. The first edit of a lesson keeps its starter text
 * first, without an author. `note` says why, or whose suggestion it was. Public contributions: an erased
 * author's rows stay, without the name.
 */
export const learningLessonRevisions = pgTable(
  'learning_lesson_revisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    lessonId: integer('lesson_id')
      .notNull()
      .references(() => learningLessons.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    body: text('body').notNull(),
    note: text('note').notNull().default(''),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('learning_lesson_revisions_lesson_idx').on(t.lessonId, t.createdAt)],
);

/**
 * A member's suggested change to a lesson's reading (Markdown) with a note, waiting for the course's maintaining
 * group: pending, then accepted (applied as a revision credited to the member) or declined with a note.
 */
export const learningLessonSuggestions = pgTable(
  'learning_lesson_suggestions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    lessonId: integer('lesson_id')
      .notNull()
      .references(() => learningLessons.id, { onDelete: 'cascade' }),
    proposerId: integer('proposer_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    note: text('note').notNull().default(''),
    /** The lesson's `updated_at` when the suggestion was made: a later change shows as "changed since". */
    baseUpdatedAt: timestamp('base_updated_at', { withTimezone: true }).notNull(),
    /** pending, accepted or declined. */
    status: text('status').notNull().default('pending'),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decisionNote: text('decision_note').notNull().default(''),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('learning_lesson_suggestions_lesson_idx').on(t.lessonId, t.status)],
);

import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import { articles } from '../library/library.table';
import type { ArticleContent } from '../library/library.models';

export const GROUP_KINDS = ['committee', 'organisation', 'consortium', 'project'] as const;
export const GROUP_ROLES = ['owner', 'steward', 'member'] as const;

export const groups = pgTable(
  'groups',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind', { enum: GROUP_KINDS }).notNull(),
    purpose: text('purpose').notNull(),
    website: text('website'),
    /** Creating a group needs an admin's approval. */
    status: text('status', { enum: ['pending', 'active', 'rejected'] })
      .notNull()
      .default('pending'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    decidedBy: integer('decided_by').references(() => users.id),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('groups_status_idx').on(t.status, t.name)],
);

export const groupMembers = pgTable(
  'group_members',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: GROUP_ROLES }).notNull().default('member'),
    /** Committee terms: the role ends automatically after this date. */
    termEndsOn: date('term_ends_on', { mode: 'string' }),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('group_members_user_idx').on(t.userId)],
);

/** Which group maintains an article, how often it is reviewed, and when it last was. */
export const stewardships = pgTable(
  'stewardships',
  {
    articleId: integer('article_id')
      .primaryKey()
      .references(() => articles.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    reviewIntervalMonths: integer('review_interval_months').notNull().default(12),
    lastReviewedAt: timestamp('last_reviewed_at', { withTimezone: true }),
    lastReviewedBy: integer('last_reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewNote: text('review_note'),
    /** lastReviewedAt (or assignedAt) + interval; kept as a column so due lists are an index scan. */
    nextReviewDue: timestamp('next_review_due', { withTimezone: true }).notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when the page came with a topic the group adopted (topic_stewardships); null for a page-level choice. */
    viaTopic: text('via_topic'),
  },
  (t) => [
    index('stewardships_group_due_idx').on(t.groupId, t.nextReviewDue),
    index('stewardships_due_idx').on(t.nextReviewDue),
  ],
);

/** A reminder sent for one article's due date: never twice for the same date. */
export const reviewReminders = pgTable(
  'review_reminders',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.dueAt] })],
);

/** Moving stewardship of pages from one group to another needs both groups' owners. */
export const handovers = pgTable(
  'handovers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    fromGroupId: integer('from_group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    toGroupId: integer('to_group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    articleIds: integer('article_ids').array().notNull(),
    proposedBy: integer('proposed_by')
      .notNull()
      .references(() => users.id),
    fromApprovedBy: integer('from_approved_by').references(() => users.id),
    toApprovedBy: integer('to_approved_by').references(() => users.id),
    status: text('status', { enum: ['proposed', 'completed', 'declined', 'cancelled'] })
      .notNull()
      .default('proposed'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('handovers_open_idx').on(t.toGroupId).where(sql`status = 'proposed'`)],
);

export const SUGGESTION_STATUSES = ['pending', 'changes_requested', 'approved', 'declined', 'withdrawn'] as const;

/** A proposed change to a group-maintained article, reviewed by its stewards. */
export const suggestedEdits = pgTable(
  'suggested_edits',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    proposerId: integer('proposer_id')
      .notNull()
      .references(() => users.id),
    /** The article revision the proposal was written against. */
    baseRevision: integer('base_revision').notNull(),
    content: jsonb('content').$type<ArticleContent>().notNull(),
    message: text('message').notNull().default(''),
    status: text('status', { enum: SUGGESTION_STATUSES }).notNull().default('pending'),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    /** The revision an approval created. */
    resultingRevision: integer('resulting_revision'),
    /** When the hub's editors were told it had waited past the stewards' time (EDITOR_FALLBACK_DAYS); once. */
    editorsToldAt: timestamp('editors_told_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('suggested_edits_article_idx').on(t.articleId, t.status),
    index('suggested_edits_open_idx').on(t.createdAt).where(sql`status in ('pending','changes_requested')`),
  ],
);

export const suggestionComments = pgTable(
  'suggestion_comments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    suggestionId: integer('suggestion_id')
      .notNull()
      .references(() => suggestedEdits.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('suggestion_comments_idx').on(t.suggestionId, t.createdAt)],
);

/** Curated lists maintained by a group, e.g. "Copyright experts". */
export const expertLists = pgTable('expert_lists', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  /** The group that curates it (groups.id). */
  groupId: integer('group_id').notNull(),
  createdBy: integer('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const expertListEntries = pgTable(
  'expert_list_entries',
  {
    listId: integer('list_id')
      .notNull()
      .references(() => expertLists.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    note: text('note').notNull().default(''),
    /** People must accept being listed: only accepted entries are shown. */
    status: text('status', { enum: ['invited', 'accepted', 'declined'] })
      .notNull()
      .default('invited'),
    invitedBy: integer('invited_by')
      .notNull()
      .references(() => users.id),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.listId, t.userId] })],
);

export const CLAIM_STATUSES = ['pending', 'approved', 'declined', 'withdrawn', 'superseded'] as const;

/**
 * A group's request to maintain a page no group maintains. Until an editor
 * (or, for a member's own page, its author) approves it, the group has no
 * rights on the page; approval creates the stewardship.
 */
export const stewardshipClaims = pgTable(
  'stewardship_claims',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    reviewIntervalMonths: integer('review_interval_months').notNull(),
    /** The review the group says it already did (e.g. on an older wiki): the cycle starts from it. */
    lastReviewedOn: date('last_reviewed_on', { mode: 'string' }),
    status: text('status', { enum: CLAIM_STATUSES }).notNull().default('pending'),
    decidedBy: integer('decided_by').references(() => users.id),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('stewardship_claims_open_idx').on(t.createdAt).where(sql`status = 'pending'`),
    uniqueIndex('stewardship_claims_once_key').on(t.articleId, t.groupId).where(sql`status = 'pending'`),
  ],
);

export const TOPIC_ADOPTION_STATUSES = ['pending', 'approved', 'declined', 'withdrawn', 'released'] as const;

/**
 * A group's request to maintain a whole topic: its current pages and those added later. An editor approves it
 * (editors' own requests apply at once); a page a group maintains by its own choice keeps that group.
 */
export const topicStewardships = pgTable(
  'topic_stewardships',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The library's topic slug (topics belong to the library: referred to by slug, as articles' topic_slugs do). */
    topicSlug: text('topic_slug').notNull(),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    reviewIntervalMonths: integer('review_interval_months').notNull(),
    status: text('status', { enum: TOPIC_ADOPTION_STATUSES }).notNull().default('pending'),
    decidedBy: integer('decided_by').references(() => users.id),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('topic_stewardships_adopted_key').on(t.topicSlug).where(sql`status = 'approved'`),
    uniqueIndex('topic_stewardships_once_key').on(t.topicSlug, t.groupId).where(sql`status = 'pending'`),
  ],
);

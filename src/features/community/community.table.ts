import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  type AnyPgColumn,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import { storedHtmlColumns } from '../../platform/content/columns';
import { articles } from '../library/library.table';

export const forumCategories = pgTable(
  'forum_categories',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    parentId: integer('parent_id').references((): AnyPgColumn => forumCategories.id, { onDelete: 'restrict' }),
    position: integer('position').notNull().default(0),
    threadCount: integer('thread_count').notNull().default(0),
    postCount: integer('post_count').notNull().default(0),
    lastPostAt: timestamp('last_post_at', { withTimezone: true }),
  },
  (t) => [index('forum_categories_parent_idx').on(t.parentId, t.position)],
);

export const THREAD_KINDS = ['discussion', 'question'] as const;

export const forumThreads = pgTable(
  'forum_threads',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => forumCategories.id),
    title: text('title').notNull(),
    kind: text('kind', { enum: THREAD_KINDS }).notNull().default('discussion'),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    topicSlugs: text('topic_slugs').array().notNull().default(sql`'{}'::text[]`),
    /** "Discuss this article": at most one thread per article. */
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'set null' }),
    acceptedPostId: bigint('accepted_post_id', { mode: 'number' }),
    replyCount: integer('reply_count').notNull().default(0),
    locked: boolean('locked').notNull().default(false),
    pinned: boolean('pinned').notNull().default(false),
    /** Hidden by a moderator or awaiting approval: not shown to the public. */
    status: text('status', { enum: ['published', 'pending', 'hidden', 'deleted'] })
      .notNull()
      .default('published'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastPostAt: timestamp('last_post_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('forum_threads_category_idx').on(t.categoryId, t.pinned, t.lastPostAt),
    uniqueIndex('forum_threads_article_key').on(t.articleId),
    index('forum_threads_unanswered_idx').on(t.createdAt).where(sql`kind = 'question' and accepted_post_id is null`),
    index('forum_threads_topics_idx').using('gin', t.topicSlugs),
  ],
);

export const forumPosts = pgTable(
  'forum_posts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    threadId: integer('thread_id')
      .notNull()
      .references(() => forumThreads.id, { onDelete: 'cascade' }),
    /** 1 for the opening post, then 2, 3 … in order of posting. */
    number: integer('number').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    /** `body` rendered when saved (mentions of people who existed then linked): pages show this and never render. */
    ...storedHtmlColumns('body_html'),
    quoteOf: bigint('quote_of', { mode: 'number' }),
    status: text('status', { enum: ['published', 'pending', 'hidden', 'deleted'] })
      .notNull()
      .default('published'),
    helpfulCount: integer('helpful_count').notNull().default(0),
    /** From the form: a double click submits the same key twice and makes one post. */
    idempotencyKey: text('idempotency_key'),
    via: text('via', { enum: ['web', 'email'] })
      .notNull()
      .default('web'),
    /**
     * A vendor's labelled response (right of reply): the system (vocabulary slug) and the organisation its author
     * was verified to speak for when posting. Set once by the posting use case, never by an edit (docs/decisions/030).
     */
    vendorSystem: text('vendor_system'),
    vendorName: text('vendor_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: integer('deleted_by').references(() => users.id),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    hiddenBy: integer('hidden_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('forum_posts_number_key').on(t.threadId, t.number),
    uniqueIndex('forum_posts_idempotency_key').on(t.authorId, t.idempotencyKey),
    index('forum_posts_author_idx').on(t.authorId, t.createdAt),
    index('forum_posts_render_version_idx').on(t.renderVersion),
  ],
);

/** Earlier versions of an edited post: the edit history readers can see. */
export const forumPostRevisions = pgTable(
  'forum_post_revisions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => forumPosts.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    ...storedHtmlColumns('body_html'),
    editedBy: integer('edited_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('forum_post_revisions_post_idx').on(t.postId, t.createdAt),
    index('forum_post_revisions_render_version_idx').on(t.renderVersion),
  ],
);

export const forumReactions = pgTable(
  'forum_reactions',
  {
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => forumPosts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['helpful'] })
      .notNull()
      .default('helpful'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId, t.kind] })],
);

export const FLAG_REASONS = ['spam', 'off_topic', 'abusive', 'other'] as const;

export const forumFlags = pgTable(
  'forum_flags',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => forumPosts.id, { onDelete: 'cascade' }),
    reporterId: integer('reporter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason', { enum: FLAG_REASONS }).notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: integer('resolved_by').references(() => users.id),
    resolution: text('resolution'),
  },
  (t) => [
    index('forum_flags_open_idx').on(t.createdAt).where(sql`resolved_at is null`),
    uniqueIndex('forum_flags_once_key').on(t.postId, t.reporterId).where(sql`resolved_at is null`),
    check('forum_flags_reason_check', sql`${t.reason} in ('spam','off_topic','abusive','other')`),
  ],
);

/** Hub-wide settings an admin can change, e.g. holding new members' first posts for approval. */
export const siteSettings = pgTable('site_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

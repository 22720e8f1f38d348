import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import { storedHtmlColumns } from '../../platform/content/columns';
import type { ArticleContext, SourceLink } from './library.models';

export const topics = pgTable('topics', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  position: integer('position').notNull().default(0),
});

/** What an article says: stored alike in the article (its current state) and in each revision. */
function contentColumns() {
  return {
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    type: text('type').notNull(),
    audience: text('audience').notNull(),
    body: text('body').notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    topicSlugs: text('topic_slugs').array().notNull().default(sql`'{}'::text[]`),
    context: jsonb('context').$type<ArticleContext>().notNull().default({}),
    sources: jsonb('sources').$type<SourceLink[]>().notNull().default([]),
    related: text('related').array().notNull().default(sql`'{}'::text[]`),
    /** "Also known as": other names of the subject (acronym expansions, spellings), matched like the title. */
    aka: text('aka').array().notNull().default(sql`'{}'::text[]`),
  };
}

/** The current state of an article; every change also writes an articleRevisions row. */
export const articles = pgTable(
  'articles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull(),
    ...contentColumns(),
    licence: text('licence').notNull().default('CC-BY-4.0'),
    /** Number of the newest revision: the optimistic-concurrency token of the editor. */
    revision: integer('revision').notNull().default(1),
    /** `body` rendered when saved: pages show this and never render. */
    ...storedHtmlColumns('body_html'),
    protected: boolean('protected').notNull().default(false),
    origin: text('origin', { enum: ['starter', 'member', 'import'] })
      .notNull()
      .default('member'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    updatedBy: integer('updated_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('articles_slug_key').on(t.slug),
    index('articles_updated_idx').on(t.updatedAt),
    index('articles_type_idx').on(t.type, t.title),
    index('articles_topics_idx').using('gin', t.topicSlugs),
    check('articles_revision_positive', sql`${t.revision} > 0`),
    index('articles_render_version_idx').on(t.renderVersion),
  ],
);

export const articleTopics = pgTable(
  'article_topics',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.topicId] }), index('article_topics_topic_idx').on(t.topicId)],
);

export const articleRevisions = pgTable(
  'article_revisions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    ...contentColumns(),
    licence: text('licence').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    message: text('message').notNull().default(''),
    revertedFrom: integer('reverted_from'),
    ...storedHtmlColumns('body_html'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('article_revisions_number_key').on(t.articleId, t.number),
    index('article_revisions_render_version_idx').on(t.renderVersion),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_article_idx').on(t.articleId)],
);

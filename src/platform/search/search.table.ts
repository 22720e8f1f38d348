import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tsvector } from '../db/types';

/**
 * One row per searchable thing, whatever feature owns it. Features write their
 * rows in the same transaction as the change; the tsvector is generated.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    refId: text('ref_id').notNull(),
    url: text('url').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    body: text('body').notNull().default(''),
    /** Topic slugs, document type and audience: the filters. */
    topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
    docType: text('doc_type').notNull(),
    audience: text('audience'),
    /** Tags and other keywords, space-separated (generated columns cannot read arrays). */
    keywords: text('keywords').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    tsv: tsvector('tsv')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(summary, '') || ' ' || coalesce(keywords, '')), 'B') || setweight(to_tsvector('english', coalesce(body, '')), 'C')`,
      ),
    /** Title alone, so very common words can prefer documents about them. */
    titleTsv: tsvector('title_tsv').notNull().generatedAlwaysAs(sql`to_tsvector('english', coalesce(title, ''))`),
  },
  (t) => [
    index('search_documents_title_tsv_idx').using('gin', t.titleTsv),
    uniqueIndex('search_documents_ref_key').on(t.kind, t.refId),
    index('search_documents_tsv_idx').using('gin', t.tsv),
    index('search_documents_topics_idx').using('gin', t.topics),
  ],
);

/** Distinct words seen in indexed text, for "did you mean" (pg_trgm). */
export const searchWords = pgTable(
  'search_words',
  {
    word: text('word').primaryKey(),
  },
  (t) => [index('search_words_trgm_idx').using('gin', sql`${t.word} gin_trgm_ops`)],
);

import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tsvector } from '../db/types';

/**
 * One row per searchable thing, whatever feature owns it. Features write their
 * rows in the same transaction as the change; the vectors are written with them.
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
    /** "Also known as": an exact alias match counts like an exact title match. */
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    /** Section headings of the body, weighted above body text. */
    headings: text('headings').notNull().default(''),
    /** 'public' or 'members' (returned only to signed-in members). */
    visibility: text('visibility').notNull().default('public'),
    /** Hits sharing a group key collapse to the best one (all posts of one thread). */
    groupKey: text('group_key'),
    /** 0..1 quality signal of the owner (an answered or accepted thread). */
    quality: real('quality').notNull().default(0),
    /**
     * The ranking vector, written at index time from accent-folded text (title and aliases A, headings, summary and
     * keywords B, body C) plus unstemmed upper-case lexemes for acronyms ("SHARES" stays "SHARES").
     */
    fts: tsvector('fts'),
    /** Title and aliases alone (folded): partial and full title matches. */
    headTsv: tsvector('head_tsv'),
    /** Normalised title, title without its parenthesis, the parenthesis, and aliases: best bets. */
    titleKeys: text('title_keys').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    uniqueIndex('search_documents_ref_key').on(t.kind, t.refId),
    index('search_documents_topics_idx').using('gin', t.topics),
    index('search_documents_fts_idx').using('gin', t.fts),
    index('search_documents_head_tsv_idx').using('gin', t.headTsv),
    index('search_documents_title_keys_idx').using('gin', t.titleKeys),
    index('search_documents_title_trgm_idx').using('gin', sql`lower(${t.title}) gin_trgm_ops`),
    /** As-you-type: titles starting with the typed text, read in index order and stopped at the limit. */
    index('search_documents_title_prefix_idx').using('btree', sql`lower(${t.title}) text_pattern_ops`),
  ],
);

/** Distinct words seen in indexed text, for "did you mean" (pg_trgm). */
export const searchWords = pgTable(
  'search_words',
  {
    word: text('word').primaryKey(),
    /** How many times a document containing the word was indexed (spelling prefers frequent words). */
    frequency: integer('frequency').notNull().default(1),
    /** A rough sound-alike key ("copywrite" and "copyright" share one). */
    sound: text('sound'),
  },
  (t) => [
    index('search_words_trgm_idx').using('gin', sql`${t.word} gin_trgm_ops`),
    index('search_words_sound_idx').on(t.sound),
  ],
);

/** One row: bumped in every transaction that changes the index, so cached result pages know they are stale. */
export const searchState = pgTable('search_state', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
});

/** The synonym dictionary as edited in the hub: each save is a revision (the YAML text), the newest applies. */
export const searchSynonymRevisions = pgTable('search_synonym_revisions', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  yaml: text('yaml').notNull(),
  note: text('note').notNull().default(''),
  /** The member who saved it (null: seeded from content/search/synonyms.yaml). */
  authorId: bigint('author_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Index statistics: in how many documents each lexeme of the ranking vector appears (rare words weigh more). Rebuilt
 * in the background after the index changes (search.terms.ts); lexemes in fewer documents than the storage threshold
 * are left out and counted when a query needs them.
 */
export const searchTerms = pgTable('search_terms', {
  lexeme: text('lexeme').primaryKey(),
  documents: integer('documents').notNull(),
  /** The refresh that wrote it: rows an older refresh wrote are removed when a newer one finishes. */
  refresh: integer('refresh').notNull(),
});

/** One row: the last finished refresh of search_terms, and the index version it counted. */
export const searchTermRefreshes = pgTable('search_term_refreshes', {
  id: integer('id').primaryKey(),
  refresh: integer('refresh').notNull().default(0),
  indexVersion: bigint('index_version', { mode: 'number' }).notNull().default(0),
  documents: integer('documents').notNull().default(0),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

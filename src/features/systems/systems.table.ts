import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import { groups } from '../groups/groups.table';
import type { SystemData } from './systems.models';

/**
 * One structured, vendor-neutral page per ILL system (slug = the shared vocabulary's systems slug). `data` holds
 * every claim with its source and "last verified" date; the page is maintained by a group with a review date,
 * like the library's maintained articles.
 */
export const systemPages = pgTable('system_pages', {
  slug: text('slug').primaryKey(),
  data: jsonb('data').$type<SystemData>().notNull(),
  maintainingGroupId: integer('maintaining_group_id').references(() => groups.id, { onDelete: 'set null' }),
  reviewDue: date('review_due'),
  lastReviewedAt: timestamp('last_reviewed_at', { withTimezone: true }),
  /** Raised on every applied change (the edit form sends it back to catch concurrent edits). */
  revision: integer('revision').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Every change to a system page: applied at once, or waiting for the maintaining group (e.g. it removes sources). */
export const systemRevisions = pgTable(
  'system_revisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    systemSlug: text('system_slug')
      .notNull()
      .references(() => systemPages.slug, { onDelete: 'cascade' }),
    data: jsonb('data').$type<SystemData>().notNull(),
    note: text('note').notNull().default(''),
    /** applied, pending, rejected. */
    status: text('status').notNull(),
    /** Why it waits for review (e.g. the sources it would remove). */
    reviewReason: text('review_reason').notNull().default(''),
    /** The page revision the change was made against. */
    baseRevision: integer('base_revision').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('system_revisions_slug_idx').on(t.systemSlug, t.createdAt)],
);

/** Accounts an administrator has verified as speaking for a system's maker (vendor right of reply). */
export const systemRepresentatives = pgTable(
  'system_representatives',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    systemSlug: text('system_slug')
      .notNull()
      .references(() => systemPages.slug, { onDelete: 'cascade' }),
    organisation: text('organisation').notNull(),
    verifiedBy: integer('verified_by').references(() => users.id, { onDelete: 'set null' }),
    verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('system_representatives_user_system_key').on(t.userId, t.systemSlug)],
);

/** A vendor's labelled response on its own system's page (sanitised HTML stored beside the Markdown). */
export const systemResponses = pgTable(
  'system_responses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    systemSlug: text('system_slug')
      .notNull()
      .references(() => systemPages.slug, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    organisation: text('organisation').notNull(),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('system_responses_slug_idx').on(t.systemSlug, t.createdAt)],
);

/** A community test report: one requester system and one supplier (or responder) system tried one protocol. */
export const interopReports = pgTable(
  'interop_reports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** iso18626 or ncip. */
    protocol: text('protocol').notNull(),
    /** ISO 18626: the requesting system; NCIP: the initiating system. Vocabulary slugs. */
    fromSystem: text('from_system').notNull(),
    /** ISO 18626: the supplying system; NCIP: the responding system. */
    toSystem: text('to_system').notNull(),
    fromVersion: text('from_version').notNull().default(''),
    toVersion: text('to_version').notNull().default(''),
    messageTypes: text('message_types').array().notNull().default([]),
    /** works, partial, fails. */
    result: text('result').notNull(),
    testedOn: date('tested_on').notNull(),
    evidenceUrl: text('evidence_url').notNull().default(''),
    notes: text('notes').notNull().default(''),
    reporterId: integer('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('interop_reports_cell_idx').on(t.protocol, t.fromSystem, t.toSystem, t.testedOn)],
);

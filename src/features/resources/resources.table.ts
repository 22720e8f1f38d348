import {
  date,
  foreignKey,
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
import { groups } from '../groups/groups.table';

/**
 * The link checker's findings: one row per distinct external URL the hub links to (the resource catalogue and
 * the links inside articles), with what the last check saw, since when it has been failing, and an archived copy
 * when the link is dead.
 */
export const linkChecks = pgTable(
  'link_checks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    url: text('url').notNull(),
    /** A LinkStatus: ok, redirected, not_found, gone, soft_404, http_error, timeout, reset, unreachable, blocked… */
    status: text('status').notNull(),
    httpStatus: integer('http_status'),
    finalUrl: text('final_url').notNull(),
    /** Every hop followed: [{ url, status }]. */
    redirects: jsonb('redirects').$type<Array<{ url: string; status: number }>>().notNull().default([]),
    detail: text('detail').notNull().default(''),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
    /** When the link started failing (null while it works). */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    /** Checks in a row that failed. */
    failures: integer('failures').notNull().default(0),
    /** The closest archived copy (web archive), looked up when the link is dead. */
    archivedUrl: text('archived_url'),
    archivedAt: text('archived_at'),
  },
  (t) => [uniqueIndex('link_checks_url_key').on(t.url), index('link_checks_status_idx').on(t.status)],
);

/** Where each checked URL appears (rebuilt by every run): a resource entry or an article, and who maintains it. */
export const linkSources = pgTable(
  'link_sources',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    url: text('url').notNull(),
    /** 'resource' or 'article'. */
    sourceKind: text('source_kind').notNull(),
    /** The resource's slug or the article's slug. */
    sourceRef: text('source_ref').notNull(),
    sourceTitle: text('source_title').notNull(),
    sourceHref: text('source_href').notNull(),
    /** The maintaining group (the article's steward, or the group named by the resource entry). */
    groupId: integer('group_id').references(() => groups.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('link_sources_url_idx').on(t.url),
    index('link_sources_group_idx').on(t.groupId),
    uniqueIndex('link_sources_key').on(t.sourceKind, t.sourceRef, t.url),
  ],
);

/**
 * The catalogue's entries and the lender directory's countries, kept by the community (seeded once from
 * `content/resources` and `content/lenders`): `kind` is 'resource' (ref: the entry's slug) or 'lender-country'
 * (ref: the country's region slug); `data` is the record as the content loader's schema checks it. Maintained by a
 * group with a review date, like system pages.
 */
export const resourceRecords = pgTable(
  'resource_records',
  {
    kind: text('kind').notNull(),
    ref: text('ref').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    maintainingGroupId: integer('maintaining_group_id').references(() => groups.id, { onDelete: 'set null' }),
    reviewDue: date('review_due'),
    lastReviewedAt: timestamp('last_reviewed_at', { withTimezone: true }),
    /** Raised on every applied change (the edit form sends it back to catch concurrent edits). */
    revision: integer('revision').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.ref] }),
    index('resource_records_review_idx').on(t.maintainingGroupId, t.reviewDue),
  ],
);

/** Every change to a record: applied at once, or waiting for the maintaining group (it removes a source). */
export const resourceRecordRevisions = pgTable(
  'resource_record_revisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    ref: text('ref').notNull(),
    /** The YAML as the member typed it, and the data it was read into. */
    yaml: text('yaml').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    note: text('note').notNull().default(''),
    /** applied, pending, rejected. */
    status: text('status').notNull(),
    /** Why it waits for review (the sources it would remove). */
    reviewReason: text('review_reason').notNull().default(''),
    baseRevision: integer('base_revision').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    foreignKey({
      name: 'resource_record_revisions_record_fk',
      columns: [t.kind, t.ref],
      foreignColumns: [resourceRecords.kind, resourceRecords.ref],
    }).onDelete('cascade'),
    index('resource_record_revisions_record_idx').on(t.kind, t.ref, t.createdAt),
    index('resource_record_revisions_author_idx').on(t.createdBy),
  ],
);

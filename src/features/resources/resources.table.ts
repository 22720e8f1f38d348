import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
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

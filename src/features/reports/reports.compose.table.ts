import { date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import { storedHtmlColumns } from '../../platform/content/columns';
import { groups } from '../groups/groups.table';
import { reportDatasets } from './reports.table';

/**
 * A composed report: chosen measures of one dataset over a period of months, with the author's commentary
 * (Markdown rendered once at save). Private by default; shared by an unguessable link, with the dataset's group,
 * or published to the public gallery as a "report example" (then why, for whom and how it was received are
 * required). It shows aggregates only, never rows (docs/decisions/044).
 */
export const composedReports = pgTable(
  'report_compositions',
  {
    id: serial('id').primaryKey(),
    datasetId: integer('dataset_id')
      .notNull()
      .references(() => reportDatasets.id, { onDelete: 'cascade' }),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** Measure slugs (reports.tables.ts), in the order chosen. */
    measures: jsonb('measures').$type<string[]>().notNull(),
    /** First and last month, YYYY-MM. */
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    commentary: text('commentary').notNull().default(''),
    ...storedHtmlColumns('body_html'),
    /** private, link, group or public (published to the gallery). */
    sharing: text('sharing').notNull().default('private'),
    /** While shared by link: 43 characters of base64url (256 bits); a new link means a new token. */
    linkToken: text('link_token'),
    /** Required to publish: why it was made, for whom, how it was received. */
    purpose: text('purpose'),
    audience: text('audience'),
    reception: text('reception'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Published examples are reviewed like the library's pages. */
    maintainingGroupId: integer('maintaining_group_id').references(() => groups.id, { onDelete: 'set null' }),
    reviewDue: date('review_due'),
    /** When the author or an editor last recorded a review of the published example (null: not yet). */
    lastReviewedAt: timestamp('last_reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('report_compositions_owner_idx').on(t.ownerId),
    index('report_compositions_dataset_idx').on(t.datasetId),
    index('report_compositions_sharing_idx').on(t.sharing, t.publishedAt),
    index('report_compositions_render_version_idx').on(t.renderVersion),
    uniqueIndex('report_compositions_link_token_idx').on(t.linkToken),
  ],
);

import { date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { storedHtmlColumns } from '../../platform/content/columns';
import { groups } from '../groups/groups.table';

/**
 * A report recipe: a step-by-step guide to reporting one thing to one audience ("how to report fill rate to your
 * director"), loaded from content/reports/recipes/*.md at seed, its Markdown rendered once (docs/decisions/047).
 */
export const reportRecipes = pgTable(
  'report_recipes',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    audience: text('audience').notNull(),
    /** The steps' short titles, in order (the body holds them in full). */
    steps: jsonb('steps').$type<string[]>().notNull(),
    body: text('body').notNull(),
    ...storedHtmlColumns('body_html'),
    maintainingGroupId: integer('maintaining_group_id').references(() => groups.id, { onDelete: 'set null' }),
    /** From the file's front matter until an editor records a review; then the later of the two (re-syncs keep it). */
    reviewDue: date('review_due').notNull(),
    /** When an editor last recorded a review on the hub (null: not yet); never set by the file sync. */
    lastReviewedAt: timestamp('last_reviewed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('report_recipes_slug_idx').on(t.slug),
    index('report_recipes_render_version_idx').on(t.renderVersion),
  ],
);

import { index, integer, jsonb, pgTable, serial, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';

/** One item's score in a saved assessment: 0 not yet, 1 partly, 2 in place; null "does not apply". */
export interface AssessmentScore {
  score: 0 | 1 | 2 | null;
  note: string;
}

/**
 * A dated self-assessment: the member's score for each checklist item (content/reports/assessment.yaml) at the time
 * of saving. Each save is a new row, so progress over time is the list of rows. Private to the member; erased with
 * the account (docs/decisions/047).
 */
export const reportAssessments = pgTable(
  'report_assessments',
  {
    id: serial('id').primaryKey(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Item id → score and note. Items retired from the checklist stay here and are no longer shown. */
    scores: jsonb('scores').$type<Record<string, AssessmentScore>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('report_assessments_owner_idx').on(t.ownerId, t.createdAt)],
);

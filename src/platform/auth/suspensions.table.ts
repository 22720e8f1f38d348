import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth.table';

/**
 * A member may not act (post, edit, send, claim…) until `until`; they see the reason.
 * Moderators create and lift suspensions (community moderation); every
 * feature's use cases check them through platform/auth/standing.ts.
 */
export const suspensions = pgTable(
  'suspensions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    until: timestamp('until', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedBy: integer('lifted_by').references(() => users.id),
  },
  (t) => [index('suspensions_user_idx').on(t.userId, t.until)],
);

import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';

/**
 * Text a member is writing and has not submitted yet: one row per form (kind + target, e.g. the reply to
 * thread 42). Private to its owner, never indexed for search or shown to anyone else.
 */
export const drafts = pgTable(
  'drafts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Which form: article_new, article_edit, thread_new, reply. */
    kind: text('kind').notNull(),
    /** What the form is about: an article or thread id, '' for a new article or thread. */
    target: text('target').notNull().default(''),
    /** What the member's lists show, e.g. the draft's own title or "Reply to “…”". */
    title: text('title').notNull(),
    /** The form where the draft is offered again (a path on this hub). */
    href: text('href').notNull(),
    /** The form's fields as typed (the CSRF token and submit intent left out). */
    fields: jsonb('fields').$type<Record<string, string | string[]>>().notNull(),
    /** Characters in all the fields, for the size limit. */
    size: integer('size').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('drafts_user_form_key').on(t.userId, t.kind, t.target),
    index('drafts_user_updated_idx').on(t.userId, t.updatedAt),
    index('drafts_updated_idx').on(t.updatedAt),
  ],
);

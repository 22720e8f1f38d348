import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Small facts the hub keeps about itself, e.g. the fingerprint of the starter content last loaded. */
export const appState = pgTable('app_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

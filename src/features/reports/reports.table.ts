import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, jsonb, numeric, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import { groups } from '../groups/groups.table';

/**
 * A member's private dataset of ILL statistics: imported from an ILL system's export, read only by its owner.
 * The mapping (which column gave which field) and the names of the columns dropped as patron data are kept so
 * the next file can be read the same way and the owner sees what was left out. Group workspaces come later
 * (docs/decisions/038).
 */
export const reportDatasets = pgTable(
  'report_datasets',
  {
    id: serial('id').primaryKey(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** A group's workspace: its members read it, its stewards and owners change it (docs/decisions/044). */
    groupId: integer('group_id').references(() => groups.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    /** A preset name (illiad, worldshare, alma, rapido, reshare) or "custom". */
    preset: text('preset').notNull(),
    /** Field → the column header it is read from. */
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    /** Columns of the last file dropped before storing: header and reason only, never a value. */
    droppedColumns: jsonb('dropped_columns')
      .$type<Array<{ header: string; reason: string }>>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('report_datasets_owner_idx').on(t.ownerId), index('report_datasets_group_idx').on(t.groupId)],
);

/** One ILL request, aggregate-ready: no title, no patron, nothing that names a person. */
export const reportRows = pgTable(
  'report_rows',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    datasetId: integer('dataset_id')
      .notNull()
      .references(() => reportDatasets.id, { onDelete: 'cascade' }),
    requestDate: date('request_date').notNull(),
    receivedDate: date('received_date'),
    /** requested, shipped, received, filled, unfilled, cancelled */
    status: text('status').notNull(),
    /** loan or copy */
    requestType: text('request_type').notNull(),
    /** borrowing or lending */
    direction: text('direction').notNull(),
    partner: text('partner'),
    unfilledReason: text('unfilled_reason'),
    cost: numeric('cost', { precision: 12, scale: 2 }),
  },
  (t) => [index('report_rows_dataset_date_idx').on(t.datasetId, t.requestDate)],
);

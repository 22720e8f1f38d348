import { index, integer, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { reportDatasets } from './reports.table';

/**
 * A dataset owner's cost inputs (docs/decisions/045): what a request costs them and what buying would have cost.
 * Money is in the owner's currency; nothing here names a person. Gone with the dataset.
 */
export const reportCostInputs = pgTable('report_cost_inputs', {
  datasetId: integer('dataset_id')
    .primaryKey()
    .references(() => reportDatasets.id, { onDelete: 'cascade' }),
  staffMinutesPerRequest: numeric('staff_minutes_per_request', { precision: 10, scale: 2 }).notNull(),
  hourlyCost: numeric('hourly_cost', { precision: 12, scale: 2 }).notNull(),
  shippingPerLoan: numeric('shipping_per_loan', { precision: 12, scale: 2 }).notNull(),
  /** Fees paid over the dataset's whole period. */
  feesPaid: numeric('fees_paid', { precision: 14, scale: 2 }).notNull(),
  /** IFM (OCLC's fee management) charges paid over the whole period. */
  ifmPaid: numeric('ifm_paid', { precision: 14, scale: 2 }).notNull(),
  bookPrice: numeric('book_price', { precision: 12, scale: 2 }).notNull(),
  articleCost: numeric('article_cost', { precision: 12, scale: 2 }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * A dataset opted into peer comparison and the cohort keys its owner set (each optional). Opting out deletes the
 * row and, by cascade, the dataset's aggregates.
 */
export const reportPeerProfiles = pgTable(
  'report_peer_profiles',
  {
    datasetId: integer('dataset_id')
      .primaryKey()
      .references(() => reportDatasets.id, { onDelete: 'cascade' }),
    /** The owner, so a cohort counts libraries (owners), not datasets. */
    ownerId: integer('owner_id').notNull(),
    libraryType: text('library_type'),
    sizeBand: text('size_band'),
    region: text('region'),
    system: text('system'),
    optedInAt: timestamp('opted_in_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('report_peer_profiles_owner_idx').on(t.ownerId)],
);

/** An opted-in dataset's aggregates per calendar year: never rows. */
export const reportPeerAggregates = pgTable(
  'report_peer_aggregates',
  {
    datasetId: integer('dataset_id')
      .notNull()
      .references(() => reportPeerProfiles.datasetId, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    requests: integer('requests').notNull(),
    fillRate: numeric('fill_rate'),
    medianTurnaround: numeric('median_turnaround'),
    /** Lending requests divided by borrowing requests (null without borrowing). */
    lendingRatio: numeric('lending_ratio'),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.year] })],
);

/**
 * The US Public Libraries Survey's interlibrary loan figures (public data, IMLS): one row per library and year,
 * only the columns the reference page uses. Loaded once from content/reports/reference.
 */
export const reportReferenceLibraries = pgTable(
  'report_reference_libraries',
  {
    year: integer('year').notNull(),
    fscsKey: text('fscs_key').notNull(),
    state: text('state').notNull(),
    name: text('name').notNull(),
    population: integer('population'),
    loansTo: integer('loans_to'),
    loansFrom: integer('loans_from'),
  },
  (t) => [primaryKey({ columns: [t.year, t.fscsKey] }), index('report_reference_state_idx').on(t.state, t.year)],
);

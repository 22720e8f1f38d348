import type { FeatureModule } from '../../feature-module';
import type { DbOrTx } from '../../platform/db/database';
import { datasetsOf, deleteDatasetsOf } from './reports.repository';
import { stopReadPool } from './reports.read-task';
import { createReportRoutes, reportsTooLargePage } from './reports.routes';

/**
 * Reports: a member's private datasets of ILL statistics imported from their ILL system's CSV export (patron
 * columns dropped before anything is stored), and measures computed in SQL (docs/decisions/038).
 */
export const reportsModule: FeatureModule = {
  name: 'reports',
  routes: () => createReportRoutes(),
  bodyTooLarge: (c) => reportsTooLargePage(c),
  // Nothing to start: the reading thread starts with the first upload; the hub's stop ends it.
  start: async () => stopReadPool,
  personalData: {
    export: async (deps, userId) => ({
      // Aggregate-ready rows only (no patron data is ever stored): names and sizes, not the rows themselves.
      reportDatasets: (await datasetsOf(deps.database.db, userId)).map((d) => ({
        name: d.name,
        preset: d.preset,
        requests: d.rowCount,
        updatedAt: d.updatedAt.toISOString(),
      })),
    }),
    // Private: a member's datasets go with their account.
    erase: (tx: DbOrTx, userId: number) => deleteDatasetsOf(tx, userId),
  },
};

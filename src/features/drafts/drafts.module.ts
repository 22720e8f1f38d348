import type { FeatureModule } from '../../feature-module';
import type { DbOrTx } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import * as repo from './drafts.repository';
import { createDraftRoutes } from './drafts.routes';
import { pruneOldDrafts } from './drafts.usecases';

export const DRAFTS_PRUNE_QUEUE = 'drafts:prune';

async function exportDrafts(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const rows = await repo.allDrafts(deps.database.db, userId);
  return {
    drafts: rows.map((d) => ({
      kind: d.kind,
      title: d.title,
      form: d.href,
      fields: d.fields,
      savedAt: d.updatedAt.toISOString(),
    })),
  };
}

/** Drafts: text being written, kept privately for its writer until submitted, discarded or 90 days old. */
export const draftsModule: FeatureModule = {
  name: 'drafts',
  routes: () => createDraftRoutes(),
  jobs: (deps) => ({
    [DRAFTS_PRUNE_QUEUE]: async () => {
      const removed = await pruneOldDrafts({ db: deps.database.db, now: deps.clock.now() });
      if (removed) deps.logger.info('old drafts removed', { removed });
    },
  }),
  schedules: [{ queue: DRAFTS_PRUNE_QUEUE, everyMinutes: 24 * 60 }],
  personalData: {
    export: exportDrafts,
    erase: (tx: DbOrTx, userId: number) => repo.deleteAllDrafts(tx, userId),
  },
};

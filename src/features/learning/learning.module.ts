import type { FeatureModule } from '../../feature-module';
import type { DbOrTx } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import * as repo from './learning.repository';
import { createLearningRoutes } from './learning.routes';
import { learningSearchKinds } from './learning.search';
import { seedLearning } from './learning.seed';

async function exportLearning(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const rows = await repo.personalRows(deps.database.db, userId);
  return {
    lessonProgress: rows.map((r) => ({ ...r, completedAt: r.completedAt?.toISOString() ?? null })),
  };
}

/** Learning: short courses of lessons (reading, hands-on exercises, quizzes checked on the server) and progress. */
export const learningModule: FeatureModule = {
  name: 'learning',
  routes: () => createLearningRoutes(),
  seed: (deps) => seedLearning(deps),
  searchKinds: learningSearchKinds,
  storedHtml: [repo.storedLessonHtml],
  personalData: {
    export: exportLearning,
    // Progress is private: it goes with the account.
    erase: (tx: DbOrTx, userId: number) => repo.deleteProgressOf(tx, userId),
  },
};

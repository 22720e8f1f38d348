import type { FeatureModule } from '../../feature-module';
import type { DbOrTx } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { certificatesOf, deleteCertificatesOf } from './learning.certificates';
import * as repo from './learning.repository';
import { cardsOf, deleteCardsOf } from './learning.review.repository';
import { createLearningRoutes } from './learning.routes';
import { learningSearchKinds } from './learning.search';
import { seedLearning } from './learning.seed';

async function exportLearning(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const rows = await repo.personalRows(deps.database.db, userId);
  const certificates = await certificatesOf(deps.database.db, userId);
  const deck = await cardsOf(deps.database.db, userId);
  return {
    lessonProgress: rows.map((r) => ({ ...r, completedAt: r.completedAt?.toISOString() ?? null })),
    certificates: certificates.map((r) => ({ ...r, completedAt: r.completedAt.toISOString() })),
    reviewDeck: deck.map((r) => ({ ...r, due: r.due.toISOString() })),
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
    // Progress and the review deck are private and certificates name the member: all go with the account.
    erase: async (tx: DbOrTx, userId: number) => {
      await repo.deleteProgressOf(tx, userId);
      await deleteCertificatesOf(tx, userId);
      await deleteCardsOf(tx, userId);
    },
  },
};

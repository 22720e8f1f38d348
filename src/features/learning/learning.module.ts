import type { FeatureModule } from '../../feature-module';
import type { DbOrTx } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { certificatesOf, deleteCertificatesOf } from './learning.certificates';
import * as repo from './learning.repository';
import { cardsOf, deleteCardsOf } from './learning.review.repository';
import { deleteEnrolmentsOf, enrolmentsOf } from './learning.projects.repository';
import { deleteReminderOf, reminderOn } from './learning.reminders';
import { cohortsOf, deleteMembershipsOf } from './learning.cohorts.repository';
import { exportPlansAndLog } from './learning.plans.data';
import { erasePlansOf } from './learning.plans.repository';
import { createLearningRoutes } from './learning.routes';
import { learningSearchKinds } from './learning.search';
import { seedLearning } from './learning.seed';
import { isoDay } from './learning.models';
import { upkeepListUrl } from './learning.upkeep';
import { countPendingSuggestions, countReviewOverdue, upkeepDataOf } from './learning.upkeep.repository';

async function exportLearning(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const rows = await repo.personalRows(deps.database.db, userId);
  const certificates = await certificatesOf(deps.database.db, userId);
  const deck = await cardsOf(deps.database.db, userId);
  return {
    lessonProgress: rows.map((r) => ({ ...r, completedAt: r.completedAt?.toISOString() ?? null })),
    certificates: certificates.map((r) => ({ ...r, completedAt: r.completedAt.toISOString() })),
    reviewDeck: deck.map((r) => ({ ...r, due: r.due.toISOString() })),
    projects: await enrolmentsOf(deps.database.db, userId),
    reviewReminderInDigest: await reminderOn(deps.database.db, userId),
    cohorts: (await cohortsOf(deps.database.db, userId)).map((r) => ({ ...r, joinedAt: r.joinedAt.toISOString() })),
    ...(await exportPlansAndLog(deps.database.db, userId, deps.clock.now())),
    ...(await upkeepDataOf(deps.database.db, userId)),
  };
}

/** Learning: short courses of lessons (reading, hands-on exercises, quizzes checked on the server) and progress. */
export const learningModule: FeatureModule = {
  name: 'learning',
  routes: () => createLearningRoutes(),
  seed: (deps) => seedLearning(deps),
  searchKinds: learningSearchKinds,
  storedHtml: [repo.storedLessonHtml],
  // Courses past their review date and suggested lesson edits waiting, on the content-health pages (the hub's and
  // each maintaining group's); both lists are the learning feature's own page (docs/decisions/046).
  contentHealth: [
    {
      title: 'Courses past their review date',
      about: 'Learning courses whose review date has passed: check their lessons, then record the review.',
      count: (db, groupId, now) => countReviewOverdue(db, groupId, isoDay(now)),
      href: upkeepListUrl,
    },
    {
      title: 'Suggested lesson edits waiting',
      about: 'Edits members suggested to lessons of the courses, waiting for the maintaining group.',
      count: (db, groupId) => countPendingSuggestions(db, groupId),
      href: upkeepListUrl,
    },
  ],
  personalData: {
    export: exportLearning,
    // Progress and the review deck are private and certificates name the member: all go with the account.
    erase: async (tx: DbOrTx, userId: number) => {
      await repo.deleteProgressOf(tx, userId);
      await deleteCertificatesOf(tx, userId);
      await deleteCardsOf(tx, userId);
      await deleteEnrolmentsOf(tx, userId);
      await deleteReminderOf(tx, userId);
      await deleteMembershipsOf(tx, userId);
      // Plans given to the member go; plans they built stay with their colleague, without a manager.
      await erasePlansOf(tx, userId);
    },
  },
};

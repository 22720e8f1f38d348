import type { FeatureModule } from '../../feature-module';
import type { DbOrTx } from '../../platform/db/database';
import { datasetsOf, deleteDatasetsOf } from './reports.repository';
import { stopReadPool } from './reports.read-task';
import { seedReports } from './reports.reference';
import { createReportRoutes, reportsTooLargePage } from './reports.routes';
import { mergeMounts } from '../../platform/http/mounts';
import { countExamplesReviewOverdue, reportsOf, storedCommentaryHtml } from './reports.compose.repository';
import { createComposeRoutes } from './reports.compose.routes';
import { eraseReportsOf, reportSearchKinds } from './reports.compose.search';
import { seedReportExamples } from './reports.compose.seed';
import { createAssessmentRoutes } from './reports.assessment.routes';
import { assessmentsOf, deleteAssessmentsOf } from './reports.assessment.repository';
import { checklistFor } from './reports.assessment.content';
import { countRecipesReviewOverdue, storedRecipeHtml } from './reports.recipes.repository';
import { recipeSearchKinds, seedRecipes } from './reports.recipes.seed';

const isoDay = (now: Date) => now.toISOString().slice(0, 10);
const reviewsUrl = (groupSlug: string | undefined) =>
  `/reports/reviews${groupSlug ? `?group=${encodeURIComponent(groupSlug)}` : ''}`;

/**
 * Reports: a member's private datasets of ILL statistics imported from their ILL system's CSV export (patron
 * columns dropped before anything is stored), and measures computed in SQL (docs/decisions/038).
 */
export const reportsModule: FeatureModule = {
  name: 'reports',
  routes: () => mergeMounts(createReportRoutes(), createComposeRoutes(), createAssessmentRoutes()),
  // Published report examples: a facet of the hub's search; their commentary is stored HTML (docs/decisions/044).
  // Report recipes too (docs/decisions/047).
  searchKinds: [...reportSearchKinds, ...recipeSearchKinds],
  storedHtml: [storedCommentaryHtml, storedRecipeHtml],
  bodyTooLarge: (c) => reportsTooLargePage(c),
  // Report examples and recipes past their review date, on the content-health pages (the hub's and each
  // maintaining group's); both are listed on one page of the reports feature.
  contentHealth: [
    {
      title: 'Report examples past their review date',
      about: 'Published report examples whose review date has passed: check the story and figures, then mark reviewed.',
      count: (db, groupId, now) => countExamplesReviewOverdue(db, groupId, isoDay(now)),
      href: reviewsUrl,
    },
    {
      title: 'Report recipes past their review date',
      about: 'Report recipes whose review date has passed: check the steps and links, then mark reviewed.',
      count: (db, groupId, now) => countRecipesReviewOverdue(db, groupId, isoDay(now)),
      href: reviewsUrl,
    },
  ],
  // The PLS reference data, once per database (docs/decisions/045).
  seed: async (deps) => {
    await seedReports(deps);
    // The starter report examples, built from the sample exports (docs/decisions/044).
    await seedReportExamples(deps);
    // The self-assessment checklist is checked against the articles (stops the hub on an unknown slug or heading),
    // and the report recipes are kept in step with their files (docs/decisions/047).
    await checklistFor(deps.config.contentDir);
    await seedRecipes(deps);
  },
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
      composedReports: (await reportsOf(deps.database.db, userId)).map((r) => ({
        title: r.title,
        sharing: r.sharing,
        commentary: r.commentary,
        purpose: r.purpose,
        audience: r.audience,
        reception: r.reception,
        updatedAt: r.updatedAt.toISOString(),
      })),
      selfAssessments: (await assessmentsOf(deps.database.db, userId)).map((a) => ({
        savedAt: a.createdAt.toISOString(),
        scores: a.scores,
      })),
    }),
    // Private: a member's datasets go with their account.
    erase: async (tx: DbOrTx, userId: number) => {
      await eraseReportsOf(tx, userId);
      await deleteDatasetsOf(tx, userId);
      await deleteAssessmentsOf(tx, userId);
    },
  },
};

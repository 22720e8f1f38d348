import type { FeatureModule } from '../../feature-module';
import type { DbOrTx } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { workflowsArticleExtension } from './workflows.article';
import * as repo from './workflows.repository';
import { createWorkflowRoutes } from './workflows.routes';
import { WORKFLOW_KIND } from './workflows.search';

async function exportRuns(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const runs = await repo.allRunsOf(deps.database.db, userId);
  return {
    workflowRuns: runs.map((r) => ({
      workflowId: r.workflowId,
      label: r.label,
      checked: r.checked,
      startedAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
  };
}

/** Workflows: structured procedures, runs, local versions kept in step with their originals, and manuals (DOCX). */
export const workflowsModule: FeatureModule = {
  name: 'workflows',
  routes: () => createWorkflowRoutes(),
  articleExtension: workflowsArticleExtension,
  searchKinds: [{ kind: WORKFLOW_KIND, label: 'Workflow', plural: 'Workflows', curated: true, order: 15 }],
  personalData: {
    export: exportRuns,
    erase: (tx: DbOrTx, userId: number) => repo.deleteRunsOf(tx, userId),
  },
};

export { loadStarterWorkflows, readStarterWorkflows } from './workflows.starter';
export { WORKFLOW_KIND } from './workflows.search';
/** "Show what applies to me" on the search page: workflows written for other libraries. */
export { workflowIdsNotFitting } from './workflows.repository';
/** For system pages: public workflows that name a system. */
export { workflowsForSystem } from './workflows.by-system';
/** For onboarding plans (learning): the hub's original workflows by title, and one by its slug. */
export { findBySlug as findWorkflowBySlug, listOriginals as listWorkflowOriginals } from './workflows.repository';

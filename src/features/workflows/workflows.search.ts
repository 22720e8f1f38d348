import type { DbOrTx } from '../../platform/db/database';
import { indexDocument } from '../../platform/search/search';
import { type Workflow, workflowPath } from './workflows.models';

export const WORKFLOW_KIND = 'workflow';

/**
 * Only originals are searchable: local versions (public or private) are reached from the original's page and
 * their owner's list, so a private group's procedures can never surface in search.
 */
export async function indexWorkflow(db: DbOrTx, w: Workflow): Promise<void> {
  if (!w.slug || w.visibility !== 'public') return;
  await indexDocument(db, {
    kind: WORKFLOW_KIND,
    refId: String(w.id),
    url: workflowPath(w),
    title: w.title,
    summary: w.summary,
    body: w.steps
      .map((s) => [s.title, s.role, s.details, ...s.checks, ...s.decisions.map((d) => d.when)].join('\n'))
      .join('\n'),
    topics: w.topics,
    docType: 'workflow',
    audience: null,
    keywords: [
      ...(w.context.libraryTypes ?? []),
      ...(w.context.systems ?? []),
      ...(w.context.regions ?? []),
      ...(w.context.consortium ? [w.context.consortium] : []),
    ],
    updatedAt: w.updatedAt,
  });
}

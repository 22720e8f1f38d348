import type { WorkflowStep } from '../../src/features/workflows/workflows.models';
import * as repo from '../../src/features/workflows/workflows.repository';
import type { Db } from '../../src/platform/db/database';

// Workflows for tests: a small original straight into the database, clearly example data.

export function exampleStep(key: string, title: string, extra: Partial<WorkflowStep> = {}): WorkflowStep {
  return {
    key,
    title,
    role: 'ILL assistant',
    system: 'ill-system',
    minutes: 5,
    details: '',
    checks: ['Done'],
    decisions: [],
    ...extra,
  };
}

export async function exampleWorkflow(
  db: Db,
  createdBy: number,
  now: Date,
  slug = `example-${Math.random().toString(36).slice(2, 9)}`,
) {
  return repo.insertWorkflow(db, {
    slug,
    title: 'An example workflow',
    summary: 'Made up for a test: three steps.',
    context: { libraryTypes: ['academic'] },
    sources: [{ title: 'An example source', url: 'https://example.org/' }],
    steps: [exampleStep('a', 'Search'), exampleStep('b', 'Pull'), exampleStep('c', 'Ship')],
    topics: ['workflows'],
    relatedArticle: null,
    origin: 'member',
    adoptedFrom: null,
    baseSteps: null,
    ownerUserId: null,
    ownerGroupId: null,
    visibility: 'public',
    createdBy,
    createdAt: now,
    updatedAt: now,
  });
}

import { storedText } from '../../platform/content/stored-html';
import type { SafeHtml } from '../../platform/content/markdown';
import type { DbOrTx } from '../../platform/db/database';
import type { SearchKind } from '../../platform/search/kinds';
import { indexDocument, removeDocument } from '../../platform/search/search';
import { deleteReportsOf } from './reports.compose.repository';
import { type ComposedReport, exampleUrl, periodLabel, REPORT_EXAMPLE_KIND } from './reports.compose.models';

/** Declared once to the hub's search (FeatureModule.searchKinds): published report examples, a facet of their own. */
export const reportSearchKinds: SearchKind[] = [
  { kind: REPORT_EXAMPLE_KIND, label: 'Report example', plural: 'Report examples', curated: true, order: 75 },
];

/** Index a published example (aggregates and the author's words only), in the caller's transaction. */
export async function indexExample(db: DbOrTx, report: ComposedReport, measureCaptions: string[]): Promise<void> {
  await indexDocument(db, {
    kind: REPORT_EXAMPLE_KIND,
    refId: String(report.id),
    url: exampleUrl(report.id),
    title: report.title,
    summary: report.purpose ?? '',
    body: [
      report.purpose,
      report.audience,
      report.reception,
      storedText(report.bodyHtml as SafeHtml | null, report.commentary),
      periodLabel(report.periodFrom, report.periodTo),
      ...measureCaptions,
    ]
      .filter(Boolean)
      .join('\n'),
    topics: ['reports-assessment'],
    docType: REPORT_EXAMPLE_KIND,
    audience: null,
    keywords: ['report', 'report example', 'statistics', 'assessment'],
    updatedAt: report.updatedAt,
    groupKey: null,
  });
}

/** Unpublished or deleted: out of search. */
export async function unindexExample(db: DbOrTx, reportId: number): Promise<void> {
  await removeDocument(db, REPORT_EXAMPLE_KIND, String(reportId));
}

/** Account erasure: the member's reports go, and their published examples leave search. */
export async function eraseReportsOf(db: DbOrTx, userId: number): Promise<void> {
  for (const id of await deleteReportsOf(db, userId)) await unindexExample(db, id);
}

import type { DbOrTx } from '../../platform/db/database';
import { indexDocument } from '../../platform/search/search';
import { TOOL_KIND, TOOLS } from './tools.models';

/** The tools are fixed pages: indexed at start (idempotent: indexDocument replaces the earlier entry). */
export async function indexTools(db: DbOrTx, now: Date): Promise<void> {
  for (const t of TOOLS) {
    await indexDocument(db, {
      kind: TOOL_KIND,
      refId: t.slug,
      url: t.path,
      title: t.title,
      summary: t.summary,
      body: `${t.summary}\n${t.keywords.join('\n')}`,
      topics: [],
      docType: TOOL_KIND,
      audience: null,
      keywords: [...t.keywords],
      updatedAt: now,
    });
  }
}

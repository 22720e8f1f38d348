import type { DbOrTx } from '../../platform/db/database';
import type { SearchKind } from '../../platform/search/kinds';
import { indexDocument } from '../../platform/search/search';
import { STANDARD_LABELS, type SystemData, SYSTEMS_KIND, systemUrl } from './systems.models';

/** Declared once to the hub's search (FeatureModule.searchKinds): system pages are edited, sourced reference. */
export const systemsSearchKinds: SearchKind[] = [
  { kind: SYSTEMS_KIND, label: 'System', plural: 'Systems', curated: true, order: 60 },
];

/** Index a system page (public), in the caller's transaction. */
export async function indexSystemPage(
  db: DbOrTx,
  page: { slug: string; data: SystemData; updatedAt: Date },
  aliases: readonly string[] = [],
): Promise<void> {
  const d = page.data;
  const standards = d.standards
    .filter((s) => s.support === 'supported' || s.support === 'partial')
    .map((s) => STANDARD_LABELS[s.standard]);
  await indexDocument(db, {
    kind: SYSTEMS_KIND,
    refId: page.slug,
    url: systemUrl(page.slug),
    title: d.name,
    aliases: [...aliases],
    summary: d.summary.text,
    body: [
      d.summary.text,
      d.maker.text,
      d.licence.text,
      d.pricing.text,
      ...d.standards.map((s) => `${STANDARD_LABELS[s.standard]} ${s.roles.join(' ')} ${s.note ?? ''}`),
      ...d.integrations.map((i) => i.text),
      ...d.communities.map((c) => c.name),
    ].join('\n'),
    topics: ['systems-interoperability'],
    docType: SYSTEMS_KIND,
    audience: null,
    keywords: ['ILL system', d.name, ...standards],
    updatedAt: page.updatedAt,
  });
}

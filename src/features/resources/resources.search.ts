import type { DbOrTx } from '../../platform/db/database';
import type { SearchKind } from '../../platform/search/kinds';
import { indexDocument } from '../../platform/search/search';
import {
  countryUrl,
  LENDER_COUNTRY_KIND,
  type LenderCountry,
  PAYMENTS,
  REQUEST_METHODS,
  RESOURCE_FORMATS,
  RESOURCE_KIND,
  type Resource,
  resourceUrl,
} from './resources.models';
import type { RecordKind } from './resources.records';

/** Declared once to the hub's search (FeatureModule.searchKinds): both are edited, sourced entries. */
export const resourceSearchKinds: SearchKind[] = [
  { kind: RESOURCE_KIND, label: 'Outside resource', plural: 'Outside resources', curated: true, order: 60 },
  { kind: LENDER_COUNTRY_KIND, label: 'Lenders by country', plural: 'Lenders by country', curated: true, order: 61 },
];

export interface IndexLabels {
  country(slug: string): string;
  language(slug: string): string;
}

/** Index one catalogue entry (public), in the caller's transaction. */
export async function indexResource(db: DbOrTx, r: Resource, labels: IndexLabels): Promise<void> {
  await indexDocument(db, {
    kind: RESOURCE_KIND,
    refId: r.slug,
    url: resourceUrl(r.slug),
    title: r.title,
    summary: r.description.slice(0, 300),
    body: `${r.description}\n${r.publisher}\n${r.url}`,
    topics: r.topics,
    docType: r.format,
    audience: r.audience[0] ?? null,
    keywords: [r.publisher, RESOURCE_FORMATS[r.format], ...r.languages.map(labels.language)],
    updatedAt: new Date(`${r.last_checked}T00:00:00Z`),
  });
}

/** Index one country of the lender directory (public), in the caller's transaction. */
export async function indexCountry(db: DbOrTx, c: LenderCountry, labels: IndexLabels): Promise<void> {
  const name = labels.country(c.country);
  const newest =
    c.lenders
      .map((l) => l.last_verified)
      .sort()
      .at(-1) ?? '1970-01-01';
  await indexDocument(db, {
    kind: LENDER_COUNTRY_KIND,
    refId: c.country,
    url: countryUrl(c.country),
    title: `Lending to and from ${name}`,
    summary: c.summary.slice(0, 300),
    body: [
      c.summary,
      ...c.lenders.map((l) =>
        [
          l.name,
          l.notes,
          l.request_methods.map((m) => REQUEST_METHODS[m]).join(', '),
          l.payment.map((p) => PAYMENTS[p]).join(', '),
        ].join('\n'),
      ),
    ].join('\n'),
    topics: ['international-ill'],
    docType: 'lender-directory',
    audience: null,
    keywords: [name, 'international interlibrary loan', 'lender directory', ...c.lenders.map((l) => l.name)],
    aliases: [`${name} interlibrary loan`, `${name} document supply`],
    updatedAt: new Date(`${newest}T00:00:00Z`),
  });
}

/** Index a record of either kind (after a change, in the change's transaction). */
export function indexRecord(db: DbOrTx, kind: RecordKind, data: Resource | LenderCountry, labels: IndexLabels) {
  return kind === 'resource'
    ? indexResource(db, data as Resource, labels)
    : indexCountry(db, data as LenderCountry, labels);
}

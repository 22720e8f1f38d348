import { runOnce } from '../../platform/db/app-state';
import type { Db, DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { Deps } from '../../platform/http/context';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { EDITORS_GROUP, findGroupBySlug } from '../groups';
import * as records from './records.repository';
import { type ResourceContent, resourceContent } from './resources.content';
import { addMonths, isoDay, REVIEW_MONTHS } from './resources.records';
import { type IndexLabels, indexCountry, indexResource } from './resources.search';

/** Raise the version when a release ships entries that existing hubs should receive (missing ones only are added). */
export const RECORDS_SEED_KEY = 'resources.records.v1';

/** Labels for the search index, from the hub's vocabulary. */
export async function indexLabels(contentDir?: string): Promise<IndexLabels> {
  const vocabulary = await vocabularyFor(contentDir);
  return { country: (s) => vocabulary.regions.label(s), language: (s) => vocabulary.languages.label(s) };
}

/**
 * The content files into the records tables, each record missing there added, maintained by the group its entry
 * names (else the "ILL Commons editors" group) and indexed for search. A record members changed is never replaced.
 */
export async function insertStarterRecords(
  tx: DbOrTx,
  content: ResourceContent,
  labels: IndexLabels,
  now: Date,
): Promise<number> {
  const editors = (await findGroupBySlug(tx, EDITORS_GROUP.slug))?.id ?? null;
  const groupIds = new Map<string, number | null>();
  const reviewDue = isoDay(addMonths(now, REVIEW_MONTHS));
  let added = 0;
  for (const r of content.resources) {
    if (!groupIds.has(r.maintained_by))
      groupIds.set(r.maintained_by, (await findGroupBySlug(tx, r.maintained_by))?.id ?? editors);
    const row = await records.insertRecordIfMissing(tx, {
      kind: 'resource',
      ref: r.slug,
      data: r,
      maintainingGroupId: groupIds.get(r.maintained_by) ?? editors,
      reviewDue,
      now,
    });
    if (row) {
      added++;
      await indexResource(tx, row.data, labels);
    }
  }
  for (const c of content.countries) {
    const row = await records.insertRecordIfMissing(tx, {
      kind: 'lender-country',
      ref: c.country,
      data: c,
      maintainingGroupId: editors,
      reviewDue,
      now,
    });
    if (row) {
      added++;
      await indexCountry(tx, row.data, labels);
    }
  }
  if (added)
    await recordEvent(tx, {
      type: 'resource.records_seeded',
      actorId: null,
      subjectType: 'resource_record',
      subjectId: 'starter',
      data: { added },
    });
  return added;
}

/** At start, once per database: the catalogue and the lender directory from the content files. */
export async function seedResourceRecords(db: Db, contentDir: string, now: Date): Promise<boolean> {
  const [content, labels] = await Promise.all([resourceContent(contentDir), indexLabels(contentDir)]);
  return runOnce(db, RECORDS_SEED_KEY, now, async (tx) => {
    await insertStarterRecords(tx, content, labels, now);
  });
}

export async function seedResources(deps: Deps): Promise<void> {
  if (await seedResourceRecords(deps.database.db, deps.config.contentDir, deps.clock.now()))
    deps.logger.info('outside resources and lender records loaded');
}

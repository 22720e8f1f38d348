import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import { addMonths } from './groups.models';
import { groupEvent } from './groups.usecases';
import * as stewardshipRepo from './stewardship.repository';
import * as repo from './topics.repository';
import { UPKEEP_LOCK_KEY } from './upkeep';

/**
 * Pages added to an adopted topic since (new articles, or articles given the topic) go to its group: run by
 * the `groups.topics` job every 15 minutes and after each start. Not a use case: nobody acts.
 */
export async function applyTopicAdoptions({ db, now }: { db: Db; now: Date }): Promise<number> {
  return db.transaction(async (tx) => {
    // One process at a time (a start and the job may overlap): a page is given out once.
    await tx.execute(sql`select pg_advisory_xact_lock(${UPKEEP_LOCK_KEY})`);
    let pages = 0;
    for (const adoption of await repo.adopted(tx)) {
      const fresh = await repo.unmaintainedIn(tx, adoption.topicSlug);
      if (fresh.length === 0) continue;
      for (const articleId of fresh) {
        await stewardshipRepo.insertStewardship(tx, {
          articleId,
          groupId: adoption.groupId,
          reviewIntervalMonths: adoption.reviewIntervalMonths,
          nextReviewDue: addMonths(now, adoption.reviewIntervalMonths),
          assignedAt: now,
        });
      }
      await repo.moveToGroup(tx, fresh, adoption.groupId, adoption.topicSlug);
      await groupEvent(tx, adoption.groupId, null, 'stewardship.topic_adopted', {
        topicSlug: adoption.topicSlug,
        pages: fresh.length,
        newPages: true,
      });
      pages += fresh.length;
    }
    return pages;
  });
}

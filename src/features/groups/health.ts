import type { DbOrTx } from '../../platform/db/database';
import { countUnansweredQuestions, listUnansweredQuestions, type UnansweredQuestion } from '../community';
import { addMonths, DAY_MS, STALE_YEARS, UNANSWERED_DAYS } from './groups.models';
import {
  type HealthCounts,
  type HealthItem,
  type HealthList,
  groupTopics,
  healthCounts,
  healthList,
} from './health.repository';

export interface HealthReport extends HealthCounts {
  unanswered: number;
  /** The topics the report covers for a group (null: the whole site). */
  topics: string[] | null;
}

function scope(groupId: number | null, now: Date) {
  return { groupId, now, staleBefore: addMonths(now, -12 * STALE_YEARS) };
}

/**
 * Content health for the whole site or one group. For a group, "pages
 * without a maintaining group" and "unanswered questions" are those in the
 * topics of the pages it maintains: the gaps next to what it looks after.
 */
export async function healthReport(db: DbOrTx, groupId: number | null, now: Date): Promise<HealthReport> {
  const topics = groupId === null ? null : await groupTopics(db, groupId);
  const olderThan = new Date(now.getTime() - UNANSWERED_DAYS * DAY_MS);
  const [counts, unanswered] = await Promise.all([
    healthCounts(db, scope(groupId, now), topics),
    // An empty topic list would mean "every topic" to the forum: a group with no pages has no questions of its own.
    topics !== null && topics.length === 0
      ? Promise.resolve(0)
      : countUnansweredQuestions(db, { topicSlugs: topics ?? [], olderThan }),
  ]);
  return { ...counts, unanswered, topics };
}

export const HEALTH_LISTS = ['overdue', 'unmaintained', 'suggestions', 'stale', 'questions'] as const;
export type HealthListName = (typeof HEALTH_LISTS)[number];

export const HEALTH_LIST_TITLES: Record<HealthListName, string> = {
  overdue: 'Overdue reviews',
  unmaintained: 'Pages without a maintaining group',
  suggestions: 'Pending suggested edits',
  stale: `Pages with no edits in ${STALE_YEARS} years`,
  questions: `Questions unanswered for ${UNANSWERED_DAYS} days`,
};

export const PAGE_SIZE = 50;

export async function healthItems(
  db: DbOrTx,
  list: Exclude<HealthListName, 'questions'>,
  groupId: number | null,
  now: Date,
  page: number,
): Promise<HealthItem[]> {
  const topics = list === 'unmaintained' && groupId !== null ? await groupTopics(db, groupId) : null;
  return healthList(db, list as HealthList, scope(groupId, now), topics, {
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
}

export async function unansweredItems(db: DbOrTx, groupId: number | null, now: Date): Promise<UnansweredQuestion[]> {
  const topics = groupId === null ? [] : await groupTopics(db, groupId);
  if (groupId !== null && topics.length === 0) return [];
  return listUnansweredQuestions(db, {
    topicSlugs: topics,
    olderThan: new Date(now.getTime() - UNANSWERED_DAYS * DAY_MS),
    limit: PAGE_SIZE,
  });
}

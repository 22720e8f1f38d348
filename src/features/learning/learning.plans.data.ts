import type { DbOrTx } from '../../platform/db/database';
import { learningLogOf } from './learning.log';
import * as repo from './learning.plans.repository';

/**
 * For "download my data": the plans a member was given (with their marks and notes), the plans they built (what
 * they put in; the colleague's marks are the colleague's), and their learning log.
 */
export async function exportPlansAndLog(db: DbOrTx, userId: number, now: Date): Promise<Record<string, unknown>> {
  const plans = await repo.plansOf(db, userId, 10_000);
  const people = await repo.peopleByIds(db, [
    ...new Set(plans.flatMap((p) => [p.learnerId, ...(p.managerId ? [p.managerId] : [])])),
  ]);
  const onboardingPlans = [];
  for (const plan of plans) {
    const asLearner = plan.learnerId === userId;
    const items = await repo.itemsOf(db, plan.id);
    onboardingPlans.push({
      role: asLearner ? 'colleague' : 'manager',
      title: plan.title,
      manager: plan.managerId ? (people.get(plan.managerId)?.username ?? null) : null,
      colleague: people.get(plan.learnerId)?.username ?? null,
      createdAt: plan.createdAt.toISOString(),
      acceptedAt: plan.acceptedAt?.toISOString() ?? null,
      items: items.map((i) => ({
        week: i.week,
        kind: i.kind,
        ref: i.ref,
        title: i.title,
        ...(asLearner ? { mark: i.status, note: i.note, markedAt: i.markedAt?.toISOString() ?? null } : {}),
      })),
    });
  }
  const log = await learningLogOf(db, userId, now);
  return {
    onboardingPlans,
    learningLog: {
      totalMinutes: log.totalMinutes,
      courses: log.courses,
      lessons: log.lessons.map((l) => ({ ...l, completedAt: l.completedAt.toISOString() })),
      events: log.events.map((e) => ({ ...e, startsAt: e.startsAt.toISOString() })),
    },
  };
}

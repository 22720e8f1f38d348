/** Onboarding plans: what a manager builds for a new colleague, and what each of them sees (docs/decisions/042). */

export const PLAN_ITEM_KINDS = ['lesson', 'article', 'workflow', 'task'] as const;
export type PlanItemKind = (typeof PLAN_ITEM_KINDS)[number];
export const PLAN_ITEM_KIND_LABELS: Record<PlanItemKind, string> = {
  lesson: 'Lesson',
  article: 'Article',
  workflow: 'Workflow',
  task: 'Shadowing task',
};

/** What the colleague says about an item; `open` is nothing said yet. */
export const PLAN_MARKS = ['open', 'done', 'stuck'] as const;
export type PlanMark = (typeof PLAN_MARKS)[number];
export const PLAN_MARK_LABELS: Record<PlanMark, string> = { open: 'Not yet', done: 'Done', stuck: 'Stuck' };

export const PLAN_LIMITS = {
  weeks: 12,
  itemsPerPlan: 80,
  titleLength: 120,
  taskLength: 300,
  noteLength: 500,
  /** Plans one member may start per day (a plan lands on someone else's page). */
  plansPerDay: 10,
  /** Plans one member may have waiting for the same colleague's answer. */
  pendingPerPair: 1,
} as const;

export const PLANS_URL = '/learning/plans';
export const planUrl = (id: number) => `${PLANS_URL}/${id}`;

export interface Plan {
  id: number;
  managerId: number | null;
  learnerId: number;
  title: string;
  template: string | null;
  acceptedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlanItem {
  id: number;
  planId: number;
  kind: PlanItemKind;
  ref: string | null;
  title: string;
  week: number;
  position: number;
  status: PlanMark;
  note: string;
  markedAt: Date | null;
}

/** An item as shown: its mark, with a lesson counted done when the colleague's progress says so. */
export interface ShownPlanItem extends PlanItem {
  href: string | null;
  /** Done because the learning progress says so (not marked by hand). */
  doneByProgress: boolean;
}

/** Who looks at a plan: its manager, its colleague (or both, never: a plan for oneself is refused). */
export type PlanRole = 'manager' | 'learner';

export interface PlanPerson {
  id: number;
  username: string;
  displayName: string;
}

/** Where an item leads. */
export function itemHref(kind: PlanItemKind, ref: string | null): string | null {
  if (!ref) return null;
  if (kind === 'lesson') return `/learning/${ref}`;
  if (kind === 'article') return `/articles/${ref}`;
  if (kind === 'workflow') return `/workflows/${ref}`;
  return null;
}

/** Items grouped by target week, weeks in order. */
export function byWeek<T extends { week: number }>(items: readonly T[]): Array<{ week: number; items: T[] }> {
  const weeks = new Map<number, T[]>();
  for (const item of items) weeks.set(item.week, [...(weeks.get(item.week) ?? []), item]);
  return [...weeks.entries()].sort(([a], [b]) => a - b).map(([week, list]) => ({ week, items: list }));
}

/** Counts for the progress view. */
export function planCounts(
  items: readonly Pick<ShownPlanItem, 'status'>[],
): Record<PlanMark, number> & { total: number } {
  const counts = { open: 0, done: 0, stuck: 0, total: items.length };
  for (const i of items) counts[i.status]++;
  return counts;
}

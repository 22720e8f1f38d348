import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import type { Plan, PlanItem, PlanItemKind, PlanMark, PlanPerson } from './learning.plans.models';
import { learningCourses, learningLessons, learningPlanItems, learningPlans, learningProgress } from './learning.table';

const planColumns = {
  id: learningPlans.id,
  managerId: learningPlans.managerId,
  learnerId: learningPlans.learnerId,
  title: learningPlans.title,
  template: learningPlans.template,
  acceptedAt: learningPlans.acceptedAt,
  createdAt: learningPlans.createdAt,
  updatedAt: learningPlans.updatedAt,
};

const itemColumns = {
  id: learningPlanItems.id,
  planId: learningPlanItems.planId,
  kind: learningPlanItems.kind,
  ref: learningPlanItems.ref,
  title: learningPlanItems.title,
  week: learningPlanItems.week,
  position: learningPlanItems.position,
  status: learningPlanItems.status,
  note: learningPlanItems.note,
  markedAt: learningPlanItems.markedAt,
};

const asItem = (r: { kind: string; status: string } & Omit<PlanItem, 'kind' | 'status'>): PlanItem => ({
  ...r,
  kind: r.kind as PlanItemKind,
  status: r.status as PlanMark,
});

/** A live member (not deleted, not a system account) by username. */
export async function findMember(db: DbOrTx, username: string): Promise<PlanPerson | undefined> {
  const rows = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.username, username), isNull(users.deletedAt), eq(users.isSystem, false)))
    .limit(1);
  return rows[0];
}

export async function peopleByIds(db: DbOrTx, ids: number[]): Promise<Map<number, PlanPerson>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertPlan(
  tx: DbOrTx,
  v: { managerId: number; learnerId: number; title: string; template: string | null; now: Date },
): Promise<Plan> {
  const rows = await tx
    .insert(learningPlans)
    .values({
      managerId: v.managerId,
      learnerId: v.learnerId,
      title: v.title,
      template: v.template,
      createdAt: v.now,
      updatedAt: v.now,
    })
    .returning(planColumns);
  return rows[0]!;
}

/** Add items after the plan's last one. */
export async function insertItems(
  tx: DbOrTx,
  planId: number,
  items: ReadonlyArray<{ kind: PlanItemKind; ref: string | null; title: string; week: number }>,
  now: Date,
): Promise<void> {
  if (items.length === 0) return;
  const [last] = await tx
    .select({ max: sql<number | null>`max(${learningPlanItems.position})` })
    .from(learningPlanItems)
    .where(eq(learningPlanItems.planId, planId));
  const start = Number(last?.max ?? 0);
  await tx
    .insert(learningPlanItems)
    .values(items.map((item, i) => ({ planId, ...item, position: start + i + 1, createdAt: now })));
}

export async function findPlan(db: DbOrTx, id: number): Promise<Plan | undefined> {
  const rows = await db.select(planColumns).from(learningPlans).where(eq(learningPlans.id, id)).limit(1);
  return rows[0];
}

export async function itemsOf(db: DbOrTx, planId: number): Promise<PlanItem[]> {
  const rows = await db
    .select(itemColumns)
    .from(learningPlanItems)
    .where(eq(learningPlanItems.planId, planId))
    .orderBy(asc(learningPlanItems.week), asc(learningPlanItems.position));
  return rows.map(asItem);
}

export async function countItems(db: DbOrTx, planId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(learningPlanItems)
    .where(eq(learningPlanItems.planId, planId));
  return Number(row?.n ?? 0);
}

/** Of the lessons given as "<course>/<lesson>", those the member has done by their learning progress. */
export async function lessonsDone(db: DbOrTx, userId: number, refs: string[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const ref = sql<string>`${learningCourses.slug} || '/' || ${learningLessons.slug}`;
  const rows = await db
    .select({ ref })
    .from(learningProgress)
    .innerJoin(learningLessons, eq(learningLessons.id, learningProgress.lessonId))
    .innerJoin(learningCourses, eq(learningCourses.id, learningProgress.courseId))
    .where(and(eq(learningProgress.userId, userId), isNotNull(learningProgress.completedAt), inArray(ref, refs)));
  return new Set(rows.map((r) => r.ref));
}

/** Plans a member built or was given, newest first. */
export async function plansOf(db: DbOrTx, userId: number, limit = 100): Promise<Plan[]> {
  return db
    .select(planColumns)
    .from(learningPlans)
    .where(or(eq(learningPlans.managerId, userId), eq(learningPlans.learnerId, userId)))
    .orderBy(desc(learningPlans.createdAt))
    .limit(limit);
}

/** Plans the manager made for this colleague that wait for an answer. */
export async function countPending(db: DbOrTx, managerId: number, learnerId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(learningPlans)
    .where(
      and(
        eq(learningPlans.managerId, managerId),
        eq(learningPlans.learnerId, learnerId),
        isNull(learningPlans.acceptedAt),
      ),
    );
  return Number(row?.n ?? 0);
}

export async function touchPlan(tx: DbOrTx, planId: number, now: Date): Promise<void> {
  await tx.update(learningPlans).set({ updatedAt: now }).where(eq(learningPlans.id, planId));
}

export async function setAccepted(tx: DbOrTx, planId: number, now: Date): Promise<void> {
  await tx
    .update(learningPlans)
    .set({ acceptedAt: sql`coalesce(${learningPlans.acceptedAt}, ${now.toISOString()}::timestamptz)`, updatedAt: now })
    .where(eq(learningPlans.id, planId));
}

export async function deletePlan(tx: DbOrTx, planId: number): Promise<void> {
  await tx.delete(learningPlans).where(eq(learningPlans.id, planId));
}

/** Remove one item of the plan; false when the plan has no such item. */
export async function deleteItem(tx: DbOrTx, planId: number, itemId: number): Promise<boolean> {
  const rows = await tx
    .delete(learningPlanItems)
    .where(and(eq(learningPlanItems.planId, planId), eq(learningPlanItems.id, itemId)))
    .returning({ id: learningPlanItems.id });
  return rows.length > 0;
}

/** The colleague's mark and note on one item; false when the plan has no such item. */
export async function markItem(
  tx: DbOrTx,
  v: { planId: number; itemId: number; status: PlanMark; note: string; now: Date },
): Promise<boolean> {
  const rows = await tx
    .update(learningPlanItems)
    .set({ status: v.status, note: v.note, markedAt: v.status === 'open' ? null : v.now })
    .where(and(eq(learningPlanItems.planId, v.planId), eq(learningPlanItems.id, v.itemId)))
    .returning({ id: learningPlanItems.id });
  return rows.length > 0;
}

/** Account erasure: the colleague's plans go; plans the member built stay with their colleague, without a manager. */
export async function erasePlansOf(tx: DbOrTx, userId: number): Promise<void> {
  await tx.delete(learningPlans).where(eq(learningPlans.learnerId, userId));
  await tx.update(learningPlans).set({ managerId: null }).where(eq(learningPlans.managerId, userId));
}

/** Every lesson of every course, for the manager's "add a lesson" list. */
export async function lessonChoices(db: DbOrTx): Promise<Array<{ value: string; label: string }>> {
  const rows = await db
    .select({
      course: learningCourses.slug,
      courseTitle: learningCourses.title,
      lesson: learningLessons.slug,
      title: learningLessons.title,
    })
    .from(learningLessons)
    .innerJoin(learningCourses, eq(learningCourses.id, learningLessons.courseId))
    .orderBy(asc(learningCourses.title), asc(learningLessons.position));
  return rows.map((r) => ({ value: `${r.course}/${r.lesson}`, label: `${r.courseTitle}: ${r.title}` }));
}

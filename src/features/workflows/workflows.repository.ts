import { and, asc, count, desc, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { textArray } from '../../platform/db/arrays';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import type { Workflow, WorkflowRun, WorkflowStep } from './workflows.models';
import { workflowRuns, workflows } from './workflows.table';

export async function findBySlug(db: DbOrTx, slug: string): Promise<Workflow | undefined> {
  return (await db.select().from(workflows).where(eq(workflows.slug, slug)).limit(1))[0];
}

export async function findById(db: DbOrTx, id: number, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(workflows).where(eq(workflows.id, id)).limit(1);
  return (options.forUpdate ? await query.for('update') : await query)[0] as Workflow | undefined;
}

export async function listOriginals(db: DbOrTx): Promise<Workflow[]> {
  return db.select().from(workflows).where(isNotNull(workflows.slug)).orderBy(asc(workflows.title));
}

export async function findOriginalsBySlugs(db: DbOrTx, slugs: string[]): Promise<Workflow[]> {
  if (slugs.length === 0) return [];
  return db.select().from(workflows).where(inArray(workflows.slug, slugs));
}

export async function existingSlugs(db: DbOrTx, slugs: string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const rows = await db.select({ slug: workflows.slug }).from(workflows).where(inArray(workflows.slug, slugs));
  return new Set(rows.map((r) => r.slug ?? ''));
}

export type NewWorkflow = Omit<Workflow, 'id'>;

export async function insertWorkflow(db: DbOrTx, values: NewWorkflow): Promise<Workflow> {
  return (await db.insert(workflows).values(values).returning())[0] as Workflow;
}

export async function updateWorkflowSteps(
  db: DbOrTx,
  id: number,
  values: { steps: WorkflowStep[]; baseSteps?: WorkflowStep[]; now: Date },
): Promise<void> {
  await db
    .update(workflows)
    .set({
      steps: values.steps,
      ...(values.baseSteps ? { baseSteps: values.baseSteps } : {}),
      updatedAt: values.now,
    })
    .where(eq(workflows.id, id));
}

/** The public local versions of an original (at most `limit`, oldest first), with their owner. */
export async function publicLocalVersionsOf(db: DbOrTx, originalId: number, limit = 50) {
  return db
    .select({
      id: workflows.id,
      ownerUserId: workflows.ownerUserId,
      ownerGroupId: workflows.ownerGroupId,
      ownerName: users.displayName,
    })
    .from(workflows)
    .leftJoin(users, eq(users.id, workflows.ownerUserId))
    .where(and(eq(workflows.adoptedFrom, originalId), eq(workflows.visibility, 'public')))
    .orderBy(asc(workflows.id))
    .limit(limit);
}

/** How many local versions an original has, public and private. */
export async function countLocalVersionsOf(db: DbOrTx, originalId: number): Promise<number> {
  const rows = await db.select({ n: count() }).from(workflows).where(eq(workflows.adoptedFrom, originalId));
  return Number(rows[0]?.n ?? 0);
}

export async function countLocalVersions(db: DbOrTx): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: workflows.adoptedFrom, n: count() })
    .from(workflows)
    .where(isNotNull(workflows.adoptedFrom))
    .groupBy(workflows.adoptedFrom);
  return new Map(rows.map((r) => [r.id ?? 0, Number(r.n)]));
}

/** Local versions a member can reach: their own, and their groups'. */
export async function localVersionsFor(db: DbOrTx, userId: number, groupIds: number[]): Promise<Workflow[]> {
  const own = await db
    .select()
    .from(workflows)
    .where(and(eq(workflows.ownerUserId, userId), isNull(workflows.slug)))
    .orderBy(asc(workflows.title));
  const ofGroups = groupIds.length
    ? await db
        .select()
        .from(workflows)
        .where(and(inArray(workflows.ownerGroupId, groupIds), isNull(workflows.slug)))
        .orderBy(asc(workflows.title))
    : [];
  return [...own, ...ofGroups] as Workflow[];
}

export async function insertRun(
  db: DbOrTx,
  values: { workflowId: number; userId: number; label: string; now: Date },
): Promise<WorkflowRun> {
  return (
    await db
      .insert(workflowRuns)
      .values({
        workflowId: values.workflowId,
        userId: values.userId,
        label: values.label,
        checked: [],
        createdAt: values.now,
        updatedAt: values.now,
      })
      .returning()
  )[0] as WorkflowRun;
}

export async function findRun(db: DbOrTx, id: number): Promise<WorkflowRun | undefined> {
  return (await db.select().from(workflowRuns).where(eq(workflowRuns.id, id)).limit(1))[0];
}

export async function updateRun(
  db: DbOrTx,
  id: number,
  values: { checked: string[]; finishedAt: Date | null; now: Date },
): Promise<void> {
  await db
    .update(workflowRuns)
    .set({ checked: values.checked, finishedAt: values.finishedAt, updatedAt: values.now })
    .where(eq(workflowRuns.id, id));
}

export async function runsOf(db: DbOrTx, userId: number, workflowId: number, limit = 20): Promise<WorkflowRun[]> {
  return db
    .select()
    .from(workflowRuns)
    .where(and(eq(workflowRuns.userId, userId), eq(workflowRuns.workflowId, workflowId)))
    .orderBy(desc(workflowRuns.updatedAt))
    .limit(limit);
}

export async function countOpenRuns(db: DbOrTx, userId: number): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(workflowRuns)
    .where(and(eq(workflowRuns.userId, userId), isNull(workflowRuns.finishedAt)));
  return Number(rows[0]?.n ?? 0);
}

export async function allRunsOf(db: DbOrTx, userId: number) {
  return db.select().from(workflowRuns).where(eq(workflowRuns.userId, userId));
}

export async function deleteRunsOf(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(workflowRuns).where(eq(workflowRuns.userId, userId));
}

/** Originals that grew from a library article (for the link from the article to its workflows). */
export async function originalsFromArticle(db: DbOrTx, articleSlug: string) {
  return db
    .select({ slug: workflows.slug, title: workflows.title })
    .from(workflows)
    .where(and(eq(workflows.relatedArticle, articleSlug), isNotNull(workflows.slug)))
    .orderBy(asc(workflows.title))
    .limit(5);
}

/**
 * Ids of the searchable workflows whose "where this applies" does not fit a reader (what "Show what applies to me"
 * leaves out): per field the reader gave, the workflow names none, or one of the reader's values ("international"
 * fits every region). The same rule as the library's articles.
 */
export async function workflowIdsNotFitting(
  db: DbOrTx,
  reader: { libraryTypes: string[]; regions: string[]; systems: string[] },
): Promise<number[]> {
  const fit: SQL[] = [];
  for (const key of ['libraryTypes', 'regions', 'systems'] as const) {
    const values = reader[key];
    if (values.length === 0) continue;
    const field = sql`${workflows.context}->${key}`;
    const any = textArray(key === 'regions' ? [...values, 'international'] : values);
    fit.push(sql`(not (${workflows.context} ? ${key}) or ${field} = '[]'::jsonb or ${field} ?| ${any})`);
  }
  if (fit.length === 0) return [];
  const rows = await db
    .select({ id: workflows.id })
    .from(workflows)
    .where(sql`not (${and(...fit)})`);
  return rows.map((r) => r.id);
}

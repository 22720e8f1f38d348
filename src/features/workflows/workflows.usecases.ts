import { randomBytes } from 'node:crypto';
import { authorize } from '../../platform/authz/policy';
import { assertMayAct } from '../../platform/auth/standing';
import type { DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { SignedInUseCaseContext, UseCaseContext } from '../../platform/usecase';
import { groupsOf } from '../groups';
import { workflowsErrors } from './workflows.errors';
import {
  allCheckIds,
  keepChange,
  pendingChanges,
  takeChange,
  WORKFLOW_LIMITS,
  type Workflow,
  type WorkflowRun,
  type WorkflowStep,
} from './workflows.models';
import { workflowPolicies } from './workflows.policies';
import * as repo from './workflows.repository';
import type { StepForm } from './workflows.schemas';
import { indexWorkflow } from './workflows.search';

/** Local versions one member or group may own, and open runs one member may keep. */
export const OWNER_LIMITS = { localVersions: 200, openRuns: 200 } as const;

/** The ids of the groups the actor belongs to now (empty for anonymous readers). */
export async function memberGroupIds(db: DbOrTx, actorId: number | undefined, now: Date): Promise<number[]> {
  if (actorId === undefined) return [];
  return (await groupsOf(db, actorId, now)).map((g) => g.id);
}

/** A workflow as the actor may see it: private local versions of others do not exist for them. */
export async function visibleWorkflow(
  ctx: UseCaseContext,
  ref: { slug: string } | { id: number },
): Promise<{ workflow: Workflow; groupIds: number[] }> {
  const workflow = 'slug' in ref ? await repo.findBySlug(ctx.db, ref.slug) : await repo.findById(ctx.db, ref.id);
  if (!workflow || ('id' in ref && workflow.slug !== null)) throw workflowsErrors.notFound();
  const groupIds = workflow.visibility === 'public' ? [] : await memberGroupIds(ctx.db, ctx.actor?.id, ctx.now);
  if (!workflowPolicies.view(ctx.actor, workflow, groupIds)) throw workflowsErrors.notFound();
  return { workflow, groupIds };
}

function newStepKey(steps: WorkflowStep[]): string {
  for (;;) {
    const key = `n${randomBytes(3).toString('hex')}`;
    if (!steps.some((s) => s.key === key)) return key;
  }
}

/** "Use at my library": copy an original into a local version owned by the actor or one of their groups. */
export async function adoptWorkflow(
  ctx: SignedInUseCaseContext & {
    originalId: number;
    owner: 'me' | { groupId: number };
    visibility: 'public' | 'private';
  },
): Promise<{ local: Workflow }> {
  await assertMayAct(ctx.db, ctx.actor, ctx.now);
  authorize(ctx.actor, workflowPolicies.adopt(ctx.actor));
  return ctx.db.transaction(async (tx) => {
    const original = await repo.findById(tx, ctx.originalId);
    if (!original?.slug) throw workflowsErrors.notFound();
    let ownerGroupId: number | null = null;
    if (ctx.owner !== 'me') {
      const groupIds = await memberGroupIds(tx, ctx.actor.id, ctx.now);
      if (!groupIds.includes(ctx.owner.groupId)) throw workflowsErrors.notAGroupMember();
      ownerGroupId = ctx.owner.groupId;
    }
    const mine = await repo.localVersionsFor(tx, ctx.actor.id, ownerGroupId ? [ownerGroupId] : []);
    if (mine.length >= OWNER_LIMITS.localVersions)
      throw workflowsErrors.tooMany('local workflows', OWNER_LIMITS.localVersions);
    const local = await repo.insertWorkflow(tx, {
      slug: null,
      title: original.title,
      summary: original.summary,
      context: original.context,
      sources: original.sources,
      steps: original.steps,
      topics: original.topics,
      relatedArticle: original.relatedArticle,
      origin: 'local',
      adoptedFrom: original.id,
      baseSteps: original.steps,
      ownerUserId: ownerGroupId ? null : ctx.actor.id,
      ownerGroupId,
      visibility: ctx.visibility,
      createdBy: ctx.actor.id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await recordEvent(tx, {
      type: 'workflow.adopted',
      actorId: ctx.actor.id,
      subjectType: 'workflow',
      subjectId: String(original.id),
      data: { local: local.id },
    });
    return { local };
  });
}

/** Turn the form's "when | step number" lines into decision points that name steps by key. */
export function decisionsFrom(
  lines: string[],
  steps: WorkflowStep[],
): { decisions: WorkflowStep['decisions']; error?: string } {
  const decisions: WorkflowStep['decisions'] = [];
  for (const line of lines) {
    const m = line.match(/^(.+?)\s*\|\s*(?:step\s*)?(\d{1,3})$/i);
    const target = m ? steps[Number(m[2]) - 1] : undefined;
    if (!m || !target)
      return {
        decisions,
        error: `“${line}”: write a decision point as “when | step number”, with a step of this workflow (1 to ${steps.length}).`,
      };
    decisions.push({ when: m[1]!.trim().slice(0, WORKFLOW_LIMITS.decisionWhen), goTo: target.key });
  }
  return { decisions };
}

/** Change one step (key) or add one (key null, placed after `after` or at the end). */
export async function saveStep(
  ctx: SignedInUseCaseContext & { workflowId: number; key: string | null; after?: string; form: StepForm },
): Promise<{ workflow: Workflow; key: string } | { fieldErrors: Record<string, string> }> {
  await assertMayAct(ctx.db, ctx.actor, ctx.now);
  return ctx.db.transaction(async (tx) => {
    const workflow = await repo.findById(tx, ctx.workflowId, { forUpdate: true });
    if (!workflow) throw workflowsErrors.notFound();
    const groupIds = await memberGroupIds(tx, ctx.actor.id, ctx.now);
    if (!workflowPolicies.view(ctx.actor, workflow, groupIds)) throw workflowsErrors.notFound();
    authorize(ctx.actor, workflowPolicies.edit(ctx.actor, workflow, groupIds));
    const index = ctx.key === null ? -1 : workflow.steps.findIndex((s) => s.key === ctx.key);
    if (ctx.key !== null && index === -1) throw workflowsErrors.stepNotFound();
    if (ctx.key === null && workflow.steps.length >= WORKFLOW_LIMITS.steps) throw workflowsErrors.tooManySteps();
    const key = ctx.key ?? newStepKey(workflow.steps);
    const { decisions, error } = decisionsFrom(ctx.form.decisions, workflow.steps);
    if (error) return { fieldErrors: { decisions: error } };
    const step: WorkflowStep = {
      key,
      title: ctx.form.title,
      role: ctx.form.role,
      system: ctx.form.system,
      minutes: ctx.form.minutes,
      details: ctx.form.details,
      checks: ctx.form.checks,
      decisions,
    };
    let steps: WorkflowStep[];
    if (index >= 0) steps = workflow.steps.map((s) => (s.key === key ? step : s));
    else {
      const at = ctx.after ? workflow.steps.findIndex((s) => s.key === ctx.after) : -1;
      steps =
        at >= 0
          ? [...workflow.steps.slice(0, at + 1), step, ...workflow.steps.slice(at + 1)]
          : [...workflow.steps, step];
    }
    await repo.updateWorkflowSteps(tx, workflow.id, { steps, now: ctx.now });
    const saved = { ...workflow, steps, updatedAt: ctx.now };
    await indexWorkflow(tx, saved);
    await recordEvent(tx, {
      type: 'workflow.step_saved',
      actorId: ctx.actor.id,
      subjectType: 'workflow',
      subjectId: String(workflow.id),
      data: { key },
    });
    return { workflow: saved, key };
  });
}

/** Take the original's change to one step, or keep the local version's. */
export async function resolveChange(
  ctx: SignedInUseCaseContext & { workflowId: number; key: string; choice: 'take' | 'keep' },
): Promise<{ workflow: Workflow }> {
  await assertMayAct(ctx.db, ctx.actor, ctx.now);
  return ctx.db.transaction(async (tx) => {
    const local = await repo.findById(tx, ctx.workflowId, { forUpdate: true });
    if (!local || local.slug !== null) throw workflowsErrors.notFound();
    const groupIds = await memberGroupIds(tx, ctx.actor.id, ctx.now);
    if (!workflowPolicies.view(ctx.actor, local, groupIds)) throw workflowsErrors.notFound();
    authorize(ctx.actor, workflowPolicies.edit(ctx.actor, local, groupIds));
    const original = local.adoptedFrom ? await repo.findById(tx, local.adoptedFrom) : undefined;
    if (!original) throw workflowsErrors.noChange();
    const base = local.baseSteps ?? [];
    const pending = pendingChanges(base, original.steps, local.steps);
    if (!pending.some((p) => p.key === ctx.key)) throw workflowsErrors.noChange();
    const next =
      ctx.choice === 'take'
        ? takeChange(local.steps, base, original.steps, ctx.key)
        : { steps: local.steps, base: keepChange(base, original.steps, ctx.key) };
    await repo.updateWorkflowSteps(tx, local.id, { steps: next.steps, baseSteps: next.base, now: ctx.now });
    await recordEvent(tx, {
      type: ctx.choice === 'take' ? 'workflow.change_taken' : 'workflow.change_kept',
      actorId: ctx.actor.id,
      subjectType: 'workflow',
      subjectId: String(local.id),
      data: { key: ctx.key },
    });
    return { workflow: { ...local, steps: next.steps, baseSteps: next.base, updatedAt: ctx.now } };
  });
}

/** Start a run of a workflow the actor can see ("this request"). */
export async function startRun(
  ctx: SignedInUseCaseContext & { workflowId: number; label: string },
): Promise<{ run: WorkflowRun }> {
  await assertMayAct(ctx.db, ctx.actor, ctx.now);
  authorize(ctx.actor, workflowPolicies.run(ctx.actor));
  const workflow = await repo.findById(ctx.db, ctx.workflowId);
  if (!workflow) throw workflowsErrors.notFound();
  const groupIds = await memberGroupIds(ctx.db, ctx.actor.id, ctx.now);
  if (!workflowPolicies.view(ctx.actor, workflow, groupIds)) throw workflowsErrors.notFound();
  if ((await repo.countOpenRuns(ctx.db, ctx.actor.id)) >= OWNER_LIMITS.openRuns)
    throw workflowsErrors.tooMany('unfinished runs', OWNER_LIMITS.openRuns);
  const run = await repo.insertRun(ctx.db, {
    workflowId: workflow.id,
    userId: ctx.actor.id,
    label: ctx.label,
    now: ctx.now,
  });
  return { run };
}

/** A run and its workflow, for its owner only (anyone else: not found). */
export async function ownRun(
  ctx: SignedInUseCaseContext & { runId: number },
): Promise<{ run: WorkflowRun; workflow: Workflow }> {
  const run = await repo.findRun(ctx.db, ctx.runId);
  if (!run || run.userId !== ctx.actor.id) throw workflowsErrors.runNotFound();
  const workflow = await repo.findById(ctx.db, run.workflowId);
  if (!workflow) throw workflowsErrors.runNotFound();
  const groupIds = await memberGroupIds(ctx.db, ctx.actor.id, ctx.now);
  // A private group version stops being reachable when its member leaves the group.
  if (!workflowPolicies.view(ctx.actor, workflow, groupIds)) throw workflowsErrors.runNotFound();
  return { run, workflow };
}

/** Save the ticked checks of a run (the whole set, as the form sends it); `finish` ends it, `reopen` resumes it. */
export async function saveRun(
  ctx: SignedInUseCaseContext & { runId: number; checked: string[]; finish?: boolean; reopen?: boolean },
): Promise<{ run: WorkflowRun }> {
  await assertMayAct(ctx.db, ctx.actor, ctx.now);
  const { run, workflow } = await ownRun(ctx);
  const known = new Set(allCheckIds(workflow.steps));
  const checked = [...new Set(ctx.checked)].filter((id) => known.has(id));
  const finishedAt = ctx.reopen ? null : ctx.finish ? ctx.now : run.finishedAt;
  await repo.updateRun(ctx.db, run.id, { checked, finishedAt, now: ctx.now });
  return { run: { ...run, checked, finishedAt, updatedAt: ctx.now } };
}

import { createHash, randomBytes } from 'node:crypto';
import { authorize } from '../../platform/authz/policy';
import { assertMayAct } from '../../platform/auth/standing';
import type { DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { SignedInUseCaseContext, UseCaseContext } from '../../platform/usecase';
import { slugify } from '../../platform/content/slug';
import { enforce } from '../../platform/http/rate-limit';
import { EDITORS_GROUP, findGroupBySlug, groupRoleOf, groupsOf } from '../groups';
import { isSubstantialChange, listTopics } from '../library';
import { queueTopicContent } from '../notifications';
import { workflowsErrors } from './workflows.errors';
import {
  allCheckIds,
  keepChange,
  moveStepIn,
  stepsPointingAt,
  type WorkflowContext,
  type WorkflowSource,
  workflowPath,
  workflowWords,
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

const RESERVED_SLUGS = new Set(['new', 'manual', 'manual-docx', 'runs', 'local']);

/** New original workflows one member may write in an hour (every entry point). */
const CREATE_RULE = { name: 'workflows:create', limit: 10, windowSeconds: 60 * 60 };

/**
 * Tell the watchers of a workflow's topics (in the transaction that makes the change). Only the hub's public
 * originals: a library's local version is its own business.
 */
async function queueWorkflowTopicNotice(
  tx: DbOrTx,
  w: Workflow,
  change: 'new' | 'changed',
  actorId: number,
  now: Date,
): Promise<void> {
  if (w.slug === null || w.visibility !== 'public') return;
  await queueTopicContent(tx, {
    change,
    what: 'workflow',
    subjectType: 'workflow',
    subjectId: String(w.id),
    topicSlugs: w.topics,
    title: w.title,
    url: workflowPath(w),
    actorId,
    message: w.summary,
    // Unique per change: the time and what the workflow says after it.
    changeKey: `workflow:${w.id}:${now.getTime()}:${createHash('sha256')
      .update(JSON.stringify([w.title, w.summary, w.steps]))
      .digest('hex')
      .slice(0, 16)}`,
    now,
  });
}

/** Worth telling a topic's watchers: a step added or removed, or enough of the steps' words rewritten. */
function isSubstantialWorkflowChange(before: Workflow, after: Workflow): boolean {
  if (before.steps.length !== after.steps.length) return true;
  const words = (w: Workflow) => ({ title: w.title, topicSlugs: w.topics, body: workflowWords(w) });
  return isSubstantialChange(words(before), words(after));
}

export interface NewWorkflowInput {
  title: string;
  summary: string;
  context: WorkflowContext;
  sources: WorkflowSource[];
  topics: string[];
  /** Who maintains it: the hub's editors, or a group the writer stewards. */
  maintainer: 'editors' | { groupId: number };
}

function hasWorkflowContext(c: WorkflowContext): boolean {
  return Boolean(
    c.libraryTypes?.length || c.sizes?.length || c.systems?.length || c.regions?.length || c.consortium?.trim(),
  );
}

/**
 * A member writes a new original workflow (steps are added after, one by one). "Where this applies" is required;
 * it is maintained by a group the writer stewards (whose members may then edit it) or by the hub's editors.
 */
export async function createWorkflow(
  ctx: SignedInUseCaseContext & { input: NewWorkflowInput },
): Promise<{ workflow: Workflow }> {
  const { actor, now, input } = ctx;
  await assertMayAct(ctx.db, actor, now);
  authorize(actor, workflowPolicies.create(actor));
  if (!hasWorkflowContext(input.context)) throw workflowsErrors.noContext();
  await enforce(ctx.db, now, [[CREATE_RULE, String(actor.id)]]);
  return ctx.db.transaction(async (tx) => {
    let ownerGroupId: number | null;
    if (input.maintainer === 'editors') {
      ownerGroupId = (await findGroupBySlug(tx, EDITORS_GROUP.slug))?.id ?? null;
    } else {
      const role = await groupRoleOf(tx, input.maintainer.groupId, actor.id, now);
      if (role !== 'owner' && role !== 'steward') throw workflowsErrors.notAGroupSteward();
      ownerGroupId = input.maintainer.groupId;
    }
    const known = new Set((await listTopics(tx)).map((t) => t.slug));
    // Addresses under /workflows/ that pages use are never a workflow's.
    const plain = slugify(input.title, 80) || 'workflow';
    const base = RESERVED_SLUGS.has(plain) ? `${plain}-workflow` : plain;
    let slug = base;
    for (let n = 2; (await repo.existingSlugs(tx, [slug])).size > 0; n++) slug = `${base}-${n}`;
    const workflow = await repo.insertWorkflow(tx, {
      slug,
      title: input.title,
      summary: input.summary,
      context: input.context,
      sources: input.sources.slice(0, WORKFLOW_LIMITS.sources),
      steps: [],
      topics: [...new Set(input.topics)].filter((t) => known.has(t)).slice(0, WORKFLOW_LIMITS.topics),
      relatedArticle: null,
      origin: 'member',
      adoptedFrom: null,
      baseSteps: null,
      ownerUserId: null,
      ownerGroupId,
      visibility: 'public',
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    await indexWorkflow(tx, workflow);
    await recordEvent(tx, {
      type: 'workflow.created',
      actorId: actor.id,
      subjectType: 'workflow',
      subjectId: String(workflow.id),
      data: { slug, ownerGroupId },
    });
    await queueWorkflowTopicNotice(tx, workflow, 'new', actor.id, now);
    return { workflow };
  });
}

/** Load a workflow the actor may edit, locked for the change. */
async function editable(tx: DbOrTx, ctx: SignedInUseCaseContext & { workflowId: number }): Promise<Workflow> {
  const workflow = await repo.findById(tx, ctx.workflowId, { forUpdate: true });
  if (!workflow) throw workflowsErrors.notFound();
  const groupIds = await memberGroupIds(tx, ctx.actor.id, ctx.now);
  if (!workflowPolicies.view(ctx.actor, workflow, groupIds)) throw workflowsErrors.notFound();
  authorize(ctx.actor, workflowPolicies.edit(ctx.actor, workflow, groupIds));
  return workflow;
}

/**
 * Delete a step. Decision points name steps by key, so a step another step's decision point goes to is refused
 * (change that decision point first) rather than leaving it pointing nowhere.
 */
export async function deleteStep(
  ctx: SignedInUseCaseContext & { workflowId: number; key: string },
): Promise<{ workflow: Workflow }> {
  await assertMayAct(ctx.db, ctx.actor, ctx.now);
  return ctx.db.transaction(async (tx) => {
    const workflow = await editable(tx, ctx);
    if (!workflow.steps.some((s) => s.key === ctx.key)) throw workflowsErrors.stepNotFound();
    const pointing = stepsPointingAt(workflow.steps, ctx.key);
    if (pointing.length) throw workflowsErrors.stepInUse(pointing);
    const steps = workflow.steps.filter((s) => s.key !== ctx.key);
    await repo.updateWorkflowSteps(tx, workflow.id, { steps, now: ctx.now });
    const saved = { ...workflow, steps, updatedAt: ctx.now };
    await indexWorkflow(tx, saved);
    await recordEvent(tx, {
      type: 'workflow.step_deleted',
      actorId: ctx.actor.id,
      subjectType: 'workflow',
      subjectId: String(workflow.id),
      data: { key: ctx.key },
    });
    if (isSubstantialWorkflowChange(workflow, saved))
      await queueWorkflowTopicNotice(tx, saved, 'changed', ctx.actor.id, ctx.now);
    return { workflow: saved };
  });
}

/**
 * Move a step one place up or down. Decision points name their target by key, so each still goes to the same
 * step; only the number shown ("go to step 4") follows the new order.
 */
export async function moveStep(
  ctx: SignedInUseCaseContext & { workflowId: number; key: string; direction: 'up' | 'down' },
): Promise<{ workflow: Workflow }> {
  await assertMayAct(ctx.db, ctx.actor, ctx.now);
  return ctx.db.transaction(async (tx) => {
    const workflow = await editable(tx, ctx);
    if (!workflow.steps.some((s) => s.key === ctx.key)) throw workflowsErrors.stepNotFound();
    const steps = moveStepIn(workflow.steps, ctx.key, ctx.direction);
    if (steps === workflow.steps) return { workflow };
    await repo.updateWorkflowSteps(tx, workflow.id, { steps, now: ctx.now });
    const saved = { ...workflow, steps, updatedAt: ctx.now };
    await indexWorkflow(tx, saved);
    await recordEvent(tx, {
      type: 'workflow.step_moved',
      actorId: ctx.actor.id,
      subjectType: 'workflow',
      subjectId: String(workflow.id),
      data: { key: ctx.key, direction: ctx.direction },
    });
    return { workflow: saved };
  });
}

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
    if (isSubstantialWorkflowChange(workflow, saved))
      await queueWorkflowTopicNotice(tx, saved, 'changed', ctx.actor.id, ctx.now);
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

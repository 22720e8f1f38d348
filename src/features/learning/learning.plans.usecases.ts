import { z } from 'zod';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import type { DbOrTx } from '../../platform/db/database';
import { httpErrors } from '../../platform/http/errors';
import { type FieldErrors, type FormValues, str, text, validate } from '../../platform/http/forms';
import { optionalId } from '../../platform/http/params';
import { enforce } from '../../platform/http/rate-limit';
import type { UseCaseContext } from '../../platform/usecase';
import { findArticle } from '../library';
import { notify } from '../notifications';
import { findWorkflowBySlug } from '../workflows';
import { planErrors } from './learning.plans.errors';
import {
  itemHref,
  PLAN_ITEM_KINDS,
  PLAN_LIMITS,
  PLAN_MARKS,
  PLANS_URL,
  type Plan,
  planUrl,
  type PlanItemKind,
  type PlanPerson,
  type PlanRole,
  type ShownPlanItem,
} from './learning.plans.models';
import { planPolicies } from './learning.plans.policies';
import * as repo from './learning.plans.repository';
import { planTemplates } from './learning.plans.template';
import * as courses from './learning.repository';

/**
 * Onboarding plans (docs/decisions/042): a member builds one for a colleague, who accepts it and marks its items
 * done or stuck; each sees only what the plan shows. Anyone else is told the plan does not exist.
 */

const PLAN_RULE = { name: 'learning:plan', limit: PLAN_LIMITS.plansPerDay, windowSeconds: 24 * 60 * 60 };

type Form<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors; values: FormValues };

const weekField = z
  .string({ error: 'Choose a week.' })
  .regex(/^\d{1,2}$/, `Choose a week from 1 to ${PLAN_LIMITS.weeks}.`)
  .transform(Number)
  .pipe(z.number().min(1, 'Choose a week from 1 to 12.').max(PLAN_LIMITS.weeks, 'Choose a week from 1 to 12.'));

const startSchema = z.object({
  colleague: text('Your colleague’s username', 60).transform((s) => s.replace(/^@/, '')),
  title: text('Title', PLAN_LIMITS.titleLength, { optional: true }).optional(),
  template: z.string().optional(),
});

/** Start a plan for a colleague, empty or from a template (whose items are copied in, to change freely). */
export async function startPlan(ctx: UseCaseContext & { contentDir: string; input: FormValues }): Promise<Form<Plan>> {
  const { db, actor, now } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  await assertMayAct(db, actor, now);
  authorize(actor, planPolicies.buildPlan(actor));
  const form = validate(startSchema, ctx.input);
  if (!form.ok) return form;
  const templates = await planTemplates(ctx.contentDir);
  const templateSlug = form.data.template ?? '';
  const template = templateSlug ? templates.find((t) => t.slug === templateSlug) : undefined;
  if (templateSlug && !template)
    return { ok: false, errors: { template: 'Choose one of the templates, or none.' }, values: form.values };
  const colleague = await repo.findMember(db, form.data.colleague);
  if (!colleague)
    return {
      ok: false,
      errors: { colleague: 'No member has that username. Check their profile.' },
      values: form.values,
    };
  if (colleague.id === actor.id)
    return { ok: false, errors: { colleague: 'A plan is for someone else: choose a colleague.' }, values: form.values };
  if ((await repo.countPending(db, actor.id, colleague.id)) >= PLAN_LIMITS.pendingPerPair)
    return {
      ok: false,
      errors: { colleague: `${colleague.displayName} has not yet answered the plan you sent them: change that one.` },
      values: form.values,
    };
  await enforce(db, now, [[PLAN_RULE, `user:${actor.id}`]]);
  const title = form.data.title || template?.title || 'Your first weeks';
  const plan = await db.transaction(async (tx) => {
    const made = await repo.insertPlan(tx, {
      managerId: actor.id,
      learnerId: colleague.id,
      title,
      template: template?.slug ?? null,
      now,
    });
    await repo.insertItems(tx, made.id, template?.items ?? [], now);
    // The colleague hears of it (in the hub, and by email as they chose); only they can open it.
    await notify(tx, {
      userIds: [colleague.id],
      kind: 'learning.plan_offered',
      actorId: actor.id,
      subjectType: 'learning_plan',
      subjectId: String(made.id),
      url: planUrl(made.id),
      title: `${actor.displayName} made you a plan for your first weeks: “${title}”`,
      excerpt: 'Open it to accept or decline it.',
      now,
    });
    return made;
  });
  return { ok: true, value: plan };
}

/** The plan and the actor's part in it; anyone else gets "not found". */
async function planFor(db: DbOrTx, ctx: UseCaseContext, planId: number): Promise<{ plan: Plan; role: PlanRole }> {
  const plan = await repo.findPlan(db, planId);
  const role = plan ? planPolicies.roleIn(ctx.actor, plan) : null;
  if (!plan || !role) throw planErrors.planNotFound();
  return { plan, role };
}

async function asManager(ctx: UseCaseContext & { planId: number }): Promise<Plan> {
  const { db, actor, now } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  await assertMayAct(db, actor, now);
  const { plan, role } = await planFor(db, ctx, ctx.planId);
  if (role !== 'manager') throw httpErrors.forbidden('Only the person who built this plan changes its items.');
  return plan;
}

async function asLearner(ctx: UseCaseContext & { planId: number }): Promise<Plan> {
  const { db, actor, now } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  await assertMayAct(db, actor, now);
  const { plan, role } = await planFor(db, ctx, ctx.planId);
  if (role !== 'learner') throw httpErrors.forbidden('Only the colleague the plan is for answers it.');
  return plan;
}

const articleSlug = (raw: string) =>
  raw
    .trim()
    .replace(/^https?:\/\/[^/]+/, '')
    .replace(/^\/?articles\//, '')
    .replace(/[/?#].*$/, '');

/** The manager adds an item: a lesson, an article, a workflow or a shadowing task, for a week from 1 to 12. */
export async function addPlanItem(ctx: UseCaseContext & { planId: number; input: FormValues }): Promise<Form<void>> {
  const plan = await asManager(ctx);
  const { db, now } = ctx;
  const values = ctx.input;
  const kind = str(values, 'kind') as PlanItemKind;
  if (!PLAN_ITEM_KINDS.includes(kind)) throw planErrors.badKind();
  const errors: FieldErrors = {};
  const week = weekField.safeParse(str(values, 'week'));
  if (!week.success) errors.week = week.error.issues[0]?.message ?? 'Choose a week.';
  let ref: string | null = null;
  let title = '';
  const field = kind;
  const raw = str(values, field).trim();
  if (!raw) errors[field] = kind === 'task' ? 'Describe the task.' : `Choose a ${kind}.`;
  else if (kind === 'task') {
    if (raw.length > PLAN_LIMITS.taskLength)
      errors[field] = `A task must be ${PLAN_LIMITS.taskLength} characters or fewer.`;
    title = raw.replace(/\s+/g, ' ');
  } else if (kind === 'lesson') {
    const [courseSlug = '', lessonSlug = ''] = raw.split('/');
    const course = await courses.findCourse(db, courseSlug);
    const lesson = course ? await courses.findLesson(db, course.id, lessonSlug) : undefined;
    if (!course || !lesson) errors[field] = 'Choose one of the lessons listed.';
    else [ref, title] = [`${course.slug}/${lesson.slug}`, lesson.title];
  } else if (kind === 'article') {
    const article = await findArticle(db, articleSlug(raw));
    if (!article) errors[field] = 'No article has that address. Copy it from the article’s page.';
    else [ref, title] = [article.slug, article.title];
  } else {
    const workflow = await findWorkflowBySlug(db, raw);
    if (!workflow?.slug) errors[field] = 'Choose one of the workflows listed.';
    else [ref, title] = [workflow.slug, workflow.title];
  }
  if (Object.keys(errors).length > 0 || !week.success) return { ok: false, errors, values };
  if ((await repo.countItems(db, plan.id)) >= PLAN_LIMITS.itemsPerPlan) throw planErrors.tooManyItems();
  await db.transaction(async (tx) => {
    await repo.insertItems(tx, plan.id, [{ kind, ref, title, week: week.data }], now);
    await repo.touchPlan(tx, plan.id, now);
  });
  return { ok: true, value: undefined };
}

/** The manager removes an item (its marks and note go with it). */
export async function removePlanItem(ctx: UseCaseContext & { planId: number; itemId: string }): Promise<void> {
  const plan = await asManager(ctx);
  const itemId = optionalId(ctx.itemId);
  if (itemId === undefined) throw planErrors.itemNotFound();
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.deleteItem(tx, plan.id, itemId))) throw planErrors.itemNotFound();
    await repo.touchPlan(tx, plan.id, ctx.now);
  });
}

/** The manager deletes the plan they built (the colleague's marks and notes go with it). */
export async function deletePlan(ctx: UseCaseContext & { planId: number }): Promise<void> {
  const plan = await asManager(ctx);
  await ctx.db.transaction((tx) => repo.deletePlan(tx, plan.id));
}

/** The colleague accepts the plan: from then on it is theirs to work through and mark. */
export async function acceptPlan(ctx: UseCaseContext & { planId: number }): Promise<void> {
  const plan = await asLearner(ctx);
  if (plan.acceptedAt) throw planErrors.alreadyAccepted();
  await ctx.db.transaction(async (tx) => {
    await repo.setAccepted(tx, plan.id, ctx.now);
    await tellManager(tx, ctx, plan, 'accepted');
  });
}

/** The manager hears that the colleague answered (a former member's plan has no manager to tell). */
async function tellManager(tx: DbOrTx, ctx: UseCaseContext, plan: Plan, answer: 'accepted' | 'declined') {
  if (plan.managerId === null || !ctx.actor) return;
  await notify(tx, {
    userIds: [plan.managerId],
    kind: `learning.plan_${answer}`,
    actorId: ctx.actor.id,
    subjectType: 'learning_plan',
    subjectId: String(plan.id),
    url: answer === 'accepted' ? planUrl(plan.id) : PLANS_URL,
    title: `${ctx.actor.displayName} ${answer} the plan “${plan.title}”`,
    now: ctx.now,
  });
}

/** The colleague declines a plan they have not accepted: it is deleted. */
export async function declinePlan(ctx: UseCaseContext & { planId: number }): Promise<void> {
  const plan = await asLearner(ctx);
  if (plan.acceptedAt) throw planErrors.alreadyAccepted();
  await ctx.db.transaction(async (tx) => {
    await repo.deletePlan(tx, plan.id);
    await tellManager(tx, ctx, plan, 'declined');
  });
}

const markSchema = z.object({
  status: z.enum(PLAN_MARKS, { error: 'Choose done, stuck or not yet.' }),
  note: text('Note', PLAN_LIMITS.noteLength, { optional: true }).optional(),
});

/** The colleague marks an item done, stuck or not yet, with an optional note for the manager. */
export async function markPlanItem(
  ctx: UseCaseContext & { planId: number; itemId: string; input: FormValues },
): Promise<Form<void>> {
  const plan = await asLearner(ctx);
  if (!plan.acceptedAt) throw planErrors.notYetAccepted();
  const itemId = optionalId(ctx.itemId);
  if (itemId === undefined) throw planErrors.itemNotFound();
  const form = validate(markSchema, ctx.input);
  if (!form.ok) return form;
  await ctx.db.transaction(async (tx) => {
    const found = await repo.markItem(tx, {
      planId: plan.id,
      itemId,
      status: form.data.status,
      note: form.data.note ?? '',
      now: ctx.now,
    });
    if (!found) throw planErrors.itemNotFound();
    await repo.touchPlan(tx, plan.id, ctx.now);
  });
  return { ok: true, value: undefined };
}

export interface PlanView {
  plan: Plan;
  role: PlanRole;
  manager: PlanPerson | null;
  learner: PlanPerson;
  items: ShownPlanItem[];
}

/**
 * A plan as its manager or colleague sees it: items by week with the colleague's marks and notes, a lesson counted
 * done when the colleague's progress says so (nothing else of their learning: no scores, no answers).
 */
export async function viewPlan(ctx: UseCaseContext & { planId: number }): Promise<PlanView> {
  const { db, actor } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  const { plan, role } = await planFor(db, ctx, ctx.planId);
  const items = await repo.itemsOf(db, plan.id);
  const lessonRefs = items.flatMap((i) => (i.kind === 'lesson' && i.ref ? [i.ref] : []));
  const [done, people] = await Promise.all([
    repo.lessonsDone(db, plan.learnerId, lessonRefs),
    repo.peopleByIds(db, [plan.learnerId, ...(plan.managerId ? [plan.managerId] : [])]),
  ]);
  const shown = items.map((i) => {
    const doneByProgress = i.kind === 'lesson' && i.ref !== null && done.has(i.ref) && i.status !== 'done';
    return {
      ...i,
      status: doneByProgress ? ('done' as const) : i.status,
      doneByProgress,
      href: itemHref(i.kind, i.ref),
    };
  });
  return {
    plan,
    role,
    manager: plan.managerId ? (people.get(plan.managerId) ?? null) : null,
    learner: people.get(plan.learnerId)!,
    items: shown,
  };
}

/** The plans a member built and was given, with the other person's name. */
export async function myPlans(
  ctx: UseCaseContext,
): Promise<Array<{ plan: Plan; role: PlanRole; other: PlanPerson | null }>> {
  const { db, actor } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  const plans = await repo.plansOf(db, actor.id);
  const people = await repo.peopleByIds(db, [
    ...new Set(plans.flatMap((p) => [p.learnerId, ...(p.managerId ? [p.managerId] : [])])),
  ]);
  return plans.map((plan) => {
    const role: PlanRole = plan.learnerId === actor.id ? 'learner' : 'manager';
    const otherId = role === 'learner' ? plan.managerId : plan.learnerId;
    return { plan, role, other: otherId ? (people.get(otherId) ?? null) : null };
  });
}

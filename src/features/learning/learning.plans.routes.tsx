import { Hono } from 'hono';
import { type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import { type FormValues, readForm, str } from '../../platform/http/forms';
import { idParam } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { listWorkflowOriginals } from '../workflows';
import { learningLogCsv, learningLogOf } from './learning.log';
import { planErrors } from './learning.plans.errors';
import { type PlanItemKind, PLANS_URL, planUrl } from './learning.plans.models';
import { lessonChoices } from './learning.plans.repository';
import { planTemplates } from './learning.plans.template';
import * as usecases from './learning.plans.usecases';
import { isoDay } from './learning.models';
import { LearningLogView } from './views/log';
import { NewPlanView, type PlanPageProps, PlanPageView, PlansIndexView } from './views/plans';

const HOME = { label: 'Home', href: '/' };
const LEARNING = { label: 'Learning', href: '/learning' };
const PLANS = { label: 'Onboarding plans', href: PLANS_URL };

function ctx(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, actor: requireActor(c), now: d.clock.now() };
}

const NOTICES: Record<string, string> = {
  started: 'Plan started. Your colleague sees it on their learning page; change it here at any time.',
  added: 'Item added.',
  removed: 'Item removed.',
  accepted: 'Plan accepted. Mark each item done or stuck as you go.',
  marked: 'Mark saved.',
  declined: 'Plan declined and deleted.',
  deleted: 'Plan deleted.',
};

async function newPlanPage(c: AppContext, values?: FormValues, errors?: Record<string, string>) {
  const templates = await planTemplates(c.get('deps').config.contentDir);
  return renderPage(
    c,
    { title: 'Build a plan for a colleague', breadcrumbs: [HOME, LEARNING, PLANS, { label: 'New plan' }] },
    <NewPlanView
      templates={templates.map((t) => ({ slug: t.slug, title: t.title, summary: t.summary, items: t.items.length }))}
      csrfToken={csrfTokenFor(c)}
      values={values}
      errors={errors}
    />,
    errors ? 400 : 200,
  );
}

async function planPage(c: AppContext, planId: number, failed?: PlanPageProps['failed']) {
  const context = ctx(c);
  const view = await usecases.viewPlan({ ...context, planId });
  const manager = view.role === 'manager';
  const [lessons, workflows] = manager
    ? await Promise.all([lessonChoices(context.db), listWorkflowOriginals(context.db)])
    : [[], []];
  const notice = NOTICES[c.req.query('notice') ?? ''];
  return renderPage(
    c,
    { title: view.plan.title, breadcrumbs: [HOME, LEARNING, PLANS, { label: view.plan.title }] },
    <PlanPageView
      {...view}
      csrfToken={csrfTokenFor(c)}
      lessons={lessons}
      workflows={workflows.flatMap((w) => (w.slug ? [{ value: w.slug, label: w.title }] : []))}
      failed={failed}
      notice={failed ? undefined : notice}
    />,
    failed ? 400 : 200,
  );
}

/** Onboarding plans under /learning/plans (private to a plan's manager and colleague). */
export function createPlanRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const planId = (c: AppContext) => idParam(c.req.param('id'), planErrors.planNotFound);

  routes.get('/', async (c) => {
    const plans = await usecases.myPlans(ctx(c));
    return renderPage(
      c,
      { title: 'Onboarding plans', breadcrumbs: [HOME, LEARNING, { label: 'Onboarding plans' }] },
      <PlansIndexView plans={plans} notice={NOTICES[c.req.query('notice') ?? '']} />,
    );
  });

  routes.get('/new', async (c) => {
    requireActor(c);
    return newPlanPage(c);
  });

  routes.post('/', async (c) => {
    const input = await readForm(c);
    const result = await usecases.startPlan({ ...ctx(c), contentDir: c.get('deps').config.contentDir, input });
    if (!result.ok) return newPlanPage(c, result.values, result.errors);
    return seeOther(c, `${planUrl(result.value.id)}?notice=started`);
  });

  routes.get('/:id', (c) => planPage(c, planId(c)));

  routes.post('/:id/items', async (c) => {
    const id = planId(c);
    const input = await readForm(c);
    const result = await usecases.addPlanItem({ ...ctx(c), planId: id, input });
    if (!result.ok)
      return planPage(c, id, {
        form: str(input, 'kind') as PlanItemKind,
        values: result.values,
        errors: result.errors,
      });
    return seeOther(c, `${planUrl(id)}?notice=added`);
  });

  routes.post('/:id/remove', async (c) => {
    const id = planId(c);
    const input = await readForm(c);
    await usecases.removePlanItem({ ...ctx(c), planId: id, itemId: str(input, 'item') });
    return seeOther(c, `${planUrl(id)}?notice=removed`);
  });

  routes.post('/:id/mark', async (c) => {
    const id = planId(c);
    const input = await readForm(c);
    const itemId = str(input, 'item');
    const result = await usecases.markPlanItem({ ...ctx(c), planId: id, itemId, input });
    if (!result.ok)
      return planPage(c, id, { form: `mark-${Number(itemId)}`, values: result.values, errors: result.errors });
    return seeOther(c, `${planUrl(id)}?notice=marked`);
  });

  routes.post('/:id/accept', async (c) => {
    const id = planId(c);
    await c.req.parseBody();
    await usecases.acceptPlan({ ...ctx(c), planId: id });
    return seeOther(c, `${planUrl(id)}?notice=accepted`);
  });

  routes.post('/:id/decline', async (c) => {
    const id = planId(c);
    await c.req.parseBody();
    await usecases.declinePlan({ ...ctx(c), planId: id });
    return seeOther(c, `${PLANS_URL}?notice=declined`);
  });

  routes.post('/:id/delete', async (c) => {
    const id = planId(c);
    await c.req.parseBody();
    await usecases.deletePlan({ ...ctx(c), planId: id });
    return seeOther(c, `${PLANS_URL}?notice=deleted`);
  });

  return routes;
}

/** The member's own learning log under /learning/log (a printable page) and /learning/log.csv. */
export function addLogRoutes(routes: Hono<AppEnv>): void {
  routes.get('/log', async (c) => {
    const { db, actor, now } = ctx(c);
    const log = await learningLogOf(db, actor.id, now);
    return renderPage(
      c,
      { title: 'Learning log', breadcrumbs: [HOME, LEARNING, { label: 'Learning log' }] },
      <LearningLogView log={log} name={actor.displayName} today={now} />,
    );
  });

  routes.get('/log.csv', async (c) => {
    const { db, actor, now } = ctx(c);
    const log = await learningLogOf(db, actor.id, now);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="learning-log-${isoDay(now)}.csv"`);
    c.header('Cache-Control', 'private, no-store');
    return c.body(learningLogCsv(log));
  });
}

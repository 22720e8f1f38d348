/**
 * /reports/assessment (the member's self-assessment and its progress) and /reports/recipes (report recipes, public
 * and cached like other public pages). Thin handlers: the rules are in reports.assessment.usecases.ts and
 * reports.recipes.usecases.ts (docs/decisions/047).
 */
import { Hono } from 'hono';
import { publicPage } from '../../platform/cache/public-page';
import { type AppContext, type AppEnv, actorOf, requireActor } from '../../platform/http/context';
import { type FieldErrors, type FormValues, readForm } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { idParam } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { pageHtml, renderPage } from '../../platform/ui/render';
import { checklistFor } from './reports.assessment.content';
import { assessmentErrors } from './reports.assessment.errors';
import { assessmentUrl, formValuesOf } from './reports.assessment.models';
import { myAssessments, readAssessment, saveAssessment } from './reports.assessment.usecases';
import { markRecipeReviewed, readRecipe, recipeList } from './reports.recipes.usecases';
import { AssessmentPage, AssessmentRecordPage } from './views/assessment';
import { RecipeListPage, RecipePage } from './views/recipes';

const crumbs = (...more: Array<{ label: string; href?: string }>) => [
  { label: 'Home', href: '/' },
  { label: 'Reports', href: '/reports' },
  ...more,
];

async function ctxOf(c: AppContext) {
  const { database, clock, config } = c.get('deps');
  return { db: database.db, now: clock.now(), checklist: await checklistFor(config.contentDir) };
}

async function assessmentPage(c: AppContext, form?: { values: FormValues; errors: FieldErrors }) {
  const ctx = await ctxOf(c);
  const view = await myAssessments({ ...ctx, actor: requireActor(c) });
  return renderPage(
    c,
    { title: 'Self-assessment', breadcrumbs: crumbs({ label: 'Self-assessment' }) },
    <AssessmentPage
      csrfToken={csrfTokenFor(c)}
      checklist={ctx.checklist}
      values={form?.values ?? formValuesOf(view.latest)}
      errors={form?.errors}
      notice={c.req.query('notice') === 'saved' ? 'Your assessment is saved.' : undefined}
      {...view}
    />,
    form ? 400 : 200,
  );
}

/** Path prefix "/reports" (merged with the feature's other route files). */
export function createAssessmentRoutes(): RouteMounts {
  const routes = new Hono<AppEnv>();

  routes.get('/assessment', (c) => assessmentPage(c));

  routes.post('/assessment', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const result = await saveAssessment({ ...(await ctxOf(c)), actor, values });
    if (!result.ok) return assessmentPage(c, { values, errors: result.errors });
    return seeOther(c, `${assessmentUrl()}?notice=saved`);
  });

  routes.get('/assessment/:id', async (c) => {
    const assessmentId = idParam(c.req.param('id'), assessmentErrors.notFound);
    const ctx = await ctxOf(c);
    const view = await readAssessment({ ...ctx, actor: requireActor(c), assessmentId });
    return renderPage(
      c,
      {
        title: 'Saved assessment',
        breadcrumbs: crumbs({ label: 'Self-assessment', href: assessmentUrl() }, { label: 'Saved assessment' }),
      },
      <AssessmentRecordPage checklist={ctx.checklist} {...view} />,
    );
  });

  routes.get('/recipes', async (c) => {
    const { database, clock } = c.get('deps');
    const recipes = await recipeList({ db: database.db, now: clock.now(), actor: actorOf(c) });
    return publicPage(c, () =>
      pageHtml(
        c,
        {
          title: 'Report recipes',
          description: 'Step-by-step guides to reporting ILL figures to a director, a consortium or administration.',
          breadcrumbs: crumbs({ label: 'Report recipes' }),
        },
        <RecipeListPage recipes={recipes} />,
      ),
    );
  });

  routes.get('/recipes/:slug', async (c) => {
    const { database, clock } = c.get('deps');
    const actor = actorOf(c);
    const now = clock.now();
    const view = await readRecipe({ db: database.db, now, actor, slug: c.req.param('slug') });
    // Only signed-in readers get a private page, so the button and "overdue" (today's) never reach the cache.
    const review = view.canReview
      ? { csrfToken: csrfTokenFor(c), overdue: view.recipe.reviewDue < now.toISOString().slice(0, 10) }
      : undefined;
    const notice = actor && c.req.query('notice') === 'reviewed' ? 'Review recorded.' : undefined;
    return publicPage(c, () =>
      pageHtml(
        c,
        {
          title: view.recipe.title,
          description: view.recipe.summary,
          breadcrumbs: crumbs({ label: 'Report recipes', href: '/reports/recipes' }, { label: view.recipe.title }),
        },
        <RecipePage {...view} review={review} notice={notice} />,
      ),
    );
  });

  routes.post('/recipes/:slug/reviewed', async (c) => {
    const actor = requireActor(c);
    const { database, clock } = c.get('deps');
    const slug = c.req.param('slug');
    await markRecipeReviewed({ db: database.db, now: clock.now(), actor, slug });
    return seeOther(c, `/reports/recipes/${encodeURIComponent(slug)}?notice=reviewed`);
  });

  return { '/reports': routes };
}

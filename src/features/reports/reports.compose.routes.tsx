/**
 * /reports: composed reports, sharing by link, and the public gallery of report examples. Thin handlers: the
 * rules are in reports.compose.usecases.ts.
 */
import { Hono } from 'hono';
import { type AppContext, type AppEnv, actorOf, requireActor } from '../../platform/http/context';
import { readForm, str, validate } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { idParam } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { composeErrors } from './reports.compose.errors';
import { composedUrl, composeSchema, exampleUrl, publishSchema, type Sharing } from './reports.compose.models';
import {
  composeChoices,
  composeReport,
  deleteComposedReport,
  galleryExamples,
  markExampleReviewed,
  publishReport,
  readExample,
  readReport,
  readSharedReport,
  reportReviewsOverdue,
  reviseReport,
  shareReport,
} from './reports.compose.usecases';
import { reportsErrors } from './reports.errors';
import { type MeasureTable, tableCsv } from './reports.tables';
import { ComposeForm, ExamplePage, GalleryPage, monthOptions, ReportPage, SharedPage } from './views/compose-views';
import { REPORT_REVIEWS_TITLE, ReportReviewsView } from './views/report-reviews';

const crumbs = (...more: Array<{ label: string; href?: string }>) => [
  { label: 'Home', href: '/' },
  { label: 'Reports', href: '/reports' },
  ...more,
];
const galleryCrumbs = (...more: Array<{ label: string; href?: string }>) =>
  crumbs({ label: 'Report examples', href: '/reports/examples' }, ...more);

const NOTICES: Record<string, string> = {
  composed: 'The report is composed. It is private until you share it.',
  saved: 'The report is saved.',
  private: 'The report is private again: only you can read it.',
  link: 'Anyone with the new link can read the report; any earlier link no longer works.',
  group: 'The members of the dataset’s group can read the report.',
  published: 'Published: the report is in the gallery of report examples and in search.',
};

const deps = (c: AppContext) => {
  const { database, clock, config } = c.get('deps');
  return { db: database.db, now: clock.now(), baseUrl: config.baseUrl };
};

function csv(c: AppContext, tables: MeasureTable[], name: string) {
  const slug = c.req.param('measure')!.replace(/\.csv$/, '');
  const table = tables.find((t) => t.slug === slug);
  if (!table) throw reportsErrors.measureNotFound();
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${name}-${slug}.csv"`);
  c.header('Cache-Control', 'private, no-store');
  return c.body(tableCsv(table));
}

async function reportPage(
  c: AppContext,
  reportId: number,
  extra: { publishValues?: Record<string, string | string[]>; publishErrors?: Record<string, string> } = {},
  status: 200 | 400 = 200,
) {
  const { db, now, baseUrl } = deps(c);
  const view = await readReport({ db, now, actor: actorOf(c), reportId, charts: true });
  const notice = NOTICES[c.req.query('notice') ?? ''];
  return renderPage(
    c,
    { title: view.report.title, breadcrumbs: crumbs({ label: view.report.title }) },
    <ReportPage
      csrfToken={csrfTokenFor(c)}
      report={view.report}
      tables={view.tables}
      charts={view.charts}
      csvBase={composedUrl(view.report.id)}
      datasetName={view.datasetName}
      groupName={view.groupName}
      mine={view.mine}
      baseUrl={baseUrl}
      notice={notice}
      {...extra}
    />,
    status,
  );
}

/** Path prefix "/reports" (merged with reports.routes.tsx). */
export function createComposeRoutes(): RouteMounts {
  const routes = new Hono<AppEnv>();

  async function composeForm(
    c: AppContext,
    datasetId: number,
    values: Record<string, string | string[]>,
    errors?: Record<string, string>,
  ) {
    const { db, now } = deps(c);
    const choices = await composeChoices({ db, now, actor: requireActor(c), datasetId });
    const months = monthOptions(choices.period.from, choices.period.to);
    return renderPage(
      c,
      {
        title: 'Compose a report',
        breadcrumbs: crumbs(
          { label: choices.dataset.name, href: `/reports/datasets/${datasetId}` },
          { label: 'Compose a report' },
        ),
      },
      <ComposeForm
        csrfToken={csrfTokenFor(c)}
        action={`/reports/datasets/${datasetId}/compose`}
        datasetName={choices.dataset.name}
        measures={choices.measures}
        months={months}
        values={{ periodFrom: months[0]?.value ?? '', periodTo: months.at(-1)?.value ?? '', ...values }}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  }

  routes.get('/datasets/:datasetId/compose', (c) =>
    composeForm(c, idParam(c.req.param('datasetId'), reportsErrors.notFound), {}),
  );

  routes.post('/datasets/:datasetId/compose', async (c) => {
    const actor = requireActor(c);
    const datasetId = idParam(c.req.param('datasetId'), reportsErrors.notFound);
    const form = validate(composeSchema, await readForm(c));
    if (!form.ok) return composeForm(c, datasetId, form.values, form.errors);
    const { db, now } = deps(c);
    const result = await composeReport({ db, now, actor, datasetId, input: form.data });
    if (!result.ok) return composeForm(c, datasetId, form.values, result.errors);
    return seeOther(c, `${composedUrl(result.report.id)}?notice=composed`);
  });

  routes.get('/composed/:id', (c) => reportPage(c, idParam(c.req.param('id'), composeErrors.notFound)));

  async function editForm(
    c: AppContext,
    reportId: number,
    values?: Record<string, string | string[]>,
    errors?: Record<string, string>,
  ) {
    const { db, now } = deps(c);
    const actor = requireActor(c);
    const view = await readReport({ db, now, actor, reportId });
    if (!view.mine) throw composeErrors.notFound();
    const choices = await composeChoices({ db, now, actor, datasetId: view.report.datasetId });
    const r = view.report;
    return renderPage(
      c,
      {
        title: 'Edit the report',
        breadcrumbs: crumbs({ label: r.title, href: composedUrl(r.id) }, { label: 'Edit' }),
      },
      <ComposeForm
        csrfToken={csrfTokenFor(c)}
        action={`${composedUrl(r.id)}/edit`}
        datasetName={choices.dataset.name}
        measures={choices.measures}
        months={monthOptions(choices.period.from, choices.period.to)}
        values={
          values ?? {
            title: r.title,
            measures: r.measures,
            periodFrom: r.periodFrom,
            periodTo: r.periodTo,
            commentary: r.commentary,
          }
        }
        errors={errors}
        editing
      />,
      errors ? 400 : 200,
    );
  }

  routes.get('/composed/:id/edit', (c) => editForm(c, idParam(c.req.param('id'), composeErrors.notFound)));

  routes.post('/composed/:id/edit', async (c) => {
    const actor = requireActor(c);
    const reportId = idParam(c.req.param('id'), composeErrors.notFound);
    const form = validate(composeSchema, await readForm(c));
    if (!form.ok) return editForm(c, reportId, form.values, form.errors);
    const { db, now } = deps(c);
    const result = await reviseReport({ db, now, actor, reportId, input: form.data });
    if (!result.ok) return editForm(c, reportId, form.values, result.errors);
    return seeOther(c, `${composedUrl(reportId)}?notice=saved`);
  });

  routes.post('/composed/:id/sharing', async (c) => {
    const actor = requireActor(c);
    const reportId = idParam(c.req.param('id'), composeErrors.notFound);
    const chosen = str(await readForm(c), 'sharing');
    const sharing: Exclude<Sharing, 'public'> = chosen === 'link' || chosen === 'group' ? chosen : 'private';
    const { db, now } = deps(c);
    await shareReport({ db, now, actor, reportId, sharing });
    return seeOther(c, `${composedUrl(reportId)}?notice=${sharing}`);
  });

  routes.post('/composed/:id/publish', async (c) => {
    const actor = requireActor(c);
    const reportId = idParam(c.req.param('id'), composeErrors.notFound);
    const form = validate(publishSchema, await readForm(c));
    if (!form.ok) return reportPage(c, reportId, { publishValues: form.values, publishErrors: form.errors }, 400);
    const { db, now } = deps(c);
    await publishReport({ db, now, actor, reportId, input: form.data });
    return seeOther(c, `${composedUrl(reportId)}?notice=published`);
  });

  routes.post('/composed/:id/delete', async (c) => {
    const actor = requireActor(c);
    const reportId = idParam(c.req.param('id'), composeErrors.notFound);
    await c.req.parseBody();
    const { db, now } = deps(c);
    await deleteComposedReport({ db, now, actor, reportId });
    return seeOther(c, '/reports');
  });

  routes.get('/composed/:id/:measure{[a-z-]+\\.csv}', async (c) => {
    const reportId = idParam(c.req.param('id'), composeErrors.notFound);
    const { db, now } = deps(c);
    const view = await readReport({ db, now, actor: actorOf(c), reportId });
    return csv(c, view.tables, `report-${reportId}`);
  });

  routes.get('/shared/:token', async (c) => {
    const { db, now } = deps(c);
    const view = await readSharedReport({ db, now, actor: actorOf(c), token: c.req.param('token'), charts: true });
    c.header('Referrer-Policy', 'no-referrer');
    return renderPage(
      c,
      { title: view.report.title, breadcrumbs: crumbs({ label: view.report.title }) },
      <SharedPage
        report={view.report}
        tables={view.tables}
        charts={view.charts}
        csvBase={`/reports/shared/${c.req.param('token')}`}
      />,
    );
  });

  routes.get('/shared/:token/:measure{[a-z-]+\\.csv}', async (c) => {
    const { db, now } = deps(c);
    const view = await readSharedReport({ db, now, actor: actorOf(c), token: c.req.param('token') });
    return csv(c, view.tables, 'shared-report');
  });

  routes.get('/examples', async (c) => {
    const { db, now } = deps(c);
    const actor = actorOf(c);
    const examples = await galleryExamples({ db, now, actor });
    return renderPage(
      c,
      {
        title: 'Report examples',
        description: 'ILL reports libraries made from their own statistics: why, for whom, how they were received.',
        breadcrumbs: crumbs({ label: 'Report examples' }),
      },
      <GalleryPage examples={examples} signedIn={actor !== null} />,
    );
  });

  routes.get('/examples/:id', async (c) => {
    const reportId = idParam(c.req.param('id'), composeErrors.notFound);
    const { db, now } = deps(c);
    const actor = actorOf(c);
    const view = await readExample({ db, now, actor, reportId, charts: true });
    return renderPage(
      c,
      {
        title: view.report.title,
        description: view.report.purpose ?? undefined,
        breadcrumbs: galleryCrumbs({ label: view.report.title }),
      },
      <ExamplePage
        report={view.report}
        tables={view.tables}
        charts={view.charts}
        csvBase={exampleUrl(view.report.id)}
        maintainedBy={view.maintainedBy}
        reviewOverdue={view.report.reviewDue !== null && view.report.reviewDue < now.toISOString().slice(0, 10)}
        canReview={view.canReview}
        csrfToken={csrfTokenFor(c)}
        notice={c.req.query('notice') === 'reviewed' ? 'Review recorded.' : undefined}
      />,
    );
  });

  routes.post('/examples/:id/reviewed', async (c) => {
    const actor = requireActor(c);
    const reportId = idParam(c.req.param('id'), composeErrors.notFound);
    await c.req.parseBody();
    const { db, now } = deps(c);
    await markExampleReviewed({ db, now, actor, reportId });
    return seeOther(c, `${exampleUrl(reportId)}?notice=reviewed`);
  });

  // The content-health pages' list (the hub's, or ?group= one maintaining group's).
  routes.get('/reviews', async (c) => {
    const { db, now } = deps(c);
    const view = await reportReviewsOverdue({
      db,
      now,
      actor: requireActor(c),
      groupSlug: c.req.query('group') || undefined,
    });
    const healthCrumb = { label: 'Content health', href: view.group ? `/groups/${view.group.slug}/health` : '/health' };
    return renderPage(
      c,
      {
        title: REPORT_REVIEWS_TITLE,
        breadcrumbs: [{ label: 'Home', href: '/' }, healthCrumb, { label: REPORT_REVIEWS_TITLE }],
      },
      <ReportReviewsView {...view} />,
    );
  });

  routes.get('/examples/:id/:measure{[a-z-]+\\.csv}', async (c) => {
    const reportId = idParam(c.req.param('id'), composeErrors.notFound);
    const { db, now } = deps(c);
    const view = await readExample({ db, now, actor: actorOf(c), reportId });
    return csv(c, view.tables, `report-example-${reportId}`);
  });

  return { '/reports': routes };
}

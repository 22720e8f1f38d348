/**
 * /reports: cost inputs (/datasets/:id/costs), peer comparison (/datasets/:id/peers) and the public PLS reference
 * page (/reference). Merged into the reports sub-app by reports.routes.tsx. Thin: the rules are in
 * reports.peers.usecases.ts.
 */
import { Hono } from 'hono';
import { type AppContext, type AppEnv, actorOf, requireActor } from '../../platform/http/context';
import { type FormValues, readForm, str, validate } from '../../platform/http/forms';
import { idParam } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { COST_FIELDS, type CostInputs, costSchema } from './reports.costs';
import { reportsErrors } from './reports.errors';
import {
  COHORT_KEYS,
  type CohortKey,
  type PeerSettings,
  peerSettingsProblems,
  sizeBandLabel,
} from './reports.peers.models';
import { joinPeers, leavePeers, saveCosts, viewComparison, viewCosts, viewReference } from './reports.peers.usecases';
import { tableCsv } from './reports.tables';
import { CostsPage, PeersPage, ReferencePage } from './views/reports-peers-views';

const crumbs = (...more: Array<{ label: string; href?: string }>) => [
  { label: 'Home', href: '/' },
  { label: 'Reports', href: '/reports' },
  ...more,
];

const ctxOf = (c: AppContext) => {
  const { database, clock } = c.get('deps');
  return { db: database.db, actor: requireActor(c), now: clock.now() };
};

const NOTICES: Record<string, string> = {
  costs: 'Cost inputs saved.',
  joined: 'You joined peer comparison: your yearly aggregates are shared.',
  left: 'You opted out: your shared aggregates were deleted.',
};

async function costsPage(
  c: AppContext,
  datasetId: number,
  form?: { values: FormValues; errors?: Record<string, string> },
) {
  const view = await viewCosts({ ...ctxOf(c), datasetId });
  const values: FormValues =
    form?.values ?? (view.inputs ? Object.fromEntries(COST_FIELDS.map((f) => [f, view.inputs![f].toFixed(2)])) : {});
  return renderPage(
    c,
    {
      title: 'Costs and savings',
      breadcrumbs: crumbs({ label: view.dataset.name, href: `/reports/datasets/${datasetId}` }, { label: 'Costs' }),
    },
    <CostsPage
      csrfToken={csrfTokenFor(c)}
      dataset={view.dataset}
      values={values}
      errors={form?.errors}
      counts={view.counts}
      figures={view.figures}
      assumptions={view.assumptions}
      notice={c.req.query('notice') === 'costs' ? NOTICES.costs : undefined}
    />,
    form?.errors ? 400 : 200,
  );
}

const settingsOf = (values: FormValues): PeerSettings =>
  Object.fromEntries(COHORT_KEYS.map((k) => [k, str(values, k).trim() || null])) as PeerSettings;

async function peersPage(
  c: AppContext,
  datasetId: number,
  form?: { values: FormValues; errors: Record<string, string> },
) {
  const deps = c.get('deps');
  const [view, vocabulary] = await Promise.all([
    viewComparison({ ...ctxOf(c), datasetId }),
    vocabularyFor(deps.config.contentDir),
  ]);
  const labelOf = (key: string, value: string) =>
    key === 'sizeBand'
      ? sizeBandLabel(value)
      : key === 'libraryType'
        ? vocabulary.libraryTypes.label(value)
        : key === 'region'
          ? vocabulary.regions.label(value)
          : vocabulary.systems.label(value);
  const values: FormValues =
    form?.values ??
    (view.profile ? Object.fromEntries(COHORT_KEYS.map((k) => [k, view.profile![k as CohortKey] ?? ''])) : {});
  const notice = c.req.query('notice');
  return renderPage(
    c,
    {
      title: 'Compare with peers',
      breadcrumbs: crumbs({ label: view.dataset.name, href: `/reports/datasets/${datasetId}` }, { label: 'Peers' }),
    },
    <PeersPage
      csrfToken={csrfTokenFor(c)}
      dataset={view.dataset}
      profile={view.profile}
      shared={view.shared}
      cohorts={view.cohorts}
      options={{
        libraryType: vocabulary.libraryTypes.options(),
        region: vocabulary.regions.options(),
        system: vocabulary.systems.options(),
      }}
      labelOf={labelOf}
      values={values}
      errors={form?.errors}
      notice={notice === 'joined' || notice === 'left' ? NOTICES[notice] : undefined}
    />,
    form ? 400 : 200,
  );
}

function referenceQuery(c: AppContext) {
  const year = Number(c.req.query('year'));
  return {
    year: Number.isInteger(year) ? year : undefined,
    state: c.req.query('state')?.slice(0, 4) || undefined,
    band: c.req.query('band')?.slice(0, 20) || undefined,
  };
}

export function createPeerRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/datasets/:datasetId/costs', async (c) =>
    costsPage(c, idParam(c.req.param('datasetId'), reportsErrors.notFound)),
  );

  routes.post('/datasets/:datasetId/costs', async (c) => {
    const datasetId = idParam(c.req.param('datasetId'), reportsErrors.notFound);
    const ctx = ctxOf(c);
    const form = validate(costSchema, await readForm(c));
    if (!form.ok) return costsPage(c, datasetId, { values: form.values, errors: form.errors });
    await saveCosts({ ...ctx, datasetId, inputs: form.data as CostInputs });
    return seeOther(c, `/reports/datasets/${datasetId}/costs?notice=costs`);
  });

  routes.get('/datasets/:datasetId/peers', async (c) =>
    peersPage(c, idParam(c.req.param('datasetId'), reportsErrors.notFound)),
  );

  routes.post('/datasets/:datasetId/peers', async (c) => {
    const datasetId = idParam(c.req.param('datasetId'), reportsErrors.notFound);
    const ctx = ctxOf(c);
    const values = await readForm(c);
    const settings = settingsOf(values);
    const vocabulary = await vocabularyFor(c.get('deps').config.contentDir);
    const errors = peerSettingsProblems(settings, vocabulary);
    if (Object.keys(errors).length) return peersPage(c, datasetId, { values, errors });
    await joinPeers({ ...ctx, datasetId, settings, vocabulary });
    return seeOther(c, `/reports/datasets/${datasetId}/peers?notice=joined`);
  });

  routes.post('/datasets/:datasetId/peers/leave', async (c) => {
    const datasetId = idParam(c.req.param('datasetId'), reportsErrors.notFound);
    const ctx = ctxOf(c);
    await c.req.parseBody();
    await leavePeers({ ...ctx, datasetId });
    return seeOther(c, `/reports/datasets/${datasetId}/peers?notice=left`);
  });

  routes.get('/reference', async (c) => {
    const { database, clock } = c.get('deps');
    const query = referenceQuery(c);
    const view = await viewReference({ db: database.db, actor: actorOf(c), now: clock.now(), ...query, chart: true });
    const params = new URLSearchParams();
    if (view.year !== undefined) params.set('year', String(view.year));
    if (view.state) params.set('state', view.state);
    if (view.band) params.set('band', view.band);
    return renderPage(
      c,
      { title: 'Public library ILL reference figures', breadcrumbs: crumbs({ label: 'Reference figures' }) },
      <ReferencePage
        choices={view.choices}
        year={view.year}
        state={view.state}
        band={view.band}
        table={view.table ?? { slug: 'reference', caption: '', about: '', columns: [], rows: [] }}
        chart={view.chart}
        csvHref={`/reports/reference.csv?${params.toString()}`}
      />,
    );
  });

  routes.get('/reference.csv', async (c) => {
    const { database, clock } = c.get('deps');
    const view = await viewReference({ db: database.db, actor: actorOf(c), now: clock.now(), ...referenceQuery(c) });
    if (!view.table) throw reportsErrors.measureNotFound();
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="pls-ill-${view.year}.csv"`);
    return c.body(tableCsv(view.table));
  });

  return routes;
}

/** /reports: a member's private datasets. Thin handlers: the rules are in reports.usecases.ts. */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type AppContext, type AppEnv, actorOf, requireActor } from '../../platform/http/context';
import { AppError, formatBytes } from '../../platform/http/errors';
import type { FormValues } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { idParam } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { reportsErrors } from './reports.errors';
import type { Mapping } from './reports.import';
import {
  type Dataset,
  DIRECTIONS,
  type Direction,
  FIELDS,
  PRESETS,
  type PresetName,
  REPORT_LIMITS,
} from './reports.models';
import { createPeerRoutes } from './reports.peers.routes';
import { measureTables, tableCsv } from './reports.tables';
import {
  deleteDataset,
  type ImportOutcome,
  importIntoDataset,
  importNewDataset,
  listDatasets,
  reportPolicies,
  viewDataset,
} from './reports.usecases';
import { DatasetPage, PublicReportsIndex, ReportsIndex, UploadPage, type UploadPageProps } from './views/reports-views';
import { datasetWorkspace, myReports, uploadWorkspaces } from './reports.compose.usecases';
import { ComposedIndex } from './views/compose-views';

const NEW_PATH = '/reports/datasets/new';
const crumbs = (...more: Array<{ label: string; href?: string }>) => [
  { label: 'Home', href: '/' },
  { label: 'Reports', href: '/reports' },
  ...more,
];

function uploadPage(
  c: AppContext,
  props: Partial<Omit<UploadPageProps, 'csrfToken' | 'maxBytes'>>,
  status: ContentfulStatusCode = 200,
) {
  const dataset = props.dataset;
  const title = dataset ? 'Upload more' : 'Upload an export';
  return renderPage(
    c,
    {
      title,
      breadcrumbs: dataset
        ? crumbs({ label: dataset.name, href: `/reports/datasets/${dataset.id}` }, { label: title })
        : crumbs({ label: title }),
    },
    <UploadPage
      csrfToken={csrfTokenFor(c)}
      action={dataset ? `/reports/datasets/${dataset.id}/upload` : NEW_PATH}
      values={props.values ?? { preset: 'illiad' }}
      maxBytes={formatBytes(REPORT_LIMITS.maxBytes)}
      {...props}
    />,
    status,
  );
}

const tooLargeMessage = () =>
  `That file is larger than the hub accepts (the limit is ${formatBytes(REPORT_LIMITS.maxBytes)}). Export a shorter period.`;

/** A body over the limit cannot be read: the upload form again, the limit beside the file field (413). */
export async function reportsTooLargePage(c: AppContext): Promise<Response | undefined> {
  if (!/^\/reports\/datasets\/(new|\d+\/upload)$/.test(c.req.path)) return undefined;
  return uploadPage(c, { fileError: tooLargeMessage() }, 413);
}

async function readUpload(c: AppContext) {
  const body = await c.req.parseBody();
  const values: FormValues = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v;
  const file = body.file instanceof File && body.file.size > 0 ? body.file : undefined;
  return { values, file };
}

/** The workbook sheet chosen, when one was. */
const sheetOf = (values: FormValues) => (typeof values.sheet === 'string' && values.sheet ? values.sheet : undefined);

/** The member's choices on the mapping screen, or undefined when there were none. */
function chosenMapping(values: FormValues): Mapping | undefined {
  const mapping: Mapping = {};
  let any = false;
  for (const f of FIELDS) {
    const v = values[`map_${f}`];
    if (typeof v === 'string' && v) {
      mapping[f] = v;
      any = true;
    }
  }
  const fixed = values.fixedDirection;
  if (typeof fixed === 'string' && (DIRECTIONS as readonly string[]).includes(fixed)) {
    mapping.fixedDirection = fixed as Direction;
    any = true;
  }
  return any ? mapping : undefined;
}

function outcomePage(c: AppContext, outcome: ImportOutcome, values: FormValues, dataset?: Dataset) {
  if (outcome.kind === 'stored') {
    const notice = outcome.replaced ? `replaced-${outcome.stored}-${outcome.replaced}` : `stored-${outcome.stored}`;
    return seeOther(c, `/reports/datasets/${outcome.datasetId}?notice=${notice}`);
  }
  const read = outcome.read;
  const errors =
    read.outcome.kind === 'invalid' ? { errors: read.outcome.errors, count: read.outcome.errorCount } : undefined;
  return uploadPage(c, { values, read, errors, dataset }, 400);
}

function refusal(c: AppContext, error: unknown, values: FormValues, dataset?: Dataset) {
  if (error instanceof AppError && (error.code === 'reports.file_refused' || error.code === 'reports.file_too_large'))
    return uploadPage(c, { values, fileError: error.message, dataset }, error.status as ContentfulStatusCode);
  throw error;
}

function noticeText(raw: string | undefined): string | undefined {
  const m = raw?.match(/^(stored|replaced)-(\d+)(?:-(\d+))?$/);
  if (!m) return undefined;
  return m[1] === 'stored'
    ? `Imported ${m[2]} requests.`
    : `Imported ${m[2]} requests; they replaced the ${m[3]} already held for the same period.`;
}

/** Path prefix "/reports". */
export function createReportRoutes(): RouteMounts {
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const actor = actorOf(c);
    // A visitor sees what is public: the report examples, the recipes and the reference figures.
    if (!actor) return renderPage(c, { title: 'Reports', breadcrumbs: crumbs() }, <PublicReportsIndex />);
    const { database, clock } = c.get('deps');
    const datasets = await listDatasets({ db: database.db, actor, now: clock.now() });
    // Composed reports and group workspaces (docs/decisions/044).
    const reports = await myReports({ db: database.db, actor, now: clock.now() });
    return renderPage(
      c,
      { title: 'Reports', breadcrumbs: crumbs() },
      <>
        <ReportsIndex datasets={datasets} />
        <ComposedIndex {...reports} />
      </>,
    );
  });

  routes.get('/datasets/new', async (c) => {
    const actor = requireActor(c);
    if (!reportPolicies.upload(actor)) throw reportsErrors.membersOnly();
    const { database, clock } = c.get('deps');
    return uploadPage(c, { workspaces: await uploadWorkspaces({ db: database.db, actor, now: clock.now() }) });
  });

  routes.post('/datasets/new', async (c) => {
    const actor = requireActor(c);
    const { values, file } = await readUpload(c);
    const preset = (PRESETS as readonly string[]).includes(String(values.preset))
      ? (values.preset as PresetName)
      : 'custom';
    if (!file) return uploadPage(c, { values, fileError: 'Choose a CSV or Excel file.' }, 400);
    if (file.size > REPORT_LIMITS.maxBytes) return uploadPage(c, { values, fileError: tooLargeMessage() }, 413);
    const { database, clock } = c.get('deps');
    try {
      const outcome = await importNewDataset({
        db: database.db,
        actor,
        now: clock.now(),
        name: String(values.name ?? ''),
        preset,
        mapping: chosenMapping(values),
        // The file as the request holds it: handed to the reading thread without a copy.
        bytes: file,
        sheet: sheetOf(values),
        groupId: /^\d{1,9}$/.test(String(values.groupId ?? '')) ? Number(values.groupId) : null,
      });
      return outcomePage(c, outcome, values);
    } catch (error) {
      return refusal(c, error, values);
    }
  });

  routes.get('/datasets/:datasetId', async (c) => {
    const datasetId = idParam(c.req.param('datasetId'), reportsErrors.notFound);
    const { database, clock } = c.get('deps');
    const actor = requireActor(c);
    const view = await viewDataset({ db: database.db, actor, now: clock.now(), datasetId, charts: true });
    const workspace = await datasetWorkspace({ db: database.db, actor, now: clock.now(), dataset: view.dataset });
    return renderPage(
      c,
      { title: view.dataset.name, breadcrumbs: crumbs({ label: view.dataset.name }) },
      <DatasetPage
        csrfToken={csrfTokenFor(c)}
        dataset={view.dataset}
        period={view.period}
        tables={measureTables(view.measures)}
        charts={view.charts}
        notice={noticeText(c.req.query('notice'))}
        workspace={workspace}
      />,
    );
  });

  routes.get('/datasets/:datasetId/upload', async (c) => {
    const datasetId = idParam(c.req.param('datasetId'), reportsErrors.notFound);
    const { database, clock } = c.get('deps');
    const actor = requireActor(c);
    const view = await viewDataset({ db: database.db, actor, now: clock.now(), datasetId });
    // A group's plain members read its datasets but may not change them (docs/decisions/044).
    if (!(await datasetWorkspace({ db: database.db, actor, now: clock.now(), dataset: view.dataset })).manages)
      throw reportsErrors.notFound();
    return uploadPage(c, { dataset: view.dataset });
  });

  routes.post('/datasets/:datasetId/upload', async (c) => {
    const actor = requireActor(c);
    const datasetId = idParam(c.req.param('datasetId'), reportsErrors.notFound);
    const { database, clock } = c.get('deps');
    const { values, file } = await readUpload(c);
    const ctx = { db: database.db, actor, now: clock.now() };
    if (!file) {
      const view = await viewDataset({ ...ctx, datasetId });
      return uploadPage(c, { values, dataset: view.dataset, fileError: 'Choose a CSV or Excel file.' }, 400);
    }
    try {
      const outcome = await importIntoDataset({
        ...ctx,
        datasetId,
        // The file as the request holds it: handed to the reading thread without a copy.
        bytes: file,
        sheet: sheetOf(values),
      });
      if (outcome.kind === 'stored') return outcomePage(c, outcome, values);
      const view = await viewDataset({ ...ctx, datasetId });
      return outcomePage(c, outcome, values, view.dataset);
    } catch (error) {
      if (error instanceof AppError && error.code === 'reports.not_found') throw error;
      const view = await viewDataset({ ...ctx, datasetId });
      return refusal(c, error, values, view.dataset);
    }
  });

  routes.post('/datasets/:datasetId/delete', async (c) => {
    const actor = requireActor(c);
    const datasetId = idParam(c.req.param('datasetId'), reportsErrors.notFound);
    await c.req.parseBody();
    const { database, clock } = c.get('deps');
    await deleteDataset({ db: database.db, actor, now: clock.now(), datasetId });
    return seeOther(c, '/reports');
  });

  routes.get('/datasets/:datasetId/:measure{[a-z-]+\\.csv}', async (c) => {
    const datasetId = idParam(c.req.param('datasetId'), reportsErrors.notFound);
    const slug = c.req.param('measure').replace(/\.csv$/, '');
    const { database, clock } = c.get('deps');
    const view = await viewDataset({ db: database.db, actor: requireActor(c), now: clock.now(), datasetId });
    const table = measureTables(view.measures).find((t) => t.slug === slug);
    if (!table) throw reportsErrors.measureNotFound();
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="dataset-${datasetId}-${slug}.csv"`);
    c.header('Cache-Control', 'private, no-store');
    return c.body(tableCsv(table));
  });

  // Costs, peer comparison and the public reference page (docs/decisions/045).
  routes.route('/', createPeerRoutes());

  return { '/reports': routes };
}

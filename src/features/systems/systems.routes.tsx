import { Hono } from 'hono';
import { authorize } from '../../platform/authz/policy';
import { actorOf, type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import { type FieldErrors, type FormValues, readForm, str } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { idParam } from '../../platform/http/params';
import { httpErrors } from '../../platform/http/errors';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { type Vocabulary, vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { categoryForSystem } from '../community';
import { eventsMentioning } from '../events';
import { findGroupById, findGroupBySlug } from '../groups';
import { articlesForSystem } from '../library';
import { workflowsForSystem } from '../workflows';
import { maintainerRole } from './systems.access';
import { systemsErrors } from './systems.errors';
import { isoDay, matrixUrl, type Protocol, PROTOCOLS, type SystemPage, systemUrl } from './systems.models';
import { systemPolicies } from './systems.policies';
import * as repo from './systems.repository';
import {
  parseEditForm,
  parseReportForm,
  parseRepresentativeForm,
  parseResponseForm,
  systemYaml,
} from './systems.schemas';
import * as usecases from './systems.usecases';
import { cellKey, MatrixView } from './views/matrix';
import { SystemReviewsView } from './views/reviews';
import { SystemEditView, SystemPageView, type SystemPageProps, SystemsIndexView } from './views/system-page';

const HOME = { label: 'Home', href: '/' };
const SYSTEMS = { label: 'Systems', href: '/systems' };

const NOTICES: Record<string, string> = {
  saved: 'Change saved.',
  pending:
    'Your change removes one or more sources, so it waits for the maintaining group’s review. The page is unchanged until then.',
  applied: 'Change applied.',
  rejected: 'Change rejected.',
  reviewed: 'Review recorded.',
  verified: 'Representative verified.',
  withdrawn: 'Verification withdrawn. What they posted while verified keeps its label.',
  response: 'Response posted.',
  reported: 'Thank you: your test report is in the matrix.',
};

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now(), config: d.config };
}

const vocabularyOf = (c: AppContext) => vocabularyFor(deps(c).config.contentDir);

/** The systems of the shared vocabulary (but "another system"), in its order. */
function systemChoices(vocabulary: Vocabulary) {
  return vocabulary.systems.options().filter((o) => o.value !== 'other');
}

async function loadPage(c: AppContext): Promise<SystemPage> {
  const page = await repo.findPage(deps(c).db, c.req.param('slug') ?? '');
  if (!page) throw systemsErrors.notFound();
  return page;
}

type Forms = SystemPageProps['forms'];

async function systemPage(c: AppContext, page: SystemPage, forms: Forms = {}, status: 200 | 400 = 200) {
  const { db, now } = deps(c);
  const actor = actorOf(c);
  const vocabulary = await vocabularyOf(c);
  const spellings = vocabulary.systems.has(page.slug) ? vocabulary.systems.spellings(page.slug) : [page.slug];
  const [group, category, articles, workflows, events, responses, representatives, reports, role, representation] =
    await Promise.all([
      page.maintainingGroupId !== null ? findGroupById(db, page.maintainingGroupId) : undefined,
      categoryForSystem(db, page.slug, spellings),
      articlesForSystem(db, spellings),
      workflowsForSystem(db, page.slug),
      eventsMentioning(db, spellings, now),
      repo.responsesOf(db, page.slug),
      repo.representativesOf(db, page.slug),
      repo.reportsInvolving(db, page.slug),
      maintainerRole(db, page, actor, now),
      actor ? repo.activeRepresentation(db, actor.id, page.slug) : undefined,
    ]);
  const decide = systemPolicies.decide(actor, role);
  const names = new Map(representatives.map((r) => [r.userId, r.displayName]));
  const key = c.req.query('notice');
  return renderPage(
    c,
    {
      title: page.data.name,
      description: page.data.summary.text,
      breadcrumbs: [HOME, SYSTEMS, { label: page.data.name }],
    },
    <SystemPageView
      page={page}
      notice={key && actor ? NOTICES[key] : undefined}
      maintainer={group ? { name: group.name, url: `/groups/${group.slug}` } : null}
      reviewOverdue={page.reviewDue !== null && page.reviewDue < isoDay(now)}
      labels={new Map(vocabulary.systems.options().map((o) => [o.value, o.label]))}
      related={{
        category,
        articles,
        workflows,
        events,
        peopleUrl: `/people/phone-a-friend?system=${encodeURIComponent(page.slug)}`,
      }}
      responses={responses.map((r) => ({
        ...r,
        authorName: r.authorId !== null ? (names.get(r.authorId) ?? null) : null,
      }))}
      representatives={representatives}
      reports={reports}
      pending={decide ? await repo.pendingRevisions(db, page.slug) : []}
      can={{
        edit: systemPolicies.edit(actor) && representation === undefined,
        decide,
        respond: systemPolicies.respond(actor, representation !== undefined),
        verify: systemPolicies.verifyRepresentative(actor),
        signedIn: actor !== null,
      }}
      csrfToken={actor ? csrfTokenFor(c) : ''}
      forms={forms}
    />,
    status,
  );
}

async function matrixPage(
  c: AppContext,
  protocol: Protocol,
  form: { values: FormValues; errors?: FieldErrors },
  status: 200 | 400 = 200,
) {
  const { db, now } = deps(c);
  const actor = actorOf(c);
  const [vocabulary, latest, pages] = await Promise.all([
    vocabularyOf(c),
    repo.latestReports(db, protocol),
    repo.listPages(db),
  ]);
  const withPage = new Set(pages.map((p) => p.slug));
  const cells = new Map(latest.map((r) => [cellKey(r.fromSystem, r.toSystem), r]));
  const key = c.req.query('notice');
  return renderPage(
    c,
    {
      title: 'Interoperability matrix',
      description: 'Which ILL systems exchange ISO 18626 and NCIP messages with which, from community test reports.',
      breadcrumbs: [HOME, SYSTEMS, { label: 'Interoperability matrix' }],
    },
    <MatrixView
      protocol={protocol}
      systems={systemChoices(vocabulary).map((o) => ({
        slug: o.value,
        label: o.label,
        hasPage: withPage.has(o.value),
      }))}
      cells={cells}
      now={now}
      notice={key && actor ? NOTICES[key] : undefined}
      signedIn={actor !== null}
      csrfToken={actor ? csrfTokenFor(c) : ''}
      form={form}
    />,
    status,
  );
}

function protocolParam(raw: string | undefined): Protocol {
  return (PROTOCOLS as readonly string[]).includes(raw ?? '') ? (raw as Protocol) : 'iso18626';
}

async function aliasesOf(c: AppContext, slug: string): Promise<string[]> {
  const vocabulary = await vocabularyOf(c);
  return vocabulary.systems.has(slug) ? vocabulary.systems.spellings(slug) : [];
}

/** Path prefix "/systems". */
export function createSystemRoutes(): RouteMounts {
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const pages = await repo.listPages(deps(c).db);
    pages.sort((a, b) => a.data.name.localeCompare(b.data.name));
    return renderPage(
      c,
      {
        title: 'ILL systems',
        description: 'Vendor-neutral pages about ILL systems.',
        breadcrumbs: [HOME, { label: 'Systems' }],
      },
      <SystemsIndexView pages={pages} />,
    );
  });

  // Fixed paths before "/:slug".
  routes.get('/matrix', (c) => {
    const protocol = protocolParam(c.req.query('protocol'));
    return matrixPage(c, protocol, { values: { protocol } });
  });

  routes.post('/matrix/reports', async (c) => {
    const actor = requireActor(c);
    authorize(actor, systemPolicies.report(actor));
    const values = await readForm(c);
    const { db, now } = deps(c);
    const vocabulary = await vocabularyOf(c);
    const slugs = new Set(systemChoices(vocabulary).map((o) => o.value));
    const form = parseReportForm(values, slugs, now);
    if (!form.ok) return matrixPage(c, protocolParam(str(values, 'protocol')), { values, errors: form.errors }, 400);
    const { report } = await usecases.fileInteropReport({ db, actor, now, input: form.data });
    return seeOther(c, `${matrixUrl(report.protocol)}&notice=reported`);
  });

  // A working list for members, like the content-health pages that link here (not a public page).
  routes.get('/reviews', async (c) => {
    requireActor(c);
    const { db, now } = deps(c);
    const slug = c.req.query('group') || undefined;
    const group = slug ? await findGroupBySlug(db, slug) : undefined;
    if (slug && group?.status !== 'active') throw httpErrors.notFound('group');
    const pages = await repo.listReviewOverdue(db, group?.id ?? null, isoDay(now));
    const healthCrumb = { label: 'Content health', href: group ? `/groups/${group.slug}/health` : '/health' };
    return renderPage(
      c,
      {
        title: 'System pages past their review date',
        breadcrumbs: [HOME, healthCrumb, { label: 'System pages past their review date' }],
      },
      <SystemReviewsView pages={pages} group={group ? { slug: group.slug, name: group.name } : undefined} />,
    );
  });

  routes.get('/:slug', async (c) => systemPage(c, await loadPage(c)));

  routes.get('/:slug/edit', async (c) => {
    const actor = requireActor(c);
    authorize(actor, systemPolicies.edit(actor));
    const page = await loadPage(c);
    return renderPage(
      c,
      {
        title: `Change ${page.data.name}`,
        breadcrumbs: [HOME, SYSTEMS, { label: page.data.name, href: systemUrl(page.slug) }, { label: 'Change' }],
      },
      <SystemEditView page={page} content={systemYaml(page.data)} note="" csrfToken={csrfTokenFor(c)} />,
    );
  });

  routes.post('/:slug/edit', async (c) => {
    const actor = requireActor(c);
    authorize(actor, systemPolicies.edit(actor));
    const page = await loadPage(c);
    const values = await readForm(c);
    const form = parseEditForm(values);
    if (!form.ok)
      return renderPage(
        c,
        {
          title: `Change ${page.data.name}`,
          breadcrumbs: [HOME, SYSTEMS, { label: page.data.name, href: systemUrl(page.slug) }, { label: 'Change' }],
        },
        <SystemEditView
          page={page}
          content={str(values, 'content')}
          note={str(values, 'note')}
          errors={form.errors}
          csrfToken={csrfTokenFor(c)}
        />,
        400,
      );
    const { db, now } = deps(c);
    const { status } = await usecases.editSystemPage({
      db,
      actor,
      now,
      slug: page.slug,
      input: form.data,
      aliases: await aliasesOf(c, page.slug),
    });
    return seeOther(c, `${systemUrl(page.slug)}?notice=${status === 'applied' ? 'saved' : 'pending'}`);
  });

  routes.post('/:slug/changes/:id', async (c) => {
    const actor = requireActor(c);
    const page = await loadPage(c);
    const revisionId = idParam(c.req.param('id'), systemsErrors.revisionNotFound);
    const values = await readForm(c);
    const decision = str(values, 'decision') === 'apply' ? 'apply' : 'reject';
    const { db, now } = deps(c);
    const { status } = await usecases.decideSystemChange({
      db,
      actor,
      now,
      slug: page.slug,
      revisionId,
      decision,
      aliases: await aliasesOf(c, page.slug),
    });
    return seeOther(c, `${systemUrl(page.slug)}?notice=${status}`);
  });

  routes.post('/:slug/reviewed', async (c) => {
    const actor = requireActor(c);
    const page = await loadPage(c);
    const { db, now } = deps(c);
    await usecases.markSystemReviewed({ db, actor, now, slug: page.slug });
    return seeOther(c, `${systemUrl(page.slug)}?notice=reviewed`);
  });

  routes.post('/:slug/representatives', async (c) => {
    const actor = requireActor(c);
    authorize(actor, systemPolicies.verifyRepresentative(actor));
    const page = await loadPage(c);
    const values = await readForm(c);
    const form = parseRepresentativeForm(values);
    if (!form.ok) return systemPage(c, page, { representative: { values, errors: form.errors } }, 400);
    const { db, now } = deps(c);
    await usecases.verifyRepresentative({
      db,
      actor,
      now,
      slug: page.slug,
      username: form.username,
      organisation: form.organisation,
    });
    return seeOther(c, `${systemUrl(page.slug)}?notice=verified`);
  });

  routes.post('/:slug/representatives/:id/withdraw', async (c) => {
    const actor = requireActor(c);
    authorize(actor, systemPolicies.verifyRepresentative(actor));
    const page = await loadPage(c);
    const userId = idParam(c.req.param('id'), systemsErrors.representativeNotFound);
    const { db, now } = deps(c);
    await usecases.withdrawRepresentative({ db, actor, now, slug: page.slug, userId });
    return seeOther(c, `${systemUrl(page.slug)}?notice=withdrawn`);
  });

  routes.post('/:slug/responses', async (c) => {
    const actor = requireActor(c);
    const page = await loadPage(c);
    const values = await readForm(c);
    const form = parseResponseForm(values);
    if (!form.ok) return systemPage(c, page, { response: { values, errors: form.errors } }, 400);
    const { db, now } = deps(c);
    const { response } = await usecases.postVendorResponse({ db, actor, now, slug: page.slug, body: form.body });
    return seeOther(c, `${systemUrl(page.slug)}?notice=response#response-${response.id}`);
  });

  return { '/systems': routes };
}

import { Hono } from 'hono';
import { authorize } from '../../platform/authz/policy';
import { publicPage } from '../../platform/cache/public-page';
import { actorOf, type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import { readForm, str, list, validate, type FormValues } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { idParam, wholeNumber } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import type { Vocabulary } from '../../platform/vocabulary/vocabulary';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import type { Child } from 'hono/jsx';
import { privateHtml } from '../../platform/http/private-html';
import type { Crumb } from '../../platform/ui/components';
import { pageHtml } from '../../platform/ui/render';
import type { PageHtml } from '../../platform/ui/segments';
import { EDITORS_GROUP, findGroupById, groupsOf } from '../groups';
import { describeContext, diffText, LIBRARY_SIZES, listTopics } from '../library';
import { manualDocx } from './workflows.docx';
import { workflowsErrors } from './workflows.errors';
import {
  allCheckIds,
  pendingChanges,
  STEP_PLACES,
  stepsPointingAt,
  stepText,
  WORKFLOW_LIMITS,
  type Workflow,
  type WorkflowStep,
  workflowPath,
} from './workflows.models';
import { workflowPolicies } from './workflows.policies';
import * as repo from './workflows.repository';
import { adoptFormSchema, runFormSchema, stepFormSchema, workflowFormSchema } from './workflows.schemas';
import {
  adoptWorkflow,
  createWorkflow,
  deleteStep,
  memberGroupIds,
  moveStep,
  ownRun,
  resolveChange,
  saveRun,
  saveStep,
  startRun,
  visibleWorkflow,
} from './workflows.usecases';
import {
  type ChangeView,
  ChangesPage,
  DeleteStepPage,
  ManualPage,
  NewWorkflowPage,
  RunPage,
  StepEditPage,
  WorkflowListPage,
  WorkflowPage,
} from './views/workflows';

const HOME = { label: 'Home', href: '/' };
const LIST = { label: 'Workflows', href: '/workflows' };
/** Three-way comparisons compare step texts of bounded size (WORKFLOW_LIMITS); these budgets cap them further. */
const STEP_DIFF_LIMITS = {
  lineEdits: 200,
  lineMs: 25,
  wordLineChars: 2_000,
  wordTotalChars: 8_000,
  wordEdits: 200,
  wordMs: 15,
  rows: 200,
};

function renderPageHtml(c: AppContext, title: string, breadcrumbs: Crumb[], content: Child): PageHtml {
  return pageHtml(c, { title, breadcrumbs }, content);
}

function renderPrivate(c: AppContext, html: PageHtml): Response {
  return privateHtml(c, html);
}

function ctx(c: AppContext) {
  const deps = c.get('deps');
  return { db: deps.database.db, actor: actorOf(c), now: deps.clock.now() };
}

function vocab(c: AppContext): Promise<Vocabulary> {
  return vocabularyFor(c.get('deps').config.contentDir);
}

function placeLabeller(vocabulary: Vocabulary) {
  return (slug: string) => (STEP_PLACES as Record<string, string>)[slug] ?? vocabulary.systems.label(slug);
}

function placeOptions(vocabulary: Vocabulary) {
  return [
    ...Object.entries(STEP_PLACES).map(([value, label]) => ({ value, label })),
    ...vocabulary.systems.options().map((o) => ({ value: o.value, label: `${o.label} (named system)` })),
  ];
}

function appliesTo(w: Workflow, vocabulary: Vocabulary): string[] {
  return [
    ...describeContext(w.context, vocabulary).map((e) => `${e.label}: ${e.values.join(', ')}`),
    ...(w.context.consortium ? [`Consortium or network: ${w.context.consortium}`] : []),
  ];
}

/** The workflow named by the path: "/local/:id" (local versions) or "/:slug" (originals). */
async function resolve(c: AppContext) {
  const id = c.req.param('id');
  return visibleWorkflow(
    ctx(c),
    id !== undefined ? { id: idParam(id, workflowsErrors.notFound) } : { slug: c.req.param('slug') ?? '' },
  );
}

async function ownerName(c: AppContext, w: Workflow): Promise<string> {
  if (w.ownerGroupId) return (await findGroupById(ctx(c).db, w.ownerGroupId))?.name ?? 'a group';
  return '';
}

function stepValues(step: WorkflowStep, steps: WorkflowStep[]): FormValues {
  const number = new Map(steps.map((s, i) => [s.key, i + 1]));
  return {
    title: step.title,
    role: step.role,
    system: step.system,
    minutes: step.minutes === null ? '' : String(step.minutes),
    details: step.details,
    checks: step.checks.join('\n'),
    decisions: step.decisions.map((d) => `${d.when} | ${number.get(d.goTo) ?? ''}`).join('\n'),
  };
}

function docxResponse(body: Buffer, filename: string, isPublic: boolean): Response {
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': isPublic ? 'public, max-age=0, must-revalidate' : 'private, no-store',
    },
  });
}

export function createWorkflowRoutes(): RouteMounts {
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const { db, actor, now } = ctx(c);
    const [originals, counts] = await Promise.all([repo.listOriginals(db), repo.countLocalVersions(db)]);
    const mine = actor ? await repo.localVersionsFor(db, actor.id, await memberGroupIds(db, actor.id, now)) : [];
    return publicPage(c, () =>
      renderPageHtml(
        c,
        'Workflows',
        [HOME, { label: 'Workflows' }],
        <WorkflowListPage
          originals={originals.map((w) => ({ workflow: w, localCount: counts.get(w.id) ?? 0 }))}
          mine={mine}
          signedIn={actor !== null}
        />,
      ),
    );
  });

  // A new original: the form, then its first step. Registered before "/:slug" (and "new" is never a slug).
  const newWorkflowPage = async (c: AppContext, values: FormValues = {}, errors?: Record<string, string>) => {
    const actor = requireActor(c);
    authorize(actor, workflowPolicies.create(actor), 'Members can write workflows.');
    const { db, now } = ctx(c);
    const [vocabulary, topics, groups] = await Promise.all([vocab(c), listTopics(db), groupsOf(db, actor.id, now)]);
    const stewarded = groups.filter((g) => g.role === 'owner' || g.role === 'steward');
    return renderPage(
      c,
      { title: 'Write a new workflow', breadcrumbs: [HOME, LIST, { label: 'New workflow' }] },
      <NewWorkflowPage
        values={{ maintainer: 'editors', ...values }}
        errors={errors}
        libraryTypes={vocabulary.libraryTypes.options()}
        sizes={LIBRARY_SIZES.map((v) => ({ value: v, label: v.charAt(0).toUpperCase() + v.slice(1) }))}
        topics={topics.map((t) => ({ value: t.slug, label: t.name }))}
        maintainers={[
          { value: 'editors', label: 'The hub’s editors' },
          ...stewarded
            .filter((g) => g.slug !== EDITORS_GROUP.slug)
            .map((g) => ({ value: `group:${g.id}`, label: g.name })),
        ]}
        csrfToken={csrfTokenFor(c)}
      />,
      errors ? 400 : 200,
    );
  };

  routes.get('/new', (c) => newWorkflowPage(c));

  routes.post('/new', async (c) => {
    const actor = requireActor(c);
    const form = await readForm(c);
    const parsed = validate(workflowFormSchema, form);
    const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
    const vocabulary = await vocab(c);
    const words = (name: string) =>
      str(form, name)
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
        .slice(0, 20);
    const libraryTypes = list(form, 'libraryTypes').filter((v) => vocabulary.libraryTypes.has(v));
    const sizes = list(form, 'sizes').filter((v) => (LIBRARY_SIZES as readonly string[]).includes(v));
    const systems = words('systems').map((v) => vocabulary.systems.canonical(v));
    const regions = words('regions').map((v) => vocabulary.regions.canonical(v));
    const consortium = str(form, 'consortium').trim().slice(0, WORKFLOW_LIMITS.consortium);
    if (!libraryTypes.length && !sizes.length && !systems.length && !regions.length && !consortium)
      errors.context = 'Say where this workflow applies: at least one library type, size, system, region or network.';
    const sources: Array<{ title: string; url: string }> = [];
    for (const line of parsed.ok ? parsed.data.sources : []) {
      const m = line.match(/^(.+?)\s*\|\s*(https?:\/\/\S+)$/);
      if (!m) {
        errors.sources = `“${line.slice(0, 60)}”: write each source as “Title | https://address”.`;
        break;
      }
      sources.push({ title: m[1]!.trim(), url: m[2]! });
    }
    if (!parsed.ok || Object.keys(errors).length) return newWorkflowPage(c, form, errors);
    const data = parsed.data;
    const { workflow } = await createWorkflow({
      ...ctx(c),
      actor,
      input: {
        title: data.title,
        summary: data.summary,
        context: {
          ...(libraryTypes.length ? { libraryTypes } : {}),
          ...(sizes.length ? { sizes } : {}),
          ...(systems.length ? { systems } : {}),
          ...(regions.length ? { regions } : {}),
          ...(consortium ? { consortium } : {}),
        },
        sources,
        topics: list(form, 'topics'),
        maintainer: data.maintainer === 'editors' ? 'editors' : { groupId: Number(data.maintainer.slice(6)) },
      },
    });
    return seeOther(c, `${workflowPath(workflow)}/steps/new`);
  });

  routes.get('/manual', async (c) => {
    const { db, actor, now } = ctx(c);
    const originals = await repo.listOriginals(db);
    const mine = actor ? await repo.localVersionsFor(db, actor.id, await memberGroupIds(db, actor.id, now)) : [];
    return renderPage(
      c,
      { title: 'Build a procedures manual', breadcrumbs: [HOME, LIST, { label: 'Procedures manual' }] },
      <ManualPage originals={originals} mine={mine} />,
    );
  });

  // The manual: any set of workflows the reader may see, local versions only for their owners.
  routes.get('/manual.docx', async (c) => {
    const context = ctx(c);
    const library = (c.req.query('library') ?? '').trim().slice(0, WORKFLOW_LIMITS.libraryName);
    const wanted = [...new Set(c.req.queries('w') ?? [])].slice(0, WORKFLOW_LIMITS.manualWorkflows);
    if (!library || wanted.length === 0) {
      const { db, actor, now } = context;
      const originals = await repo.listOriginals(db);
      const mine = actor ? await repo.localVersionsFor(db, actor.id, await memberGroupIds(db, actor.id, now)) : [];
      const errors: Record<string, string> = {};
      if (!library) errors.library = 'Write your library’s name: it goes on the title page.';
      if (wanted.length === 0) errors.w = 'Choose at least one workflow.';
      return renderPage(
        c,
        { title: 'Build a procedures manual', breadcrumbs: [HOME, LIST, { label: 'Procedures manual' }] },
        <ManualPage originals={originals} mine={mine} errors={errors} />,
        400,
      );
    }
    const chosen: Workflow[] = [];
    let allPublic = true;
    for (const ref of wanted) {
      const m = ref.match(/^local-(\d{1,10})$/);
      const { workflow } = await visibleWorkflow(context, m ? { id: Number(m[1]) } : { slug: ref });
      if (workflow.visibility !== 'public') allPublic = false;
      chosen.push(workflow);
    }
    const vocabulary = await vocab(c);
    const body = await manualDocx({
      libraryName: library,
      date: context.now,
      workflows: chosen,
      placeLabel: placeLabeller(vocabulary),
      appliesTo: (w) => appliesTo(w, vocabulary),
    });
    return docxResponse(body, 'procedures-manual.docx', allPublic);
  });

  routes.get('/runs/:id', async (c) => {
    const actor = requireActor(c);
    const { run, workflow } = await ownRun({
      ...ctx(c),
      actor,
      runId: idParam(c.req.param('id'), workflowsErrors.runNotFound),
    });
    return renderPage(
      c,
      {
        title: `${workflow.title}: ${run.label}`,
        scripts: ['workflow-run'],
        breadcrumbs: [HOME, LIST, { label: workflow.title, href: workflowPath(workflow) }, { label: run.label }],
      },
      <RunPage
        run={run}
        workflow={workflow}
        placeLabel={placeLabeller(await vocab(c))}
        total={allCheckIds(workflow.steps).length}
        csrfToken={csrfTokenFor(c)}
        saved={c.req.query('saved') === '1'}
      />,
    );
  });

  routes.post('/runs/:id', async (c) => {
    const actor = requireActor(c);
    const runId = idParam(c.req.param('id'), workflowsErrors.runNotFound);
    const form = await readForm(c);
    const intent = str(form, 'intent');
    const { run } = await saveRun({
      ...ctx(c),
      actor,
      runId,
      checked: list(form, 'check').slice(0, 2_000),
      finish: intent === 'finish',
      reopen: intent === 'reopen',
    });
    if ((c.req.header('accept') ?? '').startsWith('application/json')) return c.json({ checked: run.checked.length });
    return seeOther(c, `/workflows/runs/${run.id}?saved=1`);
  });

  for (const base of ['/local/:id', '/:slug']) {
    routes.get(base, async (c) => {
      const { workflow, groupIds } = await resolve(c);
      const { db, actor, now } = ctx(c);
      const vocabulary = await vocab(c);
      const original = workflow.adoptedFrom ? await repo.findById(db, workflow.adoptedFrom) : undefined;
      const [versions, localCount] = workflow.slug
        ? await Promise.all([repo.publicLocalVersionsOf(db, workflow.id), repo.countLocalVersionsOf(db, workflow.id)])
        : [[], 0];
      const publicVersions: Array<{ id: number; public: boolean; ownerName: string }> = [];
      for (const v of versions)
        publicVersions.push({
          id: v.id,
          public: true,
          ownerName: v.ownerGroupId
            ? ((await findGroupById(db, v.ownerGroupId))?.name ?? 'a group')
            : (v.ownerName ?? 'a former member'),
        });
      const myGroups = actor ? await groupsOf(db, actor.id, now) : [];
      const canEdit = workflowPolicies.edit(actor, workflow, actor ? myGroups.map((g) => g.id) : groupIds);
      const pending =
        original && canEdit ? pendingChanges(workflow.baseSteps ?? [], original.steps, workflow.steps) : [];
      const runs = actor ? await repo.runsOf(db, actor.id, workflow.id, 10) : [];
      const name = workflow.ownerGroupId ? await ownerName(c, workflow) : workflow.ownerUserId ? 'Your' : '';
      const render = () =>
        renderPageHtml(
          c,
          workflow.title,
          [HOME, LIST, { label: workflow.title }],
          <WorkflowPage
            workflow={workflow}
            entries={describeContext(workflow.context, vocabulary)}
            placeLabel={placeLabeller(vocabulary)}
            original={original}
            ownerName={name === 'Your' ? undefined : name || undefined}
            pending={pending}
            localVersions={publicVersions}
            localCount={localCount}
            canEdit={canEdit}
            signedIn={actor !== null}
            csrfToken={actor ? csrfTokenFor(c) : ''}
            groups={myGroups}
            runs={runs}
          />,
        );
      return workflow.visibility === 'public' ? publicPage(c, render) : renderPrivate(c, render());
    });

    routes.get(`${base}/export.docx`, async (c) => {
      const { workflow } = await resolve(c);
      const vocabulary = await vocab(c);
      const library =
        (c.req.query('library') ?? '').trim().slice(0, WORKFLOW_LIMITS.libraryName) ||
        (workflow.ownerGroupId ? await ownerName(c, workflow) : 'Your library');
      const body = await manualDocx({
        libraryName: library,
        date: ctx(c).now,
        workflows: [workflow],
        placeLabel: placeLabeller(vocabulary),
        appliesTo: (w) => appliesTo(w, vocabulary),
      });
      return docxResponse(body, `${workflow.slug ?? `local-${workflow.id}`}.docx`, workflow.visibility === 'public');
    });

    routes.post(`${base}/adopt`, async (c) => {
      const actor = requireActor(c);
      const { workflow } = await resolve(c);
      const parsed = validate(adoptFormSchema, await readForm(c));
      if (!parsed.ok) throw workflowsErrors.notFound();
      const owner = parsed.data.owner === 'me' ? ('me' as const) : { groupId: Number(parsed.data.owner.slice(6)) };
      const { local } = await adoptWorkflow({
        ...ctx(c),
        actor,
        originalId: workflow.id,
        owner,
        visibility: parsed.data.visibility,
      });
      return seeOther(c, workflowPath(local));
    });

    routes.post(`${base}/runs`, async (c) => {
      const actor = requireActor(c);
      const { workflow } = await resolve(c);
      const parsed = validate(runFormSchema, await readForm(c));
      const label = parsed.ok ? parsed.data.label : 'This request';
      const { run } = await startRun({ ...ctx(c), actor, workflowId: workflow.id, label });
      return seeOther(c, `/workflows/runs/${run.id}`);
    });

    const stepPage = async (
      c: AppContext,
      key: string | null,
      values?: FormValues,
      errors?: Record<string, string>,
    ) => {
      const actor = requireActor(c);
      const { workflow, groupIds } = await resolve(c);
      const ids = groupIds.length ? groupIds : await memberGroupIds(ctx(c).db, actor.id, ctx(c).now);
      authorize(
        actor,
        workflowPolicies.edit(actor, workflow, ids),
        'Only editors change the hub’s workflows; adopt it to change your own version.',
      );
      const step = key ? workflow.steps.find((s) => s.key === key) : undefined;
      if (key && !step) throw workflowsErrors.stepNotFound();
      const after = c.req.query('after') ?? (values ? str(values, 'after') : undefined) ?? undefined;
      return renderPage(
        c,
        {
          title: step ? `Edit: ${step.title}` : 'Add a step',
          breadcrumbs: [
            HOME,
            LIST,
            { label: workflow.title, href: workflowPath(workflow) },
            { label: step ? 'Edit a step' : 'Add a step' },
          ],
        },
        <StepEditPage
          workflow={workflow}
          step={step}
          after={after || undefined}
          values={values ?? (step ? stepValues(step, workflow.steps) : { system: 'ill-system' })}
          errors={errors}
          placeOptions={placeOptions(await vocab(c))}
          csrfToken={csrfTokenFor(c)}
        />,
        errors ? 400 : 200,
      );
    };

    const postStep = async (c: AppContext, key: string | null, form: FormValues) => {
      const actor = requireActor(c);
      const { workflow } = await resolve(c);
      const parsed = validate(stepFormSchema, form);
      const vocabulary = await vocab(c);
      if (parsed.ok && !(parsed.data.system in STEP_PLACES) && !vocabulary.systems.has(parsed.data.system))
        return stepPage(c, key, form, { system: 'Choose where the step happens from the list.' });
      if (!parsed.ok) return stepPage(c, key, form, parsed.errors);
      const after = str(form, 'after');
      const result = await saveStep({
        ...ctx(c),
        actor,
        workflowId: workflow.id,
        key,
        ...(after ? { after } : {}),
        form: parsed.data,
      });
      if ('fieldErrors' in result) return stepPage(c, key, form, result.fieldErrors);
      return seeOther(c, `${workflowPath(result.workflow)}#step-${result.key}`);
    };

    routes.get(`${base}/steps/new`, (c) => stepPage(c, null));
    routes.post(`${base}/steps`, async (c) => postStep(c, null, await readForm(c)));
    // Steps are addressed by their position ("Edit step 2"); the form also carries the step's stable key, which
    // wins if the steps moved in between.
    const keyAt = async (c: AppContext, form?: FormValues): Promise<string> => {
      const { workflow } = await resolve(c);
      const wanted = form ? str(form, 'key') : '';
      if (wanted && workflow.steps.some((s) => s.key === wanted)) return wanted;
      const n = wholeNumber(c.req.param('number'), { min: 1, max: WORKFLOW_LIMITS.steps });
      const step = n === undefined ? undefined : workflow.steps[n - 1];
      if (!step) throw workflowsErrors.stepNotFound();
      return step.key;
    };
    routes.get(`${base}/steps/:number/edit`, async (c) => stepPage(c, await keyAt(c)));
    routes.post(`${base}/steps/:number/move`, async (c) => {
      const actor = requireActor(c);
      const form = await readForm(c);
      const { workflow } = await resolve(c);
      const key = await keyAt(c, form);
      await moveStep({
        ...ctx(c),
        actor,
        workflowId: workflow.id,
        key,
        direction: str(form, 'direction') === 'up' ? 'up' : 'down',
      });
      return seeOther(c, `${workflowPath(workflow)}#step-${key}`);
    });
    routes.get(`${base}/steps/:number/delete`, async (c) => {
      const actor = requireActor(c);
      const { workflow, groupIds } = await resolve(c);
      const ids = groupIds.length ? groupIds : await memberGroupIds(ctx(c).db, actor.id, ctx(c).now);
      authorize(
        actor,
        workflowPolicies.edit(actor, workflow, ids),
        'Only editors change the hub’s workflows; adopt it to change your own version.',
      );
      const key = await keyAt(c);
      const number = workflow.steps.findIndex((s) => s.key === key) + 1;
      const step = workflow.steps[number - 1]!;
      return renderPage(
        c,
        {
          title: `Delete step ${number}`,
          breadcrumbs: [
            HOME,
            LIST,
            { label: workflow.title, href: workflowPath(workflow) },
            { label: 'Delete a step' },
          ],
        },
        <DeleteStepPage
          workflow={workflow}
          step={step}
          number={number}
          pointing={stepsPointingAt(workflow.steps, key)}
          csrfToken={csrfTokenFor(c)}
        />,
      );
    });
    routes.post(`${base}/steps/:number/delete`, async (c) => {
      const actor = requireActor(c);
      const form = await readForm(c);
      const { workflow } = await resolve(c);
      await deleteStep({ ...ctx(c), actor, workflowId: workflow.id, key: await keyAt(c, form) });
      return seeOther(c, `${workflowPath(workflow)}#steps-title`);
    });
    routes.post(`${base}/steps/:number`, async (c) => {
      requireActor(c);
      const form = await readForm(c);
      return postStep(c, await keyAt(c, form), form);
    });
  }

  routes.get('/local/:id/changes', async (c) => {
    const actor = requireActor(c);
    const { workflow, groupIds } = await resolve(c);
    const { db, now } = ctx(c);
    const ids = groupIds.length ? groupIds : await memberGroupIds(db, actor.id, now);
    if (!workflowPolicies.edit(actor, workflow, ids)) throw workflowsErrors.notFound();
    const original = workflow.adoptedFrom ? await repo.findById(db, workflow.adoptedFrom) : undefined;
    if (!original) throw workflowsErrors.notFound();
    const label = placeLabeller(await vocab(c));
    const pending = pendingChanges(workflow.baseSteps ?? [], original.steps, workflow.steps);
    const changes: ChangeView[] = pending.map((p) => {
      const base = stepText(p.base, label);
      const upstream = stepText(p.upstream, label);
      const local = stepText(p.local, label);
      return {
        change: p,
        title: (p.upstream ?? p.base ?? p.local)?.title ?? p.key,
        base,
        upstream,
        local,
        upstreamDiff: diffText(base, upstream, 2, STEP_DIFF_LIMITS).rows,
        localDiff: p.conflict ? diffText(base, local, 2, STEP_DIFF_LIMITS).rows : [],
      };
    });
    return renderPage(
      c,
      {
        title: 'Changes to the original',
        breadcrumbs: [HOME, LIST, { label: workflow.title, href: workflowPath(workflow) }, { label: 'Changes' }],
      },
      <ChangesPage workflow={workflow} original={original} changes={changes} csrfToken={csrfTokenFor(c)} />,
    );
  });

  routes.post('/local/:id/changes', async (c) => {
    const actor = requireActor(c);
    const id = idParam(c.req.param('id'), workflowsErrors.notFound);
    const form = await readForm(c);
    const choice = str(form, 'choice') === 'take' ? 'take' : 'keep';
    await resolveChange({ ...ctx(c), actor, workflowId: id, key: str(form, 'key'), choice });
    return seeOther(c, `/workflows/local/${id}/changes`);
  });

  return { '/workflows': routes };
}

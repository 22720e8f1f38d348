import type { Child } from 'hono/jsx';
import {
  CheckboxGroup,
  CsrfField,
  DateText,
  ErrorSummary,
  Notice,
  Select,
  TextArea,
  TextField,
} from '../../../platform/ui/components';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import type { DiffRow } from '../../library';
import {
  checkId,
  formatMinutes,
  type PendingChange,
  STEP_PLACES,
  stepAnchor,
  totalMinutes,
  WORKFLOW_LIMITS,
  type Workflow,
  type WorkflowRun,
  type WorkflowStep,
  workflowPath,
} from '../workflows.models';

export interface ContextEntry {
  label: string;
  values: string[];
}

export interface LocalVersionItem {
  id: number;
  ownerName: string;
  public: boolean;
}

export function AppliesBox({ entries, consortium }: { entries: ContextEntry[]; consortium?: string | undefined }) {
  return (
    <aside class="applies" aria-labelledby="applies-title">
      <h2 id="applies-title">Where this applies</h2>
      {entries.length || consortium ? (
        <dl>
          {entries.map((e) => (
            <>
              <dt>{e.label}</dt>
              <dd>{e.values.join(', ')}</dd>
            </>
          ))}
          {consortium ? (
            <>
              <dt>Consortium or network</dt>
              <dd>{consortium}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>Any library: no particular type, size, system or region assumed.</p>
      )}
      <p class="hint">
        Practice differs between libraries, consortia and countries: check each step against your own policies, systems
        and law before relying on it.
      </p>
    </aside>
  );
}

function StepMeta({ step, placeLabel }: { step: WorkflowStep; placeLabel: (s: string) => string }) {
  return (
    <dl class="step-meta">
      <dt>Who</dt>
      <dd>{step.role}</dd>
      <dt>Where</dt>
      <dd>{placeLabel(step.system)}</dd>
      <dt>Time</dt>
      <dd>{step.minutes === null ? 'Not estimated' : `About ${formatMinutes(step.minutes)}`}</dd>
    </dl>
  );
}

/**
 * The steps, in order, each with its anchor ("#step-<key>"). In a run, `run` makes the checks a form's checkboxes
 * (named "check"); elsewhere they are disabled checkboxes, so a printout has boxes to tick by hand.
 */
export function StepList({
  steps,
  placeLabel,
  run,
  editBase,
  csrfToken = '',
}: {
  steps: WorkflowStep[];
  placeLabel: (s: string) => string;
  run?: { checked: string[]; disabled: boolean } | undefined;
  editBase?: string | undefined;
  /** For the move buttons beside each step (with `editBase`). */
  csrfToken?: string;
}) {
  const number = new Map(steps.map((s, i) => [s.key, i + 1]));
  return (
    <ol class="workflow-steps">
      {steps.map((step, i) => (
        <li id={stepAnchor(step.key)} class="workflow-step">
          <h3>
            <span class="step-number">Step {i + 1}.</span> {step.title}
          </h3>
          <StepMeta step={step} placeLabel={placeLabel} />
          {step.details ? step.details.split(/\n{2,}/).map((p) => <p class="pre-wrap">{p}</p>) : null}
          {step.checks.length ? (
            <fieldset class="step-checks">
              <legend>What to check</legend>
              {step.checks.map((check, j) => {
                const id = checkId(step.key, j);
                const htmlId = `check-${step.key}-${j}`;
                return (
                  <div class="checkbox">
                    <input
                      type="checkbox"
                      id={htmlId}
                      name={run ? 'check' : undefined}
                      value={run ? id : undefined}
                      checked={run?.checked.includes(id)}
                      disabled={!run || run.disabled}
                    />
                    <label for={htmlId}>{check}</label>
                  </div>
                );
              })}
            </fieldset>
          ) : null}
          {step.decisions.length ? (
            <ul class="step-decisions" aria-label={`Decision points of step ${i + 1}`}>
              {step.decisions.map((d) => (
                <li>
                  If {d.when}: <a href={`#${stepAnchor(d.goTo)}`}>go to step {number.get(d.goTo) ?? '?'}</a>
                </li>
              ))}
            </ul>
          ) : null}
          {editBase ? (
            <div class="actions step-actions">
              <a href={`${editBase}/steps/${i + 1}/edit`}>Edit step {i + 1}</a>
              {' · '}
              <a href={`${editBase}/steps/new?after=${step.key}`}>Add a step after step {i + 1}</a>
              {' · '}
              <a href={`${editBase}/steps/${i + 1}/delete`}>Delete step {i + 1}</a>
              {steps.length > 1 ? (
                <form method="post" action={`${editBase}/steps/${i + 1}/move`} class="inline-form step-move">
                  <CsrfField token={csrfToken} />
                  <input type="hidden" name="key" value={step.key} />
                  {i > 0 ? (
                    <button type="submit" name="direction" value="up" class="secondary">
                      Move step {i + 1} up
                    </button>
                  ) : null}
                  {i < steps.length - 1 ? (
                    <button type="submit" name="direction" value="down" class="secondary">
                      Move step {i + 1} down
                    </button>
                  ) : null}
                </form>
              ) : null}
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function WorkflowPage(props: {
  workflow: Workflow;
  entries: ContextEntry[];
  placeLabel: (s: string) => string;
  original?: Workflow | undefined;
  ownerName?: string | undefined;
  pending: PendingChange[];
  localVersions: LocalVersionItem[];
  localCount: number;
  canEdit: boolean;
  signedIn: boolean;
  csrfToken: string;
  groups: Array<{ id: number; name: string }>;
  runs: WorkflowRun[];
}) {
  const w = props.workflow;
  const path = workflowPath(w);
  const total = totalMinutes(w.steps);
  return (
    <article class="workflow">
      <h1>{w.title}</h1>
      <p class="lead">{w.summary}</p>
      {props.original ? (
        <p class="meta">
          {props.ownerName ? `${props.ownerName}’s` : 'A'} local version of{' '}
          <a href={workflowPath(props.original)}>{props.original.title}</a> ·{' '}
          {w.visibility === 'public' ? 'Public' : 'Private: only its owner can see it'}
        </p>
      ) : (
        <p class="meta">
          {props.localCount === 0
            ? 'No library uses a local version yet.'
            : `Used by ${props.localCount} ${props.localCount === 1 ? 'library' : 'libraries'}.`}{' '}
          {w.steps.length} steps{total ? `, about ${formatMinutes(total)} in all` : ''}.
        </p>
      )}
      {props.pending.length ? (
        <Notice kind="warning" title="The original changed since you adopted it">
          <p>
            {props.pending.length} {props.pending.length === 1 ? 'step differs' : 'steps differ'} from the version you
            adopted. <a href={`${path}/changes`}>Compare and choose, step by step</a>.
          </p>
        </Notice>
      ) : null}
      <AppliesBox entries={props.entries} consortium={w.context.consortium} />
      <p class="actions no-print">
        <a href={`${path}/export.docx`}>Download as a Word document (DOCX)</a>
        {' · '}Print this page for a paper or PDF copy
        {props.canEdit ? (
          <>
            {' · '}
            <a href={`${path}/steps/new`}>Add a step</a>
          </>
        ) : null}
      </p>
      <section aria-labelledby="steps-title">
        <h2 id="steps-title">Steps</h2>
        {w.steps.length === 0 ? (
          <p class="empty">
            No steps yet.
            {props.canEdit ? (
              <>
                {' '}
                <a href={`${path}/steps/new`}>Add the first step</a>.
              </>
            ) : null}
          </p>
        ) : null}
        <StepList
          steps={w.steps}
          placeLabel={props.placeLabel}
          editBase={props.canEdit ? path : undefined}
          csrfToken={props.csrfToken}
        />
      </section>
      {props.signedIn ? (
        <section aria-labelledby="run-title" class="panel no-print">
          <h2 id="run-title">Work through it</h2>
          <p>A run keeps your ticks for one request or one day, so you can stop and come back.</p>
          <form method="post" action={`${path}/runs`}>
            <CsrfField token={props.csrfToken} />
            <TextField
              name="label"
              label="What this run is for"
              hint="For example the request number, or “Monday 3 March”."
              required
              maxLength={WORKFLOW_LIMITS.runLabel}
            />
            <button type="submit">Start a run</button>
          </form>
          {props.runs.length ? (
            <>
              <h3>Your runs of this workflow</h3>
              <ul>
                {props.runs.map((r) => (
                  <li>
                    <a href={`/workflows/runs/${r.id}`}>{r.label}</a> —{' '}
                    {r.finishedAt ? (
                      <>
                        finished <DateText date={r.finishedAt} />
                      </>
                    ) : (
                      `${r.checked.length} ticked, not finished`
                    )}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : (
        <p class="no-print">
          <a href={`/sign-in?next=${encodeURIComponent(path)}`}>Sign in</a> to tick the checks as you work, or to adopt
          this workflow for your library.
        </p>
      )}
      {!props.original && props.signedIn ? (
        <section aria-labelledby="adopt-title" class="panel no-print">
          <h2 id="adopt-title">Use at my library</h2>
          <p>
            Copy this workflow into a local version you or your group own, change any step, and see here when the
            original changes.
          </p>
          <form method="post" action={`${path}/adopt`}>
            <CsrfField token={props.csrfToken} />
            <Select
              name="owner"
              label="Who will own it"
              required
              options={[
                { value: 'me', label: 'Me' },
                ...props.groups.map((g) => ({ value: `group:${g.id}`, label: `The group ${g.name}` })),
              ]}
            />
            <Select
              name="visibility"
              label="Who can see it"
              required
              options={[
                { value: 'public', label: 'Everyone (listed on this page)' },
                { value: 'private', label: 'Only me, or only my group’s members' },
              ]}
            />
            <button type="submit">Use at my library</button>
          </form>
        </section>
      ) : null}
      {!props.original && props.localVersions.length ? (
        <section aria-labelledby="users-title">
          <h2 id="users-title">Libraries that use it</h2>
          <ul>
            {props.localVersions.map((v) => (
              <li>
                <a href={`/workflows/local/${v.id}`}>{v.ownerName}</a>
              </li>
            ))}
          </ul>
          {props.localCount > props.localVersions.length ? (
            <p class="muted">and {props.localCount - props.localVersions.length} more with private versions.</p>
          ) : null}
        </section>
      ) : null}
      {w.sources.length ? (
        <section aria-labelledby="sources-title" class="sources">
          <h2 id="sources-title">Sources and further reading</h2>
          <ul>
            {w.sources.map((s) => (
              <li>
                <a href={s.url} rel="nofollow noopener noreferrer">
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
          {w.relatedArticle ? (
            <p>
              Background: <a href={`/articles/${w.relatedArticle}`}>the library article this workflow grew from</a>.
            </p>
          ) : null}
        </section>
      ) : null}
      <p class="muted print-only">
        Printed from ILL Commons, {w.slug ? 'original workflow' : 'local version'} updated{' '}
        <DateText date={w.updatedAt} />.
      </p>
    </article>
  );
}

export function WorkflowListPage(props: {
  originals: Array<{ workflow: Workflow; localCount: number }>;
  mine: Workflow[];
  signedIn: boolean;
}) {
  return (
    <>
      <h1>Workflows</h1>
      <p class="lead">
        Step-by-step procedures for interlibrary loan work: who does each step, where, what to check and how long it
        takes. Print one, work through it for a request, or adopt it for your library and keep it in step with the
        original.
      </p>
      <p class="actions">
        <a href="/workflows/manual">Build a procedures manual (DOCX)</a>
        {props.signedIn ? (
          <>
            {' · '}
            <a href="/workflows/new">Write a new workflow</a>
          </>
        ) : null}
      </p>
      {props.mine.length ? (
        <section aria-labelledby="mine-title">
          <h2 id="mine-title">Your library’s versions</h2>
          <ul>
            {props.mine.map((w) => (
              <li>
                <a href={workflowPath(w)}>{w.title}</a> {w.visibility === 'private' ? '(private)' : '(public)'}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>All workflows</h2>
      <ul class="workflow-list">
        {props.originals.map(({ workflow: w, localCount }) => (
          <li>
            <h3>
              <a href={workflowPath(w)}>{w.title}</a>
            </h3>
            <p>{w.summary}</p>
            <p class="meta">
              {w.steps.length} steps · {localCount === 1 ? 'used by 1 library' : `used by ${localCount} libraries`}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

export function StepEditPage(props: {
  workflow: Workflow;
  step: WorkflowStep | undefined;
  after?: string | undefined;
  values: FormValues;
  errors?: FieldErrors | undefined;
  placeOptions: Array<{ value: string; label: string }>;
  csrfToken: string;
}) {
  const path = workflowPath(props.workflow);
  const number = props.step ? props.workflow.steps.findIndex((s) => s.key === props.step?.key) + 1 : null;
  return (
    <>
      <h1>{number ? `Edit step ${number}` : 'Add a step'}</h1>
      <p class="meta">
        In <a href={path}>{props.workflow.title}</a>
      </p>
      <ErrorSummary errors={props.errors} />
      <form
        method="post"
        action={props.step && number ? `${path}/steps/${number}` : `${path}/steps`}
        class="narrow-wide"
      >
        <CsrfField token={props.csrfToken} />
        {props.after ? <input type="hidden" name="after" value={props.after} /> : null}
        {props.step ? <input type="hidden" name="key" value={props.step.key} /> : null}
        <TextField
          name="title"
          label="Title"
          required
          maxLength={WORKFLOW_LIMITS.stepTitle}
          values={props.values}
          errors={props.errors}
        />
        <TextField
          name="role"
          label="Who does it"
          hint="A role, not a name: “ILL assistant”, “Supervisor”."
          required
          maxLength={WORKFLOW_LIMITS.role}
          values={props.values}
          errors={props.errors}
        />
        <Select
          name="system"
          label="Where it happens"
          required
          options={props.placeOptions}
          values={props.values}
          errors={props.errors}
        />
        <TextField
          name="minutes"
          label="Time estimate in minutes"
          type="text"
          inputmode="numeric"
          maxLength={4}
          showLimit={false}
          values={props.values}
          errors={props.errors}
        />
        <TextArea
          name="details"
          label="Details"
          maxLength={WORKFLOW_LIMITS.details}
          rows={5}
          values={props.values}
          errors={props.errors}
        />
        <TextArea
          name="checks"
          label="What to check"
          hint={`One check a line (at most ${WORKFLOW_LIMITS.checks}).`}
          rows={5}
          showLimit={false}
          values={props.values}
          errors={props.errors}
        />
        <TextArea
          name="decisions"
          label="Decision points"
          hint="One a line, as “when | step number”, for example “not on the shelf | 7”."
          rows={3}
          showLimit={false}
          values={props.values}
          errors={props.errors}
        />
        <div class="form-actions">
          <button type="submit">Save the step</button> <a href={path}>Cancel</a>
        </div>
      </form>
    </>
  );
}

function DiffTable({ rows, caption }: { rows: DiffRow[]; caption: string }) {
  return (
    <div class="table-wrap">
      <table class="diff">
        <caption class="visually-hidden">{caption}</caption>
        <tbody>
          {rows.map((r) =>
            r.kind === 'skip' ? (
              <tr class="diff-skip">
                <td>{r.lines} unchanged lines</td>
              </tr>
            ) : r.kind === 'changed' ? (
              <tr class="diff-changed">
                <td class="text">
                  {r.segments.map((s) =>
                    s.change === 'added' ? <ins>{s.text}</ins> : s.change === 'removed' ? <del>{s.text}</del> : s.text,
                  )}
                </td>
              </tr>
            ) : (
              <tr class={`diff-${r.kind}`}>
                <td class="text">
                  <span class="marker">{r.kind === 'added' ? '+ ' : r.kind === 'removed' ? '− ' : '  '}</span>
                  {r.kind === 'added' ? <ins>{r.text}</ins> : r.kind === 'removed' ? <del>{r.text}</del> : r.text}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

export interface ChangeView {
  change: PendingChange;
  title: string;
  base: string;
  upstream: string;
  local: string;
  /** What the original changed (base → upstream) and what you changed (base → local), line by line. */
  upstreamDiff: DiffRow[];
  localDiff: DiffRow[];
}

function Block({ label, text }: { label: string; text: string }): Child {
  return (
    <div class="three-way-col">
      <h4>{label}</h4>
      {text ? <pre class="pre-wrap">{text}</pre> : <p class="muted">(no such step)</p>}
    </div>
  );
}

export function ChangesPage(props: {
  workflow: Workflow;
  original: Workflow;
  changes: ChangeView[];
  csrfToken: string;
}) {
  const path = workflowPath(props.workflow);
  return (
    <>
      <h1>Changes to the original</h1>
      <p class="lead">
        <a href={workflowPath(props.original)}>{props.original.title}</a> changed since your library adopted it. For
        each step, take the original’s version or keep yours.
      </p>
      {props.changes.length === 0 ? (
        <Notice kind="success" title="Up to date">
          <p>
            You have taken or kept every change. <a href={path}>Back to your version</a>.
          </p>
        </Notice>
      ) : null}
      {props.changes.map((c, i) => {
        const headingId = `change-${i}`;
        return (
          <section class="three-way panel" aria-labelledby={headingId}>
            <h2 id={headingId}>
              {c.title}
              {c.change.conflict ? ' — you changed it too' : ''}
            </h2>
            <p>
              {!c.change.base
                ? 'The original added this step.'
                : !c.change.upstream
                  ? 'The original removed this step.'
                  : c.change.conflict
                    ? 'Both the original and your version changed this step since you adopted it.'
                    : 'The original changed this step; your version still has it as adopted.'}
            </p>
            <h3>What the original changed</h3>
            <DiffTable rows={c.upstreamDiff} caption={`What the original changed in ${c.title}`} />
            {c.change.conflict ? (
              <>
                <h3>What you changed</h3>
                <DiffTable rows={c.localDiff} caption={`What you changed in ${c.title}`} />
              </>
            ) : null}
            <details>
              <summary>All three versions side by side</summary>
              <div class="three-way-cols">
                <Block label="When you adopted it" text={c.base} />
                <Block label="The original now" text={c.upstream} />
                <Block label="Your version" text={c.local} />
              </div>
            </details>
            <form method="post" action={`${path}/changes`} class="role-form">
              <CsrfField token={props.csrfToken} />
              <input type="hidden" name="key" value={c.change.key} />
              <button type="submit" name="choice" value="take">
                Take the original’s change: {c.title}
              </button>
              <button type="submit" name="choice" value="keep" class="secondary">
                Keep mine: {c.title}
              </button>
            </form>
          </section>
        );
      })}
    </>
  );
}

export function RunPage(props: {
  run: WorkflowRun;
  workflow: Workflow;
  placeLabel: (s: string) => string;
  total: number;
  csrfToken: string;
  saved: boolean;
}) {
  const { run, workflow } = props;
  const finished = run.finishedAt !== null;
  return (
    <>
      <h1>
        {workflow.title}: {run.label}
      </h1>
      <p class="meta">
        Started <DateText date={run.createdAt} withTime /> ·{' '}
        <span id="run-progress" aria-live="polite">
          {run.checked.length} of {props.total} checks ticked
        </span>
        {finished ? (
          <>
            {' '}
            · Finished <DateText date={run.finishedAt as Date} withTime />
          </>
        ) : null}
      </p>
      {props.saved ? (
        <Notice kind="success">
          <p>Your ticks are saved.</p>
        </Notice>
      ) : null}
      <form method="post" action={`/workflows/runs/${run.id}`} data-run-form="">
        <CsrfField token={props.csrfToken} />
        <StepList
          steps={workflow.steps}
          placeLabel={props.placeLabel}
          run={{ checked: run.checked, disabled: finished }}
        />
        <div class="form-actions">
          {finished ? (
            <button type="submit" name="intent" value="reopen">
              Reopen this run
            </button>
          ) : (
            <>
              <button type="submit" name="intent" value="save">
                Save my ticks
              </button>{' '}
              <button type="submit" name="intent" value="finish" class="secondary">
                Finish this run
              </button>
            </>
          )}
        </div>
      </form>
      <p>
        <a href={workflowPath(workflow)}>Back to the workflow</a>
      </p>
    </>
  );
}

export function ManualPage(props: { originals: Workflow[]; mine: Workflow[]; errors?: FieldErrors | undefined }) {
  return (
    <>
      <h1>Build a procedures manual</h1>
      <p class="lead">
        Choose workflows and download them as one Word document (DOCX) with your library’s name and today’s date, ready
        to edit and print.
      </p>
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/workflows/manual.docx" class="narrow-wide">
        <TextField
          name="library"
          label="Your library’s name"
          required
          maxLength={WORKFLOW_LIMITS.libraryName}
          errors={props.errors}
        />
        <fieldset class="field checkboxes" id="f-w">
          <legend>Workflows to include</legend>
          {[...props.mine, ...props.originals].map((w) => {
            const value = w.slug ?? `local-${w.id}`;
            return (
              <div class="checkbox">
                <input type="checkbox" id={`w-${value}`} name="w" value={value} />
                <label for={`w-${value}`}>
                  {w.title}
                  {w.slug ? '' : ' (your local version)'}
                </label>
              </div>
            );
          })}
        </fieldset>
        <div class="form-actions">
          <button type="submit">Download the manual</button>
        </div>
      </form>
    </>
  );
}

export { STEP_PLACES };

/** A new original workflow: what it is, where it applies (required) and who maintains it; steps come next. */
export function NewWorkflowPage(props: {
  values: FormValues;
  errors?: FieldErrors | undefined;
  libraryTypes: Array<{ value: string; label: string }>;
  sizes: Array<{ value: string; label: string }>;
  topics: Array<{ value: string; label: string }>;
  maintainers: Array<{ value: string; label: string }>;
  csrfToken: string;
}) {
  const chosen = (name: string) => {
    const v = props.values[name];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  return (
    <>
      <h1>Write a new workflow</h1>
      <p class="lead">
        Describe the procedure and where it applies; you add its steps next, one by one. Anyone can then adopt it for
        their library.
      </p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/workflows/new" class="narrow-wide" novalidate>
        <CsrfField token={props.csrfToken} />
        <TextField
          name="title"
          label="Title"
          required
          maxLength={WORKFLOW_LIMITS.title}
          hint="What the procedure does, e.g. “Borrowing a thesis from abroad”."
          values={props.values}
          errors={props.errors}
        />
        <TextArea
          name="summary"
          label="Summary"
          required
          rows={3}
          maxLength={WORKFLOW_LIMITS.summary}
          values={props.values}
          errors={props.errors}
        />
        <fieldset class={props.errors?.context ? 'group has-error' : 'group'} id="f-context" tabindex={-1}>
          <legend>Where this applies (required)</legend>
          <p class="hint">
            Choose at least one: the kinds and sizes of library, the systems, regions or network it assumes.
          </p>
          {props.errors?.context ? (
            <p class="field-error">
              <span class="visually-hidden">Error: </span>
              {props.errors.context}
            </p>
          ) : null}
          <CheckboxGroup
            name="libraryTypes"
            label="Library types"
            options={props.libraryTypes}
            selected={chosen('libraryTypes')}
            errors={props.errors}
          />
          <CheckboxGroup
            name="sizes"
            label="Library sizes"
            options={props.sizes}
            selected={chosen('sizes')}
            errors={props.errors}
          />
          <TextField
            name="systems"
            label="Systems"
            maxLength={600}
            hint="Systems it is specific to, by name, separated by commas, e.g. “ILLiad, Tipasa”."
            values={props.values}
            errors={props.errors}
          />
          <TextField
            name="regions"
            label="Regions"
            maxLength={600}
            hint="Countries, separated by commas, e.g. “United States, Canada”, or “International”."
            values={props.values}
            errors={props.errors}
          />
          <TextField
            name="consortium"
            label="Consortium or network"
            maxLength={WORKFLOW_LIMITS.consortium}
            values={props.values}
            errors={props.errors}
          />
        </fieldset>
        {props.topics.length ? (
          <CheckboxGroup
            name="topics"
            label="Topics"
            hint={`People watching a topic hear of the workflow (at most ${WORKFLOW_LIMITS.topics}).`}
            options={props.topics}
            selected={chosen('topics')}
            errors={props.errors}
          />
        ) : null}
        <TextArea
          name="sources"
          label="Sources"
          rows={3}
          showLimit={false}
          hint="One a line, as “Title | https://address”."
          values={props.values}
          errors={props.errors}
        />
        <Select
          name="maintainer"
          label="Maintained by"
          required
          hint="Its members can change the workflow; the hub’s editors always can."
          options={props.maintainers}
          values={props.values}
          errors={props.errors}
        />
        <div class="form-actions">
          <button type="submit">Create the workflow and add steps</button> <a href="/workflows">Cancel</a>
        </div>
      </form>
    </>
  );
}

/** "Delete step N?": what will go, with the one button that does it. */
export function DeleteStepPage(props: {
  workflow: Workflow;
  step: WorkflowStep;
  number: number;
  pointing: number[];
  csrfToken: string;
}) {
  const path = workflowPath(props.workflow);
  return (
    <>
      <h1>
        Delete step {props.number}: {props.step.title}?
      </h1>
      <p class="meta">
        In <a href={path}>{props.workflow.title}</a>
      </p>
      {props.pointing.length ? (
        <Notice kind="warning" title="Other steps go to this step">
          <p>
            A decision point of step {props.pointing.join(', ')} goes to this step. Change{' '}
            {props.pointing.length === 1 ? 'it' : 'them'} first, then delete the step.
          </p>
        </Notice>
      ) : (
        <>
          <p>The step, its checks and its decision points go; the steps after it move up one number.</p>
          <form method="post" action={`${path}/steps/${props.number}/delete`}>
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="key" value={props.step.key} />
            <div class="form-actions">
              <button type="submit" class="danger">
                Delete step {props.number}
              </button>{' '}
              <a href={`${path}#step-${props.step.key}`}>Keep it</a>
            </div>
          </form>
        </>
      )}
    </>
  );
}

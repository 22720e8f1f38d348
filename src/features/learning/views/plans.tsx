import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, ErrorSummary, Notice, Select, TextArea, TextField } from '../../../platform/ui/components';
import { longDay } from '../learning.models';
import {
  byWeek,
  PLAN_ITEM_KIND_LABELS,
  PLAN_LIMITS,
  PLAN_MARK_LABELS,
  PLAN_MARKS,
  type Plan,
  type PlanItemKind,
  type PlanPerson,
  type PlanRole,
  PLANS_URL,
  planCounts,
  planUrl,
  type ShownPlanItem,
} from '../learning.plans.models';
import { LOG_URL } from './log';

const ARTICLES: Record<PlanItemKind, string> = {
  lesson: 'a lesson',
  article: 'an article',
  workflow: 'a workflow',
  task: 'a shadowing task',
};
const WEEKS = Array.from({ length: PLAN_LIMITS.weeks }, (_, i) => ({ value: String(i + 1), label: `Week ${i + 1}` }));
const person = (p: PlanPerson | null) => (p ? p.displayName : 'a former member');

export interface PlanListEntry {
  plan: Plan;
  role: PlanRole;
  other: PlanPerson | null;
}

/** A member's plans: the ones given to them ("my first weeks") and the ones they built for colleagues. */
export function PlansIndexView({ plans, notice }: { plans: PlanListEntry[]; notice?: string | undefined }) {
  const mine = plans.filter((p) => p.role === 'learner');
  const built = plans.filter((p) => p.role === 'manager');
  return (
    <div class="page narrow-wide">
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <h1>Onboarding plans</h1>
      <p class="lead">
        A plan lists the lessons, articles, workflows and shadowing tasks for a new colleague's first weeks. Only the
        person who built it and the colleague it is for can see it.
      </p>
      <section aria-labelledby="my-first-weeks">
        <h2 id="my-first-weeks">My first weeks</h2>
        {mine.length === 0 ? (
          <p class="empty">Nobody has given you a plan yet.</p>
        ) : (
          <ul class="article-list" data-testid="plans-for-me">
            {mine.map(({ plan, other }) => (
              <li>
                <h3 class="article-list-title">
                  <a href={planUrl(plan.id)}>{plan.title}</a>
                </h3>
                <p class="meta">
                  From {person(other)} ·{' '}
                  {plan.acceptedAt ? `accepted ${longDay(plan.acceptedAt)}` : 'waiting for you to accept it'}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="plans-built">
        <h2 id="plans-built">Plans you built</h2>
        <p>
          <a href={`${PLANS_URL}/new`}>Build a plan for a colleague</a>
        </p>
        {built.length === 0 ? (
          <p class="empty">You have not built a plan yet.</p>
        ) : (
          <ul class="article-list" data-testid="plans-built">
            {built.map(({ plan, other }) => (
              <li>
                <h3 class="article-list-title">
                  <a href={planUrl(plan.id)}>{plan.title}</a>
                </h3>
                <p class="meta">
                  For {person(other)} · {plan.acceptedAt ? `accepted ${longDay(plan.acceptedAt)}` : 'not yet accepted'}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p>
        <a href={LOG_URL}>Your learning log</a>: the courses, lessons and events you took, and the time, to print or
        download.
      </p>
    </div>
  );
}

export interface NewPlanProps {
  templates: Array<{ slug: string; title: string; summary: string; items: number }>;
  csrfToken: string;
  values?: FormValues | undefined;
  errors?: FieldErrors | undefined;
}

export function NewPlanView({ templates, csrfToken, values, errors }: NewPlanProps) {
  return (
    <div class="page narrow">
      <h1>Build a plan for a colleague</h1>
      <p class="lead">
        Choose who it is for and, if you like, a template to start from. You can add, remove and move items after. Your
        colleague sees the plan once you have started it, and accepts it before working through it.
      </p>
      {errors ? <ErrorSummary errors={errors} /> : null}
      <form method="post" action={PLANS_URL} novalidate>
        <CsrfField token={csrfToken} />
        <TextField
          name="colleague"
          label="Your colleague's username"
          hint="As on their profile, for example @jordan-lee."
          required
          maxLength={60}
          showLimit={false}
          autocomplete="off"
          spellcheck={false}
          values={values}
          errors={errors}
        />
        <Select
          name="template"
          label="Start from"
          blank="An empty plan"
          options={templates.map((t) => ({ value: t.slug, label: `${t.title} (${t.items} items)` }))}
          values={values ?? { template: templates[0]?.slug ?? '' }}
          errors={errors}
        />
        {templates.map((t) => (
          <p class="hint">
            <strong>{t.title}</strong>: {t.summary}
          </p>
        ))}
        <TextField
          name="title"
          label="Title"
          hint="Leave empty to use the template's title."
          maxLength={PLAN_LIMITS.titleLength}
          values={values}
          errors={errors}
        />
        <div class="form-actions">
          <button type="submit">Start the plan</button>
        </div>
      </form>
    </div>
  );
}

export interface PlanPageProps {
  plan: Plan;
  role: PlanRole;
  manager: PlanPerson | null;
  learner: PlanPerson;
  items: ShownPlanItem[];
  csrfToken: string;
  /** For the manager's "add" forms. */
  lessons: Array<{ value: string; label: string }>;
  workflows: Array<{ value: string; label: string }>;
  /** A form sent back with errors: which one (an item kind to add, or the item marked). */
  failed?: { form: PlanItemKind | `mark-${number}`; values: FormValues; errors: FieldErrors } | undefined;
  notice?: string | undefined;
}

function Status({ item }: { item: ShownPlanItem }) {
  const cls =
    item.status === 'done' ? 'badge badge-answered' : item.status === 'stuck' ? 'badge badge-unanswered' : 'badge';
  return (
    <span class={cls} data-testid="item-status">
      {PLAN_MARK_LABELS[item.status]}
      {item.doneByProgress ? ' (lesson finished)' : ''}
    </span>
  );
}

function MarkForm({
  item,
  planId,
  csrfToken,
  failed,
}: {
  item: ShownPlanItem;
  planId: number;
  csrfToken: string;
  failed: PlanPageProps['failed'];
}) {
  const mine = failed?.form === `mark-${item.id}` ? failed : undefined;
  const current = mine ? String(mine.values.status ?? '') : item.doneByProgress ? 'open' : item.status;
  return (
    <form method="post" action={`${planUrl(planId)}/mark`} class="plan-mark">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="item" value={String(item.id)} />
      <fieldset>
        <legend>
          Your mark<span class="visually-hidden"> for “{item.title}”</span>
        </legend>
        {mine?.errors.status ? <p class="field-error">{mine.errors.status}</p> : null}
        <div class="radio-row">
          {PLAN_MARKS.map((mark) => (
            <label>
              <input type="radio" name="status" value={mark} checked={current === mark} /> {PLAN_MARK_LABELS[mark]}
            </label>
          ))}
        </div>
        <TextArea
          name="note"
          id={`note-${item.id}`}
          label="Note for your manager"
          rows={2}
          maxLength={PLAN_LIMITS.noteLength}
          value={mine ? String(mine.values.note ?? '') : item.note}
          errors={mine?.errors}
        />
        <button type="submit">
          Save mark<span class="visually-hidden"> for “{item.title}”</span>
        </button>
      </fieldset>
    </form>
  );
}

function ItemLine(props: { item: ShownPlanItem } & Pick<PlanPageProps, 'plan' | 'role' | 'csrfToken' | 'failed'>) {
  const { item, plan, role } = props;
  return (
    <li class="plan-item" data-testid="plan-item">
      <p class="plan-item-head">
        <span class="badge">{PLAN_ITEM_KIND_LABELS[item.kind]}</span>{' '}
        {item.href ? <a href={item.href}>{item.title}</a> : <span>{item.title}</span>} <Status item={item} />
      </p>
      {item.note && (role === 'manager' || !plan.acceptedAt) ? (
        <p class="plan-note" data-testid="item-note">
          Note: {item.note}
        </p>
      ) : null}
      {role === 'learner' && plan.acceptedAt ? (
        <MarkForm item={item} planId={plan.id} csrfToken={props.csrfToken} failed={props.failed} />
      ) : null}
      {role === 'manager' ? (
        <form method="post" action={`${planUrl(plan.id)}/remove`} class="inline-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="item" value={String(item.id)} />
          <button type="submit" class="secondary">
            Remove<span class="visually-hidden"> “{item.title}” from the plan</span>
          </button>
        </form>
      ) : null}
    </li>
  );
}

function AddForm(props: {
  kind: PlanItemKind;
  planId: number;
  csrfToken: string;
  failed: PlanPageProps['failed'];
  children: (values: FormValues | undefined, errors: FieldErrors | undefined) => unknown;
}) {
  const mine = props.failed?.form === props.kind ? props.failed : undefined;
  const headingId = `add-${props.kind}`;
  return (
    <section aria-labelledby={headingId} class="panel">
      <h3 id={headingId}>Add {ARTICLES[props.kind]}</h3>
      <form method="post" action={`${planUrl(props.planId)}/items`} novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="kind" value={props.kind} />
        {props.children(mine?.values, mine?.errors)}
        <Select
          name="week"
          id={`week-${props.kind}`}
          label="Week"
          required
          options={WEEKS}
          values={mine?.values}
          errors={mine?.errors}
        />
        <button type="submit">Add {props.kind === 'task' ? 'the task' : `the ${props.kind}`}</button>
      </form>
    </section>
  );
}

/** Where the error summary's links go: the fields of the form sent back. */
function summaryIds(form: NonNullable<PlanPageProps['failed']>['form']): Record<string, string> {
  if (form.startsWith('mark-')) return { note: `note-${form.slice(5)}`, status: `note-${form.slice(5)}` };
  return { week: `week-${form}` };
}

/** One plan, for its manager (progress and editing) or its colleague ("my first weeks": accept, then mark). */
export function PlanPageView(props: PlanPageProps) {
  const { plan, role, items } = props;
  const counts = planCounts(items);
  const weeks = byWeek(items);
  return (
    <div class="page narrow-wide">
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.failed ? <ErrorSummary errors={props.failed.errors} ids={summaryIds(props.failed.form)} /> : null}
      <h1>{plan.title}</h1>
      <p class="meta">
        {role === 'learner' ? `From ${person(props.manager)}` : `For ${props.learner.displayName}`} ·{' '}
        <span data-testid="plan-state">
          {plan.acceptedAt
            ? `Accepted ${longDay(plan.acceptedAt)}`
            : role === 'learner'
              ? 'Waiting for you to accept it'
              : `Waiting for ${props.learner.displayName} to accept it`}
        </span>
      </p>
      {role === 'learner' && !plan.acceptedAt ? (
        <section aria-labelledby="answer" class="panel">
          <h2 id="answer">Will you take this plan?</h2>
          <p>
            {person(props.manager)} made this plan for your first weeks. Once you accept it you can mark each item done
            or stuck, with a note; {person(props.manager)} sees those marks and notes, and nothing else of your
            learning.
          </p>
          <form method="post" action={`${planUrl(plan.id)}/accept`} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit">Accept the plan</button>
          </form>
          <form method="post" action={`${planUrl(plan.id)}/decline`} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="secondary">
              Decline the plan
            </button>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="progress" class="panel">
        <h2 id="progress">Progress</h2>
        <p data-testid="plan-counts">
          {counts.done} of {counts.total} done · {counts.stuck} stuck · {counts.open} not yet
        </p>
      </section>
      {weeks.length === 0 ? <p class="empty">No items yet.</p> : null}
      {weeks.map(({ week, items: list }) => (
        <section aria-labelledby={`week-${week}`}>
          <h2 id={`week-${week}`}>Week {week}</h2>
          <ul class="plan-items">
            {list.map((item) => (
              <ItemLine item={item} plan={plan} role={role} csrfToken={props.csrfToken} failed={props.failed} />
            ))}
          </ul>
        </section>
      ))}
      {role === 'manager' ? (
        <section aria-labelledby="change-plan">
          <h2 id="change-plan">Change the plan</h2>
          <AddForm kind="lesson" planId={plan.id} csrfToken={props.csrfToken} failed={props.failed}>
            {(values, errors) => (
              <Select
                name="lesson"
                label="Lesson"
                required
                blank="Choose a lesson"
                options={props.lessons}
                values={values}
                errors={errors}
              />
            )}
          </AddForm>
          <AddForm kind="article" planId={plan.id} csrfToken={props.csrfToken} failed={props.failed}>
            {(values, errors) => (
              <TextField
                name="article"
                label="Article address"
                hint="Paste the article's address or its last part, for example ill-borrowing-basics."
                required
                maxLength={300}
                showLimit={false}
                values={values}
                errors={errors}
              />
            )}
          </AddForm>
          <AddForm kind="workflow" planId={plan.id} csrfToken={props.csrfToken} failed={props.failed}>
            {(values, errors) => (
              <Select
                name="workflow"
                label="Workflow"
                required
                blank="Choose a workflow"
                options={props.workflows}
                values={values}
                errors={errors}
              />
            )}
          </AddForm>
          <AddForm kind="task" planId={plan.id} csrfToken={props.csrfToken} failed={props.failed}>
            {(values, errors) => (
              <TextArea
                name="task"
                label="Shadowing task"
                rows={2}
                required
                maxLength={PLAN_LIMITS.taskLength}
                values={values}
                errors={errors}
              />
            )}
          </AddForm>
          <form method="post" action={`${planUrl(plan.id)}/delete`} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="secondary">
              Delete this plan
            </button>
          </form>
        </section>
      ) : null}
      <p>
        <a href={PLANS_URL}>All your plans</a>
      </p>
    </div>
  );
}

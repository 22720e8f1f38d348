/** Composed reports, sharing, and the public gallery of report examples. Views take props and never query. */
import { raw } from 'hono/html';
import type { SafeHtml } from '../../../platform/content/markdown';
import { storedHtml } from '../../../platform/content/stored-html';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
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
import type { RenderedChart } from '../reports.charts';
import {
  type ComposedReport,
  COMPOSE_LIMITS,
  composedUrl,
  exampleUrl,
  periodLabel,
  SHARING_LABELS,
  type Sharing,
  sharedUrl,
} from '../reports.compose.models';
import type { MeasureTable } from '../reports.tables';
import { MeasureSection } from './measure-section';

/** Months between two YYYY-MM-DD days (or none), as select options. */
export function monthOptions(from: string | null, to: string | null): Array<{ value: string; label: string }> {
  if (!from || !to) return [];
  const out: Array<{ value: string; label: string }> = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const end = to.slice(0, 7);
  for (let i = 0; i < 600; i++) {
    const v = `${y}-${String(m).padStart(2, '0')}`;
    out.push({ value: v, label: periodLabel(v, v) });
    if (v >= end) break;
    m++;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

export interface ComposeFormProps {
  csrfToken: string;
  action: string;
  datasetName: string;
  measures: Array<{ slug: string; caption: string }>;
  months: Array<{ value: string; label: string }>;
  values: FormValues;
  errors?: FieldErrors | undefined;
  /** Editing an existing report. */
  editing?: boolean;
}

export function ComposeForm(props: ComposeFormProps) {
  const v = props.values;
  const chosen = Array.isArray(v.measures) ? v.measures : v.measures ? [v.measures] : [];
  return (
    <>
      <h1>{props.editing ? 'Edit the report' : `Compose a report from “${props.datasetName}”`}</h1>
      <p>
        A report shows the measures you choose over the months you choose, with your commentary. It shows aggregates
        only (tables and charts of counts, rates and days), never a request. It stays private until you share it.
      </p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <TextField
          name="title"
          label="Title"
          maxLength={COMPOSE_LIMITS.title}
          required
          values={v}
          errors={props.errors}
        />
        <CheckboxGroup
          name="measures"
          label="Measures to show"
          hint="In this order in the report."
          options={props.measures.map((m) => ({ value: m.slug, label: m.caption }))}
          selected={chosen}
          required
          errors={props.errors}
        />
        {props.months.length ? (
          <>
            <Select
              name="periodFrom"
              label="First month"
              options={props.months}
              required
              values={v}
              errors={props.errors}
            />
            <Select
              name="periodTo"
              label="Last month"
              options={props.months}
              required
              values={v}
              errors={props.errors}
            />
          </>
        ) : (
          <p>The dataset holds no requests yet: upload an export first.</p>
        )}
        <TextArea
          name="commentary"
          label="Commentary"
          hint="Markdown: what the figures show and what you propose. Shown above the figures."
          maxLength={COMPOSE_LIMITS.commentary}
          rows={10}
          values={v}
          errors={props.errors}
        />
        <button type="submit">{props.editing ? 'Save the report' : 'Compose the report'}</button>
      </form>
    </>
  );
}

export interface ReportBodyProps {
  report: ComposedReport;
  tables: MeasureTable[];
  charts: RenderedChart[];
  /** Where each measure's CSV is downloaded: `${csvBase}/${slug}.csv`. */
  csvBase: string;
}

/** The report itself: period, the aggregates notice, commentary, then each measure's chart, table and CSV. */
export function ReportBody(props: ReportBodyProps) {
  const { report } = props;
  const chartOf = new Map(props.charts.map((c) => [c.slug, c]));
  return (
    <>
      <p>
        {periodLabel(report.periodFrom, report.periodTo)}. Last changed <DateText date={report.updatedAt} />.
      </p>
      <Notice title="Aggregates only">
        The figures below are aggregates (counts, rates and days over the period) computed from an ILL system’s export.
        No request and nothing about any patron is shown or kept.
      </Notice>
      {report.commentary ? (
        <div class="prose report-commentary">
          {raw(storedHtml(report.bodyHtml as SafeHtml | null, report.commentary))}
        </div>
      ) : null}
      {props.tables.map((t) => (
        <MeasureSection
          table={t}
          chart={chartOf.get(t.slug)}
          csvHref={`${props.csvBase}/${t.slug}.csv`}
          empty="No requests in this period."
        />
      ))}
    </>
  );
}

/** Why it was made, for whom, how it was received: what makes a report an example for others. */
export function ExampleStory({ report }: { report: ComposedReport }) {
  return (
    <dl class="report-story">
      <dt>Why it was made</dt>
      <dd>{report.purpose}</dd>
      <dt>For whom</dt>
      <dd>{report.audience}</dd>
      <dt>How it was received</dt>
      <dd>{report.reception}</dd>
    </dl>
  );
}

function SharingForms(props: {
  csrfToken: string;
  report: ComposedReport;
  groupName: string | null;
  publishValues: FormValues;
  publishErrors?: FieldErrors | undefined;
  baseUrl: string;
}) {
  const { report } = props;
  const options: Array<{ value: Exclude<Sharing, 'public'>; label: string }> = [
    { value: 'private', label: SHARING_LABELS.private },
    {
      value: 'link',
      label: report.sharing === 'link' ? 'Anyone with the link (make a new link)' : SHARING_LABELS.link,
    },
  ];
  if (props.groupName) options.push({ value: 'group', label: `Members of ${props.groupName}` });
  return (
    <section aria-labelledby="sharing-title" class="report-sharing">
      <h2 id="sharing-title">Sharing</h2>
      <p>
        Now:{' '}
        <strong>
          {report.sharing === 'group' && props.groupName
            ? `Members of ${props.groupName}`
            : SHARING_LABELS[report.sharing]}
        </strong>
        .
      </p>
      {report.sharing === 'link' && report.linkToken ? (
        <p>
          The link: <a href={sharedUrl(report.linkToken)}>{`${props.baseUrl}${sharedUrl(report.linkToken)}`}</a>. Choose
          “Private” to stop it working, or make a new link.
        </p>
      ) : null}
      {report.sharing === 'public' ? (
        <p>
          Published as a <a href={exampleUrl(report.id)}>report example</a>. Choosing another setting takes it out of
          the gallery and out of search.
        </p>
      ) : null}
      <form method="post" action={`${composedUrl(report.id)}/sharing`}>
        <CsrfField token={props.csrfToken} />
        <Select
          name="sharing"
          label="Who may read this report"
          options={options}
          value={report.sharing === 'public' ? 'private' : report.sharing}
          required
        />
        <button type="submit">Save who may read it</button>
      </form>
      <h3 id="publish-title">{report.sharing === 'public' ? 'Update the example' : 'Publish as a report example'}</h3>
      <p>
        A report example is public: anyone can read it in the gallery and find it in search. Tell other practitioners
        why you made it, for whom, and how it was received.
      </p>
      <ErrorSummary errors={props.publishErrors} />
      <form method="post" action={`${composedUrl(report.id)}/publish`} aria-labelledby="publish-title">
        <CsrfField token={props.csrfToken} />
        <TextArea
          name="purpose"
          label="Why it was made"
          maxLength={COMPOSE_LIMITS.story}
          rows={3}
          required
          values={props.publishValues}
          errors={props.publishErrors}
        />
        <TextArea
          name="audience"
          label="For whom"
          maxLength={COMPOSE_LIMITS.story}
          rows={2}
          required
          values={props.publishValues}
          errors={props.publishErrors}
        />
        <TextArea
          name="reception"
          label="How it was received"
          maxLength={COMPOSE_LIMITS.story}
          rows={3}
          required
          values={props.publishValues}
          errors={props.publishErrors}
        />
        <button type="submit">{report.sharing === 'public' ? 'Save the example' : 'Publish to the gallery'}</button>
      </form>
    </section>
  );
}

export interface ReportPageProps extends ReportBodyProps {
  csrfToken: string;
  datasetName: string;
  /** The dataset's group, when it is in a group's workspace. */
  groupName: string | null;
  mine: boolean;
  publishValues?: FormValues;
  publishErrors?: FieldErrors | undefined;
  baseUrl: string;
  notice?: string | undefined;
}

/** A report at its own address: the author sees sharing, publishing, editing and deleting too. */
export function ReportPage(props: ReportPageProps) {
  const { report } = props;
  return (
    <>
      <h1>{report.title}</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        From the dataset “{props.datasetName}”{props.groupName ? ` in the workspace of ${props.groupName}` : ''}.
      </p>
      {report.sharing === 'public' ? <ExampleStory report={report} /> : null}
      <ReportBody {...props} />
      {props.mine ? (
        <>
          <SharingForms
            csrfToken={props.csrfToken}
            report={report}
            groupName={props.groupName}
            publishValues={
              props.publishValues ?? {
                purpose: report.purpose ?? '',
                audience: report.audience ?? '',
                reception: report.reception ?? '',
              }
            }
            publishErrors={props.publishErrors}
            baseUrl={props.baseUrl}
          />
          <h2>Change or delete</h2>
          <p>
            <a href={`${composedUrl(report.id)}/edit`}>Edit the title, measures, months or commentary</a>
          </p>
          <form method="post" action={`${composedUrl(report.id)}/delete`}>
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="danger">
              Delete this report
            </button>
          </form>
        </>
      ) : null}
    </>
  );
}

/** When a report example or recipe was last reviewed and when the next review is due, in words. */
export function ReviewDates(props: { lastReviewedAt: Date | null; reviewDue: string | null; overdue: boolean }) {
  if (!props.reviewDue && !props.lastReviewedAt) return null;
  return (
    <p class="meta">
      {props.lastReviewedAt ? (
        <>
          Reviewed on <DateText date={props.lastReviewedAt} />
        </>
      ) : (
        'Not reviewed yet'
      )}
      {props.reviewDue ? (
        props.overdue ? (
          <>
            {' · '}
            <strong>
              Review overdue (was due <time datetime={props.reviewDue}>{props.reviewDue}</time>)
            </strong>
          </>
        ) : (
          <>
            {' · '}next review due <time datetime={props.reviewDue}>{props.reviewDue}</time>
          </>
        )
      ) : null}
      .
    </p>
  );
}

/** A published report example, as anyone reads it; its author, editors and administrators may record a review. */
export function ExamplePage(
  props: ReportBodyProps & {
    maintainedBy: string | null;
    reviewOverdue: boolean;
    canReview: boolean;
    csrfToken: string;
    notice?: string;
  },
) {
  const { report } = props;
  return (
    <>
      <h1>{report.title}</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        A report example: made by a library from its own ILL statistics and shared so that others can see how such a
        report is made. Published {report.publishedAt ? <DateText date={report.publishedAt} /> : null}
        {props.maintainedBy ? `; maintained by ${props.maintainedBy}` : ''}.
      </p>
      <ReviewDates lastReviewedAt={report.lastReviewedAt} reviewDue={report.reviewDue} overdue={props.reviewOverdue} />
      {props.canReview ? (
        <form method="post" action={`${exampleUrl(report.id)}/reviewed`}>
          <CsrfField token={props.csrfToken} />
          <button type="submit">Mark reviewed: the story and figures still hold</button>
        </form>
      ) : null}
      <ExampleStory report={report} />
      <ReportBody {...props} />
      <p>
        <a href="/reports/examples">All report examples</a>
      </p>
    </>
  );
}

/** The gallery: every published report example. */
export function GalleryPage(props: { examples: ComposedReport[]; signedIn: boolean }) {
  return (
    <>
      <h1>Report examples</h1>
      <p>
        ILL reports libraries made from their own statistics: why each was made, for whom, how it was received, and the
        figures it showed. Every example shows aggregates only, never a request or a patron.
      </p>
      {props.signedIn ? (
        <p>
          To add yours, compose a report from one of <a href="/reports">your datasets</a> and publish it.
        </p>
      ) : (
        <p>
          Members can compose reports from their own ILL statistics and publish them here.{' '}
          <a href="/sign-in?next=/reports">Sign in</a> to start.
        </p>
      )}
      {props.examples.length === 0 ? (
        <p>No report examples yet.</p>
      ) : (
        <ul class="report-gallery">
          {props.examples.map((r) => (
            <li>
              <h2>
                <a href={exampleUrl(r.id)}>{r.title}</a>
              </h2>
              <p>
                <strong>For whom:</strong> {r.audience}
              </p>
              <p>{r.purpose}</p>
              <p class="hint">{periodLabel(r.periodFrom, r.periodTo)}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The reports part of /reports: one's reports, those shared with one's groups, and the groups' workspaces. */
export function ComposedIndex(props: {
  own: ComposedReport[];
  shared: ComposedReport[];
  workspaces: Array<{ id: number; name: string; manages: boolean }>;
  groupDatasets: Array<{ id: number; name: string; groupId: number | null }>;
}) {
  const groupName = new Map(props.workspaces.map((w) => [w.id, w.name]));
  return (
    <>
      <h2>Your reports</h2>
      <p>
        Compose a report from a dataset (open the dataset, then “Compose a report”). See how others report in the{' '}
        <a href="/reports/examples">gallery of report examples</a>.
      </p>
      {props.own.length === 0 ? (
        <p>You have no reports yet.</p>
      ) : (
        <ul>
          {props.own.map((r) => (
            <li>
              <a href={composedUrl(r.id)}>{r.title}</a> ({SHARING_LABELS[r.sharing]})
            </li>
          ))}
        </ul>
      )}
      {props.workspaces.length ? (
        <>
          <h2>Your groups’ workspaces</h2>
          <p>
            Every member of a group reads its datasets and the reports shared with it; its owners and stewards add,
            replace and delete datasets.
          </p>
          {props.groupDatasets.length === 0 ? (
            <p>Your groups have no datasets yet.</p>
          ) : (
            <ul>
              {props.groupDatasets.map((d) => (
                <li>
                  <a href={`/reports/datasets/${d.id}`}>{d.name}</a> ({groupName.get(d.groupId ?? 0)})
                </li>
              ))}
            </ul>
          )}
          {props.shared.length ? (
            <>
              <h3>Reports shared with your groups</h3>
              <ul>
                {props.shared.map((r) => (
                  <li>
                    <a href={composedUrl(r.id)}>{r.title}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** A report read by its link: no sharing controls, the aggregates notice. */
export function SharedPage(props: ReportBodyProps) {
  return (
    <>
      <h1>{props.report.title}</h1>
      <p>Shared with you by link. The author can stop the link at any time.</p>
      <ReportBody {...props} />
    </>
  );
}

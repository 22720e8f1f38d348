/** Pages for cost inputs, peer comparison and the public PLS reference data (docs/decisions/045). */
import { raw } from 'hono/html';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, ErrorSummary, Notice, Select, TextField } from '../../../platform/ui/components';
import type { RenderedChart } from '../reports.charts';
import { COST_FIELDS, COST_LABELS, type CostCounts, type CostFigures } from '../reports.costs';
import {
  COHORT_KEY_LABELS,
  COHORT_KEYS,
  MIN_COHORT,
  PEER_FIGURE_LABELS,
  PEER_FIGURES,
  type PeerFigure,
  type PeerProfile,
  type Quartiles,
  SIZE_BANDS,
  STANDING_TEXT,
  standing,
  type YearAggregate,
} from '../reports.peers.models';
import type { Dataset } from '../reports.models';
import type { CohortView } from '../reports.peers.usecases';
import type { MeasureTable } from '../reports.tables';

const money = (n: number | null) => (n === null ? '—' : n.toFixed(2));

export function CostsPage(props: {
  csrfToken: string;
  dataset: Dataset;
  values: FormValues;
  errors?: FieldErrors | undefined;
  counts: CostCounts;
  figures?: CostFigures | undefined;
  assumptions: string[];
  notice?: string | undefined;
}) {
  const f = props.figures;
  return (
    <>
      <h1>Costs and savings: {props.dataset.name}</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        Enter what a request costs your library and what buying would have cost. The figures stay private to this
        dataset; amounts are in your own currency.
      </p>
      {f ? (
        <section aria-labelledby="cost-figures">
          <h2 id="cost-figures">Cost per filled request and money saved</h2>
          <div class="table-wrap" role="region" aria-label="Cost figures" tabindex={0}>
            <table>
              <caption>Cost figures over the dataset’s whole period</caption>
              <tbody>
                <tr>
                  <th scope="row">Staff time</th>
                  <td>{money(f.staffCost)}</td>
                </tr>
                <tr>
                  <th scope="row">Shipping</th>
                  <td>{money(f.shippingCost)}</td>
                </tr>
                <tr>
                  <th scope="row">Total cost (with fees and IFM)</th>
                  <td>{money(f.totalCost)}</td>
                </tr>
                <tr>
                  <th scope="row">Cost per filled request ({props.counts.filled} filled)</th>
                  <td>{money(f.costPerFilled)}</td>
                </tr>
                <tr>
                  <th scope="row">Purchases avoided by borrowing</th>
                  <td>{money(f.purchaseAvoided)}</td>
                </tr>
                <tr>
                  <th scope="row">Cost of borrowing</th>
                  <td>{money(f.borrowingCost)}</td>
                </tr>
                <tr>
                  <th scope="row">Money saved by borrowing instead of buying</th>
                  <td>{money(f.saved)}</td>
                </tr>
              </tbody>
            </table>
          </div>
          <h3>Assumptions</h3>
          <ul class="cost-assumptions">
            {props.assumptions.map((a) => (
              <li>{a}</li>
            ))}
          </ul>
        </section>
      ) : (
        <p>No cost inputs yet: enter them below to see cost per filled request and money saved.</p>
      )}
      <h2>Cost inputs</h2>
      <ErrorSummary errors={props.errors} />
      <form method="post" action={`/reports/datasets/${props.dataset.id}/costs`} novalidate>
        <CsrfField token={props.csrfToken} />
        {COST_FIELDS.map((name) => (
          <TextField
            name={name}
            label={COST_LABELS[name]}
            type="text"
            inputmode="decimal"
            required
            values={props.values}
            errors={props.errors}
            hint="A number, zero or more."
          />
        ))}
        <button type="submit">Save cost inputs</button>
      </form>
      <p>
        <a href={`/reports/datasets/${props.dataset.id}`}>Back to the dataset</a>
      </p>
    </>
  );
}

const figureText = (f: PeerFigure, v: number | null) =>
  v === null
    ? '—'
    : f === 'fillRate'
      ? `${(v * 100).toFixed(1)}%`
      : f === 'requests'
        ? String(Math.round(v))
        : String(Number(v.toFixed(2)));

function CohortTable({ cohort, label }: { cohort: CohortView; label: string }) {
  return (
    <div class="table-wrap" role="region" aria-label={`Cohort: ${label}`} tabindex={0}>
      <table>
        <caption>Your figures against the cohort “{label}” (first quartile, median, third quartile)</caption>
        <thead>
          <tr>
            <th scope="col">Year and figure</th>
            <th scope="col">Yours</th>
            <th scope="col">Cohort quartiles</th>
            <th scope="col">Where you stand</th>
          </tr>
        </thead>
        <tbody>
          {cohort.years.flatMap((y) =>
            PEER_FIGURES.map((f) => {
              const q: Quartiles | null = y.cohort[f];
              const s = q ? standing(y.own[f], q) : null;
              return (
                <tr>
                  <th scope="row">
                    {y.year}: {PEER_FIGURE_LABELS[f]}
                  </th>
                  <td>{figureText(f, y.own[f])}</td>
                  <td>
                    {q
                      ? `${figureText(f, q.q1)} · ${figureText(f, q.median)} · ${figureText(f, q.q3)} (${q.libraries} libraries)`
                      : `Not shown: fewer than ${MIN_COHORT} libraries`}
                  </td>
                  <td>{s ? STANDING_TEXT[s] : '—'}</td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </div>
  );
}

export function PeersPage(props: {
  csrfToken: string;
  dataset: Dataset;
  profile?: PeerProfile | undefined;
  shared: YearAggregate[];
  cohorts: CohortView[];
  options: Record<'libraryType' | 'region' | 'system', Array<{ value: string; label: string }>>;
  labelOf: (key: string, value: string) => string;
  values: FormValues;
  errors?: FieldErrors | undefined;
  notice?: string | undefined;
}) {
  const { dataset, profile } = props;
  const options = { ...props.options, sizeBand: SIZE_BANDS.map((b) => ({ value: b.slug, label: b.label })) };
  return (
    <>
      <h1>Compare with peers: {dataset.name}</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        Peer comparison is opt-in. When you join, this dataset’s yearly aggregates (fill rate, median turnaround, volume
        and lending per borrowing request) are shared with libraries in the same cohorts, never its rows. A cohort’s
        figures are shown only when at least {MIN_COHORT} libraries give them, as the first quartile, median and third
        quartile, never one library’s figure. Opting out deletes the shared aggregates.
      </p>
      {profile ? (
        <>
          <h2>Where you stand</h2>
          {props.cohorts.map((c) => {
            const label = `${COHORT_KEY_LABELS[c.key]}: ${props.labelOf(c.key, c.value)}`;
            return (
              <section aria-labelledby={`cohort-${c.key}`}>
                <h3 id={`cohort-${c.key}`}>{label}</h3>
                {c.years.length === 0 ? <p>This dataset has no requests to compare yet.</p> : null}
                {c.years.length > 0 ? <CohortTable cohort={c} label={label} /> : null}
              </section>
            );
          })}
          <p>Your aggregates are refreshed whenever you upload to this dataset or save these settings.</p>
        </>
      ) : null}
      <h2>{profile ? 'Your cohort settings' : 'Join peer comparison'}</h2>
      <ErrorSummary errors={props.errors} />
      <form method="post" action={`/reports/datasets/${dataset.id}/peers`}>
        <CsrfField token={props.csrfToken} />
        <p>Choose at least one. Each one you choose is a cohort you are compared with.</p>
        {COHORT_KEYS.map((k) => (
          <Select
            name={k}
            label={COHORT_KEY_LABELS[k]}
            options={options[k]}
            blank="(not set)"
            values={props.values}
            errors={props.errors}
            required={false}
          />
        ))}
        <button type="submit">{profile ? 'Save cohort settings' : 'Share aggregates and join'}</button>
      </form>
      {profile ? (
        <form method="post" action={`/reports/datasets/${dataset.id}/peers/leave`}>
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="danger">
            Opt out and delete shared aggregates
          </button>
        </form>
      ) : null}
      <p>
        <a href={`/reports/datasets/${dataset.id}`}>Back to the dataset</a>
      </p>
    </>
  );
}

export function ReferencePage(props: {
  choices: { years: number[]; states: string[] };
  year: number | undefined;
  state: string | undefined;
  band: string | undefined;
  table: MeasureTable;
  chart?: RenderedChart | undefined;
  csvHref: string;
}) {
  return (
    <>
      <h1>Public library ILL reference figures</h1>
      <p>
        Interlibrary loans provided to and received from other libraries, as US public libraries reported them to the
        Public Libraries Survey (Institute of Museum and Library Services). Choose your state and size band to see the
        median and quartiles without uploading anything. The hub holds a sample of the survey; see the sources below.
      </p>
      {props.year === undefined ? (
        <p>No reference data is loaded on this hub.</p>
      ) : (
        <>
          <form method="get" action="/reports/reference" class="filters">
            <Select
              name="year"
              label="Survey year"
              options={props.choices.years.map((y) => ({ value: String(y), label: String(y) }))}
              value={String(props.year)}
              required
            />
            <Select
              name="state"
              label="State"
              options={props.choices.states.map((s) => ({ value: s, label: s }))}
              blank="(all states)"
              value={props.state ?? ''}
              required={false}
            />
            <Select
              name="band"
              label="Size band (population of the legal service area)"
              options={SIZE_BANDS.map((b) => ({ value: b.slug, label: b.label }))}
              blank="(all sizes)"
              value={props.band ?? ''}
              required={false}
            />
            <button type="submit">Show the figures</button>
          </form>
          <section aria-labelledby="m-reference">
            <h2 id="m-reference">{props.table.caption}</h2>
            <p>{props.table.about}</p>
            {props.chart ? <figure class="report-chart">{raw(props.chart.svg)}</figure> : null}
            <div class="table-wrap" role="region" aria-label={props.table.caption} tabindex={0}>
              <table>
                <caption>{props.table.caption}</caption>
                <thead>
                  <tr>
                    {props.table.columns.map((c) => (
                      <th scope="col">{c}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {props.table.rows.map((r) => (
                    <tr>
                      <th scope="row">{r[0]}</th>
                      {r.slice(1).map((v) => (
                        <td>{v}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p>
              <a href={props.csvHref} download>
                Download “{props.table.caption}” as CSV
              </a>
            </p>
          </section>
        </>
      )}
      <h2>Sources</h2>
      <p>
        Public Libraries Survey, Administrative Entity files (fiscal years 1992, 2012, 2013 and 2014), Institute of
        Museum and Library Services: US federal public data, with IMLS imputations for libraries that did not report.
        Items LOANTO (loans provided to other libraries), LOANFM (loans received from other libraries) and POPU_LSA
        (population of the legal service area).
      </p>
    </>
  );
}

import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, ErrorSummary, Notice, Select, TextArea, TextField } from '../../../platform/ui/components';
import {
  ageText,
  type InteropReport,
  isStale,
  matrixUrl,
  type Protocol,
  PROTOCOL_LABELS,
  PROTOCOL_SIDES,
  PROTOCOLS,
  RESULT_LABELS,
  RESULTS,
  STALE_AFTER_MONTHS,
  SYSTEM_LIMITS,
  systemUrl,
} from '../systems.models';

export interface MatrixProps {
  protocol: Protocol;
  systems: Array<{ slug: string; label: string; hasPage: boolean }>;
  cells: Map<string, InteropReport>;
  now: Date;
  notice?: string | undefined;
  signedIn: boolean;
  csrfToken: string;
  form: { values: FormValues; errors?: FieldErrors | undefined };
}

export const cellKey = (from: string, to: string) => `${from}>${to}`;

function Cell({ report, now }: { report: InteropReport | undefined; now: Date }) {
  if (!report) return <td class="cell-none">No report</td>;
  const stale = isStale(report.testedOn, now);
  return (
    <td class={`cell-${report.result}${stale ? ' cell-stale' : ''}`}>
      {stale ? <strong>Stale: </strong> : null}
      {RESULT_LABELS[report.result]}
      <br />
      <span class="cell-age">
        <time datetime={report.testedOn}>{ageText(report.testedOn, now)}</time>
      </span>
      {report.evidenceUrl ? (
        <>
          <br />
          <a href={report.evidenceUrl}>evidence</a>
        </>
      ) : null}
    </td>
  );
}

export function MatrixView(props: MatrixProps) {
  const sides = PROTOCOL_SIDES[props.protocol];
  const label = PROTOCOL_LABELS[props.protocol];
  const options = props.systems.map((s) => ({ value: s.slug, label: s.label }));
  return (
    <article class="interop-matrix">
      <h1>Interoperability matrix</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        Which systems exchange {label} messages with which, from test reports filed by members. Each cell shows the
        latest result and its age; a result older than {STALE_AFTER_MONTHS} months is marked <strong>stale</strong>{' '}
        because systems change. Rows are the {sides.from.toLowerCase()}, columns the {sides.to.toLowerCase()}.
      </p>
      <nav aria-label="Protocol">
        <ul class="inline-list">
          {PROTOCOLS.map((p) => (
            <li>
              {p === props.protocol ? (
                <strong aria-current="page">{PROTOCOL_LABELS[p]}</strong>
              ) : (
                <a href={matrixUrl(p)}>{PROTOCOL_LABELS[p]}</a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <h2 id="matrix-title">
        {label}: {sides.from} (rows) × {sides.to} (columns)
      </h2>
      <div class="table-wrap matrix-wrap" role="region" aria-labelledby="matrix-title" tabindex={0}>
        <table class="matrix">
          <caption class="visually-hidden">Latest {label} test result for each pair of systems, with its age</caption>
          <thead>
            <tr>
              <td />
              {props.systems.map((s) => (
                <th scope="col">{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.systems.map((from) => (
              <tr>
                <th scope="row">{from.hasPage ? <a href={systemUrl(from.slug)}>{from.label}</a> : from.label}</th>
                {props.systems.map((to) => (
                  <Cell report={props.cells.get(cellKey(from.slug, to.slug))} now={props.now} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="report-title">
        <h2 id="report-title">File a test report</h2>
        {props.signedIn ? (
          <form method="post" action="/systems/matrix/reports" novalidate>
            <CsrfField token={props.csrfToken} />
            <ErrorSummary errors={props.form.errors} />
            <Select
              name="protocol"
              label="Protocol"
              required
              options={PROTOCOLS.map((p) => ({ value: p, label: PROTOCOL_LABELS[p] }))}
              values={props.form.values}
              errors={props.form.errors}
            />
            <Select
              name="fromSystem"
              label="Requesting (ISO 18626) or initiating (NCIP) system"
              required
              blank="Choose a system"
              options={options}
              values={props.form.values}
              errors={props.form.errors}
            />
            <TextField
              name="fromVersion"
              label="Its version"
              maxLength={SYSTEM_LIMITS.versionChars}
              values={props.form.values}
              errors={props.form.errors}
            />
            <Select
              name="toSystem"
              label="Supplying (ISO 18626) or responding (NCIP) system"
              required
              blank="Choose a system"
              options={options}
              values={props.form.values}
              errors={props.form.errors}
            />
            <TextField
              name="toVersion"
              label="Its version"
              id="f-toVersion"
              maxLength={SYSTEM_LIMITS.versionChars}
              values={props.form.values}
              errors={props.form.errors}
            />
            <TextField
              name="messageTypes"
              label="Message types tried"
              hint="Separated by commas, e.g. Request, SupplyingAgencyMessage, RequestingAgencyMessage (or NCIP: RequestItem, CheckOutItem)."
              required
              maxLength={1000}
              values={props.form.values}
              errors={props.form.errors}
            />
            <Select
              name="result"
              label="Result"
              required
              blank="Choose what happened"
              options={RESULTS.map((r) => ({ value: r, label: RESULT_LABELS[r] }))}
              values={props.form.values}
              errors={props.form.errors}
            />
            <TextField
              name="testedOn"
              label="Day of the test"
              type="date"
              required
              values={props.form.values}
              errors={props.form.errors}
            />
            <TextField
              name="evidenceUrl"
              label="Link to evidence (message log, ticket, write-up)"
              type="url"
              maxLength={SYSTEM_LIMITS.urlChars}
              values={props.form.values}
              errors={props.form.errors}
            />
            <TextArea
              name="notes"
              label="Notes"
              maxLength={SYSTEM_LIMITS.reportNotesChars}
              rows={4}
              values={props.form.values}
              errors={props.form.errors}
            />
            <button type="submit">File report</button>
          </form>
        ) : (
          <p>
            <a href={`/sign-in?next=${encodeURIComponent(matrixUrl(props.protocol))}`}>Sign in</a> to file a test
            report.
          </p>
        )}
      </section>
    </article>
  );
}

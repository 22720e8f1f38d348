import type { FormValues } from '../../../platform/http/forms';
import { CsrfField, formatDate, Notice, Select, TextField } from '../../../platform/ui/components';
import { DELIMITER_LABELS } from '../reports.csv';
import type { ReadResult } from '../reports.import';
import {
  type Dataset,
  type DroppedColumn,
  FIELD_LABELS,
  FIELDS,
  PRESET_LABELS,
  PRESETS,
  type RowError,
} from '../reports.models';
import type { RenderedChart } from '../reports.charts';
import type { MeasureTable } from '../reports.tables';
import { MeasureSection } from './measure-section';

/** /reports for a visitor: the public parts, and what signing in adds. */
export function PublicReportsIndex() {
  return (
    <>
      <h1>Reports</h1>
      <p>
        How ILL staff report their figures, and why: see what other libraries reported and for whom, follow a recipe for
        your own report, or compare with public library figures.
      </p>
      <ul>
        <li>
          <a href="/reports/examples">Report examples</a>: reports libraries made from their own statistics, with why,
          for whom and how they were received (aggregates only).
        </li>
        <li>
          <a href="/reports/recipes">Report recipes</a>: step by step, how to report fill rate, turnaround, costs and
          savings to a director, a consortium or administration.
        </li>
        <li>
          <a href="/reports/reference">Public library ILL reference figures</a>: interlibrary loans by state and size
          band from the Public Libraries Survey.
        </li>
      </ul>
      <p>
        <a href="/sign-in?next=%2Freports">Sign in</a> to upload your own ILL system’s export into a private dataset,
        see it as charts and tables, compose and share reports, compare with peers, and score your service with the
        self-assessment.
      </p>
    </>
  );
}

export function ReportsIndex(props: { datasets: Array<Dataset & { rowCount: number }> }) {
  return (
    <>
      <h1>Reports</h1>
      <p>
        Bring your ILL statistics: upload a CSV or Excel export from your ILL system into a private dataset and see
        volume, fill rate, turnaround, balance, partners and unfilled reasons, as charts and tables. Datasets are yours
        alone, or your group’s; columns that identify patrons are dropped before anything is stored.
      </p>
      <p>
        <a class="button" href="/reports/datasets/new">
          Upload an export
        </a>
      </p>
      <p>
        A public library? See your state’s and size band’s interlibrary loan figures without uploading anything:{' '}
        <a href="/reports/reference">public library ILL reference figures</a>.
      </p>
      <p>
        Review your service with the <a href="/reports/assessment">self-assessment</a> (scored, saved and compared over
        time), and see the <a href="/reports/recipes">report recipes</a>: step by step, how to report your figures to a
        director, a consortium or administration.
      </p>
      <h2>Your datasets</h2>
      {props.datasets.length === 0 ? (
        <p>You have no datasets yet.</p>
      ) : (
        <ul>
          {props.datasets.map((d) => (
            <li>
              <a href={`/reports/datasets/${d.id}`}>{d.name}</a> ({PRESET_LABELS[d.preset]}, {d.rowCount} requests)
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function DroppedNotice({ dropped }: { dropped: DroppedColumn[] }) {
  if (dropped.length === 0)
    return <Notice title="No patron columns found">No column looked like patron data, so none was dropped.</Notice>;
  return (
    <Notice kind="warning" title="Patron columns dropped">
      <p>These columns were dropped before anything was stored or shown:</p>
      <ul class="dropped-columns">
        {dropped.map((d) => (
          <li>
            <strong>{d.header}</strong>: {d.reason}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

function RowErrors({ errors, count }: { errors: RowError[]; count: number }) {
  return (
    <div class="error-summary" role="alert" aria-labelledby="row-errors-title">
      <h2 id="row-errors-title">{count === 1 ? '1 problem' : `${count} problems`} in the file: nothing was stored</h2>
      <p>
        Row 1 is the first row after the header.{count > errors.length ? ` The first ${errors.length} are listed.` : ''}
      </p>
      <div class="table-wrap" role="region" aria-label="Problems in the file" tabindex={0}>
        <table>
          <caption>Problems by row and column</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e) => (
              <tr>
                <td>{e.row}</td>
                <td>{e.column}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Preview({ read }: { read: ReadResult }) {
  const fieldOf = new Map(Object.entries(read.mapping).map(([f, h]) => [h, f]));
  return (
    <div class="table-wrap" role="region" aria-label="Preview of the file" tabindex={0}>
      <table>
        <caption>
          The first rows of the file (
          {read.shape.format === 'csv'
            ? `${read.shape.encoding}, ${DELIMITER_LABELS[read.shape.delimiter]}-separated`
            : `Excel workbook, sheet “${read.shape.sheet}”`}
          , {read.rowCount} rows), patron columns removed
        </caption>
        <thead>
          <tr>
            {read.headers.map((h) => {
              const field = fieldOf.get(h) as keyof typeof FIELD_LABELS | undefined;
              return (
                <th scope="col">
                  {h}
                  <br />
                  <span class="hint">{field ? `→ ${FIELD_LABELS[field]}` : 'not used'}</span>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {read.preview.map((r) => (
            <tr>
              {r.map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface UploadPageProps {
  csrfToken: string;
  action: string;
  /** A new dataset (name and preset asked) or another file into one. */
  dataset?: Dataset;
  values: FormValues;
  fileError?: string | undefined;
  read?: ReadResult | undefined;
  errors?: { errors: RowError[]; count: number } | undefined;
  maxBytes: string;
  /** Groups whose workspace the member may upload into (docs/decisions/044). */
  workspaces?: Array<{ id: number; name: string }> | undefined;
}

/** Whose workspace a new dataset goes to: the member's own, or a group they manage; kept when the form comes back. */
function WorkspaceChoice(props: { workspaces?: Array<{ id: number; name: string }> | undefined; values: FormValues }) {
  const chosen = typeof props.values.groupId === 'string' ? props.values.groupId : '';
  if (!props.workspaces?.length) return chosen ? <input type="hidden" name="groupId" value={chosen} /> : null;
  return (
    <Select
      name="groupId"
      label="Whose workspace"
      hint="A group’s datasets are read by all its members; its owners and stewards change them."
      options={[
        { value: '', label: 'Yours (private)' },
        ...props.workspaces.map((w) => ({ value: String(w.id), label: `${w.name} (the group’s members)` })),
      ]}
      value={chosen}
      required={false}
    />
  );
}

/** A workbook with several sheets: which one to read (asked again with the file, as nothing is kept). */
function SheetChoice({ read }: { read: ReadResult | undefined }) {
  if (read?.shape.format !== 'xlsx' || read.shape.sheets.length < 2) return null;
  const asked = read.outcome.kind === 'choose-sheet';
  return (
    <Select
      name="sheet"
      label="Which sheet holds the requests"
      hint={`The workbook has ${read.shape.sheets.length} sheets.`}
      options={read.shape.sheets.map((s) => ({ value: s, label: s }))}
      blank={asked ? '(choose a sheet)' : undefined}
      value={read.shape.sheet ?? ''}
      errors={asked ? { sheet: 'Choose the sheet that holds the requests.' } : undefined}
      required
    />
  );
}

export function UploadPage(props: UploadPageProps) {
  const read = props.read;
  const choosing = read?.outcome.kind === 'choose-sheet';
  const mapping = read && read.outcome.kind === 'needs-mapping';
  const columnOptions = read ? read.headers.map((h) => ({ value: h, label: h })) : [];
  return (
    <>
      <h1>{props.dataset ? `Upload more to “${props.dataset.name}”` : 'Upload an export'}</h1>
      {props.errors ? <RowErrors errors={props.errors.errors} count={props.errors.count} /> : null}
      {read && !choosing ? <DroppedNotice dropped={read.dropped} /> : null}
      {mapping ? (
        <>
          <h2>Choose which column gives what</h2>
          {read.missing.length ? (
            <p>
              Not found in the file: {read.missing.map((f) => FIELD_LABELS[f]).join(', ')}. Choose the columns below.
            </p>
          ) : null}
          <Preview read={read} />
        </>
      ) : read && !choosing ? (
        <Preview read={read} />
      ) : null}
      <form method="post" action={props.action} enctype="multipart/form-data">
        <CsrfField token={props.csrfToken} />
        {props.dataset ? (
          <p>
            The file is read with this dataset’s columns. Its rows replace the rows of the same period; other periods
            stay.
          </p>
        ) : (
          <>
            <TextField name="name" label="Dataset name" maxLength={120} required values={props.values} />
            <Select
              name="preset"
              label="Which system made the export"
              options={PRESETS.map((p) => ({ value: p, label: PRESET_LABELS[p] }))}
              required
              values={props.values}
            />
            <WorkspaceChoice workspaces={props.workspaces} values={props.values} />
          </>
        )}
        <SheetChoice read={read} />
        {mapping ? (
          <fieldset>
            <legend>Columns</legend>
            {FIELDS.map((f) => (
              <Select
                name={`map_${f}`}
                label={FIELD_LABELS[f]}
                options={columnOptions}
                blank="(none)"
                value={read.mapping[f] ?? ''}
                required={false}
              />
            ))}
            <Select
              name="fixedDirection"
              label="When there is no direction column, every row is"
              options={[
                { value: 'borrowing', label: 'Borrowing' },
                { value: 'lending', label: 'Lending' },
              ]}
              blank="(use the column)"
              value={read.mapping.fixedDirection ?? ''}
              required={false}
            />
          </fieldset>
        ) : null}
        <div class={props.fileError ? 'field has-error' : 'field'}>
          <label for="f-file">{read ? 'Choose the file again (nothing was kept)' : 'CSV or Excel file'}</label>
          <p class="hint" id="f-file-hint">
            CSV (comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1252) or an Excel workbook (.xlsx; formulas
            are never run). At most {props.maxBytes}.
          </p>
          {props.fileError ? (
            <p class="field-error" id="f-file-error">
              <span class="visually-hidden">Error: </span>
              {props.fileError}
            </p>
          ) : null}
          <input
            id="f-file"
            name="file"
            type="file"
            accept=".csv,.txt,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
            aria-describedby={props.fileError ? 'f-file-hint f-file-error' : 'f-file-hint'}
            aria-invalid={props.fileError ? 'true' : undefined}
          />
        </div>
        <button type="submit">Check and import the file</button>
      </form>
    </>
  );
}

export function DatasetPage(props: {
  csrfToken: string;
  dataset: Dataset;
  period: { from: string | null; to: string | null; rows: number };
  tables: MeasureTable[];
  /** SVG drawn on the server (reports.chart-task.ts: text escaped, role img, title and desc). */
  charts: RenderedChart[];
  notice?: string | undefined;
  /** A group's dataset: its name; and whether the viewer may upload to it or delete it (docs/decisions/044). */
  workspace?: { groupName: string | null; manages: boolean };
}) {
  const { dataset } = props;
  const manages = props.workspace?.manages ?? true;
  const chartOf = new Map(props.charts.map((c) => [c.slug, c]));
  return (
    <>
      <h1>{dataset.name}</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        {PRESET_LABELS[dataset.preset]} export; {props.period.rows} requests
        {props.period.from ? ` from ${props.period.from} to ${props.period.to}` : ''}. Last upload{' '}
        {formatDate(dataset.updatedAt)}.{' '}
        {props.workspace?.groupName
          ? `In the workspace of ${props.workspace.groupName}: its members can see this dataset.`
          : 'Private: only you can see this dataset.'}
      </p>
      <DroppedNotice dropped={dataset.droppedColumns} />
      <details>
        <summary>Columns used</summary>
        <ul>
          {FIELDS.filter((f) => dataset.mapping[f]).map((f) => (
            <li>
              {FIELD_LABELS[f]}: {dataset.mapping[f]}
            </li>
          ))}
          {dataset.mapping.fixedDirection ? <li>Every row is {dataset.mapping.fixedDirection}</li> : null}
        </ul>
      </details>
      {props.tables.map((t) => (
        <MeasureSection
          table={t}
          chart={chartOf.get(t.slug)}
          csvHref={`/reports/datasets/${dataset.id}/${t.slug}.csv`}
        />
      ))}
      <h2>Costs and peers</h2>
      <ul>
        <li>
          <a href={`/reports/datasets/${dataset.id}/costs`}>Costs and savings</a>: cost per filled request and money
          saved by borrowing, from your own cost inputs.
        </li>
        <li>
          <a href={`/reports/datasets/${dataset.id}/peers`}>Compare with peers</a>: opt in to see where you stand among
          similar libraries (aggregates only).
        </li>
      </ul>
      <h2>Reports from this dataset</h2>
      <p>
        <a href={`/reports/datasets/${dataset.id}/compose`}>Compose a report</a>: choose measures and months, add your
        commentary, then share it or publish it as a report example (aggregates only).
      </p>
      {manages ? <DatasetChanges csrfToken={props.csrfToken} datasetId={dataset.id} /> : null}
    </>
  );
}

function DatasetChanges(props: { csrfToken: string; datasetId: number }) {
  const dataset = { id: props.datasetId };
  return (
    <>
      <h2>Update this dataset</h2>
      <p>
        <a href={`/reports/datasets/${dataset.id}/upload`}>Upload another export</a>: the period it covers is replaced,
        never counted twice.
      </p>
      <form method="post" action={`/reports/datasets/${dataset.id}/delete`}>
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="danger">
          Delete this dataset
        </button>
      </form>
    </>
  );
}

/** The interactive self-assessment and its progress. Views take props and never query (docs/decisions/047). */
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, formatDate, Notice, TextArea } from '../../../platform/ui/components';
import type { Checklist, ChecklistItem } from '../reports.assessment.content';
import {
  ASSESSMENT_LIMITS,
  type Assessment,
  assessmentUrl,
  type HistoryRow,
  noteField,
  SCORE_CHOICES,
  type SectionScore,
  scoreField,
} from '../reports.assessment.models';

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);

function change(s: SectionScore): string {
  if (s.percent === null || s.previousPercent === null) return '—';
  const d = s.percent - s.previousPercent;
  return d === 0 ? 'no change' : d > 0 ? `up ${d} points` : `down ${-d} points`;
}

function ItemField(props: { item: ChecklistItem; values: FormValues; errors: FieldErrors | undefined }) {
  const { item } = props;
  const name = scoreField(item.id);
  const current = props.values[name];
  const error = props.errors?.[name];
  const id = `f-${name}`;
  return (
    <li class="assessment-item">
      <fieldset
        id={id}
        class={error ? 'field has-error' : 'field'}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <legend>{item.text}</legend>
        <p class="hint">
          Best practice:{' '}
          <a href={`/articles/${item.article}#${item.anchor}`}>
            {item.articleTitle}
            <span class="visually-hidden"> (the section this item checks)</span>
          </a>
        </p>
        {error ? (
          <p class="field-error" id={`${id}-error`}>
            <span class="visually-hidden">Error: </span>
            {error}
          </p>
        ) : null}
        <div class="radio-row">
          {SCORE_CHOICES.map((c) => (
            <label>
              <input type="radio" name={name} value={c.value} checked={current === c.value} /> {c.label}
            </label>
          ))}
        </div>
      </fieldset>
      <TextArea
        name={noteField(item.id)}
        label="Note"
        hint={`On “${item.text}”.`}
        rows={2}
        maxLength={ASSESSMENT_LIMITS.note}
        values={props.values}
        errors={props.errors}
      />
    </li>
  );
}

/** Totals by date as a small bar chart (decorative detail; the table beside it holds the same figures). */
function HistoryChart({ history }: { history: HistoryRow[] }) {
  const rows = history.filter((h) => h.percent !== null).slice(-12);
  if (rows.length < 2) return null;
  const barH = 18;
  const gap = 6;
  const height = rows.length * (barH + gap);
  const first = rows[0]!;
  const last = rows.at(-1)!;
  return (
    <figure class="report-chart">
      <svg
        role="img"
        aria-labelledby="assessment-chart-title assessment-chart-desc"
        viewBox={`0 0 320 ${height}`}
        width="320"
        height={height}
      >
        <title id="assessment-chart-title">Share of points by assessment date</title>
        <desc id="assessment-chart-desc">
          {`From ${first.percent}% on ${formatDate(first.date)} to ${last.percent}% on ${formatDate(last.date)}, over ${rows.length} assessments.`}
        </desc>
        {rows.map((r, i) => {
          const y = i * (barH + gap);
          const w = Math.max(1, Math.round(((r.percent ?? 0) / 100) * 190));
          return (
            <g>
              <text x="0" y={y + 13} font-size="11" fill="currentColor">
                {r.date.toISOString().slice(0, 10)}
              </text>
              <rect x="80" y={y} width={w} height={barH} fill="#2f7fc1" />
              <text x={86 + w} y={y + 13} font-size="11" fill="currentColor">
                {`${r.percent}%`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function SectionTable(props: { sections: SectionScore[]; caption: string; comparedWith: Date | undefined }) {
  return (
    <div class="table-wrap" role="region" aria-label={props.caption} tabindex={0}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Area</th>
            <th scope="col">Points</th>
            <th scope="col">Share</th>
            <th scope="col">{props.comparedWith ? <>Before ({formatDate(props.comparedWith)})</> : 'Before'}</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {props.sections.map((s) => (
            <tr>
              <th scope="row">{s.title}</th>
              <td>{s.max ? `${s.points} of ${s.max}` : 'not scored'}</td>
              <td>{pct(s.percent)}</td>
              <td>{pct(s.previousPercent)}</td>
              <td>{change(s)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HistoryTable({ history }: { history: HistoryRow[] }) {
  return (
    <div class="table-wrap" role="region" aria-label="Your assessments by date" tabindex={0}>
      <table>
        <caption>Your assessments by date</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">In place</th>
            <th scope="col">Partly</th>
            <th scope="col">Not yet</th>
            <th scope="col">Share of points</th>
          </tr>
        </thead>
        <tbody>
          {history
            .slice()
            .reverse()
            .map((h) => (
              <tr>
                <th scope="row">
                  <a href={assessmentUrl(h.id)}>
                    <DateText date={h.date} withTime />
                  </a>
                </th>
                <td>{h.inPlace}</td>
                <td>{h.partly}</td>
                <td>{h.notYet}</td>
                <td>{pct(h.percent)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

export interface AssessmentPageProps {
  csrfToken: string;
  checklist: Checklist;
  values: FormValues;
  errors?: FieldErrors | undefined;
  notice?: string | undefined;
  latest: Assessment | undefined;
  previous: Assessment | undefined;
  sections: SectionScore[];
  history: HistoryRow[];
}

export function AssessmentPage(props: AssessmentPageProps) {
  const { checklist } = props;
  return (
    <>
      <h1>Self-assessment</h1>
      <p>
        Score your ILL service against the checklist of{' '}
        <a href={`/articles/${checklist.source.slug}`}>{checklist.source.title}</a>. Each item links to the best
        practice it checks. Every time you save, the scores are kept with the date, so you can see progress from one
        review to the next. Your assessments are private: only you can see them.
      </p>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.latest ? (
        <section aria-labelledby="progress-title">
          <h2 id="progress-title">Your progress</h2>
          <p>
            Latest assessment: <DateText date={props.latest.createdAt} withTime />. Points: in place 2, partly 1, not
            yet 0; items that do not apply or are left unscored are not counted.
          </p>
          <SectionTable
            sections={props.sections}
            caption="Latest assessment by area, beside the one before"
            comparedWith={props.previous?.createdAt}
          />
          <HistoryChart history={props.history} />
          <HistoryTable history={props.history} />
        </section>
      ) : null}
      <h2>{props.latest ? 'A new assessment' : 'Your first assessment'}</h2>
      <p>
        {props.latest
          ? 'The form starts from your latest scores: change what has changed and save to record a new dated assessment.'
          : 'Score the items that apply; you can leave any item unscored. Notes are optional.'}
      </p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action={assessmentUrl()} class="assessment-form">
        <CsrfField token={props.csrfToken} />
        {checklist.sections.map((s, i) => (
          <section aria-labelledby={`area-${s.id}`}>
            <h3 id={`area-${s.id}`}>{`${i + 1}. ${s.title}`}</h3>
            <ol class="assessment-items">
              {s.items.map((item) => (
                <ItemField item={item} values={props.values} errors={props.errors} />
              ))}
            </ol>
          </section>
        ))}
        <button type="submit">Save this assessment</button>
      </form>
      <p>
        Turning results into action: see the last part of{' '}
        <a href={`/articles/${checklist.source.slug}#turning-results-into-action`}>the checklist article</a>, and the{' '}
        <a href="/reports/recipes">report recipes</a> for presenting progress to your director.
      </p>
    </>
  );
}

/** One saved assessment, read only. */
export function AssessmentRecordPage(props: {
  checklist: Checklist;
  assessment: Assessment;
  previous: Assessment | undefined;
  sections: SectionScore[];
}) {
  const label = (v: number | null | undefined) =>
    v === undefined ? 'Not scored' : v === null ? 'Does not apply' : SCORE_CHOICES[v]!.label;
  return (
    <>
      <h1>
        Assessment of <DateText date={props.assessment.createdAt} />
      </h1>
      <p>
        Saved <DateText date={props.assessment.createdAt} withTime />. Private: only you can see it.{' '}
        <a href={assessmentUrl()}>Back to the self-assessment</a>
      </p>
      <SectionTable
        sections={props.sections}
        caption="This assessment by area, beside the one before"
        comparedWith={props.previous?.createdAt}
      />
      {props.checklist.sections.map((s) => (
        <section aria-labelledby={`area-${s.id}`}>
          <h2 id={`area-${s.id}`}>{s.title}</h2>
          <dl class="assessment-record">
            {s.items.map((item) => {
              const saved = props.assessment.scores[item.id];
              return (
                <>
                  <dt>{item.text}</dt>
                  <dd>
                    {label(saved?.score)}
                    {saved?.note ? <span class="pre-wrap">{` — ${saved.note}`}</span> : null}
                  </dd>
                </>
              );
            })}
          </dl>
        </section>
      ))}
    </>
  );
}

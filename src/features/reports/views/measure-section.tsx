import { raw } from 'hono/html';
import type { RenderedChart } from '../reports.charts';
import type { MeasureTable } from '../reports.tables';

/** One measure: its chart (SVG drawn on the server) beside its table, and the table as CSV. */
export function MeasureSection(props: {
  table: MeasureTable;
  chart: RenderedChart | undefined;
  csvHref: string;
  /** What the table says when it has no rows. */
  empty?: string;
}) {
  const t = props.table;
  return (
    <section aria-labelledby={`m-${t.slug}`}>
      <h2 id={`m-${t.slug}`}>{t.caption}</h2>
      <p>{t.about}</p>
      {props.chart ? <figure class="report-chart">{raw(props.chart.svg)}</figure> : null}
      <div class="table-wrap" role="region" aria-label={t.caption} tabindex={0}>
        <table>
          <caption>{t.caption}</caption>
          <thead>
            <tr>
              {t.columns.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {t.rows.length === 0 ? (
              <tr>
                <td colspan={t.columns.length}>{props.empty ?? 'No requests.'}</td>
              </tr>
            ) : (
              t.rows.map((r) => (
                <tr>
                  <th scope="row">{r[0]}</th>
                  {r.slice(1).map((x) => (
                    <td>{x}</td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <p>
        <a href={props.csvHref} download>
          Download “{t.caption}” as CSV
        </a>
      </p>
    </section>
  );
}

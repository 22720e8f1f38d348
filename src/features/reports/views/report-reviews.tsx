/** Report examples and recipes past their review date, for the content-health pages. Views never query. */
import { DateText } from '../../../platform/ui/components';
import { type ComposedReport, exampleUrl } from '../reports.compose.models';
import { type Recipe, recipeUrl } from '../reports.recipes.models';

export const REPORT_REVIEWS_TITLE = 'Report examples and recipes past their review date';

function Reviewed({ due, last }: { due: string | null; last: Date | null }) {
  return (
    <p class="meta">
      Review was due {due}
      {last ? (
        <>
          ; last reviewed <DateText date={last} />
        </>
      ) : null}
      .
    </p>
  );
}

export function ReportReviewsView(props: {
  examples: ComposedReport[];
  recipes: Recipe[];
  group: { slug: string; name: string } | undefined;
}) {
  const back = props.group ? `/groups/${props.group.slug}/health` : '/health';
  return (
    <>
      <h1>
        {REPORT_REVIEWS_TITLE}
        {props.group ? `: ${props.group.name}` : ''}
      </h1>
      <p>
        In {props.group ? 'what the group maintains' : 'the whole hub'}. Check that each still reads true and its links
        work, then mark it reviewed on its page. <a href={back}>Back to content health</a>
      </p>
      <h2>Report examples ({props.examples.length.toLocaleString('en')})</h2>
      {props.examples.length === 0 ? (
        <p class="empty">No report example is past its review date.</p>
      ) : (
        <ul class="article-list">
          {props.examples.map((r) => (
            <li>
              <a href={exampleUrl(r.id)}>{r.title}</a>
              <Reviewed due={r.reviewDue} last={r.lastReviewedAt} />
            </li>
          ))}
        </ul>
      )}
      <h2>Report recipes ({props.recipes.length.toLocaleString('en')})</h2>
      {props.recipes.length === 0 ? (
        <p class="empty">No report recipe is past its review date.</p>
      ) : (
        <ul class="article-list">
          {props.recipes.map((r) => (
            <li>
              <a href={recipeUrl(r.slug)}>{r.title}</a>
              <Reviewed due={r.reviewDue} last={r.lastReviewedAt} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

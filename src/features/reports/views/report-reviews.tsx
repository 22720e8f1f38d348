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

/** One kind's overdue items, with a count in the heading, or a line saying there are none. */
function OverdueList(props: {
  heading: string;
  none: string;
  items: Array<{ href: string; title: string; due: string | null; last: Date | null }>;
}) {
  return (
    <>
      <h2>
        {props.heading} ({props.items.length.toLocaleString('en')})
      </h2>
      {props.items.length === 0 ? (
        <p class="empty">{props.none}</p>
      ) : (
        <ul class="article-list">
          {props.items.map((item) => (
            <li>
              <a href={item.href}>{item.title}</a>
              <Reviewed due={item.due} last={item.last} />
            </li>
          ))}
        </ul>
      )}
    </>
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
      <OverdueList
        heading="Report examples"
        none="No report example is past its review date."
        items={props.examples.map((r) => ({
          href: exampleUrl(r.id),
          title: r.title,
          due: r.reviewDue,
          last: r.lastReviewedAt,
        }))}
      />
      <OverdueList
        heading="Report recipes"
        none="No report recipe is past its review date."
        items={props.recipes.map((r) => ({
          href: recipeUrl(r.slug),
          title: r.title,
          due: r.reviewDue,
          last: r.lastReviewedAt,
        }))}
      />
    </>
  );
}

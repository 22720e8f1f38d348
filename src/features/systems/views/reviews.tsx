import { DateText } from '../../../platform/ui/components';
import { type SystemPage, systemUrl } from '../systems.models';

/** System pages past their review date, for the content-health pages (the hub's, or one maintaining group's). */
export function SystemReviewsView(props: { pages: SystemPage[]; group: { slug: string; name: string } | undefined }) {
  const back = props.group ? `/groups/${props.group.slug}/health` : '/health';
  return (
    <>
      <h1>System pages past their review date{props.group ? `: ${props.group.name}` : ''}</h1>
      <p>
        {props.pages.length.toLocaleString('en')} in {props.group ? 'what the group maintains' : 'the whole hub'}. Check
        each claim against its source, then record the review on the page. <a href={back}>Back to content health</a>
      </p>
      {props.pages.length === 0 ? (
        <p class="empty">No system page is past its review date.</p>
      ) : (
        <ul class="article-list">
          {props.pages.map((p) => (
            <li>
              <a href={systemUrl(p.slug)}>{p.data.name}</a>
              <p class="meta">
                Review was due {p.reviewDue}
                {p.lastReviewedAt ? (
                  <>
                    ; last reviewed <DateText date={p.lastReviewedAt} />
                  </>
                ) : null}
                .
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

import {
  ORGANISER_KIND_LABELS,
  type OrganiserEntry,
  type OrganiserKind,
  STARTER_ORGANISERS,
} from '../events.organisers';

const ORDER: OrganiserKind[] = ['international', 'national', 'regional', 'community', 'consortium', 'user-group'];

/** The recurring venues ILL staff name: who organises what, how often, and where to check the next date. */
export function OrganisersPage(props: { entries?: OrganiserEntry[] }) {
  const entries = props.entries ?? STARTER_ORGANISERS;
  return (
    <>
      <h1>Organisers and recurring venues</h1>
      <p class="lead">
        The conferences, committees, consortium days and user groups ILL staff return to. Dates change each year: follow
        the link to the organiser’s own page for the next one, and check local details there.
      </p>
      <ul class="actions">
        <li>
          <a href="/events">Upcoming events</a>
        </li>
        <li>
          <a href="/events?beyond=1">Free and paid training beyond ILL</a>
        </li>
      </ul>
      {ORDER.map((kind) => {
        const group = entries.filter((e) => e.kind === kind);
        if (group.length === 0) return null;
        return (
          <section aria-labelledby={`kind-${kind}`}>
            <h2 id={`kind-${kind}`}>{ORGANISER_KIND_LABELS[kind]}</h2>
            <ul class="article-list">
              {group.map((e) => (
                <li id={e.slug}>
                  <h3 class="article-list-title">
                    <a href={e.url} rel="nofollow noopener" class="break-anywhere">
                      {e.name}
                    </a>
                  </h3>
                  <p>{e.about}</p>
                  <p class="meta">
                    {e.rhythm} · {e.region}
                  </p>
                  <p class="meta break-anywhere">
                    Checked against: <a href={e.source}>{e.source}</a>
                  </p>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

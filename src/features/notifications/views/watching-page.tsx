import { CsrfField, Notice } from '../../../platform/ui/components';
import { type Delivery, DELIVERIES, DELIVERY_LABELS, TARGET_LABELS, type WatchItem } from '../notifications.models';

function Hidden({ watch, csrfToken }: { watch: WatchItem; csrfToken: string }) {
  return (
    <>
      <CsrfField token={csrfToken} />
      <input type="hidden" name="targetType" value={watch.targetType} />
      <input type="hidden" name="targetId" value={watch.targetId} />
      <input type="hidden" name="next" value="/notifications/watching" />
    </>
  );
}

function DeliverySelect({ id, value, label }: { id: string; value: Delivery; label: string }) {
  return (
    <>
      <label for={id} class="visually-hidden">
        {label}
      </label>
      <select id={id} name="delivery">
        {DELIVERIES.map((d) => (
          <option value={d} selected={d === value}>
            {DELIVERY_LABELS[d]}
          </option>
        ))}
      </select>
    </>
  );
}

export function WatchingPage({
  watches,
  topics,
  defaultDelivery,
  csrfToken,
  notice,
}: {
  watches: WatchItem[];
  topics: Array<{ slug: string; name: string }>;
  defaultDelivery: Delivery;
  csrfToken: string;
  notice?: string | undefined;
}) {
  const watchedTopics = new Set(watches.filter((w) => w.targetType === 'topic').map((w) => w.targetId));
  const unwatchedTopics = topics.filter((t) => !watchedTopics.has(t.slug));
  return (
    <div class="watching-page">
      <h1>What you watch</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p>
        Change how you hear about each, or stop watching. Threads, forum categories and articles have a watch button on
        their page. <a href="/notifications/preferences">Email preferences</a>
      </p>
      {watches.length === 0 ? (
        <p>You are not watching anything yet.</p>
      ) : (
        <table class="watch-table">
          <caption class="visually-hidden">Everything you watch</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">What</th>
              <th scope="col">How you hear</th>
              <th scope="col">Stop</th>
            </tr>
          </thead>
          <tbody>
            {watches.map((w) => {
              const name =
                w.label ?? `(no longer available: ${TARGET_LABELS[w.targetType].toLowerCase()} ${w.targetId})`;
              return (
                <tr>
                  <td>{TARGET_LABELS[w.targetType]}</td>
                  <th scope="row">{w.url ? <a href={w.url}>{name}</a> : name}</th>
                  <td>
                    {w.muted ? (
                      <form method="post" action="/watch/mute" class="inline-form">
                        <Hidden watch={w} csrfToken={csrfToken} />
                        <input type="hidden" name="muted" value="false" />
                        Muted{' '}
                        <button type="submit" class="secondary">
                          Unmute<span class="visually-hidden"> {name}</span>
                        </button>
                      </form>
                    ) : (
                      <form method="post" action="/watch" class="inline-form">
                        <Hidden watch={w} csrfToken={csrfToken} />
                        <DeliverySelect
                          id={`w-${w.id}-delivery`}
                          value={w.delivery}
                          label={`How you hear about ${name}`}
                        />{' '}
                        <button type="submit" class="secondary">
                          Save<span class="visually-hidden"> for {name}</span>
                        </button>
                      </form>
                    )}
                  </td>
                  <td>
                    <form method="post" action="/watch/remove" class="inline-form">
                      <Hidden watch={w} csrfToken={csrfToken} />
                      <button type="submit" class="secondary">
                        {w.muted ? 'Remove mute' : 'Stop watching'}
                        <span class="visually-hidden"> {name}</span>
                      </button>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {unwatchedTopics.length > 0 ? (
        <section aria-labelledby="watch-topic">
          <h2 id="watch-topic">Watch a topic</h2>
          <p>Hear about new forum posts tagged with a library topic.</p>
          <form method="post" action="/watch" class="watch-form">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="targetType" value="topic" />
            <input type="hidden" name="next" value="/notifications/watching" />
            <label for="f-topic">Topic</label>
            <select id="f-topic" name="targetId">
              {unwatchedTopics.map((t) => (
                <option value={t.slug}>{t.name}</option>
              ))}
            </select>
            <DeliverySelect id="f-topic-delivery" value={defaultDelivery} label="How to hear about this topic" />
            <button type="submit">Watch this topic</button>
          </form>
        </section>
      ) : null}
    </div>
  );
}

import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice, Select, TextArea } from '../../../platform/ui/components';
import { GROUP_LIMITS, REVIEW_INTERVAL } from '../groups.models';
import type { TopicAdoption } from '../topics.repository';

export interface TopicChoice {
  slug: string;
  name: string;
}

/** Who maintains which topic, the requests waiting for an editor, and (for stewards) a form to ask for a topic. */
export function TopicStewardshipPage({
  adopted,
  waiting,
  mayDecide,
  topics,
  myGroups,
  values,
  errors,
  csrfToken,
  notice,
  mayRelease = [],
}: {
  adopted: TopicAdoption[];
  /** Adoptions (ids) this person may give up: those of groups they steward. */
  mayRelease?: number[];
  /** Requests this person may see: all of them for editors, otherwise those of their groups. */
  waiting: TopicAdoption[];
  mayDecide: boolean;
  topics: TopicChoice[];
  /** Groups this person stewards: they may ask for a topic on its behalf. */
  myGroups: Array<{ id: number; name: string }>;
  values: FormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string;
  notice?: string | undefined;
}) {
  const names = new Map(topics.map((t) => [t.slug, t.name]));
  const name = (slug: string) => names.get(slug) ?? slug;
  return (
    <>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <h1>Topics groups maintain</h1>
      <p class="lead">
        A group that maintains a topic keeps its pages up to date, those there now and those added later. A page a group
        maintains by its own choice stays with that group. An editor approves each request.
      </p>
      <section aria-labelledby="adopted-title">
        <h2 id="adopted-title">Maintained topics</h2>
        {adopted.length ? (
          <ul>
            {adopted.map((a) => (
              <li>
                <a href={`/topics/${a.topicSlug}`}>{name(a.topicSlug)}</a>:{' '}
                <a href={`/groups/${a.groupSlug}`}>{a.groupName}</a>, reviews every {a.reviewIntervalMonths} months
                {mayRelease.includes(a.id) ? (
                  <>
                    {' '}
                    (<a href={`/stewardship/topics/${a.id}/release`}>give up {name(a.topicSlug)}</a>)
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">No group maintains a whole topic yet.</p>
        )}
      </section>
      <section aria-labelledby="waiting-title">
        <h2 id="waiting-title">Requests waiting for an editor</h2>
        {waiting.length ? (
          <ul class="stack">
            {waiting.map((a) => (
              <li>
                <p>
                  <a href={`/groups/${a.groupSlug}`}>{a.groupName}</a> asks to maintain{' '}
                  <a href={`/topics/${a.topicSlug}`}>{name(a.topicSlug)}</a> (reviews every {a.reviewIntervalMonths}{' '}
                  months). Asked by {a.requesterName} on <DateText date={a.createdAt} />.
                </p>
                {mayDecide ? (
                  <form method="post" action={`/stewardship/topics/requests/${a.id}`} class="narrow">
                    <CsrfField token={csrfToken} />
                    <TextArea
                      name="note"
                      label="Note"
                      id={`note-${a.id}`}
                      rows={2}
                      maxLength={GROUP_LIMITS.comment}
                      values={{}}
                      hint="Shown to whoever asked."
                    />
                    <div class="form-actions">
                      <button type="submit" name="decision" value="approve">
                        Approve {a.groupName} for {name(a.topicSlug)}
                      </button>
                      <button type="submit" name="decision" value="decline" class="secondary">
                        Decline
                      </button>
                    </div>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">None.</p>
        )}
      </section>
      {myGroups.length ? (
        <section aria-labelledby="ask-title" class="narrow">
          <h2 id="ask-title">Ask to maintain a topic</h2>
          <ErrorSummary errors={errors} labels={{ topic: 'Topic', groupId: 'Group', intervalMonths: 'Review every' }} />
          <form method="post" action="/stewardship/topics" novalidate>
            <CsrfField token={csrfToken} />
            <Select
              name="topic"
              label="Topic"
              required
              options={topics.map((t) => ({ value: t.slug, label: t.name }))}
              values={values}
              errors={errors}
            />
            <Select
              name="groupId"
              label="Group"
              required
              options={myGroups.map((g) => ({ value: String(g.id), label: g.name }))}
              values={values}
              errors={errors}
            />
            <Select
              name="intervalMonths"
              label="Review every"
              required
              options={[3, 6, 12, 24].map((m) => ({ value: String(m), label: `${m} months` }))}
              value={
                typeof values.intervalMonths === 'string' ? values.intervalMonths : String(REVIEW_INTERVAL.default)
              }
              values={values}
              errors={errors}
            />
            <button type="submit">Send the request</button>
          </form>
        </section>
      ) : null}
    </>
  );
}

/** "Give up this topic": what happens, and the one button that does it. */
export function ReleaseTopicPage({
  adoption,
  topicName,
  csrfToken,
}: {
  adoption: TopicAdoption;
  topicName: string;
  csrfToken: string;
}) {
  return (
    <div class="narrow">
      <h1>Give up the topic {topicName}?</h1>
      <p>
        {adoption.groupName} will no longer maintain the topic <a href={`/topics/${adoption.topicSlug}`}>{topicName}</a>
        . The pages it took on with the topic go back to the hub’s editors: their reviews and suggested edits go to the
        editors’ queue. Pages your group chose to maintain one by one stay with it. Another group may then ask for the
        topic.
      </p>
      <form method="post" action={`/stewardship/topics/${adoption.id}/release`}>
        <CsrfField token={csrfToken} />
        <div class="form-actions">
          <button type="submit" class="danger">
            Give up {topicName}
          </button>
          <a href="/stewardship/topics">Keep maintaining it</a>
        </div>
      </form>
    </div>
  );
}

import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice, TextArea, TextField } from '../../../platform/ui/components';
import type { ExpertEntry, ExpertList } from '../experts';
import { GROUP_LIMITS } from '../groups.models';
import { PersonLink } from './parts';

export function ExpertListsPage({ lists }: { lists: ExpertList[] }) {
  return (
    <>
      <h1>Expert lists</h1>
      <p class="lead">
        People who have agreed to be asked about a subject, listed by the groups that keep each list. Nobody appears
        without accepting.
      </p>
      {lists.length === 0 ? (
        <p class="empty">No lists yet. A group’s stewards can start one from the group’s page.</p>
      ) : (
        <ul class="article-list">
          {lists.map((l) => (
            <li>
              <h2 class="article-list-title">
                <a href={`/experts/${l.slug}`}>{l.title}</a>
              </h2>
              {l.description ? <p class="article-list-summary">{l.description}</p> : null}
              <p class="meta">
                Kept by <a href={`/groups/${l.groupSlug}`}>{l.groupName}</a> · {l.accepted}{' '}
                {l.accepted === 1 ? 'person' : 'people'}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ExpertListPage({
  list,
  entries,
  pending,
  canManage,
  myEntry,
  values,
  errors,
  csrfToken,
  notice,
}: {
  list: ExpertList;
  entries: ExpertEntry[];
  /** Invitations not yet accepted (stewards only). */
  pending: ExpertEntry[];
  canManage: boolean;
  myEntry: ExpertEntry | undefined;
  values: FormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string;
  notice?: string | undefined;
}) {
  return (
    <>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <h1>{list.title}</h1>
      <p class="meta">
        Kept by <a href={`/groups/${list.groupSlug}`}>{list.groupName}</a>
      </p>
      {list.description ? <p class="lead pre-wrap">{list.description}</p> : null}
      {entries.length === 0 ? (
        <p class="empty">Nobody is listed yet.</p>
      ) : (
        <div class="table-wrap" role="region" aria-label="People on this list" tabindex={0}>
          <table class="data-table">
            <caption class="visually-hidden">People on this list and what they can advise on</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Can advise on</th>
                {canManage ? <th scope="col">Remove</th> : null}
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <th scope="row">
                    <PersonLink username={e.username} name={e.displayName} />
                  </th>
                  <td>{e.note}</td>
                  {canManage ? (
                    <td>
                      <RemoveForm list={list} entry={e} csrfToken={csrfToken} label={`Remove ${e.displayName}`} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {myEntry?.status === 'accepted' ? (
        <p>
          You are on this list.{' '}
          <RemoveForm list={list} entry={myEntry} csrfToken={csrfToken} label="Take me off this list" />
        </p>
      ) : null}
      {myEntry?.status === 'invited' ? (
        <p>
          You are invited to this list. <a href="/expert-invitations">Answer the invitation</a>.
        </p>
      ) : null}
      {canManage ? (
        <section aria-labelledby="invite-title" class="narrow">
          <h2 id="invite-title">Invite someone</h2>
          <p>They are listed only after they accept.</p>
          {pending.length ? (
            <ul>
              {pending.map((e) => (
                <li>
                  {e.displayName} — {e.status === 'invited' ? 'invited' : 'declined'} <DateText date={e.invitedAt} />{' '}
                  {e.status === 'invited' ? (
                    <RemoveForm
                      list={list}
                      entry={e}
                      csrfToken={csrfToken}
                      label={`Withdraw the invitation to ${e.displayName}`}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <ErrorSummary errors={errors} labels={{ username: 'Username', note: 'What they can advise on' }} />
          <form method="post" action={`/experts/${list.slug}/invitations`} novalidate>
            <CsrfField token={csrfToken} />
            <TextField
              name="username"
              label="Username"
              required
              maxLength={GROUP_LIMITS.username}
              errors={errors}
              values={values}
              spellcheck={false}
            />
            <TextField
              name="note"
              label="What they can advise on"
              required
              maxLength={GROUP_LIMITS.entryNote}
              errors={errors}
              values={values}
              hint="For example “US copyright and CONTU guidelines”."
            />
            <button type="submit">Send the invitation</button>
          </form>
        </section>
      ) : null}
    </>
  );
}

function RemoveForm({
  list,
  entry,
  csrfToken,
  label,
}: {
  list: ExpertList;
  entry: ExpertEntry;
  csrfToken: string;
  label: string;
}) {
  return (
    <form method="post" action={`/experts/${list.slug}/entries/${entry.userId}/remove`} class="inline-form">
      <CsrfField token={csrfToken} />
      <button type="submit" class="small secondary">
        {label}
      </button>
    </form>
  );
}

export function NewExpertListPage({
  group,
  values,
  errors,
  csrfToken,
}: {
  group: { slug: string; name: string };
  values: FormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string;
}) {
  return (
    <div class="narrow">
      <h1>Start an expert list for {group.name}</h1>
      <ErrorSummary errors={errors} labels={{ title: 'Title', description: 'Description' }} />
      <form method="post" action={`/groups/${group.slug}/experts`} novalidate>
        <CsrfField token={csrfToken} />
        <TextField
          name="title"
          label="Title"
          required
          maxLength={GROUP_LIMITS.listTitle}
          errors={errors}
          values={values}
          hint="For example “Copyright experts” or “International ILL contacts by country”."
        />
        <TextArea
          name="description"
          label="Description"
          rows={3}
          maxLength={GROUP_LIMITS.listDescription}
          errors={errors}
          values={values}
          hint="Who is on it and when to ask them."
        />
        <div class="form-actions">
          <button type="submit">Create the list</button>
          <a href={`/groups/${group.slug}`}>Cancel</a>
        </div>
      </form>
    </div>
  );
}

export function InvitationsPage({
  invitations,
  csrfToken,
  notice,
}: {
  invitations: Array<{
    listSlug: string;
    listTitle: string;
    groupName: string;
    groupSlug: string;
    note: string;
    status: string;
    invitedAt: Date;
  }>;
  csrfToken: string;
  notice?: string | undefined;
}) {
  return (
    <>
      <h1>Expert list invitations</h1>
      <p class="lead">
        Groups can ask you to appear on a list of people others may ask for advice. You appear only if you accept, and
        can leave at any time.
      </p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {invitations.length === 0 ? (
        <p class="empty">No invitations.</p>
      ) : (
        <ul class="article-list">
          {invitations.map((i) => (
            <li>
              <h2 class="article-list-title">
                <a href={`/experts/${i.listSlug}`}>{i.listTitle}</a>
              </h2>
              <p class="meta">
                From <a href={`/groups/${i.groupSlug}`}>{i.groupName}</a>, <DateText date={i.invitedAt} /> · you would
                be listed for: “{i.note}”
              </p>
              {i.status === 'invited' ? (
                <div class="form-actions">
                  <form method="post" action={`/experts/${i.listSlug}/accept`} class="inline-form">
                    <CsrfField token={csrfToken} />
                    <button type="submit">
                      Accept<span class="visually-hidden"> “{i.listTitle}”</span>
                    </button>
                  </form>
                  <form method="post" action={`/experts/${i.listSlug}/decline`} class="inline-form">
                    <CsrfField token={csrfToken} />
                    <button type="submit" class="secondary">
                      Decline<span class="visually-hidden"> “{i.listTitle}”</span>
                    </button>
                  </form>
                </div>
              ) : (
                <p>
                  <span class="badge">{i.status === 'accepted' ? 'Accepted: you are listed' : 'Declined'}</span>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

import type { Child } from 'hono/jsx';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import {
  CsrfField,
  DateText,
  ErrorSummary,
  Notice,
  Select,
  TextArea,
  TextField,
} from '../../../platform/ui/components';
import {
  GROUP_KIND_LABELS,
  GROUP_KINDS,
  GROUP_LIMITS,
  GROUP_ROLE_LABELS,
  type Group,
  type GroupRole,
} from '../groups.models';
import type { GroupListItem, MyGroup } from '../groups.repository';

export function GroupsPage({
  groups,
  mine,
  canRequest,
  signedIn,
  pendingRequests,
}: {
  groups: GroupListItem[];
  mine: MyGroup[];
  canRequest: boolean;
  signedIn: boolean;
  /** Administrators only: requests waiting for a decision. */
  pendingRequests?: number | undefined;
}) {
  return (
    <>
      <h1>Groups</h1>
      <p class="lead">
        Committees, organisations, consortia and projects that keep pages of the hub current: each page they maintain
        says so, with the date of its last review.
      </p>
      <ul class="actions" aria-label="Group actions">
        {canRequest ? (
          <li>
            <a class="button" href="/groups/new">
              Ask for a new group
            </a>
          </li>
        ) : null}
        {pendingRequests !== undefined ? (
          <li>
            <a class="button secondary" href="/admin/groups">
              Group requests ({pendingRequests} waiting)
            </a>
          </li>
        ) : null}
        <li>
          <a class="button secondary" href="/experts">
            Expert lists
          </a>
        </li>
        {signedIn ? (
          <>
            <li>
              <a class="button secondary" href="/health">
                Content health
              </a>
            </li>
            <li>
              <a class="button secondary" href="/suggestions">
                Suggested edits
              </a>
            </li>
            <li>
              <a class="button secondary" href="/stewardship/claims">
                Requests to maintain pages
              </a>
            </li>
            <li>
              <a class="button secondary" href="/expert-invitations">
                Your expert list invitations
              </a>
            </li>
          </>
        ) : null}
      </ul>
      {mine.length ? (
        <section aria-labelledby="mine-title">
          <h2 id="mine-title">Your groups</h2>
          <ul class="inline-list">
            {mine.map((g) => (
              <li>
                <a href={`/groups/${g.slug}`}>{g.name}</a>{' '}
                <span class="muted">({GROUP_ROLE_LABELS[g.role].toLowerCase()})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="all-title">
        <h2 id="all-title">All groups</h2>
        {groups.length === 0 ? (
          <p class="empty">No groups yet. Members can ask for one; an administrator approves it.</p>
        ) : (
          <ul class="article-list group-list">
            {groups.map((g) => (
              <li>
                <h3 class="article-list-title">
                  <a href={`/groups/${g.slug}`}>{g.name}</a>
                </h3>
                <p class="article-list-summary">{excerpt(g.purpose)}</p>
                <p class="meta">
                  <span class="badge">{GROUP_KIND_LABELS[g.kind]}</span> {g.members}{' '}
                  {g.members === 1 ? 'member' : 'members'} · maintains {g.maintained}{' '}
                  {g.maintained === 1 ? 'page' : 'pages'}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function excerpt(text: string, max = 240) {
  return text.length > max ? `${text.slice(0, max).replace(/\s+\S*$/, '')}…` : text;
}

export const GROUP_FORM_LABELS = { name: 'Name', kind: 'Kind of group', purpose: 'Purpose', website: 'Website' };

export function GroupFormPage({
  mode,
  group,
  values,
  errors,
  csrfToken,
}: {
  mode: 'create' | 'edit';
  group?: Group;
  values: FormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string;
}) {
  return (
    <div class="narrow">
      <h1>{mode === 'create' ? 'Ask for a new group' : `Edit “${group?.name}”`}</h1>
      {mode === 'create' ? (
        <p class="lead">
          A group maintains pages together. An administrator looks at each request before the group appears; you become
          its first owner and can then add members.
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={GROUP_FORM_LABELS} />
      <form method="post" action={mode === 'create' ? '/groups' : `/groups/${group?.slug}/edit`} novalidate>
        <CsrfField token={csrfToken} />
        <TextField
          name="name"
          label="Name"
          required
          maxLength={GROUP_LIMITS.name}
          errors={errors}
          values={values}
          hint="For example “STARS Codes and Guidelines Committee”."
        />
        <Select
          name="kind"
          label="Kind of group"
          required
          options={GROUP_KINDS.map((k) => ({ value: k, label: GROUP_KIND_LABELS[k] }))}
          errors={errors}
          values={values}
        />
        <TextArea
          name="purpose"
          label="Purpose"
          required
          rows={5}
          maxLength={GROUP_LIMITS.purpose}
          errors={errors}
          values={values}
          hint="What the group does and which pages it means to look after."
        />
        <TextField
          name="website"
          label="Website"
          type="url"
          maxLength={GROUP_LIMITS.website}
          errors={errors}
          values={values}
          hint="Starts with https://."
        />
        <div class="form-actions">
          <button type="submit">{mode === 'create' ? 'Send the request' : 'Save changes'}</button>
          <a href={mode === 'create' ? '/groups' : `/groups/${group?.slug}`}>Cancel</a>
        </div>
      </form>
    </div>
  );
}

export function AdminGroupsPage({
  pending,
  csrfToken,
  notice,
}: {
  pending: GroupListItem[];
  csrfToken: string;
  notice?: string | undefined;
}) {
  return (
    <>
      <h1>Group requests</h1>
      <p class="lead">
        Members ask for groups here. Approve a request when the group is real and its purpose fits the hub.
      </p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {pending.length === 0 ? (
        <p class="empty">No requests are waiting.</p>
      ) : (
        <ul class="article-list">
          {pending.map((g) => (
            <li>
              <h2 class="article-list-title">
                <a href={`/groups/${g.slug}`}>{g.name}</a>
              </h2>
              <p class="meta">
                <span class="badge">{GROUP_KIND_LABELS[g.kind]}</span> asked for <DateText date={g.createdAt} />
                {g.website ? (
                  <>
                    {' '}
                    ·{' '}
                    <a href={g.website} rel="nofollow noopener noreferrer">
                      {g.website}
                    </a>
                  </>
                ) : null}
              </p>
              <p class="pre-wrap">{g.purpose}</p>
              <form method="post" action={`/admin/groups/${g.id}/decision`} class="decision-form" novalidate>
                <CsrfField token={csrfToken} />
                <div class="field">
                  <label for={`note-${g.id}`}>
                    Note to the person who asked<span class="optional"> (optional)</span>
                  </label>
                  <textarea id={`note-${g.id}`} name="note" rows={2} maxlength={GROUP_LIMITS.decisionNote} />
                </div>
                <div class="form-actions">
                  <button type="submit" name="decision" value="approve">
                    Approve<span class="visually-hidden"> {g.name}</span>
                  </button>
                  <button type="submit" name="decision" value="reject" class="secondary">
                    Reject<span class="visually-hidden"> {g.name}</span>
                  </button>
                </div>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function RoleHelp(): Child {
  return (
    <details class="roles-help">
      <summary>What each role can do</summary>
      <dl>
        {(['owner', 'steward', 'member'] as GroupRole[]).map((r) => (
          <>
            <dt>{GROUP_ROLE_LABELS[r]}</dt>
            <dd>
              {r === 'owner'
                ? 'Manages the group and its members, hands pages over to other groups, and does everything a steward does.'
                : r === 'steward'
                  ? 'Reviews the pages the group maintains, edits them directly and decides on suggested edits.'
                  : 'Belongs to the group and suggests edits to its pages.'}
            </dd>
          </>
        ))}
      </dl>
    </details>
  );
}

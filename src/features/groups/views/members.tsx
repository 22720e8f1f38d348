import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, ErrorSummary, Notice, Select, TextField } from '../../../platform/ui/components';
import { GROUP_LIMITS, GROUP_ROLE_LABELS, GROUP_ROLES, type Group, type Member } from '../groups.models';
import { MemberTable } from './group-page';
import { RoleHelp } from './groups';
import { DateField } from './parts';

const ROLE_OPTIONS = GROUP_ROLES.map((r) => ({ value: r, label: GROUP_ROLE_LABELS[r] }));

export function MembersPage({
  group,
  members,
  values,
  errors,
  refusal,
  notice,
  csrfToken,
}: {
  group: Group;
  members: Member[];
  values: FormValues;
  errors?: FieldErrors | undefined;
  /** Why the last change was refused (e.g. it would leave the group without an owner). */
  refusal?: string | undefined;
  notice?: string | undefined;
  csrfToken: string;
}) {
  const termValue = typeof values.termEndsOn === 'string' ? values.termEndsOn : '';
  return (
    <>
      <h1>Members of {group.name}</h1>
      <p class="lead">
        Owners add people by their username and choose their role. A committee term can end on a date: the role ends by
        itself on that day. One owner must always stay without an end date, so the group is never left without an owner.
      </p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {refusal ? (
        <div class="error-summary" role="alert" aria-labelledby="refusal-title">
          <h2 id="refusal-title">That change was not made</h2>
          <p>{refusal}</p>
        </div>
      ) : null}
      <RoleHelp />
      <MemberTable
        members={members}
        manage={(m) => (
          <div class="member-forms">
            <form method="post" action={`/groups/${group.slug}/members/${m.userId}`} class="role-form">
              <CsrfField token={csrfToken} />
              <label for={`role-${m.userId}`} class="visually-hidden">
                Role for {m.displayName}
              </label>
              <select id={`role-${m.userId}`} name="role">
                {ROLE_OPTIONS.map((o) => (
                  <option value={o.value} selected={o.value === m.role}>
                    {o.label}
                  </option>
                ))}
              </select>
              <label for={`term-${m.userId}`} class="visually-hidden">
                Term end date for {m.displayName} (optional)
              </label>
              <input type="date" id={`term-${m.userId}`} name="termEndsOn" value={m.termEndsOn ?? ''} />
              <button type="submit" class="small">
                Save<span class="visually-hidden"> changes for {m.displayName}</span>
              </button>
            </form>
            <form method="post" action={`/groups/${group.slug}/members/${m.userId}/remove`} class="inline-form">
              <CsrfField token={csrfToken} />
              <button type="submit" class="small secondary">
                Remove<span class="visually-hidden"> {m.displayName}</span>
              </button>
            </form>
          </div>
        )}
      />
      <section aria-labelledby="add-title" class="narrow">
        <h2 id="add-title">Add a member</h2>
        <ErrorSummary errors={errors} labels={{ username: 'Username', role: 'Role', termEndsOn: 'Term ends on' }} />
        <form method="post" action={`/groups/${group.slug}/members`} novalidate>
          <CsrfField token={csrfToken} />
          <TextField
            name="username"
            label="Username"
            required
            maxLength={GROUP_LIMITS.username}
            errors={errors}
            values={values}
            hint="As shown on their profile, without the @."
            spellcheck={false}
          />
          <Select
            name="role"
            label="Role"
            required
            options={ROLE_OPTIONS}
            errors={errors}
            values={values}
            value={typeof values.role === 'string' ? values.role : 'member'}
          />
          <DateField
            id="f-termEndsOn"
            name="termEndsOn"
            label="Term ends on"
            value={termValue}
            error={errors?.termEndsOn}
            hint="For committee terms. Leave empty when the role does not end."
          />
          <div class="form-actions">
            <button type="submit">Add to the group</button>
            <a href={`/groups/${group.slug}`}>Back to the group</a>
          </div>
        </form>
      </section>
    </>
  );
}

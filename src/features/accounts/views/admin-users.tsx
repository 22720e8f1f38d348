import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from '../../../platform/authz/roles';
import { CsrfField, DateText, Notice, Pagination } from '../../../platform/ui/components';
import type { UserSummary } from '../accounts.models';

export function AdminUsersPage({
  users,
  total,
  page,
  pageCount,
  q,
  role,
  csrfToken,
  notice,
  error,
}: {
  users: UserSummary[];
  total: number;
  page: number;
  pageCount: number;
  q: string;
  role: Role | '';
  csrfToken: string;
  notice?: string | undefined;
  error?: string | undefined;
}) {
  const hrefFor = (p: number) => `/admin/users?${new URLSearchParams({ q, role, page: String(p) })}`;
  return (
    <div>
      <h1>Manage users</h1>
      <p>Change what people can do. Every change is recorded with who made it.</p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {error ? (
        <div class="error-summary" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      <details class="roles-help">
        <summary>What each role can do</summary>
        <dl>
          {ROLES.map((r) => (
            <>
              <dt>{ROLE_LABELS[r]}</dt>
              <dd>{ROLE_DESCRIPTIONS[r]}</dd>
            </>
          ))}
        </dl>
      </details>
      <form class="filter-bar" method="get" action="/admin/users" role="search" aria-label="Find users">
        <div class="field">
          <label for="users-q">Name, username or email</label>
          <input id="users-q" type="search" name="q" value={q} maxlength={100} />
        </div>
        <div class="field">
          <label for="users-role">Role</label>
          <select id="users-role" name="role">
            <option value="">Any role</option>
            {ROLES.map((r) => (
              <option value={r} selected={r === role}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Find users</button>
      </form>
      <p>
        {total} {total === 1 ? 'account' : 'accounts'}
      </p>
      <div class="table-wrap" role="region" aria-label="Accounts and their roles" tabindex={0}>
        <table class="data-table">
          <caption class="visually-hidden">Accounts and their roles</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Joined</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <th scope="row">
                  {u.displayName} <span class="muted">@{u.username}</span>
                </th>
                <td>{u.email}</td>
                <td>
                  <DateText date={u.createdAt} />
                </td>
                <td>
                  <form method="post" action={`/admin/users/${u.id}/role`} class="role-form">
                    <CsrfField token={csrfToken} />
                    <label for={`role-${u.id}`} class="visually-hidden">
                      Role for {u.displayName}
                    </label>
                    <select id={`role-${u.id}`} name="role">
                      {ROLES.map((r) => (
                        <option value={r} selected={r === u.role}>
                          {ROLE_LABELS[r]}
                        </option>
                      ))}
                    </select>
                    <button type="submit" class="small">
                      Change role<span class="visually-hidden"> for {u.displayName}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={pageCount} hrefFor={hrefFor} label="User list pages" />
    </div>
  );
}

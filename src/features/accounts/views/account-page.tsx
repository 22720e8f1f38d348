import type { Actor } from '../../../platform/auth/actor';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '../../../platform/authz/roles';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, ErrorSummary, Notice, TextField } from '../../../platform/ui/components';
import { ACCOUNT_LIMITS } from '../accounts.models';

export const ACCOUNT_NOTICES = {
  password: 'Your password has been changed. Other devices have been signed out.',
  'email-sent':
    'We have sent a confirmation link to your new address. Your email changes when you open it while signed in here.',
  email: 'Your email address has been changed. Other devices have been signed out.',
  confirmed: 'Thank you: your email address is confirmed. The notifications you choose can now reach it.',
  'confirm-sent': 'We have sent a new confirmation link to your email address. Earlier links no longer work.',
  reset: 'Your password has been reset and you are signed in.',
  welcome: 'Welcome! Your account is ready. We have sent a link to your email address: open it to confirm the address.',
} as const;
export type AccountNotice = keyof typeof ACCOUNT_NOTICES;

export function AccountPage({
  actor,
  csrfToken,
  notice,
  form,
  errors,
  values,
}: {
  actor: Actor;
  csrfToken: string;
  notice?: AccountNotice | undefined;
  form?: 'email' | 'password';
  errors?: FieldErrors;
  values?: FormValues;
}) {
  const emailErrors = form === 'email' ? errors : undefined;
  const passwordErrors = form === 'password' ? errors : undefined;
  return (
    <div class="narrow">
      <h1>Your account</h1>
      {notice ? <Notice kind="success">{ACCOUNT_NOTICES[notice]}</Notice> : null}
      <dl class="facts">
        <dt>Display name</dt>
        <dd>{actor.displayName}</dd>
        <dt>Username</dt>
        <dd>@{actor.username}</dd>
        <dt>Email address</dt>
        <dd>
          {actor.email}
          {actor.emailVerified === false ? ' (not confirmed yet)' : null}
        </dd>
        <dt>Role</dt>
        <dd>
          {ROLE_LABELS[actor.role]} — {ROLE_DESCRIPTIONS[actor.role]}
        </dd>
      </dl>

      <section aria-labelledby="profile-and-data">
        <h2 id="profile-and-data">Your profile and your data</h2>
        <ul>
          <li>
            <a href="/account/profile">Edit your profile</a> and choose who sees each part of it
          </li>
          <li>
            <a href="/account/data">Download all your data, or delete your account</a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="change-email">
        <h2 id="change-email">Change your email address</h2>
        <p>We will send a confirmation link to the new address; nothing changes until you open it.</p>
        <ErrorSummary
          errors={emailErrors}
          labels={{ email: 'New email address', currentPassword: 'Current password' }}
        />
        <form method="post" action="/account/email" novalidate>
          <CsrfField token={csrfToken} />
          <TextField
            name="email"
            id="f-email"
            type="email"
            label="New email address"
            required
            autocomplete="email"
            maxLength={ACCOUNT_LIMITS.email}
            errors={emailErrors}
            values={form === 'email' ? values : undefined}
          />
          <TextField
            name="currentPassword"
            id="f-currentPassword"
            type="password"
            label="Current password"
            required
            autocomplete="current-password"
            errors={emailErrors}
          />
          <button type="submit">Send confirmation link</button>
        </form>
      </section>

      <section aria-labelledby="change-password">
        <h2 id="change-password">Change your password</h2>
        <ErrorSummary
          errors={passwordErrors}
          labels={{ currentPassword: 'Current password', password: 'New password', confirm: 'Confirm new password' }}
          ids={{ currentPassword: 'f-pw-currentPassword' }}
        />
        <form method="post" action="/account/password" novalidate>
          <CsrfField token={csrfToken} />
          <TextField
            name="currentPassword"
            id="f-pw-currentPassword"
            type="password"
            label="Current password"
            required
            autocomplete="current-password"
            errors={passwordErrors}
          />
          <TextField
            name="password"
            id="f-password"
            type="password"
            label="New password"
            required
            autocomplete="new-password"
            maxLength={ACCOUNT_LIMITS.passwordMax}
            errors={passwordErrors}
            hint={`At least ${ACCOUNT_LIMITS.passwordMin} characters.`}
          />
          <TextField
            name="confirm"
            id="f-confirm"
            type="password"
            label="Confirm new password"
            required
            autocomplete="new-password"
            maxLength={ACCOUNT_LIMITS.passwordMax}
            errors={passwordErrors}
          />
          <button type="submit">Change password</button>
        </form>
      </section>
    </div>
  );
}

export function ConfirmEmailChangePage({
  csrfToken,
  token,
  from,
  to,
}: {
  csrfToken: string;
  token: string;
  from: string;
  to: string;
}) {
  return (
    <div class="narrow">
      <h1>Confirm your new email address</h1>
      <dl class="facts">
        <dt>Your address now</dt>
        <dd>{from}</dd>
        <dt>Your new address</dt>
        <dd>{to}</dd>
      </dl>
      <p>
        After the change we send everything, password-reset links included, to the new address, and sign out your other
        devices. If you did not ask for this change, do not confirm it: <a href="/account">change your password</a>{' '}
        instead.
      </p>
      <form method="post" action={`/account/email/${token}`}>
        <CsrfField token={csrfToken} />
        <button type="submit">Change my email address</button>
      </form>
    </div>
  );
}

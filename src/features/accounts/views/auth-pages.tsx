import { CsrfField, ErrorSummary, Notice, TextField } from '../../../platform/ui/components';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { ACCOUNT_LIMITS } from '../accounts.models';

interface FormProps {
  csrfToken: string;
  errors?: FieldErrors | undefined;
  values?: FormValues | undefined;
}

const SIGN_UP_LABELS = {
  email: 'Email address',
  displayName: 'Display name',
  username: 'Username',
  password: 'Password',
};

export function SignUpPage({ csrfToken, errors, values }: FormProps) {
  return (
    <div class="narrow">
      <h1>Create an account</h1>
      <p class="lead">
        An account is free. It lets you write and improve articles and, as the hub grows, ask questions and help others.
      </p>
      <ErrorSummary errors={errors} labels={SIGN_UP_LABELS} />
      <form method="post" action="/sign-up" novalidate>
        <CsrfField token={csrfToken} />
        <TextField
          name="email"
          type="email"
          label={SIGN_UP_LABELS.email}
          required
          autocomplete="email"
          maxLength={ACCOUNT_LIMITS.email}
          errors={errors}
          values={values}
          hint="We use it to sign you in and to send password-reset links. It is never shown to other people."
        />
        <TextField
          name="displayName"
          label={SIGN_UP_LABELS.displayName}
          required
          autocomplete="name"
          maxLength={ACCOUNT_LIMITS.displayName}
          errors={errors}
          values={values}
          hint="Shown beside what you write, for example “Dana Reyes (Midstate University)”."
        />
        <TextField
          name="username"
          label={SIGN_UP_LABELS.username}
          required
          autocomplete="username"
          maxLength={ACCOUNT_LIMITS.username}
          errors={errors}
          values={values}
          hint="3 to 30 lowercase letters, digits, hyphens or underscores. Others can mention you with it."
          spellcheck={false}
          showLimit={false}
        />
        <TextField
          name="password"
          type="password"
          label={SIGN_UP_LABELS.password}
          required
          autocomplete="new-password"
          maxLength={ACCOUNT_LIMITS.passwordMax}
          errors={errors}
          hint={`At least ${ACCOUNT_LIMITS.passwordMin} characters. A few unrelated words make a strong, memorable password.`}
        />
        <button type="submit">Create account</button>
      </form>
      <p>
        Already have an account? <a href="/sign-in">Sign in</a>.
      </p>
    </div>
  );
}

export function SignInPage({
  csrfToken,
  errors,
  values,
  next,
  notice,
}: FormProps & { next?: string; notice?: string }) {
  return (
    <div class="narrow">
      <h1>Sign in</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} labels={{ email: 'Email address', password: 'Password' }} />
      <form method="post" action="/sign-in" novalidate>
        <CsrfField token={csrfToken} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <TextField
          name="email"
          type="email"
          label="Email address"
          required
          autocomplete="email"
          maxLength={ACCOUNT_LIMITS.email}
          errors={errors}
          values={values}
        />
        <TextField
          name="password"
          type="password"
          label="Password"
          required
          autocomplete="current-password"
          maxLength={ACCOUNT_LIMITS.passwordMax}
          errors={errors}
        />
        <button type="submit">Sign in</button>
      </form>
      <p>
        <a href="/reset">Forgotten your password?</a>
      </p>
      <p>
        New here? <a href="/sign-up">Create a free account</a>.
      </p>
    </div>
  );
}

export function ResetRequestPage({ csrfToken, errors, values }: FormProps) {
  return (
    <div class="narrow">
      <h1>Reset your password</h1>
      <p>
        Enter the email address you signed up with. If it belongs to an account, we will send a link to choose a new
        password.
      </p>
      <ErrorSummary errors={errors} labels={{ email: 'Email address' }} />
      <form method="post" action="/reset" novalidate>
        <CsrfField token={csrfToken} />
        <TextField
          name="email"
          type="email"
          label="Email address"
          required
          autocomplete="email"
          maxLength={ACCOUNT_LIMITS.email}
          errors={errors}
          values={values}
        />
        <button type="submit">Send reset link</button>
      </form>
      <p>
        Remembered it? <a href="/sign-in">Sign in</a>.
      </p>
    </div>
  );
}

export function ResetSentPage() {
  return (
    <div class="narrow">
      <h1>Check your email</h1>
      <p class="lead">
        If that address belongs to an account, a link to reset the password is on its way. It works once, for one hour.
      </p>
      <p>
        Nothing arrived after a few minutes? Check your spam or quarantine folder — library mail filters are often
        strict — or <a href="/reset">ask for another link</a>.
      </p>
    </div>
  );
}

export function ResetFormPage({ csrfToken, errors, token }: FormProps & { token: string }) {
  return (
    <div class="narrow">
      <h1>Choose a new password</h1>
      <ErrorSummary errors={errors} labels={{ password: 'New password', confirm: 'Confirm new password' }} />
      <form method="post" action={`/reset/${token}`} novalidate>
        <CsrfField token={csrfToken} />
        <TextField
          name="password"
          type="password"
          label="New password"
          required
          autocomplete="new-password"
          maxLength={ACCOUNT_LIMITS.passwordMax}
          errors={errors}
          hint={`At least ${ACCOUNT_LIMITS.passwordMin} characters.`}
        />
        <TextField
          name="confirm"
          type="password"
          label="Confirm new password"
          required
          autocomplete="new-password"
          maxLength={ACCOUNT_LIMITS.passwordMax}
          errors={errors}
        />
        <button type="submit">Save new password</button>
      </form>
    </div>
  );
}

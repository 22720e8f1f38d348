import { Hono } from 'hono';
import type { FeatureModule } from '../../feature-module';
import type { CredentialRevoker } from '../../platform/auth/revoke';
import { deleteCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE, SESSION_DAYS } from '../../platform/auth/sessions';
import { authorize } from '../../platform/authz/policy';
import { isRole, ROLE_LABELS } from '../../platform/authz/roles';
import { clientIp } from '../../platform/http/client-ip';
import { actorOf, type AppContext, type AppEnv, isHttps, requireActor } from '../../platform/http/context';
import { AppError, httpErrors } from '../../platform/http/errors';
import { readForm, str, validate } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { idParam, pageParam } from '../../platform/http/params';
import { safeNext, seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { accountErrors } from './accounts.errors';
import { accountPolicies } from './accounts.policies';
import { listUsers } from './accounts.repository';
import {
  changeEmailSchema,
  changePasswordSchema,
  changeRoleSchema,
  resetPasswordSchema,
  resetRequestSchema,
  signInSchema,
  signUpSchema,
} from './accounts.schemas';
import * as usecases from './accounts.usecases';
import { ACCOUNT_NOTICES, AccountPage, type AccountNotice, ConfirmEmailChangePage } from './views/account-page';
import { AdminUsersPage } from './views/admin-users';
import { ResetFormPage, ResetRequestPage, ResetSentPage, SignInPage, SignUpPage } from './views/auth-pages';

function startSession(c: AppContext, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
  });
}

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now(), baseUrl: d.config.baseUrl };
}

const SIGN_IN_NOTICES: Record<string, string> = {
  'signed-out': 'You have signed out.',
  confirmed: 'Thank you: your email address is confirmed. Sign in to continue.',
  'sign-in-to-confirm':
    'Sign in to the account that asked for the new email address, and the change will be shown to you to confirm.',
};

/** The account routes; `modules` are asked to revoke their own credentials when a password or address changes. */
export function createAccountRoutes({ modules }: { modules: FeatureModule[] }) {
  const revokers: CredentialRevoker[] = modules.flatMap((m) => (m.credentialsRevoked ? [m.credentialsRevoked] : []));
  const signUp = new Hono<AppEnv>();
  const signIn = new Hono<AppEnv>();
  const signOut = new Hono<AppEnv>();
  const reset = new Hono<AppEnv>();
  const account = new Hono<AppEnv>();
  const adminUsers = new Hono<AppEnv>();

  signUp.get('/', (c) => {
    if (actorOf(c)) return seeOther(c, '/account');
    return renderPage(c, { title: 'Create an account' }, <SignUpPage csrfToken={csrfTokenFor(c)} />);
  });

  signUp.post('/', async (c) => {
    const values = await readForm(c);
    const form = validate(signUpSchema, values);
    const again = (errors: Record<string, string>) =>
      renderPage(
        c,
        { title: 'Create an account' },
        <SignUpPage csrfToken={csrfTokenFor(c)} errors={errors} values={values} />,
        400,
      );
    if (!form.ok) return again(form.errors);
    const { db, now, baseUrl } = deps(c);
    const result = await usecases.signUp({ db, now, input: form.data, baseUrl, ip: clientIp(c) });
    if (!result.ok) return again(result.errors);
    startSession(c, result.sessionToken);
    return seeOther(c, '/account?notice=welcome');
  });

  signIn.get('/', (c) => {
    const next = safeNext(c.req.query('next'), '');
    if (actorOf(c)) return seeOther(c, next || '/');
    const notice = SIGN_IN_NOTICES[c.req.query('notice') ?? ''];
    return renderPage(
      c,
      { title: 'Sign in' },
      <SignInPage csrfToken={csrfTokenFor(c)} next={next || undefined} notice={notice} />,
    );
  });

  signIn.post('/', async (c) => {
    const values = await readForm(c);
    const next = safeNext(str(values, 'next'), '/');
    const again = (errors: Record<string, string>) =>
      renderPage(
        c,
        { title: 'Sign in' },
        <SignInPage csrfToken={csrfTokenFor(c)} errors={errors} values={values} next={next} />,
        400,
      );
    const form = validate(signInSchema, values);
    if (!form.ok) return again(form.errors);
    const { db, now } = deps(c);
    try {
      const { sessionToken } = await usecases.signIn({ db, now, ...form.data, ip: clientIp(c) });
      startSession(c, sessionToken);
      return seeOther(c, next);
    } catch (error) {
      if (error instanceof AppError && error.code === 'auth.bad_credentials') return again({ _form: error.message });
      throw error;
    }
  });

  signOut.post('/', async (c) => {
    const token = c.get('sessionToken');
    if (token)
      await usecases.signOut({ db: c.get('deps').database.db, token, sessionCache: c.get('deps').sessionCache });
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
    return seeOther(c, '/sign-in?notice=signed-out');
  });

  reset.get('/', (c) =>
    renderPage(c, { title: 'Reset your password' }, <ResetRequestPage csrfToken={csrfTokenFor(c)} />),
  );

  reset.post('/', async (c) => {
    const values = await readForm(c);
    const form = validate(resetRequestSchema, values);
    if (!form.ok) {
      return renderPage(
        c,
        { title: 'Reset your password' },
        <ResetRequestPage csrfToken={csrfTokenFor(c)} errors={form.errors} values={values} />,
        400,
      );
    }
    const { db, now, baseUrl } = deps(c);
    await usecases.requestPasswordReset({ db, now, email: form.data.email, baseUrl, ip: clientIp(c) });
    return seeOther(c, '/reset/sent');
  });

  reset.get('/sent', (c) => renderPage(c, { title: 'Check your email' }, <ResetSentPage />));

  reset.get('/:token', async (c) => {
    const token = c.req.param('token');
    c.header('Referrer-Policy', 'no-referrer');
    const { db, now } = deps(c);
    if (!(await usecases.checkResetToken({ db, now, token }))) {
      throw new AppError('auth.token_invalid', 400, 'This reset link has expired or has already been used.', {
        title: 'Link expired',
        help: 'Ask for a new link from the “Forgotten your password?” page. Each link works once, for one hour.',
      });
    }
    return renderPage(
      c,
      { title: 'Choose a new password' },
      <ResetFormPage csrfToken={csrfTokenFor(c)} token={token} />,
    );
  });

  reset.post('/:token', async (c) => {
    const token = c.req.param('token');
    const values = await readForm(c);
    const form = validate(resetPasswordSchema, values);
    if (!form.ok) {
      return renderPage(
        c,
        { title: 'Choose a new password' },
        <ResetFormPage csrfToken={csrfTokenFor(c)} token={token} errors={form.errors} />,
        400,
      );
    }
    const { db, now } = deps(c);
    const { sessionToken } = await usecases.resetPassword({ db, now, token, password: form.data.password, revokers });
    startSession(c, sessionToken);
    return seeOther(c, '/account?notice=reset');
  });

  account.get('/', (c) => {
    const actor = requireActor(c);
    const notice = c.req.query('notice');
    return renderPage(
      c,
      { title: 'Your account', breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Your account' }] },
      <AccountPage
        actor={actor}
        csrfToken={csrfTokenFor(c)}
        notice={notice && notice in ACCOUNT_NOTICES ? (notice as AccountNotice) : undefined}
      />,
    );
  });

  account.post('/email', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const form = validate(changeEmailSchema, values);
    const again = (errors: Record<string, string>) =>
      renderPage(
        c,
        { title: 'Your account' },
        <AccountPage actor={actor} csrfToken={csrfTokenFor(c)} form="email" errors={errors} values={values} />,
        400,
      );
    if (!form.ok) return again(form.errors);
    const { db, now, baseUrl } = deps(c);
    const result = await usecases.requestEmailChange({ db, now, actor, baseUrl, ...form.data, ip: clientIp(c) });
    if (!result.ok) return again(result.errors);
    return seeOther(c, '/account?notice=email-sent');
  });

  // The link from the new address: only the account's own session may confirm it, after seeing what changes.
  account.get('/email/:token', async (c) => {
    c.header('Referrer-Policy', 'no-referrer');
    const token = c.req.param('token');
    const actor = actorOf(c);
    if (!actor)
      return seeOther(c, `/sign-in?notice=sign-in-to-confirm&next=${encodeURIComponent(`/account/email/${token}`)}`);
    const { db, now } = deps(c);
    const pending = await usecases.pendingEmailChange({ db, now, token });
    if (!pending) throw accountErrors.tokenInvalid();
    if (pending.userId !== actor.id) throw accountErrors.emailChangeOtherAccount();
    return renderPage(
      c,
      {
        title: 'Confirm your new email address',
        breadcrumbs: [
          { label: 'Home', href: '/' },
          { label: 'Your account', href: '/account' },
          { label: 'Confirm your new email address' },
        ],
      },
      <ConfirmEmailChangePage csrfToken={csrfTokenFor(c)} token={token} from={actor.email} to={pending.email} />,
    );
  });

  account.post('/email/:token', async (c) => {
    const actor = requireActor(c);
    c.header('Referrer-Policy', 'no-referrer');
    const { db, now } = deps(c);
    await usecases.confirmEmailChange({
      db,
      now,
      actor,
      token: c.req.param('token'),
      keepSession: c.get('sessionToken'),
      revokers,
    });
    return seeOther(c, '/account?notice=email');
  });

  // The link mailed at sign-up: it proves the mailbox, so it needs no session.
  account.get('/confirm/:token', async (c) => {
    c.header('Referrer-Policy', 'no-referrer');
    const { db, now } = deps(c);
    const { userId } = await usecases.confirmAddress({ db, now, token: c.req.param('token') });
    return seeOther(c, actorOf(c)?.id === userId ? '/account?notice=confirmed' : '/sign-in?notice=confirmed');
  });

  account.post('/confirm', async (c) => {
    const actor = requireActor(c);
    const { db, now, baseUrl } = deps(c);
    const { sent } = await usecases.resendAddressConfirmation({ db, now, actor, baseUrl });
    return seeOther(c, sent ? '/account?notice=confirm-sent' : '/account');
  });

  account.post('/password', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const form = validate(changePasswordSchema, values);
    const again = (errors: Record<string, string>) =>
      renderPage(
        c,
        { title: 'Your account' },
        <AccountPage actor={actor} csrfToken={csrfTokenFor(c)} form="password" errors={errors} />,
        400,
      );
    if (!form.ok) return again(form.errors);
    const { db, now } = deps(c);
    const result = await usecases.changePassword({
      db,
      now,
      actor,
      currentPassword: form.data.currentPassword,
      password: form.data.password,
      keepSession: c.get('sessionToken'),
      ip: clientIp(c),
      revokers,
    });
    if (!result.ok) return again(result.errors);
    return seeOther(c, '/account?notice=password');
  });

  const USERS_PAGE_SIZE = 50;

  adminUsers.get('/', async (c) => {
    const actor = actorOf(c);
    authorize(actor, accountPolicies.manageUsers(actor));
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const roleParam = c.req.query('role') ?? '';
    const role = isRole(roleParam) ? roleParam : '';
    const page = pageParam(c.req.query('page'));
    const { db } = deps(c);
    const { users, total } = await listUsers(db, {
      q,
      ...(role ? { role } : {}),
      limit: USERS_PAGE_SIZE,
      offset: (page - 1) * USERS_PAGE_SIZE,
    });
    const done = c.req.query('changed');
    const notice = done ? `Role changed for ${done.slice(0, 80)}.` : undefined;
    const error =
      c.req.query('error') === 'last-admin'
        ? 'The hub must keep at least one administrator. Make someone else an administrator first.'
        : undefined;
    return renderPage(
      c,
      { title: 'Manage users', breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Manage users' }] },
      <AdminUsersPage
        users={users}
        total={total}
        page={page}
        pageCount={Math.max(1, Math.ceil(total / USERS_PAGE_SIZE))}
        q={q}
        role={role}
        csrfToken={csrfTokenFor(c)}
        notice={notice}
        error={error}
      />,
      error ? 409 : 200,
    );
  });

  adminUsers.post('/:id/role', async (c) => {
    const actor = actorOf(c);
    authorize(actor, accountPolicies.manageUsers(actor));
    const userId = idParam(c.req.param('id'), () => httpErrors.notFound('account'));
    const form = validate(changeRoleSchema, await readForm(c));
    if (!form.ok) throw new AppError('accounts.invalid_role', 400, form.errors.role ?? 'Choose a role from the list.');
    const { db, now } = deps(c);
    try {
      await usecases.changeRole({ db, now, actor, userId, role: form.data.role });
    } catch (error) {
      if (error instanceof AppError && error.code === 'accounts.last_admin')
        return seeOther(c, '/admin/users?error=last-admin');
      throw error;
    }
    return seeOther(
      c,
      `/admin/users?changed=${encodeURIComponent(`user ${userId} (now ${ROLE_LABELS[form.data.role]})`)}`,
    );
  });

  return {
    '/sign-up': signUp,
    '/sign-in': signIn,
    '/sign-out': signOut,
    '/reset': reset,
    '/account': account,
    '/admin/users': adminUsers,
  } satisfies RouteMounts;
}

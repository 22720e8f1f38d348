import type { Actor } from '../../platform/auth/actor';
import { hashPassword } from '../../platform/auth/passwords';
import { type CredentialRevoker, revokeCredentials } from '../../platform/auth/revoke';
import { createSession, destroySession, type SessionCache } from '../../platform/auth/sessions';
import { checkPassword } from '../../platform/auth/throttle';
import { newToken, sha256 } from '../../platform/auth/tokens';
import type { Role } from '../../platform/authz/roles';
import type { Db, Tx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { FieldErrors } from '../../platform/http/forms';
import { enforce } from '../../platform/http/rate-limit';
import { enqueue } from '../../platform/jobs/queue';
import { MAIL_QUEUE } from '../../platform/mail/mail-job';
import { accountErrors } from './accounts.errors';
import {
  ADMIN_SETUP_TOKEN_HOURS,
  EMAIL_CHANGE_TOKEN_HOURS,
  EMAIL_VERIFY_TOKEN_DAYS,
  RESET_TOKEN_MINUTES,
  type UserSummary,
} from './accounts.models';
import { RATE_RULES } from './accounts.policies';
import * as repo from './accounts.repository';
import {
  confirmAddressMail,
  emailChangeMail,
  emailChangedNoticeMail,
  passwordResetMail,
  welcomeMail,
} from './views/mails';
import type { AnonymousUseCaseContext } from '../../platform/usecase';

/** Every use case that changes a password or an address revokes through these (other modules' hooks, e.g. reply-by-email). */
interface Revoking {
  revokers?: readonly CredentialRevoker[];
}

/** A new address-confirmation link; the ones before it stop working. */
async function issueAddressConfirmation(tx: Tx, user: { id: number; email: string }, now: Date): Promise<string> {
  const token = newToken();
  await repo.expireTokens(tx, user.id, 'email_verify', now);
  await repo.insertToken(tx, {
    tokenHash: sha256(token),
    userId: user.id,
    purpose: 'email_verify',
    data: { email: user.email },
    createdAt: now,
    expiresAt: new Date(now.getTime() + EMAIL_VERIFY_TOKEN_DAYS * 86_400_000),
  });
  return token;
}

export type SignUpResult = { ok: true; user: UserSummary; sessionToken: string } | { ok: false; errors: FieldErrors };

export async function signUp({
  db,
  now,
  input,
  baseUrl,
  ip,
}: AnonymousUseCaseContext & {
  input: { email: string; username: string; displayName: string; password: string };
  baseUrl: string;
  /** The client's address: sign-ups are rate limited per network. */
  ip: string;
}): Promise<SignUpResult> {
  await enforce(db, now, [[RATE_RULES.signUpPerIp, ip]]);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const errors: FieldErrors = {};
    if (await repo.emailTaken(tx, input.email)) {
      errors.email =
        'An account already uses this email address. Sign in, or reset your password if you have forgotten it.';
    }
    if (await repo.usernameTaken(tx, input.username)) errors.username = 'That username is taken. Try another.';
    if (Object.keys(errors).length > 0) return { ok: false as const, errors };
    // Reading and writing start at once; notification mail waits until the address is confirmed.
    const user = await repo.insertUser(tx, {
      ...input,
      passwordHash,
      role: 'member',
      emailVerifiedAt: null,
      createdAt: now,
    });
    await recordEvent(tx, { type: 'user.signed_up', actorId: user.id, subjectType: 'user', subjectId: user.id });
    const token = await issueAddressConfirmation(tx, user, now);
    await enqueue(
      tx,
      MAIL_QUEUE,
      welcomeMail({
        to: user.email,
        displayName: user.displayName,
        baseUrl,
        confirmUrl: `${baseUrl}/account/confirm/${token}`,
        days: EMAIL_VERIFY_TOKEN_DAYS,
      }),
      { runAt: now },
    );
    const session = await createSession(tx, user.id, now);
    return { ok: true as const, user, sessionToken: session.token };
  });
}

/**
 * The same answer, after the same work, whether the email is unknown or the
 * password wrong. Wrong passwords slow down further tries from the same
 * network (PASSWORD_THROTTLE); they never lock the account.
 */
export async function signIn({
  db,
  now,
  email,
  password,
  ip,
}: AnonymousUseCaseContext & { email: string; password: string; ip: string }) {
  const user = await repo.findUserByEmail(db, email);
  const valid = await checkPassword(db, {
    attempt: { ip, account: email },
    storedHash: user && !user.isSystem ? user.passwordHash : null,
    password,
    now,
  });
  if (!user || !valid) throw accountErrors.badCredentials();
  const session = await db.transaction(async (tx) => {
    const s = await createSession(tx, user.id, now);
    await recordEvent(tx, { type: 'user.signed_in', actorId: user.id, subjectType: 'user', subjectId: user.id });
    return s;
  });
  return { userId: user.id, sessionToken: session.token };
}

/** Always looks the same to the person asking; mails a link only when the account exists. */
export async function requestPasswordReset({
  db,
  now,
  email,
  baseUrl,
  ip,
}: AnonymousUseCaseContext & { email: string; baseUrl: string; ip: string }): Promise<void> {
  await enforce(db, now, [
    [RATE_RULES.resetPerIp, ip],
    [RATE_RULES.resetPerEmail, email],
  ]);
  const user = await repo.findUserByEmail(db, email);
  if (!user || user.isSystem) return;
  const token = newToken();
  await db.transaction(async (tx) => {
    await repo.expireTokens(tx, user.id, 'password_reset', now);
    await repo.insertToken(tx, {
      tokenHash: sha256(token),
      userId: user.id,
      purpose: 'password_reset',
      createdAt: now,
      expiresAt: new Date(now.getTime() + RESET_TOKEN_MINUTES * 60_000),
    });
    await recordEvent(tx, {
      type: 'user.password_reset_requested',
      actorId: null,
      subjectType: 'user',
      subjectId: user.id,
    });
    await enqueue(
      tx,
      MAIL_QUEUE,
      passwordResetMail({
        to: user.email,
        displayName: user.displayName,
        url: `${baseUrl}/reset/${token}`,
        minutes: RESET_TOKEN_MINUTES,
      }),
      { runAt: now },
    );
  });
}

/** End the session the token names (signing out: open to everyone, suspended or not). */
export async function signOut({
  db,
  token,
  sessionCache,
}: {
  db: Db;
  token: string;
  sessionCache?: SessionCache | undefined;
}): Promise<void> {
  await destroySession(db, token, sessionCache);
}

export async function checkResetToken({
  db,
  now,
  token,
}: AnonymousUseCaseContext & { token: string }): Promise<boolean> {
  return Boolean(await repo.findLiveToken(db, sha256(token), 'password_reset', now));
}

/**
 * A reset ends every session and voids every link of the account (an email
 * change someone else started included). Opening the link proved the mailbox,
 * so it also confirms the address.
 */
export async function resetPassword({
  db,
  now,
  token,
  password,
  revokers,
}: AnonymousUseCaseContext & Revoking & { token: string; password: string }) {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const row = await repo.consumeToken(tx, sha256(token), 'password_reset', now);
    if (!row) throw accountErrors.tokenInvalid();
    const user = await repo.findUserById(tx, row.userId);
    await repo.updateUser(
      tx,
      row.userId,
      { passwordHash, ...(user?.emailVerifiedAt ? {} : { emailVerifiedAt: now }) },
      now,
    );
    await revokeCredentials(tx, {
      userId: row.userId,
      keepSessionToken: null,
      reason: 'password_reset',
      now,
      ...(revokers ? { revokers } : {}),
    });
    await recordEvent(tx, {
      type: 'user.password_reset',
      actorId: row.userId,
      subjectType: 'user',
      subjectId: row.userId,
    });
    const session = await createSession(tx, row.userId, now);
    return { sessionToken: session.token };
  });
}

export type ChangeResult = { ok: true } | { ok: false; errors: FieldErrors };

/** Ask for the current password again, through the same throttle as signing in. */
async function reauthenticate(
  db: Db,
  user: { email: string; passwordHash: string | null } | undefined,
  password: string,
  ip: string,
  now: Date,
) {
  if (!user) return false;
  return checkPassword(db, { attempt: { ip, account: user.email }, storedHash: user.passwordHash, password, now });
}

export async function changePassword({
  db,
  now,
  actor,
  currentPassword,
  password,
  keepSession,
  ip,
  revokers,
}: AnonymousUseCaseContext &
  Revoking & {
    actor: Actor;
    currentPassword: string;
    password: string;
    keepSession: string | null;
    ip: string;
  }): Promise<ChangeResult> {
  const user = await repo.findUserById(db, actor.id);
  if (!(await reauthenticate(db, user, currentPassword, ip, now))) {
    return { ok: false, errors: { currentPassword: 'That is not your current password.' } };
  }
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await repo.updateUser(tx, actor.id, { passwordHash }, now);
    await revokeCredentials(tx, {
      userId: actor.id,
      keepSessionToken: keepSession,
      reason: 'password_changed',
      now,
      ...(revokers ? { revokers } : {}),
    });
    await recordEvent(tx, {
      type: 'user.password_changed',
      actorId: actor.id,
      subjectType: 'user',
      subjectId: actor.id,
    });
  });
  return { ok: true };
}

/** Confirm the new address before using it: a typo must not lock anyone out. */
export async function requestEmailChange({
  db,
  now,
  actor,
  email,
  currentPassword,
  baseUrl,
  ip,
}: AnonymousUseCaseContext & {
  actor: Actor;
  email: string;
  currentPassword: string;
  baseUrl: string;
  ip: string;
}): Promise<ChangeResult> {
  const user = await repo.findUserById(db, actor.id);
  if (!user || !(await reauthenticate(db, user, currentPassword, ip, now))) {
    return { ok: false, errors: { currentPassword: 'That is not your current password.' } };
  }
  if (email === user.email) return { ok: false, errors: { email: 'That is already your email address.' } };
  const token = newToken();
  await db.transaction(async (tx) => {
    await repo.expireTokens(tx, actor.id, 'email_change', now);
    await repo.insertToken(tx, {
      tokenHash: sha256(token),
      userId: actor.id,
      purpose: 'email_change',
      data: { email },
      createdAt: now,
      expiresAt: new Date(now.getTime() + EMAIL_CHANGE_TOKEN_HOURS * 3_600_000),
    });
    await enqueue(
      tx,
      MAIL_QUEUE,
      emailChangeMail({ to: email, displayName: user.displayName, url: `${baseUrl}/account/email/${token}` }),
      { runAt: now },
    );
  });
  return { ok: true };
}

/** What an email-change link would do, for the page that asks to confirm it; undefined when the link is dead. */
export async function pendingEmailChange({
  db,
  now,
  token,
}: AnonymousUseCaseContext & { token: string }): Promise<{ userId: number; email: string } | undefined> {
  const row = await repo.findLiveToken(db, sha256(token), 'email_change', now);
  const email = row?.data.email;
  return row && email ? { userId: row.userId, email } : undefined;
}

/**
 * Confirming needs the account's own session: a link that leaked, or that
 * someone who once knew the password asked for, is worthless without it (and
 * a password reset or change has voided it anyway). The new address is
 * confirmed by the link itself; every other session and link of the account ends.
 */
export async function confirmEmailChange({
  db,
  now,
  actor,
  token,
  keepSession,
  revokers,
}: AnonymousUseCaseContext & Revoking & { actor: Actor; token: string; keepSession: string | null }): Promise<{
  email: string;
}> {
  return db.transaction(async (tx) => {
    const live = await repo.findLiveToken(tx, sha256(token), 'email_change', now);
    if (!live) throw accountErrors.tokenInvalid();
    if (live.userId !== actor.id) throw accountErrors.emailChangeOtherAccount();
    const row = await repo.consumeToken(tx, sha256(token), 'email_change', now);
    const email = row?.data.email;
    if (!row || !email) throw accountErrors.tokenInvalid();
    if (await repo.emailTaken(tx, email)) {
      throw accountErrors.tokenInvalid();
    }
    const user = await repo.findUserById(tx, row.userId);
    if (!user) throw accountErrors.tokenInvalid();
    await repo.updateUser(tx, row.userId, { email, emailVerifiedAt: now }, now);
    await revokeCredentials(tx, {
      userId: row.userId,
      keepSessionToken: keepSession,
      reason: 'email_changed',
      now,
      ...(revokers ? { revokers } : {}),
    });
    await recordEvent(tx, {
      type: 'user.email_changed',
      actorId: row.userId,
      subjectType: 'user',
      subjectId: row.userId,
    });
    await enqueue(
      tx,
      MAIL_QUEUE,
      emailChangedNoticeMail({ to: user.email, displayName: user.displayName, newEmail: email }),
      { runAt: now },
    );
    return { email };
  });
}

/**
 * The link mailed at sign-up. It needs no session (the mailbox is what it
 * proves), and only confirms the address it was sent to.
 */
export async function confirmAddress({
  db,
  now,
  token,
}: AnonymousUseCaseContext & { token: string }): Promise<{ userId: number }> {
  return db.transaction(async (tx) => {
    const row = await repo.consumeToken(tx, sha256(token), 'email_verify', now);
    if (!row) throw accountErrors.tokenInvalid();
    const user = await repo.findUserById(tx, row.userId);
    if (!user || user.email !== row.data.email) throw accountErrors.tokenInvalid();
    if (!user.emailVerifiedAt) {
      await repo.updateUser(tx, user.id, { emailVerifiedAt: now }, now);
      await recordEvent(tx, {
        type: 'user.email_confirmed',
        actorId: user.id,
        subjectType: 'user',
        subjectId: user.id,
      });
    }
    return { userId: user.id };
  });
}

/** "Send the link again": three an hour per account; nothing to do once the address is confirmed. */
export async function resendAddressConfirmation({
  db,
  now,
  actor,
  baseUrl,
}: AnonymousUseCaseContext & { actor: Actor; baseUrl: string }): Promise<{ sent: boolean }> {
  const user = await repo.findUserById(db, actor.id);
  if (!user || user.emailVerifiedAt) return { sent: false };
  await enforce(db, now, [[RATE_RULES.confirmResendPerUser, String(user.id)]]);
  await db.transaction(async (tx) => {
    const token = await issueAddressConfirmation(tx, user, now);
    await enqueue(
      tx,
      MAIL_QUEUE,
      confirmAddressMail({
        to: user.email,
        displayName: user.displayName,
        url: `${baseUrl}/account/confirm/${token}`,
        days: EMAIL_VERIFY_TOKEN_DAYS,
      }),
      { runAt: now },
    );
  });
  return { sent: true };
}

export async function changeRole({
  db,
  now,
  actor,
  userId,
  role,
}: AnonymousUseCaseContext & { actor: Actor; userId: number; role: Role }) {
  return db.transaction(async (tx) => {
    const user = await repo.findUserById(tx, userId);
    if (!user || user.isSystem) throw accountErrors.userNotFound();
    if (user.role === role) return { changed: false };
    if (user.role === 'admin' && role !== 'admin' && (await repo.countAdmins(tx)) <= 1) throw accountErrors.lastAdmin();
    await repo.updateUser(tx, userId, { role }, now);
    await recordEvent(tx, {
      type: 'user.role_changed',
      actorId: actor.id,
      subjectType: 'user',
      subjectId: userId,
      data: { from: user.role, to: role },
    });
    return { changed: true };
  });
}

/**
 * For the admin:create command: make (or promote) an administrator and return
 * a one-time link to set the password, so no password passes through a shell.
 */
export async function createAdmin({
  db,
  now,
  email,
  displayName,
  username,
  baseUrl,
}: AnonymousUseCaseContext & { email: string; displayName: string; username: string; baseUrl: string }) {
  const token = newToken();
  return db.transaction(async (tx) => {
    let user = await repo.findUserByEmail(tx, email);
    let created = false;
    if (user) {
      // The operator vouches for the address, as for a new administrator.
      await repo.updateUser(
        tx,
        user.id,
        { role: 'admin', ...(user.emailVerifiedAt ? {} : { emailVerifiedAt: now }) },
        now,
      );
    } else {
      let name = username;
      for (let i = 2; await repo.usernameTaken(tx, name); i++) name = `${username}${i}`;
      const inserted = await repo.insertUser(tx, {
        email,
        username: name,
        displayName,
        passwordHash: null,
        role: 'admin',
        createdAt: now,
      });
      user = await repo.findUserById(tx, inserted.id);
      created = true;
    }
    if (!user) throw new Error('admin user vanished');
    await repo.insertToken(tx, {
      tokenHash: sha256(token),
      userId: user.id,
      purpose: 'password_reset',
      createdAt: now,
      expiresAt: new Date(now.getTime() + ADMIN_SETUP_TOKEN_HOURS * 3_600_000),
    });
    await recordEvent(tx, {
      type: 'user.role_changed',
      actorId: null,
      subjectType: 'user',
      subjectId: user.id,
      data: { to: 'admin', via: 'cli' },
    });
    return { created, userId: user.id, username: user.username, setPasswordUrl: `${baseUrl}/reset/${token}` };
  });
}

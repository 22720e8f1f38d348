import type { Actor } from '../../platform/auth/actor';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords';
import { createSession, destroyOtherSessions } from '../../platform/auth/sessions';
import { newToken, sha256 } from '../../platform/auth/tokens';
import type { Role } from '../../platform/authz/roles';
import type { Db } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { FieldErrors } from '../../platform/http/forms';
import { enqueue } from '../../platform/jobs/queue';
import { MAIL_QUEUE } from '../../platform/mail/mail-job';
import { accountErrors } from './accounts.errors';
import {
  ADMIN_SETUP_TOKEN_HOURS,
  EMAIL_CHANGE_TOKEN_HOURS,
  RESET_TOKEN_MINUTES,
  type UserSummary,
} from './accounts.models';
import * as repo from './accounts.repository';
import { emailChangeMail, emailChangedNoticeMail, passwordResetMail, welcomeMail } from './views/mails';

interface Base {
  db: Db;
  now: Date;
}

export type SignUpResult = { ok: true; user: UserSummary; sessionToken: string } | { ok: false; errors: FieldErrors };

export async function signUp({
  db,
  now,
  input,
  baseUrl,
}: Base & { input: { email: string; username: string; displayName: string; password: string }; baseUrl: string }): Promise<SignUpResult> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const errors: FieldErrors = {};
    if (await repo.emailTaken(tx, input.email)) {
      errors.email = 'An account already uses this email address. Sign in, or reset your password if you have forgotten it.';
    }
    if (await repo.usernameTaken(tx, input.username)) errors.username = 'That username is taken. Try another.';
    if (Object.keys(errors).length > 0) return { ok: false as const, errors };
    const user = await repo.insertUser(tx, { ...input, passwordHash, role: 'member', createdAt: now });
    await recordEvent(tx, { type: 'user.signed_up', actorId: user.id, subjectType: 'user', subjectId: user.id });
    await enqueue(tx, MAIL_QUEUE, welcomeMail({ to: user.email, displayName: user.displayName, baseUrl }), { runAt: now });
    const session = await createSession(tx, user.id, now);
    return { ok: true as const, user, sessionToken: session.token };
  });
}

/** The same answer, after the same work, whether the email is unknown or the password wrong. */
export async function signIn({ db, now, email, password }: Base & { email: string; password: string }) {
  const user = await repo.findUserByEmail(db, email);
  const valid = await verifyPassword(user && !user.isSystem ? user.passwordHash : null, password);
  if (!user || !valid) throw accountErrors.badCredentials();
  const session = await db.transaction(async (tx) => {
    const s = await createSession(tx, user.id, now);
    await recordEvent(tx, { type: 'user.signed_in', actorId: user.id, subjectType: 'user', subjectId: user.id });
    return s;
  });
  return { userId: user.id, sessionToken: session.token };
}

/** Always looks the same to the person asking; mails a link only when the account exists. */
export async function requestPasswordReset({ db, now, email, baseUrl }: Base & { email: string; baseUrl: string }): Promise<void> {
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
    await recordEvent(tx, { type: 'user.password_reset_requested', actorId: null, subjectType: 'user', subjectId: user.id });
    await enqueue(tx, MAIL_QUEUE, passwordResetMail({ to: user.email, displayName: user.displayName, url: `${baseUrl}/reset/${token}`, minutes: RESET_TOKEN_MINUTES }), { runAt: now });
  });
}

export async function checkResetToken({ db, now, token }: Base & { token: string }): Promise<boolean> {
  return Boolean(await repo.findLiveToken(db, sha256(token), 'password_reset', now));
}

export async function resetPassword({ db, now, token, password }: Base & { token: string; password: string }) {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const row = await repo.consumeToken(tx, sha256(token), 'password_reset', now);
    if (!row) throw accountErrors.tokenInvalid();
    await repo.updateUser(tx, row.userId, { passwordHash }, now);
    await destroyOtherSessions(tx, row.userId, null);
    await recordEvent(tx, { type: 'user.password_reset', actorId: row.userId, subjectType: 'user', subjectId: row.userId });
    const session = await createSession(tx, row.userId, now);
    return { sessionToken: session.token };
  });
}

export type ChangeResult = { ok: true } | { ok: false; errors: FieldErrors };

export async function changePassword({
  db,
  now,
  actor,
  currentPassword,
  password,
  keepSession,
}: Base & { actor: Actor; currentPassword: string; password: string; keepSession: string | null }): Promise<ChangeResult> {
  const user = await repo.findUserById(db, actor.id);
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false, errors: { currentPassword: 'That is not your current password.' } };
  }
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await repo.updateUser(tx, actor.id, { passwordHash }, now);
    await destroyOtherSessions(tx, actor.id, keepSession);
    await recordEvent(tx, { type: 'user.password_changed', actorId: actor.id, subjectType: 'user', subjectId: actor.id });
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
}: Base & { actor: Actor; email: string; currentPassword: string; baseUrl: string }): Promise<ChangeResult> {
  const user = await repo.findUserById(db, actor.id);
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
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
    await enqueue(tx, MAIL_QUEUE, emailChangeMail({ to: email, displayName: user.displayName, url: `${baseUrl}/account/email/${token}` }), { runAt: now });
  });
  return { ok: true };
}

export async function confirmEmailChange({ db, now, token }: Base & { token: string }): Promise<{ email: string }> {
  return db.transaction(async (tx) => {
    const row = await repo.consumeToken(tx, sha256(token), 'email_change', now);
    const email = row?.data.email;
    if (!row || !email) throw accountErrors.tokenInvalid();
    if (await repo.emailTaken(tx, email)) {
      throw accountErrors.tokenInvalid();
    }
    const user = await repo.findUserById(tx, row.userId);
    if (!user) throw accountErrors.tokenInvalid();
    await repo.updateUser(tx, row.userId, { email }, now);
    await recordEvent(tx, { type: 'user.email_changed', actorId: row.userId, subjectType: 'user', subjectId: row.userId });
    await enqueue(tx, MAIL_QUEUE, emailChangedNoticeMail({ to: user.email, displayName: user.displayName, newEmail: email }), { runAt: now });
    return { email };
  });
}

export async function changeRole({ db, now, actor, userId, role }: Base & { actor: Actor; userId: number; role: Role }) {
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
}: Base & { email: string; displayName: string; username: string; baseUrl: string }) {
  const token = newToken();
  return db.transaction(async (tx) => {
    let user = await repo.findUserByEmail(tx, email);
    let created = false;
    if (user) {
      await repo.updateUser(tx, user.id, { role: 'admin' }, now);
    } else {
      let name = username;
      for (let i = 2; await repo.usernameTaken(tx, name); i++) name = `${username}${i}`;
      const inserted = await repo.insertUser(tx, { email, username: name, displayName, passwordHash: null, role: 'admin', createdAt: now });
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
    await recordEvent(tx, { type: 'user.role_changed', actorId: null, subjectType: 'user', subjectId: user.id, data: { to: 'admin', via: 'cli' } });
    return { created, userId: user.id, username: user.username, setPasswordUrl: `${baseUrl}/reset/${token}` };
  });
}

import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { FeatureModule } from '../../feature-module';
import type { Actor } from '../../platform/auth/actor';
import { sessions, userTokens, users } from '../../platform/auth/auth.table';
import { checkPassword } from '../../platform/auth/throttle';
import { authorize } from '../../platform/authz/policy';
import { type Db, type DbOrTx, rowsOf } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { FieldErrors } from '../../platform/http/forms';
import type { Deps } from '../../platform/http/context';
import { removeDocument } from '../../platform/search/search';
import { peopleErrors } from './people.errors';
import { DELETED_DISPLAY_NAME } from './people.models';
import { peoplePolicies } from './people.policies';
import * as repo from './people.repository';
import { conversationMembers, conversations, messageReports, messages, phoneAFriend, profiles, userBlocks } from './people.table';
import { loadFullProfile, PERSON_KIND, removePhotoFiles } from './people.usecases';

/**
 * What the people feature holds about someone, for "download my data". Other
 * people appear only by display name (never their profile or address).
 */
export async function exportPeopleData(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const db = deps.database.db;
  const profile = await loadFullProfile(db, userId);
  const optIn = await repo.findOptIn(db, userId);
  const mine = await db.select({ id: conversationMembers.conversationId }).from(conversationMembers).where(eq(conversationMembers.userId, userId));
  const ids = mine.map((m) => m.id);
  const convs = ids.length ? await db.select().from(conversations).where(inArray(conversations.id, ids)).orderBy(conversations.id) : [];
  const msgs = ids.length
    ? await db
        .select({ id: messages.id, conversationId: messages.conversationId, authorId: messages.authorId, from: users.displayName, body: messages.body, via: messages.via, sentAt: messages.createdAt })
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .where(inArray(messages.conversationId, ids))
        .orderBy(messages.createdAt, messages.id)
    : [];
  const members = ids.length
    ? await db
        .select({ conversationId: conversationMembers.conversationId, userId: users.id, name: users.displayName })
        .from(conversationMembers)
        .innerJoin(users, eq(users.id, conversationMembers.userId))
        .where(inArray(conversationMembers.conversationId, ids))
    : [];
  const blocked = await db
    .select({ username: users.username, displayName: users.displayName, since: userBlocks.createdAt })
    .from(userBlocks)
    .innerJoin(users, eq(users.id, userBlocks.blockedId))
    .where(eq(userBlocks.blockerId, userId));
  const reports = await db
    .select({ messageId: messageReports.messageId, reason: messageReports.reason, reportedAt: messageReports.createdAt, resolvedAt: messageReports.resolvedAt })
    .from(messageReports)
    .where(eq(messageReports.reporterId, userId));
  // The bio as written; its stored HTML is derived from it.
  const { userId: _u, bioHtml: _h, ...profileFields } = profile ?? { userId };
  return {
    profile: profile ? profileFields : null,
    phoneAFriend: optIn
      ? { howICanHelp: optIn.howICanHelp, preferredContact: optIn.preferredContact, optedInAt: optIn.optedInAt, confirmedAt: optIn.confirmedAt, lapsesAt: optIn.lapsesAt }
      : null,
    conversations: convs.map((c) => ({
      id: c.id,
      subject: c.subject,
      startedAt: c.createdAt,
      people: members.filter((m) => m.conversationId === c.id && m.userId !== userId).map((m) => m.name),
      messages: msgs
        .filter((m) => m.conversationId === c.id)
        .map((m) => ({ id: m.id, from: m.authorId === userId ? 'you' : m.from, sentAt: m.sentAt, via: m.via, text: m.body })),
    })),
    blocked,
    reports,
  };
}

/** Remove the person's profile, opt-in, messages, blocks and reports, in the caller's transaction. */
export async function erasePeopleData(tx: DbOrTx, userId: number): Promise<void> {
  const mine = await tx.select({ id: conversationMembers.conversationId }).from(conversationMembers).where(eq(conversationMembers.userId, userId));
  await tx.delete(messages).where(eq(messages.authorId, userId));
  await tx.delete(conversationMembers).where(eq(conversationMembers.userId, userId));
  const ids = mine.map((m) => m.id);
  if (ids.length) {
    await tx
      .delete(conversations)
      .where(and(inArray(conversations.id, ids), sql`not exists (select 1 from conversation_members m where m.conversation_id = ${conversations.id})`));
  }
  await tx.delete(userBlocks).where(or(eq(userBlocks.blockerId, userId), eq(userBlocks.blockedId, userId)));
  await tx.delete(messageReports).where(eq(messageReports.reporterId, userId));
  await tx.update(messageReports).set({ resolvedBy: null }).where(eq(messageReports.resolvedBy, userId));
  await tx.delete(phoneAFriend).where(eq(phoneAFriend.userId, userId));
  await tx.delete(profiles).where(eq(profiles.userId, userId));
  await removeDocument(tx, PERSON_KIND, String(userId));
}

/** Every module's data about the person, plus the account itself. */
export async function exportAllData(deps: Deps, modules: FeatureModule[], actor: Actor): Promise<Record<string, unknown>> {
  authorize(actor, peoplePolicies.ownData(actor));
  const rows = await deps.database.db
    .select({ id: users.id, username: users.username, displayName: users.displayName, email: users.email, role: users.role, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, actor.id));
  const out: Record<string, unknown> = {};
  for (const m of modules) if (m.personalData) out[m.name] = await m.personalData.export(deps, actor.id);
  await recordEvent(deps.database.db, { type: 'user.data_exported', actorId: actor.id, subjectType: 'user', subjectId: actor.id });
  return { exportedAt: deps.clock.now().toISOString(), account: rows[0] ?? null, ...out };
}

export type DeleteResult = { ok: true } | { ok: false; errors: FieldErrors };

/**
 * Delete an account: every module erases its private data and the users row
 * is anonymised in one transaction, so public posts and revisions stay,
 * attributed to "Former member", and every session ends.
 */
export async function deleteAccount({
  db,
  actor,
  now,
  password,
  modules,
  dataDir,
  ip,
}: {
  db: Db;
  actor: Actor;
  now: Date;
  password: string;
  /** The client's address: the password check goes through the sign-in throttle. */
  ip: string;
  modules: FeatureModule[];
  dataDir: string;
}): Promise<DeleteResult> {
  authorize(actor, peoplePolicies.ownData(actor));
  const rows = await db.select({ passwordHash: users.passwordHash, email: users.email }).from(users).where(eq(users.id, actor.id)).limit(1);
  const account = rows[0];
  if (!account || !(await checkPassword(db, { attempt: { ip, account: account.email }, storedHash: account.passwordHash, password, now }))) {
    return { ok: false, errors: { password: 'That is not your password.' } };
  }
  await db.transaction(async (tx) => {
    if (actor.role === 'admin') {
      const admins = rowsOf<{ n: number }>(
        await tx.execute(sql`select count(*)::int as n from users where role = 'admin' and deleted_at is null and not is_system`),
      );
      if (Number(admins[0]?.n ?? 0) <= 1) throw peopleErrors.lastAdmin();
    }
    for (const m of modules) await m.personalData?.erase(tx, actor.id);
    await tx
      .update(users)
      .set({
        deletedAt: now,
        displayName: DELETED_DISPLAY_NAME,
        email: `deleted-${actor.id}@former-member.invalid`,
        username: `former-member-${actor.id}`,
        passwordHash: null,
        role: 'reader',
        updatedAt: now,
      })
      .where(eq(users.id, actor.id));
    await tx.delete(sessions).where(eq(sessions.userId, actor.id));
    await tx.delete(userTokens).where(eq(userTokens.userId, actor.id));
    // Articles and revisions anonymous readers may have cached now say "Former member".
    await recordEvent(tx, { type: 'user.deleted', actorId: actor.id, subjectType: 'user', subjectId: actor.id, changesPublicPages: true });
  });
  await removePhotoFiles(dataDir, actor.id);
  return { ok: true };
}

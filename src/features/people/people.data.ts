import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import * as repo from './people.repository';
import {
  conversationMembers,
  conversations,
  messageReports,
  messages,
  phoneAFriend,
  profiles,
  userBlocks,
} from './people.table';
import { removePerson } from './people.search';
import { loadFullProfile } from './people.usecases';

/**
 * What the people feature holds about someone, for "download my data". Other
 * people appear only by display name (never their profile or address).
 */
export async function exportPeopleData(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const db = deps.database.db;
  const profile = await loadFullProfile(db, userId);
  const optIn = await repo.findOptIn(db, userId);
  const mine = await db
    .select({ id: conversationMembers.conversationId })
    .from(conversationMembers)
    .where(eq(conversationMembers.userId, userId));
  const ids = mine.map((m) => m.id);
  const convs = ids.length
    ? await db.select().from(conversations).where(inArray(conversations.id, ids)).orderBy(conversations.id)
    : [];
  const msgs = ids.length
    ? await db
        .select({
          id: messages.id,
          conversationId: messages.conversationId,
          authorId: messages.authorId,
          from: users.displayName,
          body: messages.body,
          via: messages.via,
          sentAt: messages.createdAt,
        })
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
    .select({
      messageId: messageReports.messageId,
      reason: messageReports.reason,
      reportedAt: messageReports.createdAt,
      resolvedAt: messageReports.resolvedAt,
    })
    .from(messageReports)
    .where(eq(messageReports.reporterId, userId));
  // The bio as written; its stored HTML is derived from it.
  const { userId: _u, bioHtml: _h, ...profileFields } = profile ?? { userId };
  return {
    profile: profile ? profileFields : null,
    phoneAFriend: optIn
      ? {
          howICanHelp: optIn.howICanHelp,
          preferredContact: optIn.preferredContact,
          optedInAt: optIn.optedInAt,
          confirmedAt: optIn.confirmedAt,
          lapsesAt: optIn.lapsesAt,
        }
      : null,
    conversations: convs.map((c) => ({
      id: c.id,
      subject: c.subject,
      startedAt: c.createdAt,
      people: members.filter((m) => m.conversationId === c.id && m.userId !== userId).map((m) => m.name),
      messages: msgs
        .filter((m) => m.conversationId === c.id)
        .map((m) => ({
          id: m.id,
          from: m.authorId === userId ? 'you' : m.from,
          sentAt: m.sentAt,
          via: m.via,
          text: m.body,
        })),
    })),
    blocked,
    reports,
  };
}

/** Remove the person's profile, opt-in, messages, blocks and reports, in the caller's transaction. */
export async function erasePeopleData(tx: DbOrTx, userId: number): Promise<void> {
  const mine = await tx
    .select({ id: conversationMembers.conversationId })
    .from(conversationMembers)
    .where(eq(conversationMembers.userId, userId));
  await tx.delete(messages).where(eq(messages.authorId, userId));
  await tx.delete(conversationMembers).where(eq(conversationMembers.userId, userId));
  const ids = mine.map((m) => m.id);
  if (ids.length) {
    await tx
      .delete(conversations)
      .where(
        and(
          inArray(conversations.id, ids),
          sql`not exists (select 1 from conversation_members m where m.conversation_id = ${conversations.id})`,
        ),
      );
  }
  await tx.delete(userBlocks).where(or(eq(userBlocks.blockerId, userId), eq(userBlocks.blockedId, userId)));
  await tx.delete(messageReports).where(eq(messageReports.reporterId, userId));
  await tx.update(messageReports).set({ resolvedBy: null }).where(eq(messageReports.resolvedBy, userId));
  await tx.delete(phoneAFriend).where(eq(phoneAFriend.userId, userId));
  await tx.delete(profiles).where(eq(profiles.userId, userId));
  await removePerson(tx, userId);
}

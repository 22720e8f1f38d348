import type { Actor } from '../../platform/auth/actor';
import { sha256 } from '../../platform/auth/tokens';
import { assertMayAct, newMemberLinkProblem } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { atLeast } from '../../platform/authz/roles';
import type { Db, DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { FieldErrors } from '../../platform/http/forms';
import { enforce } from '../../platform/http/rate-limit';
import { notify, subjectSeen } from '../notifications';
import * as repo from './messages.repository';
import { peopleErrors } from './people.errors';
import { MESSAGE_LIMITS } from './people.models';
import { PEOPLE_RATE_RULES, peoplePolicies } from './people.policies';
import * as people from './people.repository';
import type { SignedInUseCaseContext } from '../../platform/usecase';

export const MESSAGE_KIND = 'message';

export type StartResult = { ok: true; conversationId: number } | { ok: false; errors: FieldErrors };

/**
 * Start a conversation with one or more members (up to 8 people in all).
 * A recipient who blocked the sender, cannot receive messages or has gone
 * gets the same refusal, so a block is never revealed.
 */
export async function startConversation({
  db,
  actor,
  now,
  to,
  subject,
  body,
  key,
}: SignedInUseCaseContext & {
  to: string[];
  subject: string;
  body: string;
  key?: string | undefined;
}): Promise<StartResult> {
  await assertMayAct(db, actor, now);
  authorize(actor, peoplePolicies.sendMessages(actor));
  if (key) {
    const done = await repo.findMessageByKey(db, actor.id, key);
    if (done) return { ok: true, conversationId: done.conversationId };
  }
  const links = await newMessageLinkProblem(db, actor, body);
  if (links) return { ok: false, errors: { body: links } };
  await enforce(db, now, [
    [PEOPLE_RATE_RULES.conversations, String(actor.id)],
    [PEOPLE_RATE_RULES.messages, String(actor.id)],
  ]);
  const names = to.filter((u) => u !== actor.username);
  if (names.length === 0) return { ok: false, errors: { to: 'Choose at least one other member to write to.' } };
  if (names.length > MESSAGE_LIMITS.people - 1) {
    return {
      ok: false,
      errors: { to: `A conversation can include at most ${MESSAGE_LIMITS.people} people, you included.` },
    };
  }
  const found = await people.findPeopleByUsernames(db, names);
  const missing = names.filter((n) => !found.some((p) => p.username === n));
  if (missing.length)
    return {
      ok: false,
      errors: { to: `We could not find ${missing.map((m) => `@${m}`).join(', ')}. Check the username.` },
    };
  const ids = found.map((p) => p.id);
  const mine = await repo.blockedAmong(db, actor.id, ids);
  if (mine.length) throw peopleErrors.youBlocked(found.find((p) => p.id === mine[0])?.displayName ?? 'this member');
  const refusing = await repo.blockersAmong(db, ids, actor.id);
  if (refusing.length || found.some((p) => !atLeast(p.role, 'member')))
    throw peopleErrors.notAccepting(found.length > 1);
  return db.transaction(async (tx) => {
    const conversationId = await repo.insertConversation(tx, { subject, createdBy: actor.id, now });
    await repo.addMembers(tx, conversationId, [actor.id, ...ids]);
    const messageId = await repo.insertMessage(tx, {
      conversationId,
      authorId: actor.id,
      body,
      idempotencyKey: key ?? null,
      via: 'web',
      now,
    });
    if (messageId === undefined) throw new Error('duplicate message key inside a new conversation');
    await repo.markRead(tx, conversationId, actor.id, now);
    await recordEvent(tx, {
      type: 'conversation.started',
      actorId: actor.id,
      subjectType: 'conversation',
      subjectId: conversationId,
      data: { people: ids.length + 1 },
    });
    await notifyMessage(tx, { actor, conversationId, messageId, subject, body, recipients: ids, now });
    return { ok: true as const, conversationId };
  });
}

/** The person has seen the conversation up to now. Allowed while suspended: it moves only their own read marker. */
export async function markConversationRead({
  db,
  actor,
  now,
  conversationId,
}: SignedInUseCaseContext & { conversationId: number }): Promise<void> {
  await db.transaction(async (tx) => {
    await repo.markRead(tx, conversationId, actor.id, now);
    // Its "sent you a private message" notifications have been read too: the header's count drops with it.
    await subjectSeen({
      db: tx,
      userId: actor.id,
      kind: MESSAGE_KIND,
      subjectType: 'conversation',
      subjectId: String(conversationId),
      now,
    });
  });
}

/** A reply, from the web or by email. Refused the same way as a new conversation when someone in it blocked the sender. */
export async function reply({
  db,
  actor,
  now,
  conversationId,
  body,
  key,
  via = 'web',
}: SignedInUseCaseContext & {
  conversationId: number;
  body: string;
  key?: string | undefined;
  via?: 'web' | 'email';
}): Promise<{ messageId: number }> {
  await assertMayAct(db, actor, now);
  authorize(actor, peoplePolicies.sendMessages(actor));
  const conversation = await repo.findConversationFor(db, conversationId, actor.id);
  if (!conversation) throw peopleErrors.conversationNotFound();
  if (key) {
    const done = await repo.findMessageByKey(db, actor.id, key);
    if (done) return { messageId: done.id };
  }
  const links = await newMessageLinkProblem(db, actor, body);
  if (links) throw peopleErrors.tooManyLinks(links);
  await enforce(db, now, [[PEOPLE_RATE_RULES.messages, String(actor.id)]]);
  const others = (await repo.conversationPeople(db, conversationId)).filter((p) => p.userId !== actor.id && !p.leftAt);
  const ids = others.map((p) => p.userId);
  const mine = await repo.blockedAmong(db, actor.id, ids);
  if (mine.length && others.length === 1) throw peopleErrors.youBlocked(others[0]!.displayName);
  const refusing = await repo.blockersAmong(db, ids, actor.id);
  if (others.length === 0 || refusing.length || others.some((p) => !atLeast(p.role, 'member'))) {
    throw peopleErrors.notAccepting(others.length > 1);
  }
  return db.transaction(async (tx) => {
    const messageId = await repo.insertMessage(tx, {
      conversationId,
      authorId: actor.id,
      body,
      idempotencyKey: key ?? null,
      via,
      now,
    });
    if (messageId === undefined) {
      const done = key ? await repo.findMessageByKey(tx, actor.id, key) : undefined;
      if (!done) throw new Error('message not saved');
      return { messageId: done.id };
    }
    await repo.touchConversation(tx, conversationId, now);
    await repo.markRead(tx, conversationId, actor.id, now);
    await recordEvent(tx, {
      type: 'message.sent',
      actorId: actor.id,
      subjectType: 'conversation',
      subjectId: conversationId,
      data: { messageId, via },
    });
    await notifyMessage(tx, {
      actor,
      conversationId,
      messageId,
      subject: conversation.subject,
      body,
      recipients: ids,
      now,
    });
    return { messageId };
  });
}

/** New members' first messages carry at most a couple of links: unsolicited links are the commonest private spam. */
function newMessageLinkProblem(db: DbOrTx, actor: Actor, body: string): Promise<string | undefined> {
  return newMemberLinkProblem({
    actor,
    markdown: body,
    prior: () => repo.messageCountBy(db, actor.id),
    what: 'messages',
  });
}

async function notifyMessage(
  tx: DbOrTx,
  m: {
    actor: Actor;
    conversationId: number;
    messageId: number;
    subject: string;
    body: string;
    recipients: number[];
    now: Date;
  },
) {
  await notify(tx, {
    userIds: m.recipients,
    kind: MESSAGE_KIND,
    actorId: m.actor.id,
    subjectType: 'conversation',
    subjectId: String(m.conversationId),
    url: `/messages/${m.conversationId}#message-${m.messageId}`,
    title: `${m.actor.displayName} sent you a private message: ${m.subject}`,
    markdown: m.body,
    subjectTitle: m.subject,
    dedupeKey: `message:${m.messageId}`,
    now: m.now,
  });
}

/** A reply by email becomes a message; the email's Message-ID makes a redelivered email post nothing new. */
export async function replyByEmail(
  db: Db,
  now: Date,
  email: { userId: number; targetId: string; text: string; messageId: string },
) {
  const conversationId = Number.parseInt(email.targetId, 10);
  const person = await people.findPersonById(db, email.userId);
  if (!person || person.deletedAt || !Number.isInteger(conversationId)) throw peopleErrors.conversationNotFound();
  const body = email.text.trim().slice(0, MESSAGE_LIMITS.body);
  if (!body) throw peopleErrors.messageNotFound();
  const actor: Actor = {
    id: person.id,
    username: person.username,
    displayName: person.displayName,
    email: person.email,
    role: person.role,
  };
  return reply({
    db,
    actor,
    now,
    conversationId,
    body,
    key: `email-${sha256(email.messageId).slice(0, 40)}`,
    via: 'email',
  });
}

/** Leaving is allowed while suspended: it only takes the person out of a conversation. */
export async function leave({
  db,
  actor,
  now,
  conversationId,
}: SignedInUseCaseContext & { conversationId: number }): Promise<void> {
  authorize(actor, peoplePolicies.sendMessages(actor));
  await db.transaction(async (tx) => {
    if (!(await repo.findConversationFor(tx, conversationId, actor.id))) throw peopleErrors.conversationNotFound();
    await repo.leaveConversation(tx, conversationId, actor.id, now);
    await recordEvent(tx, {
      type: 'conversation.left',
      actorId: actor.id,
      subjectType: 'conversation',
      subjectId: conversationId,
    });
  });
}

/** Blocking (and unblocking) is allowed while suspended: it protects the person and reaches no one. */
export async function block({
  db,
  actor,
  now,
  username,
}: SignedInUseCaseContext & { username: string }): Promise<{ displayName: string }> {
  authorize(actor, peoplePolicies.block(actor));
  const person = await people.findPersonByUsername(db, username);
  if (!person || person.id === actor.id) throw peopleErrors.personNotFound();
  await db.transaction(async (tx) => {
    if (await repo.addBlock(tx, actor.id, person.id, now)) {
      await recordEvent(tx, { type: 'user.blocked', actorId: actor.id, subjectType: 'user', subjectId: person.id });
    }
  });
  return { displayName: person.displayName };
}

export async function unblock({
  db,
  actor,
  username,
}: Omit<SignedInUseCaseContext, 'now'> & { username: string }): Promise<{ displayName: string }> {
  authorize(actor, peoplePolicies.block(actor));
  const person = await people.findPersonByUsername(db, username);
  if (!person) throw peopleErrors.personNotFound();
  await db.transaction(async (tx) => {
    if (await repo.removeBlock(tx, actor.id, person.id)) {
      await recordEvent(tx, { type: 'user.unblocked', actorId: actor.id, subjectType: 'user', subjectId: person.id });
    }
  });
  return { displayName: person.displayName };
}

export type ReportResult = { ok: true; already: boolean };

/** Report a message in one of your conversations to the moderators (allowed while suspended: reports reach only moderators). */
export async function reportMessage({
  db,
  actor,
  now,
  conversationId,
  messageId,
  reason,
}: SignedInUseCaseContext & { conversationId: number; messageId: number; reason: string }): Promise<ReportResult> {
  authorize(actor, peoplePolicies.report(actor));
  if (!(await repo.findConversationFor(db, conversationId, actor.id))) throw peopleErrors.conversationNotFound();
  await enforce(db, now, [[PEOPLE_RATE_RULES.reports, String(actor.id)]]);
  const message = await repo.findMessage(db, messageId);
  // One's own messages cannot be reported: to their author they offer no report link at all.
  if (!message || message.conversationId !== conversationId || message.authorId === actor.id)
    throw peopleErrors.messageNotFound();
  return db.transaction(async (tx) => {
    if (await repo.findOpenReport(tx, messageId, actor.id)) return { ok: true as const, already: true };
    const reportId = await repo.insertReport(tx, { messageId, reporterId: actor.id, reason, now });
    await recordEvent(tx, {
      type: 'message.reported',
      actorId: actor.id,
      subjectType: 'message',
      subjectId: messageId,
      data: { reportId },
    });
    await notify(tx, {
      userIds: await repo.moderatorIds(tx),
      kind: 'moderation.message_reported',
      actorId: actor.id,
      subjectType: 'message_report',
      subjectId: String(reportId),
      url: '/moderation/messages',
      title: 'A private message was reported to the moderators',
      dedupeKey: `message-report:${reportId}`,
      now,
    });
    return { ok: true as const, already: false };
  });
}

/** A moderator closes a report: either nothing needed doing, or the message's text is removed (and every report of it closed). */
export async function resolveReport({
  db,
  actor,
  now,
  reportId,
  removeMessage,
}: SignedInUseCaseContext & { reportId: number; removeMessage: boolean }): Promise<{ changed: boolean }> {
  await assertMayAct(db, actor, now);
  authorize(actor, peoplePolicies.moderateMessages(actor));
  return db.transaction(async (tx) => {
    const report = await repo.findReport(tx, reportId);
    if (!report) throw peopleErrors.reportNotFound();
    if (report.resolvedAt) return { changed: false };
    if (removeMessage) {
      const message = await repo.findMessage(tx, report.messageId);
      await recordEvent(tx, {
        type: 'moderation.message_removed',
        actorId: actor.id,
        subjectType: 'message',
        subjectId: report.messageId,
        data: { reportId, conversationId: message?.conversationId, authorId: message?.authorId },
      });
      await repo.resolveReports(tx, { messageId: report.messageId }, actor.id, now);
      await repo.redactMessage(tx, report.messageId);
    } else {
      await repo.resolveReports(tx, { reportId }, actor.id, now);
      await recordEvent(tx, {
        type: 'moderation.message_report_dismissed',
        actorId: actor.id,
        subjectType: 'message',
        subjectId: report.messageId,
        data: { reportId },
      });
    }
    return { changed: true };
  });
}

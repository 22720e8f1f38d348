/**
 * Questions for the speakers, collected before an event starts: asked by members (for the whole event or one
 * session), seconded ("I want to ask this too"), removed by their author, the event's organisers or moderators.
 * Every entry point comes through here, so the rules (suspension, who may, closing at the start, limits, posting
 * rate) hold for all of them.
 */
import { assertMayAct, isTrusted } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { recordEvent } from '../../platform/events/record';
import { httpErrors } from '../../platform/http/errors';
import type { FieldErrors } from '../../platform/http/forms';
import { enforce, type RateRule } from '../../platform/http/rate-limit';
import type { UseCaseContext } from '../../platform/usecase';
import { organiserRole } from './events.access';
import { findSession } from './events.after.repository';
import { eventsErrors } from './events.errors';
import { type CalendarEvent, EVENT_LIMITS } from './events.models';
import { eventPolicies, questionsOpen } from './events.policies';
import * as questions from './events.questions.repository';
import * as repo from './events.repository';

/** Questions per person, as the forum limits replies: plenty for a conversation, little for a script. */
export const QUESTION_RULES: { member: RateRule; trusted: RateRule } = {
  member: { name: 'events:question', limit: 8, windowSeconds: 300 },
  trusted: { name: 'events:question', limit: 30, windowSeconds: 300 },
};
/** "I want to ask this too" on and off, per person. */
const SECOND_RULE: RateRule = { name: 'events:question-second', limit: 60, windowSeconds: 60 * 60 };

async function openEvent(ctx: UseCaseContext, eventId: number): Promise<CalendarEvent> {
  const event = await repo.findEvent(ctx.db, eventId);
  if (!event) throw eventsErrors.notFound();
  if (!questionsOpen(event, ctx.now)) throw eventsErrors.questionsClosed();
  return event;
}

export type AskResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

/** A member asks the speakers a question (plain text) before the event starts; field errors come back by field. */
export async function askQuestion(
  ctx: UseCaseContext & { eventId: number; sessionId: number | null; body: string },
): Promise<AskResult> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  authorize(actor, eventPolicies.askQuestion(actor));
  const event = await openEvent(ctx, ctx.eventId);
  const body = ctx.body.replace(/\r\n?/g, '\n').trim();
  const errors: FieldErrors = {};
  if (!body) errors.body = 'Write your question.';
  else if (body.length > EVENT_LIMITS.question)
    errors.body = `Your question is longer than ${EVENT_LIMITS.question} characters (it has ${body.length}). Shorten it.`;
  if (ctx.sessionId !== null && !(await findSession(db, event.id, ctx.sessionId)))
    errors.sessionId = 'Choose one of this event’s sessions, or the whole event.';
  if (Object.keys(errors).length) return { ok: false, errors };
  if ((await questions.countQuestions(db, event.id)) >= EVENT_LIMITS.questionsPerEvent)
    throw eventsErrors.tooManyQuestions(EVENT_LIMITS.questionsPerEvent);
  await enforce(db, now, [[isTrusted(actor) ? QUESTION_RULES.trusted : QUESTION_RULES.member, String(actor.id)]]);
  const id = await db.transaction(async (tx) => {
    const id = await questions.insertQuestion(tx, {
      eventId: event.id,
      sessionId: ctx.sessionId,
      userId: actor.id,
      body,
      createdAt: now,
    });
    await recordEvent(tx, {
      type: 'calendar.question_asked',
      actorId: actor.id,
      subjectType: 'calendar_event',
      subjectId: event.id,
      data: { questionId: id, sessionId: ctx.sessionId },
    });
    return id;
  });
  return { ok: true, id };
}

/** Its author, the event's organisers (whoever may edit the event) and moderators remove a question, at any time. */
export async function removeQuestion(ctx: UseCaseContext & { eventId: number; questionId: number }): Promise<void> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  if (!actor) throw httpErrors.signInRequired();
  const event = await repo.findEvent(db, ctx.eventId);
  if (!event) throw eventsErrors.notFound();
  const question = await questions.findQuestion(db, event.id, ctx.questionId);
  if (!question) throw eventsErrors.questionNotFound();
  const role = await organiserRole(db, event.organiserGroupId, actor, now);
  if (!eventPolicies.removeQuestion(actor, question, event, role)) throw eventsErrors.mayNotRemoveQuestion();
  await db.transaction(async (tx) => {
    await questions.deleteQuestion(tx, question.id);
    await recordEvent(tx, {
      type: 'calendar.question_removed',
      actorId: actor.id,
      subjectType: 'calendar_event',
      subjectId: event.id,
      data: { questionId: question.id, byAuthor: question.userId === actor.id },
    });
  });
}

/** "I want to ask this too" (on) or not (off), by a member other than the author, until the event starts. */
export async function secondQuestion(
  ctx: UseCaseContext & { eventId: number; questionId: number; on: boolean },
): Promise<void> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  authorize(actor, eventPolicies.askQuestion(actor));
  const event = await openEvent(ctx, ctx.eventId);
  const question = await questions.findQuestion(db, event.id, ctx.questionId);
  if (!question) throw eventsErrors.questionNotFound();
  if (question.userId === actor.id) throw httpErrors.forbidden('You asked this question: others may second it.');
  await enforce(db, now, [[SECOND_RULE, String(actor.id)]]);
  await db.transaction(async (tx) => {
    const changed = await questions.setVote(tx, { questionId: question.id, userId: actor.id, on: ctx.on, now });
    if (!changed) return;
    await recordEvent(tx, {
      type: 'calendar.question_seconded',
      actorId: actor.id,
      subjectType: 'calendar_event',
      subjectId: event.id,
      data: { questionId: question.id, on: ctx.on },
    });
  });
}

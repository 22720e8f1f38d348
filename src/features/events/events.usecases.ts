import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { renderMarkdown } from '../../platform/content/markdown';
import type { Db, DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import { AppError, httpErrors } from '../../platform/http/errors';
import { enforce } from '../../platform/http/rate-limit';
import type { UseCaseContext } from '../../platform/usecase';
import { createThread } from '../community';
import { isSubstantialChange } from '../library';
import { queueTopicContent } from '../notifications';
import { organiserRole } from './events.access';
import { notifyRecordingPosted } from './events.attendance';
import { eventDates } from './events.display';
import { eventsErrors } from './events.errors';
import {
  type CalendarEvent,
  EVENT_LIMITS,
  type EventInput,
  type EventSession,
  eventUrl,
  type LinkKind,
  REVIEW_MONTHS,
} from './events.models';
import { eventPolicies } from './events.policies';
import { addMonths, rruleFor } from './events.recurrence';
import * as repo from './events.repository';
import { indexEvent, indexTeachBack } from './events.search';
import type { SessionInput } from './events.schemas';

const WRITE_RULE = { name: 'events:write', limit: EVENT_LIMITS.writesPerHour, windowSeconds: 60 * 60 };
const NOTE_RULE = { name: 'events:note', limit: EVENT_LIMITS.notesPerHour, windowSeconds: 60 * 60 };

function columns(input: EventInput, now: Date) {
  const rrule = rruleFor(input.repeat, input.repeatsUntil);
  const lasting = rrule !== null || input.format === 'on_demand';
  const { repeat: _r, ...fields } = input;
  return {
    ...fields,
    rrule,
    repeatsUntil: rrule ? input.repeatsUntil : null,
    descriptionHtml: input.description ? renderMarkdown(input.description) : null,
    // Entries that outlive one date are checked again by whoever maintains them.
    reviewDue: lasting ? addMonths(now, REVIEW_MONTHS).toISOString().slice(0, 10) : null,
    updatedAt: now,
  };
}

/**
 * A member adds an event. Naming a hub group as organiser needs membership of it (or editor rights). Its discussion
 * thread is started with it, in the member's name (imported and starter events start theirs on demand).
 */
export async function createEvent(
  ctx: UseCaseContext & { input: EventInput; organiserLabel?: string },
): Promise<{ event: CalendarEvent }> {
  const { db, actor, now, input } = ctx;
  await assertMayAct(db, actor, now);
  authorize(actor, eventPolicies.create(actor));
  if (input.organiserGroupId !== null) {
    const role = await organiserRole(db, input.organiserGroupId, actor, now);
    if (!eventPolicies.nameGroup(actor, role)) throw eventsErrors.notGroupMember();
  }
  await enforce(db, now, [[WRITE_RULE, String(actor.id)]]);
  const event = await db.transaction(async (tx) => {
    const created = await repo.insertEvent(tx, { ...columns(input, now), createdBy: actor.id, createdAt: now });
    await indexEvent(tx, created, { organiser: ctx.organiserLabel });
    await recordEvent(tx, {
      type: 'calendar.event_created',
      actorId: actor.id,
      subjectType: 'calendar_event',
      subjectId: created.id,
    });
    await queueEventTopicNotice(tx, created, 'new', actor.id, now);
    const threadId = await discussionWithEvent(tx, actor, now, created);
    return threadId === null ? created : { ...created, threadId };
  });
  return { event };
}

/**
 * Worth telling the watchers of an event's topics: a new title or topic, a new date, time or place, or enough of
 * its description rewritten (the library's measure); a corrected link or typo is not.
 */
function isSubstantialEventChange(before: CalendarEvent, after: CalendarEvent): boolean {
  if (before.startsAt.getTime() !== after.startsAt.getTime() || before.endsAt.getTime() !== after.endsAt.getTime())
    return true;
  if (before.format !== after.format || before.place !== after.place || before.rrule !== after.rrule) return true;
  const text = (e: CalendarEvent) => ({
    title: e.title,
    topicSlugs: e.topics,
    body: `${e.summary}\n\n${e.description}`,
  });
  return isSubstantialChange(text(before), text(after));
}

/** Tell the watchers of the event's topics, in the transaction that makes the change (once per change). */
function queueEventTopicNotice(
  tx: DbOrTx,
  event: CalendarEvent,
  change: 'new' | 'changed',
  actorId: number,
  now: Date,
): Promise<void> {
  return queueTopicContent(tx, {
    change,
    what: 'event',
    subjectType: 'calendar_event',
    subjectId: String(event.id),
    topicSlugs: event.topics,
    title: event.title,
    url: eventUrl(event.id),
    actorId,
    message: event.summary,
    changeKey: `event:${event.id}:s${event.sequence}`,
    now,
  });
}

async function loadEditable(
  tx: DbOrTx,
  id: number,
  actor: Actor | null,
  now: Date,
): Promise<{ event: CalendarEvent; actor: Actor }> {
  if (!actor) throw httpErrors.signInRequired();
  const event = await repo.findEvent(tx, id, { forUpdate: true });
  if (!event) throw eventsErrors.notFound();
  const role = await organiserRole(tx, event.organiserGroupId, actor, now);
  if (!eventPolicies.edit(actor, event, role)) throw eventsErrors.mayNotEdit();
  return { event, actor };
}

/** Change an event: its creator, its organising group's stewards and editors. SEQUENCE rises. */
export async function updateEvent(
  ctx: UseCaseContext & { id: number; input: EventInput; organiserLabel?: string },
): Promise<{ event: CalendarEvent }> {
  const { db, now, input } = ctx;
  await assertMayAct(db, ctx.actor, now);
  if (!ctx.actor) throw httpErrors.signInRequired();
  await enforce(db, now, [[WRITE_RULE, String(ctx.actor.id)]]);
  const event = await db.transaction(async (tx) => {
    const { event: before, actor } = await loadEditable(tx, ctx.id, ctx.actor, now);
    if (before.status === 'cancelled') throw eventsErrors.cancelled();
    if (input.organiserGroupId !== null && input.organiserGroupId !== before.organiserGroupId) {
      const role = await organiserRole(tx, input.organiserGroupId, actor, now);
      if (!eventPolicies.nameGroup(actor, role)) throw eventsErrors.notGroupMember();
    }
    const changed = await repo.updateEvent(tx, before.id, columns(input, now));
    await indexEvent(tx, changed, { organiser: ctx.organiserLabel });
    if (isSubstantialEventChange(before, changed)) await queueEventTopicNotice(tx, changed, 'changed', actor.id, now);
    await recordEvent(tx, {
      type: 'calendar.event_changed',
      actorId: actor.id,
      subjectType: 'calendar_event',
      subjectId: changed.id,
    });
    return changed;
  });
  return { event };
}

/** Cancel an event: it stays (calendars learn it is cancelled: STATUS:CANCELLED, SEQUENCE up) but leaves the lists. */
export async function cancelEvent(ctx: UseCaseContext & { id: number }): Promise<{ event: CalendarEvent }> {
  const { db, now } = ctx;
  await assertMayAct(db, ctx.actor, now);
  const event = await db.transaction(async (tx) => {
    const { event: before, actor } = await loadEditable(tx, ctx.id, ctx.actor, now);
    const changed = await repo.updateEvent(tx, before.id, { status: 'cancelled', updatedAt: now });
    await indexEvent(tx, changed);
    await recordEvent(tx, {
      type: 'calendar.event_cancelled',
      actorId: actor.id,
      subjectType: 'calendar_event',
      subjectId: changed.id,
    });
    return changed;
  });
  return { event };
}

/** Add a session to an event (same rights as changing the event). */
export async function addSession(
  ctx: UseCaseContext & { eventId: number; input: SessionInput },
): Promise<{ session: EventSession }> {
  const { db, now, input } = ctx;
  await assertMayAct(db, ctx.actor, now);
  if (!ctx.actor) throw httpErrors.signInRequired();
  await enforce(db, now, [[WRITE_RULE, String(ctx.actor.id)]]);
  const session = await db.transaction(async (tx) => {
    const { event, actor } = await loadEditable(tx, ctx.eventId, ctx.actor, now);
    if (event.status === 'cancelled') throw eventsErrors.cancelled();
    if ((await repo.countSessions(tx, event.id)) >= EVENT_LIMITS.sessions)
      throw eventsErrors.tooManySessions(EVENT_LIMITS.sessions);
    const added = await repo.insertSession(tx, { eventId: event.id, ...input, now });
    // The event's calendar entry now carries one more session: calendars must take the new copy.
    await repo.updateEvent(tx, event.id, { updatedAt: now });
    await recordEvent(tx, {
      type: 'calendar.session_added',
      actorId: actor.id,
      subjectType: 'calendar_event',
      subjectId: event.id,
      data: { sessionId: added.id },
    });
    return added;
  });
  return { session };
}

export async function removeSession(ctx: UseCaseContext & { eventId: number; sessionId: number }): Promise<void> {
  const { db, now } = ctx;
  await assertMayAct(db, ctx.actor, now);
  await db.transaction(async (tx) => {
    const { event, actor } = await loadEditable(tx, ctx.eventId, ctx.actor, now);
    if (!(await repo.deleteSession(tx, event.id, ctx.sessionId))) throw eventsErrors.sessionNotFound();
    await repo.updateEvent(tx, event.id, { updatedAt: now });
    await recordEvent(tx, {
      type: 'calendar.session_removed',
      actorId: actor.id,
      subjectType: 'calendar_event',
      subjectId: event.id,
      data: { sessionId: ctx.sessionId },
    });
  });
}

/** Pre-reads before, recordings and slides after: links kept with the event (same rights as changing it). */
export async function addLink(
  ctx: UseCaseContext & { eventId: number; input: { kind: LinkKind; title: string; url: string } },
): Promise<void> {
  const { db, now, input } = ctx;
  await assertMayAct(db, ctx.actor, now);
  if (!ctx.actor) throw httpErrors.signInRequired();
  await enforce(db, now, [[NOTE_RULE, String(ctx.actor.id)]]);
  await db.transaction(async (tx) => {
    const { event, actor } = await loadEditable(tx, ctx.eventId, ctx.actor, now);
    if ((await repo.countLinks(tx, event.id)) >= EVENT_LIMITS.links)
      throw eventsErrors.tooManyLinks(EVENT_LIMITS.links);
    const linkId = await repo.insertLink(tx, { eventId: event.id, ...input, addedBy: actor.id, now });
    // Members attending or interested hear of each recording once (events.attendance).
    if (input.kind === 'recording')
      await notifyRecordingPosted(tx, {
        eventId: event.id,
        recordingKey: linkId,
        actorId: actor.id,
        now,
        title: input.title,
      });
    await recordEvent(tx, {
      type: 'calendar.link_added',
      actorId: actor.id,
      subjectType: 'calendar_event',
      subjectId: event.id,
      data: { kind: input.kind },
    });
  });
}

/** Any member posts a teach-back note ("what I learned and will change"), kept on the event's page for good. */
export async function postTeachBack(ctx: UseCaseContext & { eventId: number; body: string }): Promise<{ id: number }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  authorize(actor, eventPolicies.teachBack(actor));
  await enforce(db, now, [[NOTE_RULE, String(actor.id)]]);
  return db.transaction(async (tx) => {
    const event = await repo.findEvent(tx, ctx.eventId);
    if (!event) throw eventsErrors.notFound();
    const id = await repo.insertTeachBack(tx, {
      eventId: event.id,
      userId: actor.id,
      body: ctx.body,
      bodyHtml: renderMarkdown(ctx.body),
      now,
    });
    await indexTeachBack(tx, { id, body: ctx.body, createdAt: now }, event);
    await recordEvent(tx, {
      type: 'calendar.teachback_posted',
      actorId: actor.id,
      subjectType: 'calendar_event',
      subjectId: event.id,
      data: { teachBackId: id },
    });
    return { id };
  });
}

/** The forum's thread for an event: its title and an opening post that says what it is for. */
function discussionInput(event: CalendarEvent) {
  const title = `Discussion: ${event.title}`;
  return {
    title: title.length > 160 ? `${title.slice(0, 159)}…` : title,
    body: `Discussion of [${markdownText(event.title)}](${eventUrl(event.id)}) (${eventDates(event)}): questions, notes and follow-up during and after the event.`,
    categorySlug: 'events',
    kind: 'discussion' as const,
    topicSlugs: [],
  };
}

/** Text read literally by Markdown: every ASCII punctuation mark that could start markup is escaped. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]{}()<>#+!|~&]/g, '\\$&');
}

/**
 * Start the event's thread through the forum's one way of starting threads (`createThread`: standing, the
 * member's posting rate, new-member link rule, held first posts) and link it, all in the caller's transaction.
 * Two members starting it at once: the first thread linked wins and both are sent to it.
 */
async function openDiscussion(
  tx: Db,
  actor: Actor,
  now: Date,
  event: CalendarEvent,
): Promise<{ threadId: number; held: boolean }> {
  const result = await createThread({
    db: tx,
    actor,
    now,
    input: discussionInput(event),
    idempotencyKey: `event-discussion-${event.id}-${actor.id}`,
  });
  if (!result.ok) throw eventsErrors.discussionRefused(Object.values(result.errors).join(' '));
  const threadId = await repo.setThreadOnce(tx, event.id, result.thread.id);
  await recordEvent(tx, {
    type: 'calendar.discussion_started',
    actorId: actor.id,
    subjectType: 'calendar_event',
    subjectId: event.id,
    data: { threadId },
  });
  return { threadId, held: result.thread.status !== 'published' };
}

/**
 * An event added through the form gets its thread with it (docs/decisions/033), in a savepoint of the event's
 * transaction: when the forum refuses (the member's posting rate used up, no "Events" category…), only the thread
 * is rolled back, the event is still added and its thread stays one click away (`startDiscussion`).
 */
async function discussionWithEvent(tx: Db, actor: Actor, now: Date, event: CalendarEvent): Promise<number | null> {
  try {
    return (await tx.transaction((savepoint) => openDiscussion(savepoint, actor, now, event))).threadId;
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}

/**
 * The event's discussion thread in the forum ("Events" category): live talk during the event and the follow-up
 * after it. Events added in the hub have it from the start; for imported and starter events any member may start
 * it; once it exists everyone is sent to the same thread.
 */
export async function startDiscussion(
  ctx: UseCaseContext & { eventId: number },
): Promise<{ threadId: number; held: boolean }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  authorize(actor, eventPolicies.teachBack(actor));
  const event = await repo.findEvent(db, ctx.eventId);
  if (!event) throw eventsErrors.notFound();
  if (event.threadId !== null) return { threadId: event.threadId, held: false };
  return db.transaction((tx) => openDiscussion(tx, actor, now, event));
}

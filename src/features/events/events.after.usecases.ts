import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import type { DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import { httpErrors } from '../../platform/http/errors';
import type { FieldErrors } from '../../platform/http/forms';
import { enforce } from '../../platform/http/rate-limit';
import { stripMetadata } from '../../platform/uploads/strip';
import type { UseCaseContext } from '../../platform/usecase';
import { createThread } from '../community';
import { detectFileType, safeFilename } from '../library';
import * as after from './events.after.repository';
import { eventFilePath } from './events.after.repository';
import { organiserRole } from './events.access';
import { eventsErrors } from './events.errors';
import { EVENT_LIMITS, eventUrl } from './events.models';
import { eventPolicies } from './events.policies';
import { readCaptions, TRANSCRIPT_MAX_CHARS } from './events.recordings';
import * as repo from './events.repository';
import { indexTranscript } from './events.search';

/** Captions, transcripts and files an organiser may add per hour (with links and notes, every entry point). */
const MATERIAL_RULE = { name: 'events:material', limit: EVENT_LIMITS.notesPerHour, windowSeconds: 60 * 60 };
/** Slides and handouts per event. */
export const EVENT_FILES_MAX = 30;

async function editable(tx: DbOrTx, eventId: number, actor: Actor, now: Date) {
  const event = await repo.findEvent(tx, eventId);
  if (!event) throw eventsErrors.notFound();
  const role = await organiserRole(tx, event.organiserGroupId, actor, now);
  if (!eventPolicies.edit(actor, event, role)) throw eventsErrors.mayNotEdit();
  return event;
}

export type TranscriptResult = { ok: true } | { ok: false; errors: FieldErrors };

/**
 * An organiser adds captions (a WebVTT file, validated) and/or a typed transcript to a recording. The transcript
 * (typed, else the captions' text) is shown on the event's page and indexed in search, in one transaction.
 */
export async function addTranscript(
  ctx: UseCaseContext & { eventId: number; linkId: number; captions?: Uint8Array | undefined; transcript?: string },
): Promise<TranscriptResult> {
  const { db, now } = ctx;
  await assertMayAct(db, ctx.actor, now);
  if (!ctx.actor) throw httpErrors.signInRequired();
  const actor = ctx.actor;
  const event = await editable(db, ctx.eventId, actor, now);
  const link = await after.findLink(db, event.id, ctx.linkId);
  if (link?.kind !== 'recording') throw eventsErrors.linkNotFound();
  const typed = (ctx.transcript ?? '').replace(/\r\n?/g, '\n').trim();
  if (typed.length > TRANSCRIPT_MAX_CHARS)
    return { ok: false, errors: { transcript: `The transcript is longer than ${TRANSCRIPT_MAX_CHARS} characters.` } };
  let vtt: string | null = null;
  let text = typed;
  if (ctx.captions && ctx.captions.length > 0) {
    const read = readCaptions(ctx.captions);
    if (!read.ok) return { ok: false, errors: { captions: read.error } };
    vtt = read.vtt;
    if (!text) text = read.text;
  }
  if (!text) return { ok: false, errors: { captions: 'Choose a WebVTT caption file, or type the transcript.' } };
  await enforce(db, now, [[MATERIAL_RULE, String(actor.id)]]);
  await db.transaction(async (tx) => {
    await after.saveTranscript(tx, { linkId: link.id, eventId: event.id, vtt, text, addedBy: actor.id, now });
    await indexTranscript(tx, { linkId: link.id, title: link.title, text, updatedAt: now }, event);
    await recordEvent(tx, {
      type: 'calendar.transcript_added',
      actorId: actor.id,
      subjectType: 'calendar_event',
      subjectId: event.id,
      data: { linkId: link.id, captions: vtt !== null },
    });
  });
  return { ok: true };
}

/**
 * An organiser uploads slides or a handout (PDF or image; the type is decided from the bytes, as for library
 * files). The size limit is the hub's upload limit, applied before the body is read (server.ts). The stored file
 * has no hidden metadata; one that cannot be stripped (damaged, encrypted) is refused with a field error.
 */
export async function uploadEventFile(
  ctx: UseCaseContext & {
    eventId: number;
    title: string;
    file: { name: string; bytes: Uint8Array };
    uploadsDir: string;
  },
): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors }> {
  const { db, now, file } = ctx;
  await assertMayAct(db, ctx.actor, now);
  if (!ctx.actor) throw httpErrors.signInRequired();
  const actor = ctx.actor;
  const event = await editable(db, ctx.eventId, actor, now);
  const type = detectFileType(file.bytes);
  if (!type)
    return {
      ok: false,
      errors: { file: 'Upload slides as PDF, or an image (PNG, JPEG, GIF, WebP). Other file types are refused.' },
    };
  if ((await after.countFiles(db, event.id)) >= EVENT_FILES_MAX) throw eventsErrors.tooManyFiles(EVENT_FILES_MAX);
  await enforce(db, now, [[MATERIAL_RULE, String(actor.id)]]);
  // Patron privacy: only the stripped copy is ever written (docs/decisions/034-uploads-stripped.md).
  const stripped = await stripMetadata(file.bytes, type.contentType);
  if (!stripped.ok) return { ok: false, errors: { file: stripped.reason } };
  const bytes = stripped.bytes;
  const id = randomUUID();
  const target = eventFilePath(ctx.uploadsDir, id);
  await fs.mkdir(path.dirname(target), { recursive: true });
  // A temporary name first: a crash never leaves a half file under a real id.
  await fs.writeFile(`${target}.part`, bytes);
  await fs.rename(`${target}.part`, target);
  try {
    await db.transaction(async (tx) => {
      await after.insertFile(tx, {
        id,
        eventId: event.id,
        title: ctx.title.trim() || file.name.slice(0, 200) || 'Slides',
        filename: safeFilename(file.name, type.extension),
        contentType: type.contentType,
        byteSize: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        uploadedBy: actor.id,
        createdAt: now,
      });
      await recordEvent(tx, {
        type: 'calendar.file_uploaded',
        actorId: actor.id,
        subjectType: 'calendar_event',
        subjectId: event.id,
        data: { fileId: id, contentType: type.contentType },
      });
    });
  } catch (error) {
    await fs.rm(target, { force: true });
    throw error;
  }
  return { ok: true, id };
}

/**
 * A session's own thread in the forum ("Events" category), started by an organiser; once it exists everyone is
 * sent to the same thread. The event's live thread stays the place for the event as a whole.
 */
export async function startSessionDiscussion(
  ctx: UseCaseContext & { eventId: number; sessionId: number },
): Promise<{ threadId: number }> {
  const { db, now } = ctx;
  await assertMayAct(db, ctx.actor, now);
  if (!ctx.actor) throw httpErrors.signInRequired();
  const actor = ctx.actor;
  const event = await editable(db, ctx.eventId, actor, now);
  const session = await after.findSession(db, event.id, ctx.sessionId);
  if (!session) throw eventsErrors.sessionNotFound();
  if (session.threadId !== null) return { threadId: session.threadId };
  const title = `Session: ${session.title} (${event.title})`;
  const result = await createThread({
    db,
    actor,
    now,
    input: {
      title: title.length > 160 ? `${title.slice(0, 159)}…` : title,
      body: `Talk about the session “${session.title}” of [${event.title}](${eventUrl(event.id)}#session-${session.id}) here: questions for the speakers, notes while it runs, and follow-up afterwards.`,
      categorySlug: 'events',
      kind: 'discussion',
      topicSlugs: [],
    },
    idempotencyKey: `event-session-${session.id}-${actor.id}`,
  });
  if (!result.ok) throw eventsErrors.discussionRefused(Object.values(result.errors).join(' '));
  return db.transaction(async (tx) => {
    const threadId = await after.setSessionThreadOnce(tx, session.id, result.thread.id);
    await recordEvent(tx, {
      type: 'calendar.session_discussion_started',
      actorId: actor.id,
      subjectType: 'calendar_event',
      subjectId: event.id,
      data: { sessionId: session.id, threadId },
    });
    return { threadId };
  });
}

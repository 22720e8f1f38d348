import path from 'node:path';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import { calendarFiles, calendarLinks, calendarSessions, calendarTranscripts } from './events.table';

/** Captions and transcripts, slides and session threads: what comes during and after an event. */

export interface Transcript {
  linkId: number;
  eventId: number;
  hasCaptions: boolean;
  text: string;
  updatedAt: Date;
}

export interface EventFile {
  id: string;
  eventId: number;
  title: string;
  filename: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  createdAt: Date;
}

/** Where an uploaded event file lives under the hub's uploads directory (beside the library's files). */
export function eventFilePath(uploadsDir: string, id: string): string {
  return path.join(uploadsDir, 'events', id.slice(0, 2), id);
}

export async function findLink(db: DbOrTx, eventId: number, linkId: number) {
  const rows = await db
    .select()
    .from(calendarLinks)
    .where(and(eq(calendarLinks.eventId, eventId), eq(calendarLinks.id, linkId)))
    .limit(1);
  return rows[0];
}

export async function transcriptsOf(db: DbOrTx, eventId: number): Promise<Transcript[]> {
  const rows = await db
    .select({
      linkId: calendarTranscripts.linkId,
      eventId: calendarTranscripts.eventId,
      vtt: calendarTranscripts.vtt,
      text: calendarTranscripts.text,
      updatedAt: calendarTranscripts.updatedAt,
    })
    .from(calendarTranscripts)
    .where(eq(calendarTranscripts.eventId, eventId))
    .orderBy(asc(calendarTranscripts.linkId));
  return rows.map(({ vtt, ...r }) => ({ ...r, hasCaptions: vtt !== null }));
}

export async function captionsOf(db: DbOrTx, eventId: number, linkId: number): Promise<string | undefined> {
  const rows = await db
    .select({ vtt: calendarTranscripts.vtt })
    .from(calendarTranscripts)
    .where(and(eq(calendarTranscripts.eventId, eventId), eq(calendarTranscripts.linkId, linkId)))
    .limit(1);
  return rows[0]?.vtt ?? undefined;
}

/** One transcript per recording: a new upload replaces the old one (captions kept unless new ones come). */
export async function saveTranscript(
  db: DbOrTx,
  values: { linkId: number; eventId: number; vtt: string | null; text: string; addedBy: number; now: Date },
): Promise<void> {
  const { now, ...rest } = values;
  const set: Partial<typeof calendarTranscripts.$inferInsert> = {
    text: rest.text,
    addedBy: rest.addedBy,
    updatedAt: now,
  };
  if (rest.vtt !== null) set.vtt = rest.vtt;
  await db
    .insert(calendarTranscripts)
    .values({ ...rest, updatedAt: now })
    .onConflictDoUpdate({ target: calendarTranscripts.linkId, set });
}

export async function filesOf(db: DbOrTx, eventId: number): Promise<EventFile[]> {
  return db
    .select({
      id: calendarFiles.id,
      eventId: calendarFiles.eventId,
      title: calendarFiles.title,
      filename: calendarFiles.filename,
      contentType: calendarFiles.contentType,
      byteSize: calendarFiles.byteSize,
      sha256: calendarFiles.sha256,
      createdAt: calendarFiles.createdAt,
    })
    .from(calendarFiles)
    .where(eq(calendarFiles.eventId, eventId))
    .orderBy(asc(calendarFiles.createdAt), asc(calendarFiles.id));
}

export async function findFile(db: DbOrTx, id: string): Promise<EventFile | undefined> {
  const rows = await db.select().from(calendarFiles).where(eq(calendarFiles.id, id)).limit(1);
  const row = rows[0];
  if (!row) return undefined;
  const { uploadedBy: _u, ...file } = row;
  return file;
}

export async function insertFile(db: DbOrTx, values: typeof calendarFiles.$inferInsert): Promise<void> {
  await db.insert(calendarFiles).values(values);
}

export async function countFiles(db: DbOrTx, eventId: number): Promise<number> {
  return (await db.select({ id: calendarFiles.id }).from(calendarFiles).where(eq(calendarFiles.eventId, eventId)))
    .length;
}

export async function findSession(db: DbOrTx, eventId: number, sessionId: number) {
  const rows = await db
    .select()
    .from(calendarSessions)
    .where(and(eq(calendarSessions.eventId, eventId), eq(calendarSessions.id, sessionId)))
    .limit(1);
  return rows[0];
}

/** Link the session's thread unless one is linked already; returns the thread that is linked. */
export async function setSessionThreadOnce(db: DbOrTx, sessionId: number, threadId: number): Promise<number> {
  await db
    .update(calendarSessions)
    .set({ threadId })
    .where(and(eq(calendarSessions.id, sessionId), isNull(calendarSessions.threadId)));
  const rows = await db
    .select({ threadId: calendarSessions.threadId })
    .from(calendarSessions)
    .where(eq(calendarSessions.id, sessionId));
  return rows[0]?.threadId ?? threadId;
}

/** What a person added after events (slides, transcripts), for "download my data". */
export async function personalAfterRows(db: DbOrTx, userId: number) {
  const [files, transcripts] = await Promise.all([
    db
      .select({
        eventId: calendarFiles.eventId,
        title: calendarFiles.title,
        filename: calendarFiles.filename,
        createdAt: calendarFiles.createdAt,
      })
      .from(calendarFiles)
      .where(eq(calendarFiles.uploadedBy, userId)),
    db
      .select({
        eventId: calendarTranscripts.eventId,
        text: calendarTranscripts.text,
        updatedAt: calendarTranscripts.updatedAt,
      })
      .from(calendarTranscripts)
      .where(eq(calendarTranscripts.addedBy, userId)),
  ]);
  return { files, transcripts };
}

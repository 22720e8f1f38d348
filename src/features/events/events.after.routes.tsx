import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Hono } from 'hono';
import { type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import { type FieldErrors, type FormValues, str } from '../../platform/http/forms';
import { idParam } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { threadUrl } from '../community';
import * as after from './events.after.repository';
import { eventFilePath } from './events.after.repository';
import { addTranscript, startSessionDiscussion, uploadEventFile } from './events.after.usecases';
import { eventsErrors } from './events.errors';
import type { CalendarEvent } from './events.models';
import { eventUrl } from './events.models';

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now(), config: d.config };
}

function uploadsDir(c: AppContext): string {
  return path.join(c.get('deps').config.dataDir, 'uploads');
}

/** A multipart form: its text fields (for re-rendering) and its one file, if any. */
async function readUpload(c: AppContext, field: string) {
  const body = await c.req.parseBody();
  const values: FormValues = {};
  let file: File | undefined;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') values[name] = value;
    else if (name === field && value instanceof File && value.size > 0) file = value;
  }
  return { values, file };
}

type Forms = {
  transcript?: { linkId: number; values: FormValues; errors: FieldErrors };
  file?: { values: FormValues; errors: FieldErrors };
};

/** What the event routes lend these routes (passed in, so neither module imports the other). */
export interface EventPageParts {
  loadEvent: (c: AppContext) => Promise<CalendarEvent>;
  eventPage: (c: AppContext, event: CalendarEvent, forms: Forms, status: 200 | 400) => Promise<Response>;
}

export function addAfterRoutes(routes: Hono<AppEnv>, { loadEvent, eventPage }: EventPageParts): void {
  // During: a session's own thread, started by an organiser.
  routes.post('/:id/sessions/:sessionId/discussion', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    const sessionId = idParam(c.req.param('sessionId'), eventsErrors.sessionNotFound);
    await c.req.parseBody();
    const { db, now } = deps(c);
    const { threadId } = await startSessionDiscussion({ db, actor, now, eventId: event.id, sessionId });
    return seeOther(c, threadUrl(threadId));
  });

  // After: captions (WebVTT) and/or a typed transcript for a recording.
  routes.post('/:id/recordings/:linkId/transcript', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    const linkId = idParam(c.req.param('linkId'), eventsErrors.linkNotFound);
    const { values, file } = await readUpload(c, 'captions');
    const { db, now } = deps(c);
    const result = await addTranscript({
      db,
      actor,
      now,
      eventId: event.id,
      linkId,
      captions: file ? new Uint8Array(await file.arrayBuffer()) : undefined,
      transcript: str(values, 'transcript'),
    });
    if (!result.ok) return eventPage(c, event, { transcript: { linkId, values, errors: result.errors } }, 400);
    return seeOther(c, `${eventUrl(event.id)}?notice=transcript#transcript-${linkId}`);
  });

  routes.get('/:id/recordings/:linkId/captions.vtt', async (c) => {
    const event = await loadEvent(c);
    const linkId = idParam(c.req.param('linkId'), eventsErrors.linkNotFound);
    const vtt = await after.captionsOf(deps(c).db, event.id, linkId);
    if (vtt === undefined) throw eventsErrors.linkNotFound();
    return c.body(vtt, 200, {
      'Content-Type': 'text/vtt; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
  });

  // After: slides and handouts (the upload limit is applied before the body is read, in server.ts).
  routes.post('/:id/files', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    const { values, file } = await readUpload(c, 'file');
    if (!file) return eventPage(c, event, { file: { values, errors: { file: 'Choose a file to upload.' } } }, 400);
    const { db, now, config } = deps(c);
    if (file.size > config.uploadMaxBytes)
      return eventPage(
        c,
        event,
        { file: { values, errors: { file: `The file is larger than ${config.uploadMaxBytes} bytes.` } } },
        400,
      );
    const result = await uploadEventFile({
      db,
      actor,
      now,
      eventId: event.id,
      title: str(values, 'title'),
      file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
      uploadsDir: uploadsDir(c),
    });
    if (!result.ok) return eventPage(c, event, { file: { values, errors: result.errors } }, 400);
    return seeOther(c, `${eventUrl(event.id)}?notice=file#file-${result.id}`);
  });

  /** Served as what their bytes say, with nosniff and a sandboxing CSP (as library files are); PDFs download. */
  routes.get('/:id/files/:fileId/:name', async (c) => {
    const event = await loadEvent(c);
    const row = await after.findFile(deps(c).db, c.req.param('fileId'));
    if (!row || row.eventId !== event.id) throw eventsErrors.fileNotFound();
    const file = eventFilePath(uploadsDir(c), row.id);
    if (!fs.existsSync(file)) throw eventsErrors.fileNotFound();
    const inline = row.contentType.startsWith('image/');
    return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream, {
      status: 200,
      headers: {
        'Content-Type': row.contentType,
        'Content-Length': String(row.byteSize),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${row.filename.replace(/"/g, '')}"`,
        'Cache-Control': 'public, max-age=31536000, immutable',
      },
    });
  });
}

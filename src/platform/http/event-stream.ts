import type { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { type AppContext, isHttps } from './context';
import { SECURITY_HEADERS } from './security';

/**
 * Server-Sent Events for long-lived responses (live updates). Under Node the
 * events are written straight to the response: a stream held for minutes then
 * costs a socket and a few closures, not the web-streams pipeline (measured
 * at about a fifth of the memory of hono/streaming's streamSSE). Without a
 * Node response (app.request() in tests) the same events go through a
 * ReadableStream.
 */
export interface EventStream {
  send(message: { event?: string; id?: string; data?: string; retry?: number }): void;
  comment(text: string): void;
  /** `listener` runs once, when the client hangs up or the stream is ended. */
  onClose(listener: () => void): void;
  end(): void;
  readonly open: boolean;
}

/** Unsent bytes a client may leave queued; a client that far behind is too slow to keep, and the stream ends. */
export const MAX_QUEUED_BYTES = 256 * 1024;

function format(message: { event?: string; id?: string; data?: string; retry?: number }): string {
  for (const field of [message.event, message.id]) {
    if (field !== undefined && /[\r\n]/.test(field)) throw new Error('an event name or id cannot contain a line break');
  }
  let out = '';
  if (message.event) out += `event: ${message.event}\n`;
  if (message.id !== undefined) out += `id: ${message.id}\n`;
  if (message.retry !== undefined) out += `retry: ${message.retry}\n`;
  for (const line of (message.data ?? '').split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

export function openEventStream(c: AppContext): { stream: EventStream; response: Response } {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    // Tell nginx and the like not to buffer the stream.
    'X-Accel-Buffering': 'no',
    'X-Request-Id': c.get('requestId'),
  };
  if (isHttps(c)) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';

  let open = true;
  const listeners: Array<() => void> = [];
  const closed = () => {
    if (!open) return;
    open = false;
    for (const listener of listeners.splice(0)) listener();
  };
  let write: (text: string) => void;
  let finish: () => void;
  let response: Response;

  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing) {
    outgoing.writeHead(200, headers);
    outgoing.flushHeaders();
    outgoing.once('close', closed);
    write = (text) => {
      if (outgoing.writableLength > MAX_QUEUED_BYTES) return stream.end();
      outgoing.write(text);
    };
    finish = () => outgoing.end();
    response = RESPONSE_ALREADY_SENT;
  } else {
    const encoder = new TextEncoder();
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
      cancel: closed,
    });
    write = (text) => controller?.enqueue(encoder.encode(text));
    finish = () => controller?.close();
    response = new Response(body, { headers });
  }

  const stream: EventStream = {
    send(message) {
      if (open) write(format(message));
    },
    comment(text) {
      if (open) write(`: ${text.replace(/[\r\n]/g, ' ')}\n\n`);
    },
    onClose(listener) {
      if (open) listeners.push(listener);
      else listener();
    },
    end() {
      if (!open) return;
      finish();
      closed();
    },
    get open() {
      return open;
    },
  };
  return { stream, response };
}

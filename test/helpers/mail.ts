import { SMTPServer } from 'smtp-server';
import { freePort } from './process';

/**
 * The path of the first link under `path` (`/reset`, `/account/email`…) in a mail's text, e.g. `/reset/abc123`;
 * the link must point at `origin` (the hub's BASE_URL). Throws, showing the text, when there is none.
 */
export function linkIn(text: string, path: string, origin = 'http://localhost'): string {
  const escaped = origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = text.match(new RegExp(`${escaped}(${path}/[A-Za-z0-9_-]+)`));
  if (!match) throw new Error(`no ${origin}${path} link in: ${text}`);
  return match[1]!;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every message it is given: `received` holds each raw message,
 * `envelopes` (same order) who sent it to whom.
 */
export async function smtpListener() {
  const received: string[] = [];
  const envelopes: Array<{ from: string; to: string[] }> = [];
  const port = await freePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk) => (raw += chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        envelopes.push({ from, to: session.envelope.rcptTo.map((r) => r.address) });
        received.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, received, envelopes, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

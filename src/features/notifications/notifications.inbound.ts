import { sql } from 'drizzle-orm';
// The mail libraries are loaded only when reply by email is switched on: they cost start-up time and memory.
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import type { FeatureModule, InboundEmailHandler } from '../../feature-module';
import { users } from '../../platform/auth/auth.table';
import { rowsOf } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { eq } from 'drizzle-orm';
import { findEmailToken, type EmailTokenRow } from './notifications.tokens';
import { stripQuotedReply } from './reply-text';

/** The largest reply accepted (text and attachments, which are ignored). */
export const INBOUND_MAX_BYTES = 1024 * 1024;

export class InboundRejection extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

const reject = (message: string, code = 550) => new InboundRejection(code, message);

export interface InboundContext {
  deps: Deps;
  domain: string;
  handlers: Record<string, InboundEmailHandler>;
}

export function inboundHandlers(modules: FeatureModule[]): Record<string, InboundEmailHandler> {
  const handlers: Record<string, InboundEmailHandler> = {};
  for (const m of modules) Object.assign(handlers, m.inboundEmail ?? {});
  return handlers;
}

/** The token of `reply+TOKEN@domain`, or undefined when the address is not one of ours. */
export function replyTokenOf(address: string, domain: string): string | undefined {
  const match = /^reply\+([^@]+)@(.+)$/i.exec(address.trim());
  if (!match || match[2]!.toLowerCase() !== domain.toLowerCase()) return undefined;
  return match[1]!.toLowerCase();
}

function splitScope(scope: string): { prefix: string; targetId: string } {
  const at = scope.indexOf(':');
  return at < 0 ? { prefix: scope, targetId: '' } : { prefix: scope.slice(0, at), targetId: scope.slice(at + 1) };
}

/** RCPT TO: only a live reply address whose scope some module answers for. */
export async function checkRecipient(ctx: InboundContext, address: string): Promise<EmailTokenRow> {
  const token = replyTokenOf(address, ctx.domain);
  if (!token) throw reject(`5.1.1 <${address}>: this address does not accept mail; reply to a notification email from ILL Commons`);
  const row = await findEmailToken(ctx.deps.database.db, token, 'reply');
  if (!row) throw reject('5.1.1 Unknown or expired reply address: nothing was posted. Reply on the website instead.');
  if (!ctx.handlers[splitScope(row.scope).prefix]) throw reject('5.1.1 Replies by email are not accepted here: nothing was posted.');
  return row;
}

/**
 * One reply: the sender must be the address's account, the Message-ID new,
 * the text non-empty after removing quotes; then the owner of the scope posts it.
 * Throws InboundRejection (the bounce reason) when nothing was posted.
 */
export async function acceptReply(ctx: InboundContext, token: EmailTokenRow, raw: Buffer): Promise<string> {
  const { db } = ctx.deps.database;
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(raw);
  const messageId = parsed.messageId?.trim();
  if (!messageId) throw reject('5.6.0 The message has no Message-ID header: nothing was posted.');
  const from = parsed.from?.value[0]?.address?.trim().toLowerCase();
  const account = (await db.select({ email: users.email, deletedAt: users.deletedAt }).from(users).where(eq(users.id, token.userId)).limit(1))[0];
  if (!account || account.deletedAt || !from || account.email.toLowerCase() !== from) {
    throw reject('5.7.1 This reply address belongs to another sender: send from the address your ILL Commons account uses. Nothing was posted.');
  }
  const claimed = rowsOf<{ message_id: string }>(
    await db.execute(sql`
      insert into inbound_messages (message_id, token_hash, outcome, received_at)
      select ${messageId}, ${token.tokenHash}, 'processing', ${ctx.deps.clock.now().toISOString()}
      where not exists (select 1 from inbound_messages where message_id = ${messageId})
      on conflict do nothing
      returning message_id`),
  );
  if (claimed.length === 0) throw reject('5.7.0 This message was already received: nothing was posted again.');
  const outcome = async (value: string) =>
    db.execute(sql`update inbound_messages set outcome = ${value} where message_id = ${messageId} and token_hash = ${token.tokenHash}`);
  const text = stripQuotedReply(parsed.text ?? '');
  if (!text) {
    await outcome('empty');
    throw reject('5.6.0 The reply had no text of its own (quoted text and signatures are removed): nothing was posted.');
  }
  const { prefix, targetId } = splitScope(token.scope);
  const handler = ctx.handlers[prefix]!;
  try {
    await handler(ctx.deps, { userId: token.userId, targetId, text, messageId });
  } catch (error) {
    if (error instanceof AppError) {
      await outcome(`rejected:${error.code}`);
      throw reject(`5.7.0 ${error.message} Nothing was posted.`);
    }
    // Unexpected: forget the message so the sender's server can retry it.
    await db.execute(sql`delete from inbound_messages where message_id = ${messageId} and token_hash = ${token.tokenHash}`);
    ctx.deps.logger.error('inbound reply failed', { scope: token.scope, error: error instanceof Error ? error.message : String(error) });
    throw reject('4.3.0 Temporary failure: please try again later.', 451);
  }
  await outcome('posted');
  return 'Reply posted';
}

type Session = SMTPServerSession & { replyToken?: EmailTokenRow };

function smtpError(error: unknown): Error {
  const rejection = error instanceof InboundRejection ? error : reject('4.3.0 Temporary failure: please try again later.', 451);
  return Object.assign(new Error(rejection.message), { responseCode: rejection.responseCode });
}

/** The inbound SMTP listener for replies by email. Returns its port and a stop function. */
export async function startInboundSmtp(
  ctx: InboundContext,
  options: { port: number; host: string },
): Promise<{ port: number; stop(): Promise<void> }> {
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    name: ctx.domain,
    banner: 'ILL Commons replies by email',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: INBOUND_MAX_BYTES,
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address: SMTPServerAddress, session: Session, callback) {
      if (session.replyToken) return callback(smtpError(reject('5.5.3 One reply address per message, please.', 452)));
      checkRecipient(ctx, address.address)
        .then((row) => {
          session.replyToken = row;
          callback();
        })
        .catch((error) => callback(smtpError(error)));
    },
    onData(stream, session: Session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const token = session.replyToken;
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(smtpError(reject('5.3.4 The message is too large: nothing was posted.', 552)));
        }
        if (!token) return callback(smtpError(reject('5.5.1 No reply address given.', 503)));
        acceptReply(ctx, token, Buffer.concat(chunks))
          .then((message) => callback(null, message))
          .catch((error) => callback(smtpError(error)));
      });
    },
    onMailFrom(_address, session: Session, callback) {
      session.replyToken = undefined;
      callback();
    },
  });
  server.on('error', (error) => ctx.deps.logger.warn('inbound smtp error', { error: error.message }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  ctx.deps.logger.info('inbound smtp listening', { port, domain: ctx.domain });
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

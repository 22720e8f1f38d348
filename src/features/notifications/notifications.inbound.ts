import { sql } from 'drizzle-orm';
// The mail libraries are loaded only when reply by email is switched on: they cost start-up time and memory.
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import type { FeatureModule, InboundEmailHandler } from '../../feature-module';
import { users } from '../../platform/auth/auth.table';
import { rowsOf } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { eq } from 'drizzle-orm';
import {
  authenticateReply,
  type DnsResolver,
  MAX_DKIM_SIGNATURES,
  type SmtpEnvelope,
  systemResolver,
} from './notifications.inbound-auth';
import { type EmailTokenRow, findReplyToken, REPLY_TOKEN_DAYS } from './notifications.tokens';
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
  /** DNS for SPF, DKIM and DMARC (default: the system's, with short timeouts); tests pass prepared records. */
  resolver?: DnsResolver;
}

/** Where a refused sender can reply instead (their notifications link to every thread and conversation). */
const hubLink = (ctx: InboundContext) => `${ctx.deps.config.baseUrl}/notifications`;

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
  if (!token)
    throw reject(
      `5.1.1 <${address}>: this address does not accept mail; reply to a notification email from ILL Commons`,
    );
  const found = await findReplyToken(ctx.deps.database.db, token, ctx.deps.clock.now());
  if (found.status === 'expired') {
    throw reject(
      `5.1.1 This reply address expired; nothing was posted. Reply from the hub at ${hubLink(ctx)} (reply addresses work for ${REPLY_TOKEN_DAYS} days, and end when the account's password or email address changes).`,
    );
  }
  if (found.status !== 'live')
    throw reject(`5.1.1 This reply address is not known; nothing was posted. Reply from the hub at ${hubLink(ctx)}`);
  const row = found.row;
  if (!ctx.handlers[splitScope(row.scope).prefix])
    throw reject('5.1.1 Replies by email are not accepted here: nothing was posted.');
  return row;
}

/**
 * One reply: the sender must be the address's account, and their domain must not disown the message (SPF, DKIM,
 * DMARC: see judgeReply), the Message-ID new, the text non-empty after removing quotes; then the owner of the
 * scope posts it. Throws InboundRejection (the bounce reason) when nothing was posted.
 */
export async function acceptReply(
  ctx: InboundContext,
  token: EmailTokenRow,
  raw: Buffer,
  envelope: SmtpEnvelope,
): Promise<string> {
  const { db } = ctx.deps.database;
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(raw);
  const messageId = parsed.messageId?.trim();
  if (!messageId) throw reject('5.6.0 The message has no Message-ID header: nothing was posted.');
  const from = parsed.from?.value[0]?.address?.trim().toLowerCase();
  const account = (
    await db
      .select({ email: users.email, deletedAt: users.deletedAt })
      .from(users)
      .where(eq(users.id, token.userId))
      .limit(1)
  )[0];
  if (!account || account.deletedAt || !from || account.email.toLowerCase() !== from) {
    throw reject(
      '5.7.1 This reply address belongs to another sender: send from the address your ILL Commons account uses. Nothing was posted.',
    );
  }
  // One author only: DMARC is not evaluated for a message with several From addresses.
  if (parsed.from?.value.length !== 1 || parsed.headerLines.filter((h) => h.key === 'from').length !== 1) {
    throw reject('5.7.1 The message must have exactly one From address: nothing was posted.');
  }
  if (parsed.headerLines.filter((h) => h.key === 'dkim-signature').length > MAX_DKIM_SIGNATURES) {
    throw reject(`5.7.0 The message carries more than ${MAX_DKIM_SIGNATURES} DKIM signatures: nothing was posted.`);
  }
  const { verdict, facts } = await authenticateReply(raw, {
    envelope,
    fromAddress: from,
    resolver: ctx.resolver ?? systemResolver(),
    mta: ctx.domain,
  });
  if (!verdict.accept) {
    ctx.deps.logger.info('inbound reply refused by sender authentication', {
      scope: token.scope,
      reason: verdict.reason,
      ...facts,
    });
    throw reject(`${verdict.status} Nothing was posted: ${verdict.reason}. Reply from the hub at ${hubLink(ctx)}`);
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
    db.execute(
      sql`update inbound_messages set outcome = ${value} where message_id = ${messageId} and token_hash = ${token.tokenHash}`,
    );
  const text = stripQuotedReply(parsed.text ?? '');
  if (!text) {
    await outcome('empty');
    throw reject(
      '5.6.0 The reply had no text of its own (quoted text and signatures are removed): nothing was posted.',
    );
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
    await db.execute(
      sql`delete from inbound_messages where message_id = ${messageId} and token_hash = ${token.tokenHash}`,
    );
    ctx.deps.logger.error('inbound reply failed', {
      scope: token.scope,
      error: error instanceof Error ? error.message : String(error),
    });
    throw reject('4.3.0 Temporary failure: please try again later.', 451);
  }
  await outcome('posted');
  return 'Reply posted';
}

type Session = SMTPServerSession & { replyToken?: EmailTokenRow };

function smtpError(error: unknown): Error {
  const rejection =
    error instanceof InboundRejection ? error : reject('4.3.0 Temporary failure: please try again later.', 451);
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
        const envelope: SmtpEnvelope = {
          ip: session.remoteAddress,
          helo: session.hostNameAppearsAs ?? '',
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        };
        acceptReply(ctx, token, Buffer.concat(chunks), envelope)
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

import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { newToken, sha256 } from '../../platform/auth/tokens';
import { type DbOrTx, rowsOf } from '../../platform/db/database';
import { emailTokens } from './notifications.table';

export type TokenPurpose = 'unsubscribe' | 'reply';

/** 160 bits in lowercase base32: safe in an email local part, which some mail systems lowercase. */
export function newReplyToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export const REPLY_TOKEN_PATTERN = /^[a-z2-7]{32}$/;
export const UNSUBSCRIBE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new token for an email; only its hash is stored. */
export async function createEmailToken(
  db: DbOrTx,
  input: { userId: number; purpose: TokenPurpose; scope: string; now: Date },
): Promise<string> {
  const token = input.purpose === 'reply' ? newReplyToken() : newToken();
  await db.insert(emailTokens).values({
    tokenHash: sha256(token),
    userId: input.userId,
    purpose: input.purpose,
    scope: input.scope,
    createdAt: input.now,
  });
  return token;
}

export interface EmailTokenRow {
  tokenHash: string;
  userId: number;
  purpose: TokenPurpose;
  scope: string;
}

/** The live token with this value and purpose, or undefined (forged, revoked or malformed). */
export async function findEmailToken(
  db: DbOrTx,
  token: string,
  purpose: TokenPurpose,
): Promise<EmailTokenRow | undefined> {
  const pattern = purpose === 'reply' ? REPLY_TOKEN_PATTERN : UNSUBSCRIBE_TOKEN_PATTERN;
  if (!pattern.test(token)) return undefined;
  const rows = await db
    .select({
      tokenHash: emailTokens.tokenHash,
      userId: emailTokens.userId,
      purpose: emailTokens.purpose,
      scope: emailTokens.scope,
    })
    .from(emailTokens)
    .where(
      and(eq(emailTokens.tokenHash, sha256(token)), eq(emailTokens.purpose, purpose), isNull(emailTokens.revokedAt)),
    )
    .limit(1);
  return rows[0];
}

/** A reply address works for this long after it was sent. */
export const REPLY_TOKEN_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * Events (recorded by accounts in the same transaction as the change) after which a member's earlier reply
 * addresses stop working. Keep in step with the event types the accounts feature records.
 */
export const CREDENTIAL_EVENT_TYPES = [
  'user.password_changed',
  'user.password_reset',
  'user.email_changed',
  'user.credentials_revoked',
] as const;

export type ReplyTokenLookup = { status: 'live'; row: EmailTokenRow } | { status: 'expired' } | { status: 'unknown' };

/**
 * A reply address's token: live, expired (older than 90 days by the hub's clock, revoked, or issued before the
 * account's latest password or email change), or unknown (forged or malformed; also for a deleted account).
 */
export async function findReplyToken(db: DbOrTx, token: string, now: Date): Promise<ReplyTokenLookup> {
  if (!REPLY_TOKEN_PATTERN.test(token)) return { status: 'unknown' };
  const rows = rowsOf<{
    token_hash: string;
    user_id: number;
    scope: string;
    created_at: string | Date;
    revoked: boolean;
    superseded: boolean;
  }>(
    await db.execute(sql`
      select t.token_hash, t.user_id, t.scope, t.created_at, t.revoked_at is not null as revoked,
        exists (
          select 1 from events e
          where e.subject_type = 'user' and e.subject_id = t.user_id::text
            and e.type in (${sql.join(
              CREDENTIAL_EVENT_TYPES.map((type) => sql`${type}`),
              sql`, `,
            )})
            and e.created_at >= t.issued_at
        ) as superseded
      from email_tokens t
      where t.token_hash = ${sha256(token)} and t.purpose = 'reply'
      limit 1`),
  );
  const row = rows[0];
  if (!row) return { status: 'unknown' };
  const expired = new Date(row.created_at).getTime() + REPLY_TOKEN_DAYS * DAY_MS <= now.getTime();
  if (expired || row.revoked || row.superseded) return { status: 'expired' };
  return {
    status: 'live',
    row: { tokenHash: row.token_hash, userId: Number(row.user_id), purpose: 'reply', scope: row.scope },
  };
}

/**
 * The daily clean-up: reply addresses that can no longer be used (expired, revoked or superseded by a password
 * or email change) and the replay records of messages old enough that their address has expired.
 */
export async function pruneReplyTokens(db: DbOrTx, now: Date): Promise<{ tokens: number; messages: number }> {
  const cutoff = new Date(now.getTime() - REPLY_TOKEN_DAYS * DAY_MS).toISOString();
  const tokens = rowsOf(
    await db.execute(sql`
      delete from email_tokens t
      where t.purpose = 'reply' and (
        t.created_at <= ${cutoff} or t.revoked_at is not null or exists (
          select 1 from events e
          where e.subject_type = 'user' and e.subject_id = t.user_id::text
            and e.type in (${sql.join(
              CREDENTIAL_EVENT_TYPES.map((type) => sql`${type}`),
              sql`, `,
            )})
            and e.created_at >= t.issued_at))
      returning 1`),
  ).length;
  // A message received before the cutoff went to an address issued before it, which has expired: replaying it is refused anyway.
  const messages = rowsOf(
    await db.execute(sql`delete from inbound_messages where received_at <= ${cutoff} returning 1`),
  ).length;
  return { tokens, messages };
}

/**
 * End every reply address of a member at once, in the caller's transaction (e.g. as one of the revokers run at a
 * password or email change). Addresses issued before such a change already stop working through the events above;
 * this makes it explicit and immediate for any other reason.
 */
export async function revokeReplyTokens(tx: DbOrTx, change: { userId: number; now: Date }): Promise<void> {
  await tx
    .update(emailTokens)
    .set({ revokedAt: change.now })
    .where(and(eq(emailTokens.userId, change.userId), eq(emailTokens.purpose, 'reply'), isNull(emailTokens.revokedAt)));
}

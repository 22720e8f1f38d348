import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { newToken, sha256 } from '../../platform/auth/tokens';
import type { DbOrTx } from '../../platform/db/database';
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
export async function findEmailToken(db: DbOrTx, token: string, purpose: TokenPurpose): Promise<EmailTokenRow | undefined> {
  const pattern = purpose === 'reply' ? REPLY_TOKEN_PATTERN : UNSUBSCRIBE_TOKEN_PATTERN;
  if (!pattern.test(token)) return undefined;
  const rows = await db
    .select({ tokenHash: emailTokens.tokenHash, userId: emailTokens.userId, purpose: emailTokens.purpose, scope: emailTokens.scope })
    .from(emailTokens)
    .where(and(eq(emailTokens.tokenHash, sha256(token)), eq(emailTokens.purpose, purpose), isNull(emailTokens.revokedAt)))
    .limit(1);
  return rows[0];
}

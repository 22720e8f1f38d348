import { and, eq, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db/database';
import { recordEvent } from '../events/record';
import { sessions, userTokens } from './auth.table';
import { sha256 } from './tokens';

/** Why an account's credentials were revoked. */
export type CredentialChange = 'password_reset' | 'password_changed' | 'email_changed';

export interface CredentialsRevoked {
  userId: number;
  reason: CredentialChange;
  now: Date;
}

/** A module's own revocation (e.g. reply-by-email addresses), run in the same transaction. */
export type CredentialRevoker = (tx: DbOrTx, change: CredentialsRevoked) => Promise<void>;

/**
 * After a password reset or change, or an email change: end every session of
 * the account except the one making the change, void every outstanding one-time
 * link (password reset, email change, address confirmation), let each module
 * revoke what it issued, and record `user.credentials_revoked` — all in the
 * caller's transaction, so a link or session that outlived the change cannot
 * take the account back.
 */
export async function revokeCredentials(
  tx: DbOrTx,
  input: CredentialsRevoked & { keepSessionToken: string | null; revokers?: readonly CredentialRevoker[] },
): Promise<void> {
  const { userId, keepSessionToken, reason, now } = input;
  await tx
    .delete(sessions)
    .where(
      keepSessionToken
        ? and(eq(sessions.userId, userId), ne(sessions.id, sha256(keepSessionToken)))
        : eq(sessions.userId, userId),
    );
  await tx
    .update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.userId, userId), isNull(userTokens.usedAt)));
  for (const revoke of input.revokers ?? []) await revoke(tx, { userId, reason, now });
  await recordEvent(tx, {
    type: 'user.credentials_revoked',
    actorId: userId,
    subjectType: 'user',
    subjectId: userId,
    data: { reason },
  });
}

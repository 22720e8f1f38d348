import { and, eq, gt, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/database';
import type { Actor } from './actor';
import { sessions, users } from './auth.table';
import { newToken, sha256 } from './tokens';

export const SESSION_COOKIE = 'ill_sid';
export const SESSION_DAYS = 30;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export async function createSession(db: DbOrTx, userId: number, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db.insert(sessions).values({ id: sha256(token), userId, createdAt: now, lastSeenAt: now, expiresAt });
  return { token, expiresAt };
}

/** Resolve a cookie to the signed-in person, sliding the expiry forward at most every few minutes. */
export async function resolveSession(db: DbOrTx, token: string, now: Date): Promise<Actor | null> {
  const id = sha256(token);
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      email: users.email,
      role: users.role,
      emailVerifiedAt: users.emailVerifiedAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000) })
      .where(eq(sessions.id, id));
  }
  const { lastSeenAt: _ignored, emailVerifiedAt, ...actor } = row;
  return { ...actor, emailVerified: emailVerifiedAt !== null };
}

export async function destroySession(db: DbOrTx, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sha256(token)));
}

export async function pruneSessions(db: DbOrTx, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

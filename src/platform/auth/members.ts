import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/database';
import { users } from './auth.table';

/** An account this young is greeted as new ("Welcome to ILL Commons"), not as someone coming back. */
export const NEW_MEMBER_HOURS = 24;

/** Whether the member joined within the last NEW_MEMBER_HOURS (by the injected clock). */
export async function isNewMember(db: DbOrTx, userId: number, now: Date): Promise<boolean> {
  const rows = await db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, userId)).limit(1);
  const createdAt = rows[0]?.createdAt;
  return !createdAt || now.getTime() - createdAt.getTime() < NEW_MEMBER_HOURS * 3_600_000;
}

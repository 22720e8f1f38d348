import { eq } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';

export async function displayNameOf(db: DbOrTx, userId: number): Promise<string> {
  const rows = await db.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId)).limit(1);
  return rows[0]?.displayName ?? 'a former member';
}

import { eq } from 'drizzle-orm';
import { appState } from './app-state.table';
import type { DbOrTx } from './database';

export async function getAppState(db: DbOrTx, key: string): Promise<string | undefined> {
  const rows = await db.select({ value: appState.value }).from(appState).where(eq(appState.key, key)).limit(1);
  return rows[0]?.value;
}

export async function setAppState(db: DbOrTx, key: string, value: string, now: Date): Promise<void> {
  await db
    .insert(appState)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: appState.key, set: { value, updatedAt: now } });
}

import { eq, sql } from 'drizzle-orm';
import { appState } from './app-state.table';
import type { Db, DbOrTx } from './database';

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

/**
 * Run `work` once per database, in one transaction under an advisory lock (several processes may start at once),
 * and remember it under `key`: e.g. indexing the rows that existed before a kind of thing became searchable.
 * Returns whether it ran.
 */
export async function runOnce(db: Db, key: string, now: Date, work: (tx: DbOrTx) => Promise<void>): Promise<boolean> {
  if ((await getAppState(db, key)) !== undefined) return false;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
    if ((await getAppState(tx, key)) !== undefined) return false;
    await work(tx);
    await setAppState(tx, key, now.toISOString(), now);
    return true;
  });
}

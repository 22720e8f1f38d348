import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database';
import { events } from './events.table';

export const EVENTS_CHANNEL = 'hub_events';

export interface EventInput {
  type: string;
  actorId: number | null;
  subjectType: string;
  subjectId: string | number;
  data?: Record<string, unknown>;
  /** The change alters what anonymous readers see: page caches in every process are dropped on commit. */
  changesPublicPages?: boolean;
}

export interface EventNotice {
  type: string;
  subjectType: string;
  subjectId: string;
  changesPublicPages: boolean;
}

/**
 * Record what happened in the caller's transaction. The NOTIFY is delivered by
 * Postgres only when that transaction commits, so listeners never see a change
 * that was rolled back.
 */
export async function recordEvent(db: DbOrTx, input: EventInput): Promise<void> {
  const subjectId = String(input.subjectId);
  await db.insert(events).values({
    type: input.type,
    actorId: input.actorId,
    subjectType: input.subjectType,
    subjectId,
    data: input.data ?? {},
  });
  const notice: EventNotice = {
    type: input.type,
    subjectType: input.subjectType,
    subjectId,
    changesPublicPages: input.changesPublicPages ?? false,
  };
  await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(notice)})`);
}

export function parseNotice(payload: string): EventNotice | undefined {
  try {
    const value = JSON.parse(payload) as EventNotice;
    return typeof value?.type === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

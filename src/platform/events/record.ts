import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import { textArray } from '../db/arrays';
import type { DbOrTx } from '../db/database';
import { events } from './events.table';
import { changesPublicPages, type EventType } from './types';

export const EVENTS_CHANNEL = 'hub_events';

export interface EventInput {
  /** One of EVENT_TYPES (./types.ts), which also says whether the change alters what anonymous readers see. */
  type: EventType;
  actorId: number | null;
  subjectType: string;
  subjectId: string | number;
  data?: Record<string, unknown>;
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
 * that was rolled back; it says whether the type changes public pages (page caches drop on it).
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
    changesPublicPages: changesPublicPages(input.type),
  };
  await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(notice)})`);
  noteNotice(notice);
}

/**
 * Record many happenings at once (an import of hundreds of entries), in the caller's transaction: the same rows
 * and notices as one `recordEvent` each, in a few statements.
 */
export async function recordEvents(db: DbOrTx, inputs: readonly EventInput[]): Promise<void> {
  for (let i = 0; i < inputs.length; i += 500) {
    const chunk = inputs.slice(i, i + 500);
    await db.insert(events).values(
      chunk.map((input) => ({
        type: input.type,
        actorId: input.actorId,
        subjectType: input.subjectType,
        subjectId: String(input.subjectId),
        data: input.data ?? {},
      })),
    );
    const notices: EventNotice[] = chunk.map((input) => ({
      type: input.type,
      subjectType: input.subjectType,
      subjectId: String(input.subjectId),
      changesPublicPages: changesPublicPages(input.type),
    }));
    await db.execute(
      sql`select pg_notify(${EVENTS_CHANNEL}, n) from unnest(${textArray(notices.map((n) => JSON.stringify(n)))}) with ordinality as t(n, i) order by i`,
    );
    for (const notice of notices) noteNotice(notice);
  }
}

const requestNotices = new AsyncLocalStorage<EventNotice[]>();

/**
 * Run a request's handling while collecting the notices it sends. NOTIFY reaches this process's own listener
 * only some time after the commit (on PostgreSQL, over another connection), so the server applies the request's
 * own notices to this process's caches before answering: a member who changes something sees it on the very
 * next page (read-your-writes), while other processes hear it by NOTIFY as before.
 */
export function collectingNotices<T>(notices: EventNotice[], run: () => Promise<T>): Promise<T> {
  return requestNotices.run(notices, run);
}

/** Note a notice for the request being handled, if any (see collectingNotices). */
export function noteNotice(notice: EventNotice): void {
  requestNotices.getStore()?.push(notice);
}

export function parseNotice(payload: string): EventNotice | undefined {
  try {
    const value = JSON.parse(payload) as EventNotice;
    return typeof value?.type === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

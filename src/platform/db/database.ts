import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';

/** The query builder, whichever driver is underneath (PGlite or node-postgres). */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;
/** Repositories accept either, so a use case can pass its transaction down. */
export type DbOrTx = Db | Tx;

export type NotificationHandler = (payload: string) => void;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Subscribe to a Postgres NOTIFY channel; returns an unsubscribe function. */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  /** Flush the write-ahead log (PGlite keeps growing it otherwise). No-op on a server. */
  checkpoint(): Promise<void>;
  /** Refresh planner statistics (PGlite has no autovacuum to do it). No-op on a server. */
  analyze(): Promise<void>;
  /**
   * Embedded database on disk only (backups, docs/decisions/015): make `target`
   * a copy of the data directory as it is at one moment with no query running,
   * and call `during` at that moment, so that nothing commits in between.
   */
  snapshot?<T>(target: string, during: () => T): Promise<T>;
  close(): Promise<void>;
}

export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

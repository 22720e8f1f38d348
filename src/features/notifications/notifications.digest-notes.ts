import type { DbOrTx } from '../../platform/db/database';

/** A line another feature adds to a member's digest (e.g. "12 cards due for review"): not a notification row. */
export interface DigestNote {
  /** The digest section it is listed under (e.g. "Learning"). */
  section: string;
  title: string;
  /** Plain text under the title (e.g. how to turn the reminder off). */
  excerpt: string;
  /** A path on the hub (the digest makes it absolute). */
  url: string;
}

/**
 * A feature's notes for the digest. Notifications reads none of its tables: the owner says who has a note now
 * (those people get a digest at their hour even with nothing else in it) and what each one's notes say.
 */
export interface DigestNoteSource {
  /** Everyone with a note at `now` (bounded by the owner: opted-in members only). */
  recipients(db: DbOrTx, now: Date): Promise<number[]>;
  notesFor(db: DbOrTx, userId: number, now: Date): Promise<DigestNote[]>;
}

const sources = new Map<string, DigestNoteSource>();

/** Register from a feature's index.ts; `name` keeps one source per feature (registering again replaces it). */
export function provideDigestNotes(name: string, source: DigestNoteSource): void {
  sources.set(name, source);
}

export async function digestRecipients(db: DbOrTx, now: Date): Promise<number[]> {
  const ids = new Set<number>();
  // One after another: in a transaction, queries take turns anyway.
  for (const source of sources.values()) for (const id of await source.recipients(db, now)) ids.add(id);
  return [...ids];
}

export async function digestNotesFor(db: DbOrTx, userId: number, now: Date): Promise<DigestNote[]> {
  const notes: DigestNote[] = [];
  for (const source of sources.values()) notes.push(...(await source.notesFor(db, userId, now)));
  return notes;
}

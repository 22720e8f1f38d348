import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database';
import { EVENTS_CHANNEL, type EventNotice, noteNotice } from '../events/record';
import { actorOf, type AppContext } from '../http/context';

/** How long a member's personal part (an unread count, a watch state) is reused should a NOTIFY have been missed. */
export const PERSONAL_TTL_MS = 30_000;
/** Members whose personal parts are kept per process (the least recently active go first). */
export const PERSONAL_MAX_MEMBERS = 5_000;
/** Entries kept per member. */
const PER_MEMBER = 64;

interface Entry {
  value: unknown;
  readAt: number;
}

/**
 * The personal parts of signed-in pages (header counts, watch state, standing), kept per member and per
 * process so that a page's personal parts cost no query while nothing changes. Entries are filed under
 * the member's id and only ever read back for that id. Every recorded event (and every personal change
 * announced without one) clears them all in every process, through the NOTIFY the session cache listens
 * to; a lifetime bounds what a missed NOTIFY could leave. Values are shared: callers must not change them.
 */
export class PersonalCache {
  private members = new Map<number, Map<string, Entry>>();
  private generation = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly options: { ttlMs?: number; maxMembers?: number } = {}) {}

  get size(): number {
    return this.members.size;
  }

  async remember<T>(userId: number, key: string, now: Date, load: () => Promise<T>): Promise<T> {
    const entries = this.members.get(userId);
    const entry = entries?.get(key);
    if (entries && entry && now.getTime() - entry.readAt < (this.options.ttlMs ?? PERSONAL_TTL_MS)) {
      this.hits++;
      this.members.delete(userId);
      this.members.set(userId, entries);
      return entry.value as T;
    }
    this.misses++;
    const generation = this.generation;
    const value = await load();
    // Something changed while loading: the value may already be stale, so it is not kept.
    if (generation !== this.generation) return value;
    this.keep(userId, key, value, now);
    return value;
  }

  /** As remember, for a part made synchronously (e.g. a rendered header): nothing can change while it is made. */
  rememberSync<T>(userId: number, key: string, now: Date, make: () => T): T {
    const entry = this.members.get(userId)?.get(key);
    if (entry && now.getTime() - entry.readAt < (this.options.ttlMs ?? PERSONAL_TTL_MS)) {
      this.hits++;
      return entry.value as T;
    }
    this.misses++;
    const value = make();
    this.keep(userId, key, value, now);
    return value;
  }

  private keep(userId: number, key: string, value: unknown, now: Date): void {
    let mine = this.members.get(userId);
    if (!mine) {
      mine = new Map();
      this.members.set(userId, mine);
      const max = this.options.maxMembers ?? PERSONAL_MAX_MEMBERS;
      while (this.members.size > max) this.members.delete(this.members.keys().next().value as number);
    }
    mine.delete(key);
    mine.set(key, { value, readAt: now.getTime() });
    if (mine.size > PER_MEMBER) mine.delete(mine.keys().next().value as string);
  }

  clear(): void {
    this.generation++;
    this.members.clear();
  }
}

/** What the personal cache hears for a change that records no event (e.g. notifications delivered, marked read). */
export const PERSONAL_CHANGE: EventNotice = {
  type: 'personal.changed',
  subjectType: 'personal',
  subjectId: '',
  changesPublicPages: false,
};

/** Tell every process (on commit, inside a transaction) that some members' personal parts changed. */
export async function announcePersonalChange(db: DbOrTx): Promise<void> {
  await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(PERSONAL_CHANGE)})`);
  noteNotice(PERSONAL_CHANGE);
}

/**
 * A personal part of the page for the signed-in member, from this process's cache or `load`.
 * Anonymous readers (and apps built without a session cache) always load.
 */
export function personal<T>(c: AppContext, key: string, load: () => Promise<T>): Promise<T> {
  const actor = actorOf(c);
  const { sessionCache, clock } = c.get('deps');
  if (!actor || !sessionCache) return load();
  return sessionCache.personal.remember(actor.id, key, clock.now(), load);
}

/** As personal, for a part made synchronously. */
export function personalSync<T>(c: AppContext, key: string, make: () => T): T {
  const actor = actorOf(c);
  const { sessionCache, clock } = c.get('deps');
  if (!actor || !sessionCache) return make();
  return sessionCache.personal.rememberSync(actor.id, key, clock.now(), make);
}

import { and, eq, gt, lt } from 'drizzle-orm';
import { PersonalCache } from '../cache/personal';
import type { Database, DbOrTx } from '../db/database';
import { EVENTS_CHANNEL, type EventNotice, parseNotice, recordEvent } from '../events/record';
import type { Actor } from './actor';
import { sessions, users } from './auth.table';
import { newToken, sha256 } from './tokens';

export const SESSION_COOKIE = 'ill_sid';
export const SESSION_DAYS = 30;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export async function createSession(
  db: DbOrTx,
  userId: number,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db.insert(sessions).values({ id: sha256(token), userId, createdAt: now, lastSeenAt: now, expiresAt });
  return { token, expiresAt };
}

interface ResolvedSession {
  actor: Actor;
  lastSeenAt: Date;
  expiresAt: Date;
}

interface CachedSession extends ResolvedSession {
  /** When this process read it from the database (the injected clock's time). */
  readAt: number;
}

/** How long a resolved session is reused before the database is asked again, should a NOTIFY have been missed. */
export const SESSION_CACHE_TTL_MS = 30_000;
/** Sessions kept per process (the least recently used go first). */
export const SESSION_CACHE_MAX = 10_000;

/**
 * Resolved sessions (the signed-in person, their role and address), kept per
 * process for a short while so that a signed-in page costs no database round
 * trip for who is asking. Anything recorded about a user (an event whose
 * subject is the user: sign-out, role change, suspension, revoked credentials,
 * a new address or display name, deletion) drops that user's entries in every
 * process, through the same NOTIFY on commit the page cache listens to; a
 * listener that reconnected (and may have missed some) drops them all.
 * See docs/decisions for why this is not "sessions in process memory".
 */
export class SessionCache {
  private entries = new Map<string, CachedSession & { userId: number }>();
  private byUser = new Map<number, Set<string>>();
  private generation = 0;
  hits = 0;
  misses = 0;
  /** Members' personal page parts: cleared by every change any process records. */
  readonly personal = new PersonalCache();

  constructor(private readonly options: { ttlMs?: number; maxEntries?: number } = {}) {}

  get size(): number {
    return this.entries.size;
  }

  /** The generation to pass to `set` for a session read from the database now. */
  get current(): number {
    return this.generation;
  }

  get(id: string, now: Date): CachedSession | undefined {
    const entry = this.entries.get(id);
    if (entry && now.getTime() - entry.readAt < (this.options.ttlMs ?? SESSION_CACHE_TTL_MS) && entry.expiresAt > now) {
      this.hits++;
      this.entries.delete(id);
      this.entries.set(id, entry);
      return entry;
    }
    if (entry) this.drop(id);
    this.misses++;
    return undefined;
  }

  /** Keep a session read while the cache was at `generation`: if anything was invalidated since, it may be stale and is not kept. */
  set(id: string, session: CachedSession, generation: number): void {
    if (generation !== this.generation) return;
    this.drop(id);
    const userId = session.actor.id;
    this.entries.set(id, { ...session, userId });
    let ids = this.byUser.get(userId);
    if (!ids) {
      ids = new Set();
      this.byUser.set(userId, ids);
    }
    ids.add(id);
    const max = this.options.maxEntries ?? SESSION_CACHE_MAX;
    while (this.entries.size > max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
  }

  /** Forget one session (by its token's hash). */
  forget(id: string): void {
    this.generation++;
    this.drop(id);
  }

  /** Forget every session of a user. */
  invalidateUser(userId: number): void {
    this.generation++;
    for (const id of this.byUser.get(userId) ?? []) this.entries.delete(id);
    this.byUser.delete(userId);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.byUser.clear();
  }

  /** Listen for changes to users from every process sharing the database. */
  async connect(database: Pick<Database, 'listen'>): Promise<() => Promise<void>> {
    return database.listen(EVENTS_CHANNEL, (payload) => {
      // An empty payload means the listener reconnected and may have missed changes.
      if (payload === '') {
        this.personal.clear();
        return this.clear();
      }
      this.hear(parseNotice(payload));
    });
  }

  /** Apply one change notice: by NOTIFY from any process, or directly from this process's own request. */
  hear(notice: EventNotice | undefined): void {
    // Any change may show in someone's personal parts.
    this.personal.clear();
    if (notice?.subjectType !== 'user') return;
    const userId = Number(notice.subjectId);
    if (Number.isInteger(userId)) this.invalidateUser(userId);
    else this.clear();
  }

  private drop(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    const ids = this.byUser.get(entry.userId);
    ids?.delete(id);
    if (ids?.size === 0) this.byUser.delete(entry.userId);
  }
}

async function readSession(db: DbOrTx, id: string, now: Date): Promise<ResolvedSession | undefined> {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      email: users.email,
      role: users.role,
      emailVerifiedAt: users.emailVerifiedAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)))
    .limit(1);
  const row = rows[0];
  if (!row) return undefined;
  const { lastSeenAt, expiresAt, emailVerifiedAt, ...actor } = row;
  return { actor: { ...actor, emailVerified: emailVerifiedAt !== null }, lastSeenAt, expiresAt };
}

/**
 * Resolve a cookie to the signed-in person, sliding the expiry forward at most
 * every few minutes. With a cache, a session resolved in the last
 * SESSION_CACHE_TTL_MS costs no query (except the occasional touch).
 */
export async function resolveSession(
  db: DbOrTx,
  token: string,
  now: Date,
  cache?: SessionCache,
): Promise<Actor | null> {
  const id = sha256(token);
  let session: ResolvedSession | undefined = cache?.get(id, now);
  if (!session) {
    const generation = cache?.current ?? 0;
    session = await readSession(db, id, now);
    if (!session) return null;
    cache?.set(id, { ...session, readAt: now.getTime() }, generation);
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
    // The cached entry is the same object: later requests see the new times and do not touch again.
    session.lastSeenAt = now;
    session.expiresAt = expiresAt;
    await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id));
  }
  return { ...session.actor };
}

/** Sign out: the session ends here at once, and in every other process when the recorded event's NOTIFY reaches it. */
export async function destroySession(db: DbOrTx, token: string, cache?: SessionCache): Promise<void> {
  const id = sha256(token);
  cache?.forget(id);
  const ended = await db.delete(sessions).where(eq(sessions.id, id)).returning({ userId: sessions.userId });
  const userId = ended[0]?.userId;
  if (userId !== undefined) {
    await recordEvent(db, { type: 'user.signed_out', actorId: userId, subjectType: 'user', subjectId: userId });
  }
}

export async function pruneSessions(db: DbOrTx, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

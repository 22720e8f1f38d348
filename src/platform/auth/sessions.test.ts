import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../../test/helpers/app';
import { createTestDatabase } from '../../../test/helpers/db';
import type { Database } from '../db/database';
import { events } from '../events/events.table';
import { recordEvent } from '../events/record';
import type { Actor } from './actor';
import { sessions, users } from './auth.table';
import {
  createSession,
  destroySession,
  resolveSession,
  SESSION_CACHE_TTL_MS,
  SESSION_DAYS,
  SessionCache,
} from './sessions';
import { sha256 } from './tokens';

let database: Database;
const t0 = new Date('2026-03-02T15:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

async function member() {
  const user = await createUser(database);
  const { token } = await createSession(database.db, user.id, t0);
  return { user, token };
}

const lastSeen = async (token: string) =>
  (
    await database.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, sha256(token)))
  )[0];

describe('the session cache', () => {
  it('answers a session resolved in the last few seconds without asking the database', async () => {
    const { user, token } = await member();
    const cache = new SessionCache();
    expect((await resolveSession(database.db, token, t0, cache))?.id).toBe(user.id);
    // Remove the row behind the cache's back: only the cache can still answer.
    await database.db.delete(sessions).where(eq(sessions.id, sha256(token)));
    expect((await resolveSession(database.db, token, at(1000), cache))?.username).toBe(user.username);
    expect(cache.hits).toBe(1);
    // After its lifetime the database is asked again.
    expect(await resolveSession(database.db, token, at(SESSION_CACHE_TTL_MS + 1), cache)).toBeNull();
  });

  it('hands out copies: a caller that changes its actor does not change the next request’s', async () => {
    const { token } = await member();
    const cache = new SessionCache();
    const first = (await resolveSession(database.db, token, t0, cache)) as Actor;
    first.role = 'admin';
    expect((await resolveSession(database.db, token, t0, cache))?.role).toBe('member');
  });

  it('drops a user’s sessions when an event about that user commits (role change, suspension, …), through NOTIFY', async () => {
    const { user, token } = await member();
    const other = await member();
    const cache = new SessionCache();
    const disconnect = await cache.connect(database);
    try {
      await resolveSession(database.db, token, t0, cache);
      await resolveSession(database.db, other.token, t0, cache);
      expect(cache.size).toBe(2);
      await database.db.transaction(async (tx) => {
        await tx.update(users).set({ role: 'editor' }).where(eq(users.id, user.id));
        await recordEvent(tx, { type: 'user.role_changed', actorId: null, subjectType: 'user', subjectId: user.id });
      });
      await vi.waitFor(() => expect(cache.size).toBe(1));
      expect((await resolveSession(database.db, token, at(1000), cache))?.role).toBe('editor');
      // Events about anything else leave sessions alone.
      await recordEvent(database.db, {
        type: 'forum.post.created',
        actorId: user.id,
        subjectType: 'forum_post',
        subjectId: user.id,
      });
      await recordEvent(database.db, {
        type: 'moderation.member.suspended',
        actorId: null,
        subjectType: 'user',
        subjectId: other.user.id,
      });
      await vi.waitFor(() => expect(cache.size).toBe(1));
      const hits = cache.hits;
      await resolveSession(database.db, token, at(1000), cache);
      expect(cache.hits).toBe(hits + 1);
    } finally {
      await disconnect();
    }
  });

  it('forgets everything when the listener reconnected (it may have missed changes)', async () => {
    let handler: (payload: string) => void = () => {};
    const cache = new SessionCache();
    await cache.connect({
      listen: async (_channel, h) => {
        handler = h;
        return async () => {};
      },
    });
    const { token } = await member();
    await resolveSession(database.db, token, t0, cache);
    expect(cache.size).toBe(1);
    handler('');
    expect(cache.size).toBe(0);
  });

  it('does not keep a session read before an invalidation that arrived while it was being read', async () => {
    const { token } = await member();
    const cache = new SessionCache();
    const generation = cache.current;
    const user = (await resolveSession(database.db, token, t0)) as Actor;
    cache.invalidateUser(user.id);
    cache.set(
      sha256(token),
      { actor: user, lastSeenAt: t0, expiresAt: at(86_400_000), readAt: t0.getTime() },
      generation,
    );
    expect(cache.size).toBe(0);
  });

  it('is bounded: the least recently used sessions go first', async () => {
    const cache = new SessionCache({ maxEntries: 2 });
    const [a, b, c] = [await member(), await member(), await member()];
    await resolveSession(database.db, a.token, t0, cache);
    await resolveSession(database.db, b.token, t0, cache);
    await resolveSession(database.db, a.token, t0, cache);
    await resolveSession(database.db, c.token, t0, cache);
    expect(cache.size).toBe(2);
    const hits = cache.hits;
    await resolveSession(database.db, a.token, t0, cache);
    expect(cache.hits).toBe(hits + 1);
    await resolveSession(database.db, b.token, t0, cache);
    expect(cache.hits).toBe(hits + 1);
  });

  it('still slides the expiry forward every few minutes, also when the session comes from the cache', async () => {
    const { token } = await member();
    const cache = new SessionCache({ ttlMs: 60 * 60_000 });
    await resolveSession(database.db, token, t0, cache);
    await resolveSession(database.db, token, at(4 * 60_000), cache);
    expect((await lastSeen(token))?.lastSeenAt).toEqual(t0);
    await resolveSession(database.db, token, at(6 * 60_000), cache);
    expect(cache.hits).toBe(2);
    const row = await lastSeen(token);
    expect(row?.lastSeenAt).toEqual(at(6 * 60_000));
    expect(row?.expiresAt).toEqual(at(6 * 60_000 + SESSION_DAYS * 86_400_000));
  });

  it('never answers for a session past its expiry', async () => {
    const { token } = await member();
    const cache = new SessionCache({ ttlMs: 365 * 86_400_000 });
    await resolveSession(database.db, token, t0, cache);
    expect(await resolveSession(database.db, token, at(SESSION_DAYS * 86_400_000 + 1), cache)).toBeNull();
  });

  it('signing out ends the session in this process at once and records an event the others hear', async () => {
    const { user, token } = await member();
    const cache = new SessionCache();
    await resolveSession(database.db, token, t0, cache);
    await destroySession(database.db, token, cache);
    expect(await resolveSession(database.db, token, t0, cache)).toBeNull();
    const recorded = await database.db
      .select()
      .from(events)
      .where(sql`${events.type} = 'user.signed_out' and ${events.subjectId} = ${String(user.id)}`);
    expect(recorded).toHaveLength(1);
  });
});

import { sql } from 'drizzle-orm';
import { ensureSystemUser } from '../../src/features/accounts';
import type { Actor } from '../../src/platform/auth/actor';
import { hashPassword } from '../../src/platform/auth/passwords';
import { users } from '../../src/platform/auth/auth.table';
import { createSession, SESSION_COOKIE, SessionCache } from '../../src/platform/auth/sessions';
import type { Role } from '../../src/platform/authz/roles';
import { PageCache } from '../../src/platform/cache/page-cache';
import { type Clock, fixedClock } from '../../src/platform/clock';
import { type Config, loadConfig } from '../../src/platform/config/config';
import { type Database, rowsOf } from '../../src/platform/db/database';
import type { Deps } from '../../src/platform/http/context';
import { createWorker } from '../../src/platform/jobs/queue';
import { createLogger } from '../../src/platform/logger';
import { featureModules, jobHandlers } from '../../src/modules';
import type { MailMessage, Mailer } from '../../src/platform/mail/mailer';
import { createServer } from '../../src/server';
import { TestClient } from './client';
import { createTestDatabase } from './db';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Keeps what the hub sends, for assertions. */
export function captureMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
      return { messageId: `<test-${sent.length}@ill-commons.test>` };
    },
  };
}

export interface TestApp {
  app: ReturnType<typeof createServer>;
  deps: Deps;
  database: Database;
  mailer: ReturnType<typeof captureMailer>;
  clock: ReturnType<typeof fixedClock>;
  /** Run queued jobs now (mail). */
  drainJobs(): Promise<number>;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-test-'));
  return {
    // Tests never fetch other sites: the link checker is off (its own tests drive it against a local server).
    ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', BASE_URL: 'http://localhost', LINK_CHECKS: 'false' }),
    ...overrides,
  };
}

/** The whole app on a fresh database, driven through app.request(). */
export async function createTestApp(
  options: {
    config?: Partial<Config>;
    clock?: Clock;
    database?: Database;
    mailer?: Mailer;
    /** Run every module's idempotent seed (forum categories, …); the library's articles are loaded separately. */
    seed?: boolean;
    /**
     * false: the caches do not listen for NOTIFY, as when the notice is still on its way from another database
     * connection; only what a request applies itself reaches them.
     */
    listen?: boolean;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const clock = (options.clock as ReturnType<typeof fixedClock>) ?? fixedClock('2026-03-02T15:00:00Z');
  const config = testConfig(options.config);
  const mailer = captureMailer();
  const sender = options.mailer ?? mailer;
  const logger = createLogger('silent');
  const pageCache = new PageCache();
  const listen = options.listen !== false;
  const disconnect = listen ? await pageCache.connect(database) : async () => {};
  const sessionCache = new SessionCache();
  const disconnectSessions = listen ? await sessionCache.connect(database) : async () => {};
  const deps: Deps = { config, database, clock, logger, mailer: sender, pageCache, sessionCache };
  await ensureSystemUser(database.db, clock.now());
  const modules = featureModules();
  if (options.seed) for (const m of modules) await m.seed?.(deps);
  const worker = createWorker({ database, clock, logger, handlers: jobHandlers(deps, modules) });
  return {
    app: createServer(deps, modules),
    deps,
    database,
    mailer,
    clock,
    drainJobs: () => worker.drain(),
    async close() {
      await disconnect();
      await disconnectSessions();
      await database.close();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** A member (or other role) straight into the database, with a known password. */
export async function createUser(
  database: Database,
  options: { role?: Role; email?: string; username?: string; displayName?: string; password?: string } = {},
) {
  counter++;
  const n = `${process.pid}${counter}`;
  const password = options.password ?? 'correct horse battery';
  const rows = await database.db
    .insert(users)
    .values({
      email: options.email ?? `person${n}@library.test`,
      username: options.username ?? `person${n}`,
      displayName: options.displayName ?? `Person ${n}`,
      passwordHash: await hashPassword(password),
      role: options.role ?? 'member',
    })
    .returning();
  const user = rows[0]!;
  return { ...user, password };
}

export type TestUser = Awaited<ReturnType<typeof createUser>>;

/** The actor a use case takes, for a test user (or anyone with the same fields). */
export function actorFor(user: Pick<TestUser, 'id' | 'username' | 'displayName' | 'email' | 'role'>): Actor {
  return { id: user.id, username: user.username, displayName: user.displayName, email: user.email, role: user.role };
}

/**
 * A browser already signed in as `user`: the session is created straight in
 * the database, so tests do not spend the sign-in rate limit.
 */
export async function clientFor(t: TestApp, user: { id: number }, origin?: string): Promise<TestClient> {
  const { token } = await createSession(t.database.db, user.id, t.clock.now());
  const client = new TestClient(t.app, origin);
  client.cookies.set(SESSION_COOKIE, token);
  return client;
}

export async function countRows(
  t: TestApp,
  table: 'events' | 'attachments' | 'articles' | 'jobs' | 'sessions',
): Promise<number> {
  const rows = rowsOf<{ n: number | string }>(
    await t.database.db.execute(sql.raw(`select count(*) as n from ${table}`)),
  );
  return Number(rows[0]?.n ?? 0);
}

import type { Context } from 'hono';
import type { Actor } from '../auth/actor';
import type { SessionCache } from '../auth/sessions';
import type { PageCache } from '../cache/page-cache';
import type { Clock } from '../clock';
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { Mailer } from '../mail/mailer';
import { httpErrors } from './errors';

/** What every request handler can reach. Built once in main.ts (or a test) and passed to createServer. */
export interface Deps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  pageCache: PageCache;
  /** Resolved sessions reused for a few seconds (absent: every request asks the database). */
  sessionCache?: SessionCache;
}

export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    actor: Actor | null;
    /** Raw session cookie value; null when signed out. */
    sessionToken: string | null;
    csrfToken: string;
    /** Unread notifications of the signed-in person, for the header (set by the notifications module). */
    unreadNotifications?: number;
    /** Conversations with unread messages, for the header (set by the people module). */
    unreadMessages?: number;
  };
};

export type AppContext = Context<AppEnv>;

export function actorOf(c: AppContext): Actor | null {
  return c.get('actor') ?? null;
}

/** Authenticate first (habit 1): the signed-in member, or a 401 sign-in answer before anything is looked up. */
export function requireActor(c: AppContext): Actor {
  const actor = actorOf(c);
  if (!actor) throw httpErrors.signInRequired();
  return actor;
}

export function isHttps(c: AppContext): boolean {
  const { config } = c.get('deps');
  if (config.baseUrl.startsWith('https://')) return true;
  if (config.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

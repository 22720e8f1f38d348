import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Database } from '../../platform/db/database';
import type { AppEnv, Deps } from '../../platform/http/context';
import { renderPost } from './community.content';
import { communityErrors } from './community.errors';
import { idFrom, knownMentions } from './community.http';
import { LIVE_CHANNEL } from './community.publish';
import * as repo from './community.repository';
import { PostItem } from './views/parts';

export interface LivePost {
  id: number;
  number: number;
  author: string;
  html: string;
}

interface Subscriber {
  /** The newest post number this page already shows. */
  after: number;
  send(posts: LivePost[]): void;
}

const BATCH = 50;
const HEARTBEAT_MS = 25_000;
/** A stream ends after this long; the browser reconnects and carries on from the last post it saw. */
const STREAM_MS = 10 * 60_000;

/**
 * Open thread pages in this process, by thread. Postgres NOTIFY on
 * `forum_live` (sent in the posting transaction, delivered on commit) reaches
 * every process sharing the database; each renders the new posts once and
 * sends each open page the ones it does not have yet.
 */
export class LiveThreads {
  private readonly byThread = new Map<number, Set<Subscriber>>();
  private listening: Promise<unknown> | undefined;
  private endAll: () => void = () => {};
  /** Resolves when the hub is shutting down: every open stream ends so the server can close promptly. */
  readonly closing = new Promise<void>((resolve) => {
    this.endAll = resolve;
  });

  close(): void {
    this.endAll();
  }

  constructor(private readonly deps: Pick<Deps, 'database' | 'logger'>) {}

  private listen(): Promise<unknown> {
    this.listening ??= this.deps.database.listen(LIVE_CHANNEL, (payload) => {
      // An empty payload: the listener reconnected and may have missed notices.
      const ids = payload === '' ? [...this.byThread.keys()] : [Number(payload)];
      for (const id of ids) if (Number.isSafeInteger(id)) void this.refresh(id);
    });
    return this.listening;
  }

  async subscribe(threadId: number, subscriber: Subscriber): Promise<() => void> {
    await this.listen();
    let set = this.byThread.get(threadId);
    if (!set) {
      set = new Set();
      this.byThread.set(threadId, set);
    }
    set.add(subscriber);
    // Catch up: posts published between rendering the page and opening the stream.
    await this.refresh(threadId, [subscriber]);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.byThread.delete(threadId);
    };
  }

  get openPages(): number {
    let n = 0;
    for (const set of this.byThread.values()) n += set.size;
    return n;
  }

  async refresh(threadId: number, only?: Subscriber[]): Promise<void> {
    const subscribers = only ?? [...(this.byThread.get(threadId) ?? [])];
    if (subscribers.length === 0) return;
    try {
      const db = this.deps.database.db;
      const thread = await repo.findThread(db, threadId);
      if (thread?.status !== 'published') return;
      const from = Math.min(...subscribers.map((s) => s.after));
      const posts = await repo.postsAfter(db, threadId, from, BATCH);
      if (posts.length === 0) return;
      const known = await knownMentions(db, posts.map((p) => p.body));
      const rendered: LivePost[] = posts.map((post) => ({
        id: post.id,
        number: post.number,
        author: post.authorName,
        html: String(<PostItem post={post} html={renderPost(post.body, known)} accepted={false} />),
      }));
      for (const s of subscribers) {
        const fresh = rendered.filter((p) => p.number > s.after);
        if (fresh.length === 0) continue;
        s.after = fresh.at(-1)!.number;
        s.send(fresh);
      }
    } catch (error) {
      this.deps.logger.warn('live thread update failed', { threadId, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

const hubs = new WeakMap<Database, LiveThreads>();

export function liveThreadsFor(deps: Pick<Deps, 'database' | 'logger'>): LiveThreads {
  let hub = hubs.get(deps.database);
  if (!hub) {
    hub = new LiveThreads(deps);
    hubs.set(deps.database, hub);
  }
  return hub;
}

/** `GET /forum/t/:id/events?after=N`: Server-Sent Events, one `post` event per new reply. */
export function addLiveRoute(routes: Hono<AppEnv>) {
  routes.get('/forum/t/:id/events', async (c) => {
    const deps = c.get('deps');
    const threadId = idFrom(c.req.param('id'), communityErrors.threadNotFound);
    const thread = await repo.findThread(deps.database.db, threadId);
    if (thread?.status !== 'published') throw communityErrors.threadNotFound();
    const raw = c.req.header('last-event-id') ?? c.req.query('after') ?? '0';
    const after = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const subscriber: Subscriber = {
        after,
        send(posts) {
          for (const p of posts) stream.writeSSE({ event: 'post', id: String(p.number), data: JSON.stringify(p) }).catch(() => {});
        },
      };
      const gone = new Promise<void>((resolve) => stream.onAbort(resolve));
      await stream.writeSSE({ event: 'ready', data: String(after), retry: 3000 });
      const live = liveThreadsFor(deps);
      const unsubscribe = await live.subscribe(threadId, subscriber);
      const ends = Date.now() + STREAM_MS;
      let shuttingDown = false;
      void live.closing.then(() => {
        shuttingDown = true;
      });
      try {
        while (!stream.aborted && !stream.closed && !shuttingDown && Date.now() < ends) {
          await Promise.race([stream.sleep(HEARTBEAT_MS), gone, live.closing]);
          if (!stream.aborted && !stream.closed) await stream.write(': keep-alive\n\n').catch(() => {});
        }
      } finally {
        unsubscribe();
      }
    });
  });
}

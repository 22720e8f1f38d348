import type { Hono } from 'hono';
import { storedHtml } from '../../platform/content/stored-html';
import type { Database } from '../../platform/db/database';
import type { AppEnv, Deps } from '../../platform/http/context';
import { clientIp } from '../../platform/http/client-ip';
import { openEventStream } from '../../platform/http/event-stream';
import { wholeNumber } from '../../platform/http/params';
import { communityErrors } from './community.errors';
import { idFrom } from './community.http';
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
  /** The page is too far behind to catch up by streaming: it is told to reload, and its stream ends. */
  reload?(): void;
}

/**
 * The most posts a page is sent to catch up (on opening or reconnecting with
 * Last-Event-ID). A page further behind than this is told to reload instead:
 * a reload is one cached page, while streaming the gap would cost one render
 * per missing post for every such connection.
 */
export const CATCH_UP_MAX = 50;
const HEARTBEAT_MS = 25_000;
/** A stream ends after this long; the browser reconnects and carries on from the last post it saw. */
export const STREAM_MS = 10 * 60_000;
/** How long a refused page waits before trying live updates again. */
const RETRY_AFTER_SECONDS = 60;

/**
 * Open thread pages in this process, by thread. Postgres NOTIFY on
 * `forum_live` (sent in the posting transaction, delivered on commit) reaches
 * every process sharing the database; each wraps the new posts' stored HTML
 * once and sends each open page the ones it does not have yet.
 */
export class LiveThreads {
  private readonly byThread = new Map<number, Set<Subscriber>>();
  private listening: Promise<unknown> | undefined;
  /** Open streams by client address, and a way to end each one. Both are emptied as streams end. */
  private readonly perIp = new Map<string, number>();
  private readonly streams = new Set<() => void>();
  private total = 0;
  private closed = false;

  /** The hub is shutting down: every open stream ends so the server can close promptly. */
  close(): void {
    this.closed = true;
    for (const end of [...this.streams]) end();
  }

  /**
   * A place for one more stream from `ip`, or the error to answer with: a
   * client over its share is refused (429), and so is everyone once the
   * process holds `max` streams (503). The returned function frees the place.
   */
  admit(ip: string, limits: { perIp: number; max: number }): (() => void) | Error {
    if (this.closed || this.total >= limits.max) return communityErrors.liveUpdatesBusy(RETRY_AFTER_SECONDS);
    const mine = this.perIp.get(ip) ?? 0;
    if (mine >= limits.perIp) return communityErrors.tooManyLiveUpdates(RETRY_AFTER_SECONDS);
    this.perIp.set(ip, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perIp.get(ip) ?? 1) - 1;
      if (left > 0) this.perIp.set(ip, left);
      else this.perIp.delete(ip);
    };
  }

  /** Register a way to end an open stream at shutdown; the returned function forgets it. */
  track(end: () => void): () => void {
    if (this.closed) end();
    this.streams.add(end);
    return () => this.streams.delete(end);
  }

  /** What this process holds, for tests and the benchmark: nothing may linger after streams close. */
  get usage(): { streams: number; addresses: number; pages: number; threads: number; stoppers: number } {
    return {
      streams: this.total,
      addresses: this.perIp.size,
      pages: this.openPages,
      threads: this.byThread.size,
      stoppers: this.streams.size,
    };
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
    const unsubscribe = () => {
      set.delete(subscriber);
      if (set.size === 0 && this.byThread.get(threadId) === set) this.byThread.delete(threadId);
    };
    // Catch up: posts published between rendering the page (or the last post seen) and opening the stream.
    await this.refresh(threadId, [subscriber]);
    return unsubscribe;
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
      // Post numbers are unique in a thread, so a page at most CATCH_UP_MAX numbers
      // behind the newest gets everything it misses from one batch of that size.
      // A page that has the newest post already (the usual case on opening) costs this one query.
      const newest = (await repo.nextPostNumber(db, threadId)) - 1;
      const current = subscribers.filter((s) => s.after < newest && newest - s.after <= CATCH_UP_MAX);
      const behind = subscribers.filter((s) => newest - s.after > CATCH_UP_MAX);
      if (current.length === 0 && behind.length === 0) return;
      const thread = await repo.findThread(db, threadId);
      if (thread?.status !== 'published') return;
      for (const s of behind) s.reload?.();
      if (current.length === 0) return;
      const from = Math.min(...current.map((s) => s.after));
      const posts = await repo.postsAfter(db, threadId, from, CATCH_UP_MAX);
      if (posts.length === 0) return;
      const rendered: LivePost[] = posts.map((post) => ({
        id: post.id,
        number: post.number,
        author: post.authorName,
        html: String(<PostItem post={post} html={storedHtml(post.bodyHtml, post.body)} accepted={false} />),
      }));
      for (const s of current) {
        const fresh = rendered.filter((p) => p.number > s.after);
        if (fresh.length === 0) continue;
        s.after = fresh.at(-1)!.number;
        s.send(fresh);
      }
    } catch (error) {
      this.deps.logger.warn('live thread update failed', {
        threadId,
        error: error instanceof Error ? error.message : String(error),
      });
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

/**
 * `GET /forum/t/:id/events?after=N`: Server-Sent Events, one `post` event per
 * new reply. Each client address may hold LIVE_STREAMS_PER_IP streams and the
 * process LIVE_STREAMS_MAX; beyond that the answer is 429 (or 503) with
 * Retry-After, and the page simply stays as it is (see src/client/thread.ts).
 * A stream lasts at most STREAM_MS; the browser then reconnects. Added to the forum's sub-app (mounted at "/forum").
 */
export function addLiveRoute(routes: Hono<AppEnv>) {
  routes.get('/t/:id/events', async (c) => {
    const deps = c.get('deps');
    const threadId = idFrom(c.req.param('id'), communityErrors.threadNotFound);
    const live = liveThreadsFor(deps);
    const release = live.admit(clientIp(c), { perIp: deps.config.liveStreamsPerIp, max: deps.config.liveStreamsMax });
    if (release instanceof Error) throw release;
    let thread: Awaited<ReturnType<typeof repo.findThread>>;
    try {
      thread = await repo.findThread(deps.database.db, threadId);
    } catch (error) {
      release();
      throw error;
    }
    if (thread?.status !== 'published') {
      release();
      throw communityErrors.threadNotFound();
    }
    const after = wholeNumber(c.req.header('last-event-id') ?? c.req.query('after')) ?? 0;
    const { stream, response } = openEventStream(c);
    // Everything this stream holds is let go in one place, however it ends: the
    // client hanging up, a reload notice, its lifetime, or the hub shutting down.
    let unsubscribe = () => {};
    let heartbeat: NodeJS.Timeout | undefined;
    const untrack = live.track(() => stream.end());
    stream.onClose(() => {
      clearTimeout(heartbeat);
      unsubscribe();
      untrack();
      release();
    });
    const subscriber: Subscriber = {
      after,
      send(posts) {
        for (const p of posts) stream.send({ event: 'post', id: String(p.number), data: JSON.stringify(p) });
      },
      reload() {
        stream.send({ event: 'reload', data: 'Too many new replies to stream: reload the page.' });
        stream.end();
      },
    };
    stream.send({ event: 'ready', data: String(after), retry: 3000 });
    const ends = Date.now() + STREAM_MS;
    const beat = () => {
      heartbeat = setTimeout(
        () => {
          if (Date.now() >= ends) return stream.end();
          stream.comment('keep-alive');
          beat();
        },
        Math.min(HEARTBEAT_MS, ends - Date.now()),
      );
    };
    beat();
    live.subscribe(threadId, subscriber).then(
      (off) => {
        if (stream.open) unsubscribe = off;
        else off();
      },
      () => stream.end(),
    );
    return response;
  });
}

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { CATCH_UP_MAX, liveThreadsFor } from './community.live';
import { errorCode } from '../../../test/helpers/http';
import { reply, startThread } from '../../../test/helpers/forum';
import { eventReader } from '../../../test/helpers/sse';

// Live-update streams are long-lived, so each client address gets a few and
// the process a fixed number; a page far behind is told to reload rather than
// sent everything it missed; and a closed stream leaves nothing behind.

const PER_IP = 3;
const MAX = 8;
let t: TestApp;
let author: TestUser;
let threadId: number;

beforeAll(async () => {
  t = await createTestApp({ seed: true, config: { trustProxy: true, liveStreamsPerIp: PER_IP, liveStreamsMax: MAX } });
  author = await createUser(t.database, { role: 'moderator' });
  ({
    thread: { id: threadId },
  } = await startThread(t, author, { title: 'A busy thread' }));
});
afterAll(() => t.close());

/** Open a stream from `ip`; `events()` reads until `done` says so (or the stream ends), `close()` hangs up. */
async function open(ip: string, query = 'after=1', headers: Record<string, string> = {}) {
  const res = await t.app.request(`http://localhost/forum/t/${threadId}/events?${query}`, {
    headers: { 'x-forwarded-for': ip, ...headers },
  });
  return { res, ...eventReader(res) };
}

/** Streams end a moment after the client hangs up (the loop wakes, unsubscribes and frees its place). */
async function settled(expected: Partial<ReturnType<typeof liveThreadsFor>['usage']>) {
  const live = liveThreadsFor(t.deps);
  // On PostgreSQL the unsubscribe waits for an UNLISTEN round trip: poll, do not count event-loop turns.
  await vi.waitFor(() => expect(live.usage).toMatchObject(expected), { timeout: 10_000, interval: 10 });
}

describe('how many streams a client may hold', () => {
  it(`gives one address ${PER_IP} streams, refuses the next with 429 and Retry-After, and still serves other addresses`, async () => {
    const mine = await Promise.all(Array.from({ length: PER_IP }, () => open('198.51.100.7')));
    for (const s of mine) expect(s.res.status).toBe(200);
    const refused = await open('198.51.100.7');
    expect(refused.res.status).toBe(429);
    expect(Number(refused.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorCode(await refused.res.text())).toBe('forum.too_many_live_updates');
    // A made-up first X-Forwarded-For entry does not make a new client: the proxy's own entry counts.
    const spoofed = await open('203.0.113.99, 198.51.100.7');
    expect(spoofed.res.status).toBe(429);
    await spoofed.close();
    const other = await open('198.51.100.8');
    expect(other.res.status).toBe(200);

    // Hanging up frees the place.
    await mine[0]!.close();
    await settled({ streams: PER_IP });
    const again = await open('198.51.100.7');
    expect(again.res.status).toBe(200);
    for (const s of [...mine.slice(1), other, again]) await s.close();
    await settled({ streams: 0, addresses: 0 });
  });

  it(`holds at most ${MAX} streams in all, then answers 503 with Retry-After`, async () => {
    const streams = await Promise.all(Array.from({ length: MAX }, (_, i) => open(`192.0.2.${i + 1}`)));
    for (const s of streams) expect(s.res.status).toBe(200);
    const refused = await open('192.0.2.200');
    expect(refused.res.status).toBe(503);
    expect(refused.res.headers.get('retry-after')).toBeTruthy();
    expect(errorCode(await refused.res.text())).toBe('forum.live_updates_busy');
    for (const s of streams) await s.close();
    await settled({ streams: 0 });
  });

  it('does not count a refused or not-found request against the address', async () => {
    const missing = await t.app.request('http://localhost/forum/t/999999/events', {
      headers: { 'x-forwarded-for': '198.51.100.50' },
    });
    expect(missing.status).toBe(404);
    await settled({ streams: 0, addresses: 0 });
  });
});

describe('catching up after a reconnect', () => {
  it(`streams what a page missed when it is at most ${CATCH_UP_MAX} posts behind, and tells a page further behind to reload`, async () => {
    const writers = [
      author,
      await createUser(t.database, { role: 'moderator' }),
      await createUser(t.database, { role: 'moderator' }),
    ];
    for (let i = 0; i < CATCH_UP_MAX + 5; i++)
      await reply(t, writers[i % writers.length]!, threadId, `Reply number ${i + 2}, with enough words.`);
    const newest = CATCH_UP_MAX + 6;

    const near = await open('198.51.100.20', '', { 'last-event-id': String(newest - CATCH_UP_MAX) });
    const events = await near.events((e) => e.filter((x) => x.event === 'post').length >= CATCH_UP_MAX);
    const numbers = events.filter((e) => e.event === 'post').map((e) => Number(e.id));
    expect(numbers).toEqual(Array.from({ length: CATCH_UP_MAX }, (_, i) => newest - CATCH_UP_MAX + 1 + i));
    await near.close();

    for (const far of [
      await open('198.51.100.21', '', { 'last-event-id': '0' }),
      await open('198.51.100.22', 'after=1'),
    ]) {
      const seen = await far.events((e) => e.some((x) => x.event === 'reload'));
      expect(seen.map((e) => e.event)).toEqual(['ready', 'reload']);
      // The stream ends by itself: the page reloads instead of reconnecting.
      expect(await far.events(() => false)).toHaveLength(2);
    }
    await settled({ streams: 0, pages: 0, threads: 0 });
  });
});

describe('closing streams', () => {
  it('leaves no subscription, address, shutdown hook or slot behind', async () => {
    const streams = await Promise.all(
      Array.from({ length: MAX }, (_, i) => open(`198.18.0.${i + 1}`, `after=${CATCH_UP_MAX + 6}`)),
    );
    for (const s of streams) await s.events((e) => e.some((x) => x.event === 'ready'));
    await settled({ streams: MAX, pages: MAX, threads: 1, stoppers: MAX });
    for (const s of streams) await s.close();
    await settled({ streams: 0, addresses: 0, pages: 0, threads: 0, stoppers: 0 });
  });

  it('ends every open stream when the hub shuts down', async () => {
    const live = liveThreadsFor(t.deps);
    const streams = await Promise.all(
      Array.from({ length: 3 }, (_, i) => open(`198.18.1.${i + 1}`, `after=${CATCH_UP_MAX + 6}`)),
    );
    for (const s of streams) await s.events((e) => e.some((x) => x.event === 'ready'));
    live.close();
    for (const s of streams) expect((await s.events(() => false)).map((e) => e.event)).toEqual(['ready']);
    await settled({ streams: 0, stoppers: 0, pages: 0 });
    const refused = await open('198.18.1.9');
    expect(refused.res.status).toBe(503);
  });
});

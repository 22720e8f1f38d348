import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThread } from '../../src/features/community/community.usecases';
import { loadConfig } from '../../src/platform/config/config';
import { openDatabase } from '../../src/platform/db/open';
import { CONNECTION_TIMEOUTS } from '../../src/platform/http/connection-limits';
import { createUser, actorFor } from '../helpers/app';
import { type HubProcess, spawnHub } from '../helpers/process';
import { key } from '../helpers/forum';

/**
 * Finding 7 of issue 8: one client held 3,000 live-update streams, and about
 * 20,000 slow-header connections exhausted file descriptors so that real
 * requests were refused. Now one address gets a few streams and a bounded
 * number of sockets, slow headers are cut off, and everyone else is answered.
 *
 * The attacker connects from 127.0.0.1, the other client from 127.0.0.2
 * (all of 127.0.0.0/8 is loopback on Linux), so the hub sees two addresses.
 */

const ATTACKER = '127.0.0.1';
const OTHER = '127.0.0.2';
const SLOW_HEADERS = 200;
const STREAMS = 100;
/** Defaults the hub starts with (see src/platform/config/config.ts). */
const STREAMS_PER_IP = 6;
const CONNECTIONS_PER_IP = 64;
/** Generous for a shared 2-core machine. */
const ANSWER_CEILING_MS = 2000;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-connections-'));
const env: Record<string, string> = { DATA_DIR: dataDir, DATABASE_URL: '', SEED_CONTENT: 'false' };
let hub: HubProcess | undefined;
let port = 0;
let threadId = 0;
const attackerSockets: net.Socket[] = [];
const attackerRequests: http.ClientRequest[] = [];

async function prepare(): Promise<void> {
  const database = await openDatabase(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    await database.db.execute(
      sql`insert into forum_categories (slug, name, description) values ('lending', 'Lending', 'Lending')`,
    );
    const author = actorFor(await createUser(database, { role: 'admin', username: 'thread-starter' }));
    const started = await createThread({
      db: database.db,
      actor: author,
      now: new Date('2026-03-02T15:00:00Z'),
      input: {
        title: 'Courier schedules',
        body: 'Which days does your courier come?',
        categorySlug: 'lending',
        kind: 'discussion',
        topicSlugs: [],
      },
      idempotencyKey: key(),
    });
    if (!started.ok) throw new Error(JSON.stringify(started.errors));
    threadId = started.thread.id;
  } finally {
    await database.close();
  }
}

/** A GET from a given local address, on its own connection. Resolves with the status and time, or the error. */
function get(
  pathname: string,
  localAddress: string,
  keepOpen = false,
): Promise<{ status: number; ms: number; req: http.ClientRequest } | { error: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        localAddress,
        agent: false,
        headers: { accept: 'text/event-stream, text/html' },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (keepOpen && status === 200) {
          // A stream that stays open: keep reading so the hub is never blocked by us.
          res.resume();
          resolve({ status, ms: performance.now() - started, req });
          return;
        }
        res.resume();
        res.on('end', () => resolve({ status, ms: performance.now() - started, req }));
        res.on('error', () => resolve({ status, ms: performance.now() - started, req }));
      },
    );
    req.on('error', (error) =>
      resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message, ms: performance.now() - started }),
    );
    req.setTimeout(20_000, () => req.destroy(new Error('client timeout')));
    if (keepOpen) attackerRequests.push(req);
  });
}

/** A connection that sends part of a request and then a header byte now and then, never finishing. */
function slowHeaders(): Promise<{ socket: net.Socket; closed: Promise<number> }> {
  return new Promise((resolve) => {
    const opened = performance.now();
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: ATTACKER });
    attackerSockets.push(socket);
    const closed = new Promise<number>((done) => socket.once('close', () => done(performance.now() - opened)));
    socket.on('error', () => {});
    let drip: NodeJS.Timeout | undefined;
    socket.once('connect', () => {
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      drip = setInterval(() => socket.write('X-a: b\r\n', () => {}), 1000);
      resolve({ socket, closed });
    });
    socket.once('close', () => {
      clearInterval(drip);
      resolve({ socket, closed });
    });
  });
}

beforeAll(async () => {
  await prepare();
  hub = await spawnHub(env, 60_000);
  port = Number(new URL(hub.url).port);
}, 90_000);

afterAll(async () => {
  for (const s of attackerSockets) s.destroy();
  for (const r of attackerRequests) r.destroy();
  await hub?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('one address opening many connections', () => {
  it('gets a few live-update streams and a bounded number of sockets; slow headers are cut off; another client is answered throughout', async () => {
    const events = `/forum/t/${threadId}/events?after=1`;

    // 100 live-update streams from the attacker: a handful are served, the rest refused.
    const streams = await Promise.all(Array.from({ length: STREAMS }, () => get(events, ATTACKER, true)));
    const open = streams.filter((s) => 'status' in s && s.status === 200).length;
    const refused = streams.filter((s) => 'status' in s && s.status === 429).length;
    // Those arriving while the address already has its share of sockets are closed before a request is read.
    const dropped = streams.filter((s) => 'error' in s).length;
    expect(open).toBe(STREAMS_PER_IP);
    expect(refused).toBeGreaterThan(0);
    expect(open + refused + dropped).toBe(STREAMS);

    // 200 slow-header connections on top: the address's socket cap closes the extra ones at once.
    const slow = await Promise.all(Array.from({ length: SLOW_HEADERS }, () => slowHeaders()));
    const closedAtOnce = await Promise.all(
      slow.map((s) =>
        Promise.race([s.closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1500))]),
      ),
    );
    expect(closedAtOnce.filter(Boolean).length).toBeGreaterThanOrEqual(
      SLOW_HEADERS - (CONNECTIONS_PER_IP - STREAMS_PER_IP),
    );

    // Meanwhile another client is answered: a health check, a page, and its own live-update stream.
    for (const pathname of ['/healthz', '/forum', `/forum/t/${threadId}`]) {
      const res = await get(pathname, OTHER);
      expect(res, pathname).toHaveProperty('status', 200);
      expect(res.ms, pathname).toBeLessThan(ANSWER_CEILING_MS);
    }
    const theirs = await get(events, OTHER, true);
    expect(theirs).toHaveProperty('status', 200);
    if ('req' in theirs) theirs.req.destroy();

    // The attacker's own extra stream is still refused.
    const extra = await get(events, ATTACKER);
    expect('status' in extra ? extra.status : extra.error).not.toBe(200);

    // Slow headers are dropped by the header time-out, not held until the client gives up.
    const lifetimes = await Promise.all(slow.map((s) => s.closed));
    const ceiling = CONNECTION_TIMEOUTS.headersMs + CONNECTION_TIMEOUTS.checkEveryMs + 5_000;
    expect(Math.max(...lifetimes)).toBeLessThan(ceiling);

    // With them gone, the attacker's address is served again like anyone's.
    const after = await get('/healthz', ATTACKER);
    expect(after).toHaveProperty('status', 200);
  }, 60_000);
});

// Issue 8: resident memory of the hub after 3,000 live-update streams were
// opened and closed (target ≤ 300 MiB). The streams come in waves within the
// hub's caps (LIVE_STREAMS_PER_IP, LIVE_STREAMS_MAX at their defaults): each
// from one of many loopback source addresses (127.0.0.0/8 is all loopback on
// Linux), six to an address, each waiting for its `ready` event before the
// wave is closed. Also reported: memory with a wave open (cost per stream) and
// the statuses, so a refused wave shows up.
// Run alone with `npm run bench -- --skip <every other section> --articles 50`
// or `npx tsx bench/streams.ts [--streams 3000] [--wave 500] [--hub tsx|dist] [--json]`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createThread } from '../src/features/community/community.usecases';
import { users } from '../src/platform/auth/auth.table';
import { hashPassword } from '../src/platform/auth/passwords';
import { openDatabase } from '../src/platform/db/open';
import { type Child, HUB_COMMANDS, memoryOf, spawnHub, waitForOk } from './processes';
import type { Row } from './report';

export const STREAMS_RSS_TARGET_MIB = 300;
/** The hub's default LIVE_STREAMS_PER_IP. */
const PER_ADDRESS = 6;
/** Streams being opened at once within a wave. */
const OPENING = 100;

export interface StreamsBenchOptions {
  streams?: number;
  wave?: number;
  hub?: keyof typeof HUB_COMMANDS;
  log?: (line: string) => void;
}

export interface StreamsBenchResult {
  streams: number;
  wave: number;
  statuses: Record<string, number>;
  /** VmRSS right after start (settled), with the last wave open, and after every stream closed (settled). */
  startMiB: number;
  openMiB: number;
  afterMiB: number;
  peakMiB: number;
  targetMiB: number;
}

async function prepare(dataDir: string): Promise<number> {
  const database = await openDatabase({ dataDir, databaseUrl: undefined });
  try {
    const db = database.db;
    await db.execute(
      sql`insert into forum_categories (slug, name, description) values ('bench-live', 'Live', 'Live updates') on conflict do nothing`,
    );
    const row = (
      await db
        .insert(users)
        .values({
          email: 'streams@bench.test',
          username: 'stream-writer',
          displayName: 'Stream Writer',
          passwordHash: await hashPassword('bench passphrase, not secret'),
          role: 'admin',
        })
        .returning()
    )[0]!;
    const actor = {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      email: row.email,
      role: row.role,
    };
    const started = await createThread({
      db,
      actor,
      now: new Date('2026-03-02T15:00:00Z'),
      input: {
        title: 'A thread many pages watch',
        body: 'Which days does your courier come?',
        categorySlug: 'bench-live',
        kind: 'discussion',
        topicSlugs: [],
      },
      idempotencyKey: 'bench-streams-thread-0001',
    });
    if (!started.ok) throw new Error(JSON.stringify(started.errors));
    return started.thread.id;
  } finally {
    await database.close();
  }
}

/** Source address for stream `i`: six streams to an address, from 127.1.0.1 on. */
function addressOf(i: number): string {
  const a = Math.floor(i / PER_ADDRESS);
  return `127.1.${Math.floor(a / 250)}.${(a % 250) + 1}`;
}

/** Open one stream and wait for its `ready` event; resolves with the status and the request (to close it). */
function openStream(
  port: number,
  pathname: string,
  localAddress: string,
): Promise<{ status: string; req?: http.ClientRequest }> {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: pathname, localAddress, agent: false, headers: { accept: 'text/event-stream' } },
      (res) => {
        const status = String(res.statusCode);
        if (res.statusCode !== 200) {
          res.resume();
          resolve({ status });
          return;
        }
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('event: ready')) resolve({ status, req });
        });
        res.on('error', () => resolve({ status: 'reset' }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: error.code ?? 'error' }));
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
  });
}

/** RSS once it stops falling: sampled every 500 ms until two samples agree within 1 MiB (at most `ms`). */
async function settledRss(pid: number, ms = 15_000): Promise<number> {
  const deadline = performance.now() + ms;
  let last = memoryOf(pid).rssMiB;
  while (performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const now = memoryOf(pid).rssMiB;
    if (Math.abs(now - last) < 1) return now;
    last = now;
  }
  return last;
}

export async function runStreamsBench(options: StreamsBenchOptions = {}): Promise<StreamsBenchResult> {
  const total = options.streams ?? 3000;
  const wave = options.wave ?? 500;
  const say = options.log ?? ((m: string) => process.stderr.write(`[bench:streams] ${m}\n`));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-streams-bench-'));
  let hub: Child | undefined;
  try {
    const threadId = await prepare(dataDir);
    hub = await spawnHub({ dataDir, args: HUB_COMMANDS[options.hub ?? 'dist'] });
    await waitForOk(hub, '/healthz');
    await waitForOk(hub, `/forum/t/${threadId}`);
    // Background work starts a second after the hub answers; measure the hub at rest.
    await new Promise((r) => setTimeout(r, 3000));
    const startMiB = await settledRss(hub.pid);
    const pathname = `/forum/t/${threadId}/events?after=1`;
    const statuses: Record<string, number> = {};
    let openMiB = startMiB;
    for (let first = 0; first < total; first += wave) {
      const last = Math.min(total, first + wave);
      const open: http.ClientRequest[] = [];
      for (let i = first; i < last; i += OPENING) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(OPENING, last - i) }, (_, k) =>
            openStream(hub!.port, pathname, addressOf(i + k)),
          ),
        );
        for (const s of batch) {
          statuses[s.status] = (statuses[s.status] ?? 0) + 1;
          if (s.req) open.push(s.req);
        }
      }
      openMiB = memoryOf(hub.pid).rssMiB;
      for (const req of open) req.destroy();
      say(`streams ${first + 1}–${last}: ${open.length} open, RSS ${Math.round(openMiB)} MiB; closed`);
      // Let the hub notice the closed sockets before the next wave.
      await new Promise((r) => setTimeout(r, 500));
    }
    const afterMiB = await settledRss(hub.pid);
    const { peakMiB } = memoryOf(hub.pid);
    say(
      `RSS at rest ${Math.round(startMiB)} MiB, with a wave open ${Math.round(openMiB)} MiB, after ${total} streams ${Math.round(afterMiB)} MiB`,
    );
    return { streams: total, wave, statuses, startMiB, openMiB, afterMiB, peakMiB, targetMiB: STREAMS_RSS_TARGET_MIB };
  } finally {
    await hub?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const r0 = (n: number) => Math.round(n);

/** The bench table's rows for this section. */
export function streamsRows(r: StreamsBenchResult): Row[] {
  const refused = Object.entries(r.statuses)
    .filter(([status]) => status !== '200')
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ');
  const perStreamKiB = ((r.openMiB - r.startMiB) * 1024) / r.wave;
  return [
    {
      section: 'streams',
      metric: `hub resident memory after ${r.streams.toLocaleString('en')} live-update streams opened and closed (waves of ${r.wave})`,
      value: r0(r.afterMiB),
      unit: 'MiB',
      target: { op: '<=', value: r.targetMiB },
      result: r.afterMiB <= r.targetMiB ? 'PASS' : 'MISS',
      note: `${r0(r.startMiB)} MiB at rest before, ${r0(r.openMiB)} MiB with ${r.wave} open (about ${Math.max(0, Math.round(perStreamKiB))} KiB a stream), peak ${r0(r.peakMiB)} MiB${refused ? `; ${refused}` : ''}`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      streams: { type: 'string' },
      wave: { type: 'string' },
      hub: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const hubKind = values.hub === 'tsx' ? 'tsx' : 'dist';
  if (hubKind === 'dist') spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
  const result = await runStreamsBench({
    streams: values.streams ? Number(values.streams) : 3000,
    wave: values.wave ? Number(values.wave) : 500,
    hub: hubKind,
  });
  process.stdout.write(
    values.json
      ? `${JSON.stringify(result)}\n`
      : `${JSON.stringify({ ...result, rows: streamsRows(result) }, null, 2)}\n`,
  );
}

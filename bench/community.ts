// A forum thread with 500 replies, read anonymously through the real hub,
// against the article page measured in the same run (target: the thread page
// at ≥ 50 % of the article page's req/s). Also measured, for information: the
// same pages for a signed-in reader (never cached: every request renders) and
// a sweep through every page of the thread.
// Run alone with `npx tsx bench/community.ts [--replies 500] [--duration 10] [--connections 20] [--json]`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { sql } from 'drizzle-orm';
import { ensureSystemUser } from '../src/features/accounts';
import { seedForumCategories } from '../src/features/community/community.seed';
import { createThread, replyToThread } from '../src/features/community/community.usecases';
import { POSTS_PER_PAGE } from '../src/features/community/community.models';
import { loadStarterContent } from '../src/features/library';
import type { Actor } from '../src/platform/auth/actor';
import { users } from '../src/platform/auth/auth.table';
import { hashPassword } from '../src/platform/auth/passwords';
import { createSession, SESSION_COOKIE } from '../src/platform/auth/sessions';
import { rowsOf } from '../src/platform/db/database';
import { openDatabase } from '../src/platform/db/open';
import { type Child, HUB_COMMANDS, spawnHub, waitForOk } from './processes';

export interface CommunityBenchOptions {
  /** Replies in the thread (default 500). */
  replies?: number;
  /** Seconds of load per autocannon run (default 10). */
  duration?: number;
  connections?: number;
  hub?: keyof typeof HUB_COMMANDS;
  log?: (line: string) => void;
}

export interface Load {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export interface CommunityBenchResult {
  replies: number;
  pages: number;
  threadPath: string;
  articlePath: string;
  threadHtmlKiB: number;
  article: Load;
  thread: Load;
  lastPage: Load;
  allPages: Load;
  signedIn: { article: Load; thread: Load };
  /** Anonymous thread page ÷ anonymous article page. */
  ratio: number;
  target: { ratio: number; met: boolean };
}

export const THREAD_RATIO_TARGET = 0.5;

const BODIES = [
  'We lend **microfilm reels** for six weeks, reading-room use only, and ship them in padded boxes.',
  'Our courier runs twice a week. Ask for *library use only* if the reels are fragile.\n\n- Check the reel count\n- Insure for replacement value',
  'Has anyone asked the national library directly? They answered us within a week through ISO 18626.',
  '> Ask for library use only\n\nAgreed. We also photograph each reel box before it leaves.',
  'IFLA vouchers work for this lender; one voucher per reel in our experience. See the [IFLA voucher scheme](https://www.ifla.org/).',
];

function figures(r: Result): Load {
  return {
    reqPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

async function load(
  url: string,
  connections: number,
  duration: number,
  options: { paths?: string[]; headers?: Record<string, string> } = {},
): Promise<Load> {
  let next = 0;
  const paths = options.paths;
  const result = await autocannon({
    url,
    connections,
    duration,
    timeout: 30,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(paths
      ? {
          requests: [
            {
              setupRequest: (req) => {
                req.path = paths[next++ % paths.length];
                return req;
              },
            },
          ],
        }
      : {}),
  });
  return figures(result);
}

/** A data directory with the starter library and one thread of `replies` replies, written through the forum's use cases. */
export async function prepare(dataDir: string, replies: number, say: (m: string) => void) {
  const database = await openDatabase({ dataDir, databaseUrl: undefined });
  try {
    const db = database.db;
    let now = new Date('2026-01-05T09:00:00Z');
    const systemUserId = await ensureSystemUser(db, now);
    await loadStarterContent({ db, now, contentDir: 'content', systemUserId });
    await seedForumCategories(db, 'content');
    const passwordHash = await hashPassword('bench passphrase, not secret');
    const people: Actor[] = [];
    for (let i = 0; i < 12; i++) {
      const row = (
        await db
          .insert(users)
          .values({
            email: `forum${i}@bench.test`,
            username: `forum${i}`,
            displayName: `Forum Member ${i}`,
            passwordHash,
            role: 'member',
          })
          .returning()
      )[0]!;
      people.push({
        id: row.id,
        username: row.username,
        displayName: row.displayName,
        email: row.email,
        role: row.role,
      });
    }
    const started = await createThread({
      db,
      actor: people[0]!,
      now,
      input: {
        title: 'Who lends 1920s newspapers on microfilm internationally?',
        body: BODIES[0]!,
        categorySlug: 'international',
        kind: 'question',
        topicSlugs: ['international-ill'],
      },
      idempotencyKey: null,
    });
    if (!started.ok) throw new Error(JSON.stringify(started.errors));
    say(`writing ${replies} replies through replyToThread`);
    const t0 = performance.now();
    for (let i = 1; i <= replies; i++) {
      // A minute apart and shared among a dozen people: within every posting rate limit.
      now = new Date(now.getTime() + 60_000);
      const author = people[i % people.length]!;
      const body = `${BODIES[i % BODIES.length]!}\n\nReply ${i}${i % 7 === 0 ? ` — thanks @${people[(i + 1) % people.length]!.username}` : ''}.`;
      const result = await replyToThread({
        db,
        actor: author,
        now,
        threadId: started.thread.id,
        body,
        idempotencyKey: null,
      });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
    }
    say(`${replies} replies in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // The posts queued fan-out and email jobs; their cost is measured by the notifications
    // bench. Set them aside so the hub under load is idle, as when the article page is measured.
    const set = rowsOf<{ n: number }>(
      await db.execute(
        sql`with d as (update jobs set status = 'done', completed_at = now() where status = 'pending' returning 1) select count(*)::int as n from d`,
      ),
    );
    say(`${set[0]?.n ?? 0} queued background jobs set aside`);
    // The session starts now (the hub checks it against the real clock), not at the replies' made-up times.
    const { token } = await createSession(db, people[3]!.id, new Date());
    return { threadId: started.thread.id, sessionCookie: `${SESSION_COOKIE}=${token}` };
  } finally {
    await database.close();
  }
}

export async function runCommunityBench(options: CommunityBenchOptions = {}): Promise<CommunityBenchResult> {
  const replies = options.replies ?? 500;
  const duration = options.duration ?? 10;
  const connections = options.connections ?? 20;
  const say = options.log ?? ((m: string) => process.stderr.write(`[bench:community] ${m}\n`));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-community-bench-'));
  let hub: Child | undefined;
  try {
    const { threadId, sessionCookie } = await prepare(dataDir, replies, say);
    const pages = Math.ceil((replies + 1) / POSTS_PER_PAGE);
    hub = await spawnHub({ dataDir, args: HUB_COMMANDS[options.hub ?? 'tsx'] });
    await waitForOk(hub, '/healthz');
    const articlePath = '/articles/hard-citations';
    const threadPath = `/forum/t/${threadId}`;
    const lastPath = `${threadPath}?page=${pages}`;
    for (const p of [articlePath, threadPath, lastPath]) await waitForOk(hub, p);
    const html = await (await fetch(`${hub.url}${threadPath}`, { headers: { 'accept-encoding': 'identity' } })).text();
    if (!html.includes(`Page 1 of ${pages}`)) throw new Error(`${threadPath} does not show ${pages} pages`);
    const warm = Math.min(3, duration);
    say(`warming up (${warm} s each)`);
    await load(`${hub.url}${articlePath}`, connections, warm);
    await load(`${hub.url}${threadPath}`, connections, warm);
    say(
      `anonymous: article ${articlePath} vs thread ${threadPath} (${replies} replies, ${pages} pages), ${connections} connections × ${duration} s`,
    );
    const article = await load(`${hub.url}${articlePath}`, connections, duration);
    const thread = await load(`${hub.url}${threadPath}`, connections, duration);
    const lastPage = await load(`${hub.url}${lastPath}`, connections, duration);
    const allPaths = Array.from({ length: pages }, (_, i) => (i === 0 ? threadPath : `${threadPath}?page=${i + 1}`));
    const allPages = await load(hub.url, connections, duration, { paths: allPaths });
    say('signed in (rendered on every request)');
    const headers = { cookie: sessionCookie };
    const signedIn = {
      article: await load(`${hub.url}${articlePath}`, connections, duration, { headers }),
      thread: await load(`${hub.url}${threadPath}`, connections, duration, { headers }),
    };
    const ratio = article.reqPerSec > 0 ? thread.reqPerSec / article.reqPerSec : 0;
    say(`thread ÷ article = ${(ratio * 100).toFixed(1)} %`);
    return {
      replies,
      pages,
      threadPath,
      articlePath,
      threadHtmlKiB: Math.round((Buffer.byteLength(html) / 1024) * 10) / 10,
      article,
      thread,
      lastPage,
      allPages,
      signedIn,
      ratio,
      target: { ratio: THREAD_RATIO_TARGET, met: ratio >= THREAD_RATIO_TARGET },
    };
  } finally {
    await hub?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;
const note = (l: Load) => `p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms; errors ${l.errors}, non-2xx ${l.non2xx}`;

/** Rows for the bench table (the shape of bench/report.ts's Row). */
export function communityRows(r: CommunityBenchResult) {
  const info = (metric: string, l: Load) => ({
    section: 'forum',
    metric,
    value: round(l.reqPerSec),
    unit: 'req/s',
    result: 'INFO' as const,
    note: note(l),
  });
  return [
    info('anonymous article page (same run)', r.article),
    info(`anonymous thread page, ${r.replies} replies, page 1 of ${r.pages} (${r.threadHtmlKiB} KiB)`, r.thread),
    {
      section: 'forum',
      metric: 'thread page ÷ article page',
      value: round(r.ratio * 100, 1),
      unit: '%',
      target: { op: '>=' as const, value: THREAD_RATIO_TARGET * 100 },
      result: r.target.met ? ('PASS' as const) : ('MISS' as const),
    },
    info(`anonymous thread, last page (${r.pages})`, r.lastPage),
    info(`anonymous thread, all ${r.pages} pages in turn`, r.allPages),
    info('signed-in article page (not cached)', r.signedIn.article),
    info('signed-in thread page (not cached)', r.signedIn.thread),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      replies: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      hub: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const result = await runCommunityBench({
    ...(values.replies ? { replies: Number(values.replies) } : {}),
    ...(values.duration ? { duration: Number(values.duration) } : {}),
    ...(values.connections ? { connections: Number(values.connections) } : {}),
    ...(values.hub === 'dist' ? { hub: 'dist' as const } : {}),
  });
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    for (const row of communityRows(result))
      process.stdout.write(
        `${row.metric}: ${row.value} ${row.unit}${'note' in row && row.note ? ` (${row.note})` : ''}${row.result !== 'INFO' ? ` [${row.result}]` : ''}\n`,
      );
}

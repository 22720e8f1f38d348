// Fan-out bench (Community issue): 5,000 members watch one forum category; one post.
// 1. Time from the posting transaction until the fan-out job has queued all 5,000
//    notifications (target ≤ 2 s on PGlite).
// 2. Then the job workers run until every email (immediate or daily digest) has
//    reached a real SMTP listener on 127.0.0.1; each is counted, none may be lost.
// Run alone: npx tsx bench/notifications.ts [--members 5000] [--delivery mixed|immediate|digest] [--workers 4]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { DIGEST_TICK_QUEUE } from '../src/features/notifications/notifications.digest';
import { POST_FANOUT_QUEUE as FANOUT_QUEUE, queuePostFanout } from '../src/features/community/community.fanout';
import { featureModules, jobHandlers } from '../src/modules';
import { PageCache } from '../src/platform/cache/page-cache';
import { systemClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config/config';
import { type Database, rowsOf } from '../src/platform/db/database';
import { openDatabase } from '../src/platform/db/open';
import type { Deps } from '../src/platform/http/context';
import { createWorker, enqueue } from '../src/platform/jobs/queue';
import { createLogger } from '../src/platform/logger';
import { createMailer } from '../src/platform/mail/mailer';

export interface FanoutBenchOptions {
  /** Members watching the category (default 5,000). */
  members?: number;
  /** How they hear: every one by immediate email, every one by digest, or half and half (default). */
  delivery?: 'immediate' | 'digest' | 'mixed';
  /** Job workers sharing the queue while emails are sent (default 4). */
  workers?: number;
  /** A PostgreSQL server to use instead of a fresh PGlite data directory. */
  databaseUrl?: string;
  /** Give up waiting for emails after this long (default 10 minutes). */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface FanoutBenchResult {
  members: number;
  delivery: string;
  engine: string;
  /** Posting transaction committed → fan-out job done, all notifications queued. */
  queueMs: number;
  notificationsQueued: number;
  immediateEmailsQueued: number;
  /** Fan-out done → the last email accepted by the SMTP listener. */
  deliverMs: number;
  emailsReceived: number;
  distinctRecipients: number;
  emailsPerSecond: number;
  /** Mail jobs not done at the end (failed or still pending): must be 0. */
  mailJobsNotDone: number;
  lost: number;
}

async function startListener() {
  const recipients: string[] = [];
  let last = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) recipients.push(r.address);
        last = performance.now();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    recipients,
    lastAt: () => last,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function seed(database: Database, members: number, delivery: FanoutBenchOptions['delivery'], digestHour: number) {
  const db = database.db;
  const tag = Date.now().toString(36);
  await db.execute(sql`insert into users (email, username, display_name, role)
    select 'member' || g || '-' || ${tag} || '@bench.test', 'member' || g || ${tag}, 'Member ' || g, 'member' from generate_series(1, ${members + 1}) g`);
  const category = rowsOf<{ id: number }>(
    await db.execute(
      sql`insert into forum_categories (slug, name) values (${`bench-${tag}`}, 'Bench category') returning id`,
    ),
  )[0]!.id;
  const author = rowsOf<{ id: number }>(
    await db.execute(sql`select id from users where email = ${`member1-${tag}@bench.test`}`),
  )[0]!.id;
  const mode = (g: string) =>
    delivery === 'immediate'
      ? sql.raw(`'immediate'`)
      : delivery === 'digest'
        ? sql.raw(`'digest'`)
        : sql.raw(`case when ${g} % 2 = 0 then 'immediate' else 'digest' end`);
  await db.execute(sql`insert into subscriptions (user_id, target_type, target_id, delivery)
    select u.id, 'category', ${String(category)}, ${mode('u.id')} from users u where u.email like ${`%-${tag}@bench.test`} and u.id <> ${author}`);
  await db.execute(sql`insert into notification_settings (user_id, digest_hour_utc)
    select u.id, ${digestHour} from users u where u.email like ${`%-${tag}@bench.test`}`);
  const thread = rowsOf<{ id: number }>(
    await db.execute(
      sql`insert into forum_threads (category_id, title, author_id) values (${category}, 'Does anyone lend microfilm reels abroad?', ${author}) returning id`,
    ),
  )[0]!.id;
  return { category: Number(category), author: Number(author), thread: Number(thread) };
}

export async function runFanoutBench(options: FanoutBenchOptions = {}): Promise<FanoutBenchResult> {
  const members = options.members ?? 5000;
  const delivery = options.delivery ?? 'mixed';
  const say = options.log ?? ((m: string) => process.stderr.write(`[bench:fanout] ${m}\n`));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-fanout-'));
  const listener = await startListener();
  const config = {
    ...loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      BASE_URL: 'https://ill-commons.example',
      INBOUND_EMAIL_DOMAIN: 'reply.ill-commons.example',
    }),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  };
  const database = await openDatabase(config);
  try {
    const mailer = createMailer({
      from: 'ILL Commons <hub@ill-commons.example>',
      smtp: { host: '127.0.0.1', port: listener.port, secure: false, user: undefined, pass: undefined },
      outboxDir: dataDir,
    });
    const logger = createLogger('silent');
    const deps: Deps = { config, database, clock: systemClock, logger, mailer, pageCache: new PageCache() };
    const digestHour = new Date().getUTCHours();
    say(`seeding ${members} members watching one category (${delivery}) on ${database.kind}`);
    const { author, thread } = await seed(database, members, delivery, digestHour);
    const handlers = jobHandlers(deps, featureModules());
    const spent: Record<string, { jobs: number; ms: number }> = {};
    for (const [queue, handler] of Object.entries(handlers)) {
      handlers[queue] = async (payload, job) => {
        const t0 = performance.now();
        try {
          await handler(payload, job);
        } finally {
          const s = spent[queue] ?? { jobs: 0, ms: 0 };
          s.jobs++;
          s.ms += performance.now() - t0;
          spent[queue] = s;
        }
      };
    }

    // 1. One post; its transaction queues the fan-out job. Time until every notification is queued.
    const started = performance.now();
    await database.db.transaction(async (tx) => {
      const post = rowsOf<{ id: number }>(
        await tx.execute(
          sql`insert into forum_posts (thread_id, number, author_id, body) values (${thread}, 1, ${author}, 'We do, with a courier and a signed agreement.') returning id`,
        ),
      )[0]!;
      await queuePostFanout(tx, { postId: Number(post.id), now: systemClock.now() });
    });
    const fanout = createWorker({
      database,
      clock: systemClock,
      logger,
      handlers: { [FANOUT_QUEUE]: handlers[FANOUT_QUEUE]! },
    });
    await fanout.drain();
    const queueMs = performance.now() - started;
    const counts = rowsOf<{ n: number; immediate: number }>(
      await database.db.execute(
        sql`select count(*)::int as n, (count(*) filter (where delivery = 'immediate'))::int as immediate from notifications where dedupe_key like 'post:%'`,
      ),
    )[0]!;
    say(`${counts.n} notifications queued in ${Math.round(queueMs)} ms (${counts.immediate} by immediate email)`);

    // 2. The digest hour comes round; every worker shares the queue until the emails are out.
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
    await enqueue(
      database.db,
      DIGEST_TICK_QUEUE,
      { periodStart: hour },
      { runAt: systemClock.now(), dedupeKey: `bench-digest-${hour}` },
    );
    const deliverStarted = performance.now();
    const expected = members;
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    const workers = Array.from({ length: options.workers ?? 4 }, () =>
      createWorker({ database, clock: systemClock, logger, handlers }),
    );
    while (listener.recipients.length < expected && Date.now() < deadline) {
      const ran = await Promise.all(workers.map((w) => w.drain()));
      if (ran.every((n) => n === 0)) await new Promise((r) => setTimeout(r, 200)); // a retry waiting for its backoff
    }
    const deliverMs = (listener.lastAt() || performance.now()) - deliverStarted;
    const notDone = rowsOf<{ n: number }>(
      await database.db.execute(
        sql`select count(*)::int as n from jobs where queue = 'mail.send' and status <> 'done'`,
      ),
    )[0]!.n;
    const distinct = new Set(listener.recipients).size;
    const result: FanoutBenchResult = {
      members,
      delivery,
      engine: database.kind,
      queueMs: Math.round(queueMs),
      notificationsQueued: Number(counts.n),
      immediateEmailsQueued: Number(counts.immediate),
      deliverMs: Math.round(deliverMs),
      emailsReceived: listener.recipients.length,
      distinctRecipients: distinct,
      emailsPerSecond: Math.round((listener.recipients.length / deliverMs) * 1000),
      mailJobsNotDone: Number(notDone),
      lost: expected - distinct,
    };
    say(
      `time inside job handlers: ${Object.entries(spent)
        .map(([q, v]) => `${q} ${v.jobs} jobs ${Math.round(v.ms)} ms`)
        .join('; ')}`,
    );
    say(
      `${result.emailsReceived} emails (${distinct} distinct recipients) reached the SMTP listener in ${(deliverMs / 1000).toFixed(1)} s; ${result.lost} lost`,
    );
    return result;
  } finally {
    await database.close();
    await listener.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Fan-out figures for the bench table: the 2 s target, and "none lost". */
export function fanoutRows(r: FanoutBenchResult) {
  return [
    {
      section: 'fan-out',
      metric: `${r.members} watchers: post → notifications queued`,
      value: r.queueMs,
      unit: 'ms',
      target: { op: '<=' as const, value: 2000 },
    },
    {
      section: 'fan-out',
      metric: `emails at the SMTP listener (${r.delivery})`,
      value: r.emailsReceived,
      unit: 'emails',
      target: { op: '>=' as const, value: r.members },
    },
    {
      section: 'fan-out',
      metric: 'emails lost',
      value: r.lost,
      unit: 'emails',
      target: { op: '<=' as const, value: 0 },
    },
    {
      section: 'fan-out',
      metric: 'time to send them all',
      value: r.deliverMs,
      unit: 'ms',
      note: `${r.emailsPerSecond} emails/s, ${r.engine}`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  runFanoutBench({
    members: Number(arg('members') ?? 5000),
    delivery: (arg('delivery') as FanoutBenchOptions['delivery']) ?? 'mixed',
    workers: Number(arg('workers') ?? 4),
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  })
    .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
    .catch((error) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}

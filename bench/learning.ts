// Learning (issue 13). Two figures:
// 1. A lesson page read anonymously through the real hub (autocannon, pages cached whole), next to the anonymous
//    article page in the same run and on the same hub: req/s of each and their ratio.
// 2. The review page /learning/review for a member with 2,000 cards among 5,000 members who each have a deck of
//    their own (about one card in ten due, some overdue, the rest spread over the next months), through the app in
//    process on an in-memory database built with multi-row inserts into the real tables, as home.ts does.
// Targets: the lesson page at ≥ 80 % of the article page's req/s; the review page p95 ≤ 50 ms.
// Run alone with `npx tsx bench/learning.ts [--skip throughput|review] [--duration 10] [--connections 20]
//   [--hub dist|tsx] [--members 5000] [--cards 2000] [--others 40] [--repeats 200] [--json]`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { ensureSystemUser } from '../src/features/accounts';
import { seedStarterCourses } from '../src/features/learning/learning.seed';
import { newSchedule, rate } from '../src/features/learning/learning.review';
import { loadStarterContent } from '../src/features/library';
import { featureModules } from '../src/modules';
import { createSession, SESSION_COOKIE } from '../src/platform/auth/sessions';
import { PageCache } from '../src/platform/cache/page-cache';
import { fixedClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config/config';
import { type Database, rowsOf } from '../src/platform/db/database';
import { migrateDatabase, openDatabase, openPglite } from '../src/platform/db/open';
import type { Deps } from '../src/platform/http/context';
import { createLogger } from '../src/platform/logger';
import { createServer } from '../src/server';
import { log as benchLog } from './log';
import { type Child, cpuMsOf, HUB_COMMANDS, spawnHub, waitForOk } from './processes';
import type { Row } from './report';
import { type Percentiles, percentiles } from './search-bench';
import type { SignedInLoad } from './signed-in';

export const LESSON_RATIO_TARGET = 0.8;
export const REVIEW_P95_TARGET_MS = 50;

const NOW = new Date('2026-03-02T15:00:00Z');
export const ARTICLE_PATH = '/articles/hard-citations';
export const LESSON_PATH = '/learning/copyright-for-ill-staff/the-rule-of-five';

export interface LearningBenchOptions {
  skip?: ReadonlySet<'throughput' | 'review'>;
  duration?: number;
  connections?: number;
  hub?: keyof typeof HUB_COMMANDS;
  members?: number;
  /** Cards in the measured member's deck. */
  cards?: number;
  /** Cards in every other member's deck. */
  others?: number;
  repeats?: number;
  log?: (line: string) => void;
}

export interface LessonThroughput {
  articlePath: string;
  lessonPath: string;
  article: SignedInLoad;
  lesson: SignedInLoad;
  lessonKiB: number;
}

export interface ReviewLatency {
  members: number;
  cards: number;
  due: number;
  allCards: number;
  buildSeconds: number;
  http: Percentiles;
  cpu: Percentiles;
  /** The same page with the answer shown (`?show=<id>`). */
  shown: Percentiles;
  targetMs: number;
}

export interface LearningBenchResult {
  throughput?: LessonThroughput;
  review?: ReviewLatency;
}

async function load(url: string, connections: number, duration: number, pid?: number): Promise<SignedInLoad> {
  const cpu = pid ? cpuMsOf(pid) : 0;
  // Like a browser: ask for compression (an anonymous cached page is then served pre-compressed).
  const headers = { 'accept-encoding': 'gzip, deflate, br' };
  const r = await autocannon({ url, connections, duration, timeout: 30, headers });
  return {
    reqPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    cpuMsPerRequest: pid && r.requests.total > 0 ? (cpuMsOf(pid) - cpu) / r.requests.total : Number.NaN,
  };
}

/** A data directory with the starter library and the starter courses, then the hub on it. */
export async function measureLessonThroughput(
  options: Pick<LearningBenchOptions, 'duration' | 'connections' | 'hub'>,
  say: (line: string) => void,
): Promise<LessonThroughput> {
  const duration = options.duration ?? 10;
  const connections = options.connections ?? 20;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-learning-bench-'));
  let hub: Child | undefined;
  try {
    say('learning: starter library and courses into a new data directory');
    const database = await openDatabase({ dataDir, databaseUrl: undefined });
    try {
      const systemUserId = await ensureSystemUser(database.db, NOW);
      await loadStarterContent({ db: database.db, now: NOW, contentDir: 'content', systemUserId });
      await seedStarterCourses(database.db, 'content', NOW);
    } finally {
      await database.close();
    }
    hub = await spawnHub({ dataDir, args: HUB_COMMANDS[options.hub ?? 'dist'] });
    await waitForOk(hub, '/healthz');
    for (const p of [ARTICLE_PATH, LESSON_PATH]) await waitForOk(hub, p);
    const lessonHtml = await (await fetch(`${hub.url}${LESSON_PATH}`)).text();
    if (!lessonHtml.includes('rule of five')) throw new Error(`${LESSON_PATH} does not show the lesson`);
    const warm = Math.min(3, duration);
    say(`learning: warming up (${warm} s each), then ${ARTICLE_PATH} and ${LESSON_PATH} anonymously`);
    await load(`${hub.url}${ARTICLE_PATH}`, connections, warm);
    await load(`${hub.url}${LESSON_PATH}`, connections, warm);
    const article = await load(`${hub.url}${ARTICLE_PATH}`, connections, duration, hub.pid);
    const lesson = await load(`${hub.url}${LESSON_PATH}`, connections, duration, hub.pid);
    return {
      articlePath: ARTICLE_PATH,
      lessonPath: LESSON_PATH,
      article,
      lesson,
      lessonKiB: Math.round(lessonHtml.length / 102.4) / 10,
    };
  } finally {
    await hub?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Members and their decks, with multi-row inserts into the real tables. Every member has `others` cards; the
 * measured member has `cards`: one in ten due (up to 30 days overdue), the rest due over the next 180 days.
 */
export async function buildDecks(
  database: Database,
  members: number,
  cards: number,
  others: number,
): Promise<{ busy: number }> {
  const db = database.db;
  const now = NOW.toISOString();
  // A reviewed card's FSRS state as the app stores it (its due date lives in the indexed column).
  const schedule = JSON.stringify(rate(newSchedule(NOW).schedule, 'good', NOW).schedule);
  await db.execute(sql`insert into users (email, username, display_name, role)
    select 'learner' || i || '@bench.test', 'learner' || i, 'Learner ' || i, 'member'
    from generate_series(1, ${members}) as i`);
  const first = Number(
    rowsOf<{ first: number }>(
      await db.execute(sql`select min(id) as first from users where username like 'learner%'`),
    )[0]!.first,
  );
  const card = (user: string, n: string, dueDays: string) =>
    sql.raw(`select ${user}, 'quiz:' || (${n} / 4 + 1) || '/q' || (${n} % 4),
      'Under the CONTU guidelines, what is counted toward the five for card ' || ${n} || '?',
      'Filled requests for articles from one periodical title, published within the five years before the request, in one calendar year.',
      '${schedule}'::jsonb, '${now}'::timestamptz + make_interval(secs => (${dueDays}) * 86400), '${now}'::timestamptz`);
  // Everyone else's decks first, in slices so that no single statement holds too many rows.
  const slice = 500;
  for (let from = 1; from < members; from += slice) {
    const to = Math.min(members - 1, from + slice - 1);
    await db.execute(sql`insert into learning_review_cards (user_id, source, front, back, schedule, due, created_at)
      ${card(`${first} + u`, 'n', '((u * 31 + n * 17) % 200) - 20')}
      from generate_series(${from}::int, ${to}::int) as u cross join generate_series(0, ${others - 1}::int) as n`);
  }
  await db.execute(sql`insert into learning_review_cards (user_id, source, front, back, schedule, due, created_at)
    ${card(String(first), 'n', 'case when n % 10 = 0 then -(n % 30) - 0.5 else (n * 7919 % 180) + 1 end')}
    from generate_series(0, ${cards - 1}::int) as n`);
  await db.execute(sql`analyze`);
  return { busy: first };
}

async function time(repeats: number, run: () => Promise<unknown>): Promise<{ wall: Percentiles; cpu: Percentiles }> {
  for (let i = 0; i < 5; i++) await run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    await run();
    const used = process.cpuUsage(cpuStart);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: percentiles(wall), cpu: percentiles(cpu) };
}

export async function measureReview(
  options: Pick<LearningBenchOptions, 'members' | 'cards' | 'others' | 'repeats'>,
  say: (line: string) => void,
): Promise<ReviewLatency> {
  const members = options.members ?? 5000;
  const cards = options.cards ?? 2000;
  const others = options.others ?? 40;
  const repeats = options.repeats ?? 200;
  const database = await openPglite(undefined);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-bench-review-'));
  const pageCache = new PageCache();
  let disconnect = async () => {};
  try {
    await migrateDatabase(database);
    say(`learning: ${members} members with ${others} cards each, one with ${cards}`);
    const started = performance.now();
    const { busy } = await buildDecks(database, members, cards, others);
    const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
    const db = database.db;
    const counts = rowsOf<{ due: number; all: number; first: number }>(
      await db.execute(sql`select
        (select count(*) from learning_review_cards where user_id = ${busy} and due <= ${NOW.toISOString()})::int as due,
        (select count(*) from learning_review_cards)::int as all,
        (select id from learning_review_cards where user_id = ${busy} and due <= ${NOW.toISOString()}
          order by due, id limit 1) as first`),
    )[0]!;
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', BASE_URL: 'http://localhost' });
    disconnect = await pageCache.connect(database);
    const deps: Deps = {
      config,
      database,
      clock: fixedClock(NOW),
      logger: createLogger('silent'),
      mailer: { send: async () => ({ messageId: 'bench' }) },
      pageCache,
    };
    const app = createServer(deps, featureModules());
    const { token } = await createSession(db, busy, NOW);
    const visit = (query: string, expect: string) => async () => {
      const res = await app.request(`http://localhost/learning/review${query}`, {
        headers: { cookie: `${SESSION_COOKIE}=${token}` },
      });
      const body = await res.text();
      if (res.status !== 200 || !body.includes(expect))
        throw new Error(`GET /learning/review${query} answered ${res.status} without “${expect}”`);
    };
    const dueText = `${counts.due} cards due`;
    say(`learning: GET /learning/review for that member × ${repeats}`);
    const { wall: http, cpu } = await time(repeats, visit('', dueText));
    const shown = (await time(repeats, visit(`?show=${counts.first}`, 'Again'))).wall;
    return {
      members,
      cards,
      due: counts.due,
      allCards: counts.all,
      buildSeconds,
      http,
      cpu,
      shown,
      targetMs: REVIEW_P95_TARGET_MS,
    };
  } finally {
    await disconnect();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runLearningBench(options: LearningBenchOptions = {}): Promise<LearningBenchResult> {
  const say = options.log ?? benchLog;
  const out: LearningBenchResult = {};
  if (!options.skip?.has('throughput')) out.throughput = await measureLessonThroughput(options, say);
  if (!options.skip?.has('review')) out.review = await measureReview(options, say);
  return out;
}

const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;
const loadNote = (l: SignedInLoad) =>
  `p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms; hub CPU ${round(l.cpuMsPerRequest, 2)} ms per request; errors ${l.errors}, non-2xx ${l.non2xx}`;

export function learningRows(r: LearningBenchResult): Row[] {
  const out: Row[] = [];
  const t = r.throughput;
  if (t) {
    const ratio = t.article.reqPerSec > 0 ? (t.lesson.reqPerSec / t.article.reqPerSec) * 100 : 0;
    out.push(
      {
        section: 'learning',
        metric: `anonymous article page ${t.articlePath} (same run)`,
        value: round(t.article.reqPerSec),
        unit: 'req/s',
        result: 'INFO',
        note: loadNote(t.article),
      },
      {
        section: 'learning',
        metric: `anonymous lesson page ${t.lessonPath}`,
        value: round(t.lesson.reqPerSec),
        unit: 'req/s',
        result: 'INFO',
        note: `${t.lessonKiB} KiB; ${loadNote(t.lesson)}`,
      },
      {
        section: 'learning',
        metric: 'anonymous lesson page ÷ anonymous article page',
        value: round(ratio, 1),
        unit: '%',
        target: { op: '>=', value: LESSON_RATIO_TARGET * 100 },
        result: ratio >= LESSON_RATIO_TARGET * 100 ? 'PASS' : 'MISS',
      },
    );
  }
  const v = r.review;
  if (v) {
    out.push({
      section: 'learning',
      metric: `review page /learning/review, ${v.cards.toLocaleString('en')} cards, ${v.members.toLocaleString('en')} members, p95`,
      value: round(v.http.p95, 1),
      unit: 'ms',
      target: { op: '<=', value: v.targetMs },
      result: v.http.p95 <= v.targetMs ? 'PASS' : 'MISS',
      note:
        `p50 ${round(v.http.p50, 1)} ms, p99 ${round(v.http.p99, 1)} ms, CPU p95 ${round(v.cpu.p95, 1)} ms over ${v.http.samples} requests; ` +
        `${v.due} due; ${v.allCards.toLocaleString('en')} cards in all (built in ${v.buildSeconds} s); answer shown: p95 ${round(v.shown.p95, 1)} ms`,
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      skip: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      hub: { type: 'string' },
      members: { type: 'string' },
      cards: { type: 'string' },
      others: { type: 'string' },
      repeats: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const skip = new Set((values.skip ?? '').split(',').filter(Boolean)) as Set<'throughput' | 'review'>;
  const loadAtStart = os.loadavg()[0] ?? 0;
  runLearningBench({
    skip,
    ...(num(values.duration) ? { duration: num(values.duration)! } : {}),
    ...(num(values.connections) ? { connections: num(values.connections)! } : {}),
    ...(values.hub === 'tsx' ? { hub: 'tsx' as const } : {}),
    ...(num(values.members) ? { members: num(values.members)! } : {}),
    ...(num(values.cards) ? { cards: num(values.cards)! } : {}),
    ...(num(values.others) ? { others: num(values.others)! } : {}),
    ...(num(values.repeats) ? { repeats: num(values.repeats)! } : {}),
  })
    .then((result) => {
      const figures = learningRows(result);
      const loadAverage = os.loadavg().map((l) => round(l, 2));
      if (values.json) {
        process.stdout.write(
          `${JSON.stringify({ meta: { loadAverageAtStart: round(loadAtStart, 2), loadAverage }, figures, result })}\n`,
        );
        return;
      }
      process.stdout.write(
        `1-minute load average ${round(loadAtStart, 2)} at the start, ${loadAverage[0]} at the end\n`,
      );
      for (const row of figures)
        process.stdout.write(
          `${row.metric}: ${row.value} ${row.unit}${row.target ? ` (target ${row.target.op} ${row.target.value})` : ''}` +
            `${row.result !== 'INFO' ? ` ${row.result}` : ''}${row.note ? ` — ${row.note}` : ''}\n`,
        );
    })
    .catch((error) => {
      process.stderr.write(
        `learning bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    });
}

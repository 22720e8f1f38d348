// Content health at scale: the site-wide and per-group content-health page for
// a site with 20,000 articles (most maintained by groups, some overdue, with
// pending suggestions and forum questions), timed in process and over HTTP.
// Target (issue 4): ≤ 200 ms. Run alone with `npx tsx bench/groups.ts [--articles N]`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { healthReport } from '../src/features/groups';
import { featureModules } from '../src/modules';
import { createSession, SESSION_COOKIE } from '../src/platform/auth/sessions';
import { PageCache } from '../src/platform/cache/page-cache';
import { fixedClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config/config';
import type { Database } from '../src/platform/db/database';
import { migrateDatabase, openPglite } from '../src/platform/db/open';
import type { Deps } from '../src/platform/http/context';
import { createLogger } from '../src/platform/logger';
import { createServer } from '../src/server';
import { log } from './log';
import { type Percentiles, percentiles } from './search-bench';

export interface ContentHealthBenchOptions {
  articles?: number;
  /** Timed runs of each measurement (after one warm-up). */
  repeats?: number;
  /** An already-open, migrated database to add the groups data to; by default a fresh in-memory PGlite. */
  database?: Database;
}

export interface ContentHealthBenchResult {
  articles: number;
  maintained: number;
  overdue: number;
  pendingSuggestions: number;
  buildSeconds: number;
  /** healthReport() for the whole site. */
  siteWide: Percentiles;
  /** healthReport() for the group maintaining the most pages. */
  group: Percentiles;
  /** GET /health (signed in): report + page render + HTTP, through the app. */
  httpSiteWide: Percentiles;
  /** GET /groups/:slug/health. */
  httpGroup: Percentiles;
  targetMs: number;
  met: boolean;
}

const NOW = new Date('2026-03-02T15:00:00Z');
const GROUPS = 20;
const TOPICS = 12;

export async function build(database: Database, articles: number): Promise<void> {
  const db = database.db;
  const now = NOW.toISOString();
  await db.execute(sql`insert into users (email, username, display_name, role)
    select 'bench' || i || '@bench.test', 'bench' || i, 'Bench Person ' || i, 'member' from generate_series(1, 200) as i
    on conflict do nothing`);
  const first = sql`(select min(id) from users where username like 'bench%')`;
  await db.execute(
    sql`insert into topics (slug, name) select 'bench-topic-' || i, 'Bench topic ' || i from generate_series(1, ${TOPICS}) as i on conflict do nothing`,
  );
  // Articles spread over three years of edits: about a third untouched for two years.
  await db.execute(sql`insert into articles (slug, title, summary, type, audience, body, topic_slugs, created_by, updated_by, created_at, updated_at)
    select 'bench-health-' || i, 'Bench article ' || i, 'A generated article for the content health benchmark.', 'guide', 'new',
      repeat('Interlibrary loan practice, generated for the benchmark. ', 35),
      array['bench-topic-' || (i % ${TOPICS} + 1)], ${first}, ${first},
      ${now}::timestamptz - make_interval(days => (i % 1095) + 1), ${now}::timestamptz - make_interval(days => (i % 1095))
    from generate_series(1, ${articles}) as i`);
  await db.execute(sql`insert into groups (slug, name, kind, purpose, status, created_by, created_at, decided_at)
    select 'bench-group-' || g, 'Bench group ' || g, 'committee', 'A generated group for the benchmark.', 'active', ${first}, ${now}, ${now}
    from generate_series(1, ${GROUPS}) as g`);
  // Each group: an owner, three stewards and five members (some with committee terms).
  await db.execute(sql`insert into group_members (group_id, user_id, role, term_ends_on)
    select gr.id, u.id, case when r = 0 then 'owner' when r <= 3 then 'steward' else 'member' end,
      case when r > 5 then '2027-06-30'::date end
    from groups gr cross join generate_series(0, 8) as r
    join users u on u.username = 'bench' || ((substring(gr.slug from 13)::int * 9 + r) % 200 + 1)
    where gr.slug like 'bench-group-%' on conflict do nothing`);
  // Three in five articles are maintained; about one in ten maintained pages is overdue.
  await db.execute(sql`insert into stewardships (article_id, group_id, review_interval_months, next_review_due, assigned_at)
    select a.id, (select id from groups where slug = 'bench-group-' || (a.id % ${GROUPS} + 1)), 12,
      ${now}::timestamptz + make_interval(days => (a.id % 400) - 40), ${now}::timestamptz - interval '1 year'
    from articles a where a.slug like 'bench-health-%' and a.id % 5 < 3`);
  await db.execute(sql`insert into suggested_edits (article_id, proposer_id, base_revision, content, message, status, created_at, updated_at)
    select s.article_id, ${first}, 1, '{}'::jsonb, 'Generated suggestion', case when s.article_id % 3 = 0 then 'changes_requested' else 'pending' end,
      ${now}::timestamptz - make_interval(days => s.article_id % 90), ${now}
    from stewardships s where s.article_id % 37 = 0`);
  await db.execute(sql`insert into suggested_edits (article_id, proposer_id, base_revision, content, message, status, created_at, updated_at)
    select s.article_id, ${first}, 1, '{}'::jsonb, 'Generated decided suggestion', 'approved', ${now}, ${now} from stewardships s where s.article_id % 11 = 0`);
  await db.execute(
    sql`insert into forum_categories (slug, name) values ('bench-questions', 'Bench questions') on conflict do nothing`,
  );
  await db.execute(sql`insert into forum_threads (category_id, title, kind, author_id, topic_slugs, created_at, last_post_at)
    select (select id from forum_categories where slug = 'bench-questions'), 'Bench question ' || i, 'question', ${first},
      array['bench-topic-' || (i % ${TOPICS} + 1)], ${now}::timestamptz - make_interval(days => i % 60), ${now}
    from generate_series(1, 3000) as i`);
  await db.execute(sql`analyze`);
}

async function time(repeats: number, run: () => Promise<unknown>): Promise<Percentiles> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return percentiles(times);
}

export async function runContentHealthBench(
  options: ContentHealthBenchOptions = {},
): Promise<ContentHealthBenchResult> {
  const articles = options.articles ?? 20_000;
  const repeats = options.repeats ?? 20;
  const owned = !options.database;
  const database = options.database ?? (await openPglite(undefined));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-bench-groups-'));
  const pageCache = new PageCache();
  let disconnect = async () => {};
  try {
    if (owned) await migrateDatabase(database);
    const started = performance.now();
    log(`content health: building ${articles} articles with groups, reviews and suggestions`);
    await build(database, articles);
    const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
    const db = database.db;
    const counts = (
      (await db.execute(sql`select
        (select count(*) from stewardships)::int as maintained,
        (select count(*) from stewardships where next_review_due <= ${NOW.toISOString()})::int as overdue,
        (select count(*) from suggested_edits where status in ('pending', 'changes_requested'))::int as pending,
        (select id from groups where slug = 'bench-group-1') as group_id,
        (select min(id) from users where username like 'bench%') as user_id`)) as unknown as {
        rows: Array<{ maintained: number; overdue: number; pending: number; group_id: number; user_id: number }>;
      }
    ).rows[0]!;

    log(`content health: healthReport() × ${repeats}`);
    const siteWide = await time(repeats, () => healthReport(db, null, NOW));
    const group = await time(repeats, () => healthReport(db, Number(counts.group_id), NOW));

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
    const { token } = await createSession(db, Number(counts.user_id), NOW);
    const get = async (url: string) => {
      const res = await app.request(`http://localhost${url}`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    };
    log(`content health: GET /health and /groups/bench-group-1/health × ${repeats}`);
    const httpSiteWide = await time(repeats, () => get('/health'));
    const httpGroup = await time(repeats, () => get('/groups/bench-group-1/health'));
    const targetMs = 200;
    return {
      articles,
      maintained: counts.maintained,
      overdue: counts.overdue,
      pendingSuggestions: counts.pending,
      buildSeconds,
      siteWide,
      group,
      httpSiteWide,
      httpGroup,
      targetMs,
      met: Math.max(httpSiteWide.p95, httpGroup.p95) <= targetMs,
    };
  } finally {
    await disconnect();
    if (owned) await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--articles');
  const articles = i > 0 ? Number(process.argv[i + 1]) : undefined;
  runContentHealthBench({ ...(articles ? { articles } : {}) })
    .then((result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`))
    .catch((error) => {
      process.stderr.write(
        `content health bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    });
}

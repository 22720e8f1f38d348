// The personal home page (issue 9): GET / for a busy signed-in member on a hub with 20,000 articles and
// 5,000 members: hundreds of notifications (half unread) over many threads, hundreds of watches, steward of
// three groups that maintain thousands of pages (some overdue, some with pending suggestions), conversations
// with unread messages, a full set of drafts; every other member has notifications, posts and conversations
// of their own, so each query has to find this member's rows by index. Target: p95 ≤ 50 ms (HTTP, in process).
// Run alone with `npx tsx bench/home.ts [--articles N] [--members N] [--repeats N]`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { featureModules } from '../src/modules';
import { createSession, SESSION_COOKIE } from '../src/platform/auth/sessions';
import { PageCache } from '../src/platform/cache/page-cache';
import { fixedClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config/config';
import { rowsOf } from '../src/platform/db/database';
import type { Database } from '../src/platform/db/database';
import { migrateDatabase, openPglite } from '../src/platform/db/open';
import type { Deps } from '../src/platform/http/context';
import { createLogger } from '../src/platform/logger';
import { createServer } from '../src/server';
import { log } from './log';
import type { Row } from './report';
import { type Percentiles, percentiles } from './search-bench';

export const HOME_P95_TARGET_MS = 50;

const NOW = new Date('2026-03-02T15:00:00Z');
const GROUPS = 20;
const THREADS = 5000;

export interface HomeBenchOptions {
  articles?: number;
  members?: number;
  /** Timed requests (after warm-up). */
  repeats?: number;
}

export interface HomeBenchResult {
  articles: number;
  members: number;
  /** What the busy member has. */
  busy: {
    notifications: number;
    unread: number;
    watches: number;
    maintained: number;
    due: number;
    pending: number;
    conversations: number;
    drafts: number;
  };
  buildSeconds: number;
  http: Percentiles;
  /** CPU time per request (less sensitive to the machine's load than wall-clock time). */
  cpu: Percentiles;
  /** The same page for a member with nothing waiting. */
  quiet: Percentiles;
  bytes: number;
  targetMs: number;
}

export async function build(
  database: Database,
  articles: number,
  members: number,
): Promise<{ busy: number; quiet: number }> {
  const db = database.db;
  const now = NOW.toISOString();
  await db.execute(sql`insert into users (email, username, display_name, role)
    select 'home' || i || '@bench.test', 'home' || i, 'Home Member ' || i, 'member' from generate_series(1,
      ${members}) as i`);
  const ids = rowsOf<{ first: number; last: number }>(
    await db.execute(sql`select min(id) as first, max(id) as last from users where username like 'home%'`),
  )[0]!;
  const first = Number(ids.first);
  const busy = first;
  const quiet = Number(ids.last);
  const member = (expr: string) => sql.raw(`(${first} + (${expr}) % ${members})`);
  await db.execute(sql`insert into topics (slug, name) select 'home-topic-' || i, 'Home topic ' || i
    from generate_series(1, 12) as i on conflict do nothing`);
  await db.execute(sql`insert into articles (slug, title, summary, type, audience, body, topic_slugs, created_by,
    updated_by, created_at, updated_at)
    select 'home-article-' || i, 'Home article ' || i, 'A generated article for the home-page benchmark.', 'guide',
      'new',
      repeat('Interlibrary loan practice, generated for the benchmark. ', 20), array['home-topic-' || (i % 12 + 1)],
      ${member('i')}, ${member('i')}, ${now}::timestamptz - make_interval(days => i % 900 + 1),
        ${now}::timestamptz - make_interval(days => i % 900)
    from generate_series(1, ${articles}) as i`);
  // Groups: the busy member is a steward of three; each group has an owner, three stewards and members.
  await db.execute(sql`insert into groups (slug, name, kind, purpose, status, created_by, created_at, decided_at)
    select 'home-group-' || g, 'Home group ' || g, 'committee', 'A generated group.', 'active', ${first}, ${now},
      ${now} from generate_series(1, ${GROUPS}) as g`);
  await db.execute(sql`insert into group_members (group_id, user_id, role)
    select gr.id, ${member('substring(gr.slug from 12)::int * 37 + r')},
      case when r = 0 then 'owner' when r <= 3 then 'steward' else 'member' end
    from groups gr cross join generate_series(0, 30) as r where gr.slug like 'home-group-%' on conflict do nothing`);
  await db.execute(sql`insert into group_members (group_id, user_id, role)
    select id, ${busy}, 'steward' from groups where slug in ('home-group-1', 'home-group-2', 'home-group-3')
    on conflict (group_id, user_id) do update set role = 'steward'`);
  // Three in five pages maintained (about 600 per group); about one in ten overdue, more due within 30 days.
  await db.execute(sql`insert into stewardships (article_id, group_id, review_interval_months, next_review_due,
    assigned_at)
    select a.id, (select id from groups where slug = 'home-group-' || (a.id % ${GROUPS} + 1)), 12,
      ${now}::timestamptz + make_interval(days => (a.id % 400) - 40), ${now}::timestamptz - interval '1 year'
    from articles a where a.slug like 'home-article-%' and a.id % 5 < 3`);
  await db.execute(sql`insert into suggested_edits (article_id, proposer_id, base_revision, content, message,
    status, created_at, updated_at)
    select s.article_id, ${member('s.article_id')}, 1, '{}'::jsonb, 'Generated suggestion',
      (array['pending', 'changes_requested', 'approved', 'declined'])[s.article_id % 4 + 1],
        ${now}::timestamptz - make_interval(days => s.article_id % 90), ${now}
    from stewardships s where s.article_id % 13 = 0`);
  // The forum: threads with a few posts each; the busy member wrote in one thread in ten.
  await db.execute(sql`insert into forum_categories (slug, name) values ('home-forum', 'Home forum')
    on conflict do nothing`);
  await db.execute(sql`insert into forum_threads (category_id, title, author_id, topic_slugs, created_at, last_post_at)
    select (select id from forum_categories where slug = 'home-forum'), 'Home thread ' || i, ${member('i * 7')}, '{}',
      ${now}::timestamptz - make_interval(hours => i), ${now} from generate_series(1, ${THREADS}) as i`);
  await db.execute(sql`insert into forum_posts (thread_id, number, author_id, body, status, created_at)
    select t.id, n, case when n = 2 and t.id % 10 = 0 then ${busy} else ${member('t.id * 3 + n')} end,
      'A generated post.', 'published', ${now}
    from forum_threads t cross join generate_series(1, 4) as n where t.title like 'Home thread %'`);
  const threads = sql`(select id from forum_threads where title like 'Home thread %' order by id limit 1)`;
  // Notifications: 40 for every member; 600 for the busy one (half unread) over 300 threads, all kinds.
  await db.execute(sql`insert into notifications (user_id, kind, actor_id, subject_type, subject_id, url, title,
    excerpt, subject_title, created_at, read_at)
    select ${member('g')}, 'forum.reply', ${member('g + 1')}, 'thread', (${threads} + g % ${THREADS})::text,
      '/forum/p/1', 'Someone replied',
      'A generated reply.', 'Home thread', ${now}::timestamptz - make_interval(mins => g),
        case when g % 3 = 0 then null else ${now}::timestamptz end
    from generate_series(1, ${members * 40}) as g`);
  await db.execute(sql`insert into notifications (user_id, kind, actor_id, subject_type, subject_id, url, title,
    excerpt, subject_title, created_at, read_at)
    select ${busy}, (array['forum.reply', 'forum.reply', 'forum.thread', 'mention', 'message',
      'suggestion.submitted'])[g % 6 + 1], ${member('g + 1')},
      case when g % 6 = 4 then 'conversation' when g % 6 = 5 then 'suggestion' else 'thread' end,
      (${threads} + (g * 17) % 300)::text, '/forum/p/1', 'Someone replied in a thread',
        'A generated excerpt of a reply.', 'Home thread ' || g,
      ${now}::timestamptz - make_interval(mins => g), case when g % 2 = 0 then null else ${now}::timestamptz end
    from generate_series(1, 600) as g`);
  // Watches: 300 threads, some categories and topics.
  await db.execute(sql`insert into subscriptions (user_id, target_type, target_id, delivery)
    select ${busy}, 'thread', (${threads} + g)::text, 'in_app' from generate_series(0, 299) as g
      on conflict do nothing`);
  await db.execute(sql`insert into subscriptions (user_id, target_type, target_id, delivery)
    select ${member('g')}, 'thread', (${threads} + g % ${THREADS})::text, 'in_app' from generate_series(1,
      ${members * 5}) as g on conflict do nothing`);
  // Conversations: 200 with the busy member (one in four unread), and one per other member pair.
  await db.execute(sql`insert into conversations (subject, created_by, created_at, last_message_at)
    select 'Home conversation ' || g, ${member('g')}, ${now}::timestamptz - make_interval(hours => g),
      ${now}::timestamptz - make_interval(hours => g)
    from generate_series(1, ${members}) as g`);
  const conversations = sql`(select min(id) from conversations where subject like 'Home conversation %')`;
  await db.execute(sql`insert into conversation_members (conversation_id, user_id, last_read_at)
    select c.id, ${member('c.id')}, c.last_message_at from conversations c where c.subject like 'Home conversation %'
    on conflict do nothing`);
  await db.execute(sql`insert into conversation_members (conversation_id, user_id, last_read_at)
    select c.id, ${member('c.id + 1')}, case when c.id % 4 = 0 then null else c.last_message_at end
    from conversations c where c.subject like 'Home conversation %' on conflict do nothing`);
  await db.execute(sql`insert into conversation_members (conversation_id, user_id, last_read_at)
    select ${conversations} + g, ${busy}, case when g % 4 = 0 then null else ${now}::timestamptz end
      from generate_series(0, 199) as g
    on conflict do nothing`);
  await db.execute(sql`insert into messages (conversation_id, author_id, body, created_at)
    select c.id, ${member('c.id')}, 'A generated message.', c.last_message_at - make_interval(mins => n)
    from conversations c cross join generate_series(0, 2) as n where c.subject like 'Home conversation %'`);
  // Drafts: the most a member keeps (50), and a few for everyone else.
  await db.execute(sql`insert into drafts (user_id, kind, target, title, href, fields, size, created_at, updated_at)
    select ${busy}, 'reply', g::text, 'Reply to a thread ' || g, '/forum/t/' || g, '{"body":"Half-written"}'::jsonb, 12,
      ${now}::timestamptz - make_interval(hours => g), ${now}::timestamptz - make_interval(hours => g)
        from generate_series(1, 50) as g`);
  await db.execute(sql`insert into drafts (user_id, kind, target, title, href, fields, size, created_at, updated_at)
    select ${member('g')}, 'thread_new', g::text, 'A new thread', '/forum/new', '{"body":"Half-written"}'::jsonb,
      12, ${now}, ${now}
    from generate_series(1, ${members * 2}) as g on conflict do nothing`);
  await db.execute(sql`analyze`);
  return { busy, quiet };
}

/** Wall-clock and CPU time (this process: the app and the embedded database run on its main thread) per run. */
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

export async function runHomeBench(options: HomeBenchOptions = {}): Promise<HomeBenchResult> {
  const articles = options.articles ?? 20_000;
  const members = options.members ?? 5000;
  const repeats = options.repeats ?? 200;
  const database = await openPglite(undefined);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-bench-home-'));
  const pageCache = new PageCache();
  let disconnect = async () => {};
  try {
    await migrateDatabase(database);
    const started = performance.now();
    log(`home: building ${articles} articles, ${members} members and a busy member's notifications, groups, …`);
    const { busy, quiet } = await build(database, articles, members);
    const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
    const db = database.db;
    const soon = new Date(NOW.getTime() + 30 * 86_400_000).toISOString();
    const counts = rowsOf<HomeBenchResult['busy']>(
      await db.execute(sql`select
        (select count(*) from notifications where user_id = ${busy})::int as notifications,
        (select count(*) from notifications where user_id = ${busy} and read_at is null)::int as unread,
        (select count(*) from subscriptions where user_id = ${busy})::int as watches,
        (select count(*) from stewardships s join group_members m on m.group_id = s.group_id
          and m.user_id = ${busy})::int as maintained,
        (select count(*) from stewardships s join group_members m on m.group_id = s.group_id and m.user_id = ${busy}
          where s.next_review_due <= ${soon})::int as due,
        (select count(*) from suggested_edits e join stewardships s on s.article_id = e.article_id
          join group_members m on m.group_id = s.group_id and m.user_id = ${busy}
            where e.status = 'pending')::int as pending,
        (select count(*) from conversation_members where user_id = ${busy})::int as conversations,
        (select count(*) from drafts where user_id = ${busy})::int as drafts`),
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
    let bytes = 0;
    const visit = async (userId: number) => {
      const { token } = await createSession(db, userId, NOW);
      return async () => {
        const res = await app.request('http://localhost/', { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
        const body = await res.text();
        if (res.status !== 200 || !body.includes('Welcome back')) {
          throw new Error(`GET / answered ${res.status} without the personal page`);
        }
        bytes = body.length;
      };
    };
    log(`home: GET / for the busy member × ${repeats}`);
    const { wall: http, cpu } = await time(repeats, await visit(busy));
    const size = bytes;
    log(`home: GET / for a member with nothing waiting × ${repeats}`);
    const quietTimes = (await time(repeats, await visit(quiet))).wall;
    return {
      articles,
      members,
      busy: counts,
      buildSeconds,
      http,
      cpu,
      quiet: quietTimes,
      bytes: size,
      targetMs: HOME_P95_TARGET_MS,
    };
  } finally {
    await disconnect();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export function homeRows(r: HomeBenchResult): Row[] {
  const b = r.busy;
  return [
    {
      section: 'home',
      metric:
        `personal home page (GET / signed in), busy member, ${r.articles.toLocaleString('en')} articles, ` +
        `${r.members.toLocaleString('en')} members, p95`,
      value: r1(r.http.p95),
      unit: 'ms',
      target: { op: '<=', value: r.targetMs },
      result: r.http.p95 <= r.targetMs ? 'PASS' : 'MISS',
      note:
        `p50 ${r1(r.http.p50)} ms, p99 ${r1(r.http.p99)} ms, CPU p95 ${r1(r.cpu.p95)} ms; ${b.unread}/${b.notifications} notifications unread, ` +
        `${b.watches} watches, steward of ${b.maintained} pages (${b.due} due, ${b.pending} suggestions pending), ` +
        `${b.conversations} conversations, ${b.drafts} drafts; ` +
        `nothing waiting: p95 ${r1(r.quiet.p95)} ms`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { articles: { type: 'string' }, members: { type: 'string' }, repeats: { type: 'string' } },
  });
  runHomeBench({
    ...(values.articles ? { articles: Number(values.articles) } : {}),
    ...(values.members ? { members: Number(values.members) } : {}),
    ...(values.repeats ? { repeats: Number(values.repeats) } : {}),
  })
    .then((result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`))
    .catch((error) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`home bench failed: ${message}\n`);
      process.exit(1);
    });
}

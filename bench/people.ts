// The Phone a Friend directory at scale: 20,000 profiles (most opted in) in an
// in-memory PGlite database, each filter the directory page offers timed
// through the same searchDirectory() the page calls. Target: p95 ≤ 50 ms.
// Run alone with `npx tsx bench/people.ts [--profiles N] [--repeats N] [--json]`.
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import {
  DIRECTORY_PAGE_SIZE,
  type DirectoryFilters,
  directoryTimeZones,
  EMPTY_FILTERS,
  searchDirectory,
} from '../src/features/people/people.directory';
import type { Database } from '../src/platform/db/database';
import { migrateDatabase, openPglite } from '../src/platform/db/open';
import { vocabularyFor } from '../src/platform/vocabulary/vocabulary';

export interface DirectoryBenchOptions {
  /** Profiles to create (default 20,000). */
  profiles?: number;
  /** Share of them opted in to Phone a Friend (default 0.7). */
  optedInShare?: number;
  /** Timed runs of each query (default 20). */
  repeats?: number;
  log?: (line: string) => void;
}

export interface DirectoryQueryTiming {
  label: string;
  p50: number;
  p95: number;
  max: number;
  /** CPU time of this process (PGlite runs in it): what the query costs whatever else the machine is doing. */
  cpuP50: number;
  /** People matching (all pages). */
  total: number;
}

export interface DirectoryBenchResult {
  profiles: number;
  optedIn: number;
  setupSeconds: number;
  /** Every timed searchDirectory() call (wall-clock). */
  overall: Percentiles;
  /** The same calls in CPU time of this process. */
  overallCpu: Percentiles;
  /** The machine's 1-minute load average when the run ended (other work inflates wall-clock times). */
  loadAverage: number;
  queries: DirectoryQueryTiming[];
  /** The time zone list the page also loads (distinct zones of opted-in people). */
  zoneList: Percentiles;
  target: { p95Ms: number; met: boolean };
}

export const DIRECTORY_P95_TARGET_MS = 50;

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  samples: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    samples: sorted.length,
  };
}

const BENCH_NOW = new Date('2026-03-02T15:00:00Z');

const QUERIES: Array<{ label: string; filters: Partial<DirectoryFilters>; page?: number }> = [
  { label: 'no filters', filters: {} },
  { label: 'expertise', filters: { expertise: 'copyright-licensing' } },
  { label: 'system', filters: { system: 'illiad' } },
  { label: 'library type', filters: { libraryType: 'law' } },
  { label: 'region', filters: { region: 'ontario' } },
  { label: 'language', filters: { language: 'spanish' } },
  { label: 'time zone', filters: { timeZone: 'America/Chicago' } },
  { label: 'awake now', filters: { awake: true } },
  {
    label: 'expertise + system + language',
    filters: { expertise: 'international-ill', system: 'tipasa', language: 'french' },
  },
  {
    label: 'all filters, awake now',
    filters: {
      expertise: 'lending',
      system: 'reshare',
      libraryType: 'academic',
      region: 'canada',
      language: 'english',
      awake: true,
    },
  },
  { label: 'name or words', filters: { q: 'customs' } },
  { label: 'no filters, last page', filters: {}, page: 10 },
];

const LIBRARY_TYPES = ['academic', 'public', 'special', 'law', 'medical', 'government', 'consortium-office', 'vendor'];
const PLACES = [
  ['Canada', 'Ontario', 'America/Toronto'],
  ['United States', 'Illinois', 'America/Chicago'],
  ['United States', 'California', 'America/Los_Angeles'],
  ['United States', 'New York', 'America/New_York'],
  ['United Kingdom', 'Scotland', 'Europe/London'],
  ['Germany', 'Bavaria', 'Europe/Berlin'],
  ['France', 'Occitanie', 'Europe/Paris'],
  ['Australia', 'New South Wales', 'Australia/Sydney'],
  ['Japan', 'Tokyo', 'Asia/Tokyo'],
  ['South Africa', 'Gauteng', 'Africa/Johannesburg'],
  ['Brazil', 'São Paulo', 'America/Sao_Paulo'],
  ['India', 'Karnataka', 'Asia/Calcutta'],
];
const LANGUAGES = [
  'Spanish',
  'French',
  'German',
  'Portuguese',
  'Japanese',
  'Mandarin',
  'Arabic',
  'Hindi',
  'Welsh',
  'Italian',
];
const SYSTEMS = [
  'alma',
  'clio',
  'docline',
  'email-and-forms',
  'folio',
  'illiad',
  'rapid',
  'relais',
  'reshare',
  'sierra-inn-reach',
  'tipasa',
  'worldshare-ill',
  'other',
];
const EXPERTISE = [
  'borrowing',
  'lending',
  'copyright-licensing',
  'international-ill',
  'systems-interoperability',
  'workflows',
  'best-practices',
  'reports-assessment',
  'saving-money',
  'behavioural-skills',
  'training-onboarding',
  'staying-current',
  'finding-aids-searching',
  'managing-operation',
  'copyright',
  'licensing',
  'document-delivery',
  'returnables-shipping',
  'special-collections',
  'statistics',
];
const HELP = [
  'customs forms and IFLA vouchers',
  'copyright limits and the rule of five',
  'hard citations',
  'ILLiad routing rules',
  'budgets and fees',
  'training new staff',
];

function pgArray(values: string[]): string {
  return `{${values.map((v) => `"${v}"`).join(',')}}`;
}

/** Deterministic people: the same corpus every run. */
export async function populate(database: Database, count: number, optedInShare: number): Promise<number> {
  const db = database.db;
  const batch = 1000;
  let optedIn = 0;
  for (let start = 0; start < count; start += batch) {
    const users: string[] = [];
    const profiles: string[] = [];
    const optIns: string[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const id = i + 1;
      const [country, region, zone] = PLACES[i % PLACES.length]!;
      users.push(
        `('person${id}@bench.test', 'person${id}', 'Person ${id} ${['Lender', 'Borrower', 'Librarian', 'Manager'][i % 4]}', 'member')`,
      );
      const languages = ['English', LANGUAGES[(i * 7) % LANGUAGES.length]!];
      const systems = [SYSTEMS[i % SYSTEMS.length]!, SYSTEMS[(i * 3 + 1) % SYSTEMS.length]!];
      const expertise = [
        ...new Set([
          EXPERTISE[i % EXPERTISE.length]!,
          EXPERTISE[(i * 5 + 2) % EXPERTISE.length]!,
          EXPERTISE[(i * 11 + 7) % EXPERTISE.length]!,
        ]),
      ];
      // One in ten hides a field, one in ten makes most of it public.
      const visibility =
        i % 10 === 0
          ? '{"systems":"hidden","location":"hidden"}'
          : i % 10 === 1
            ? '{"institution":"public","expertise":"public"}'
            : '{}';
      profiles.push(
        `(${id}, 'they/them', 'Institution ${i % 900}', '${LIBRARY_TYPES[i % LIBRARY_TYPES.length]}', '${country}', '${region}', '${zone}', ` +
          `'${pgArray(languages)}', '${pgArray(systems)}', '${pgArray(expertise)}', 'Bio of person ${id}.', '[]', 'hidden', '${visibility}')`,
      );
      if ((i * 7919) % 1000 < optedInShare * 1000) {
        optedIn++;
        const confirmed = new Date(BENCH_NOW.getTime() - ((i * 37) % 360) * 86_400_000);
        const lapses = new Date(confirmed);
        lapses.setUTCMonth(lapses.getUTCMonth() + 12);
        optIns.push(
          `(${id}, 'Happy to help with ${HELP[i % HELP.length]}.', 'message', '${confirmed.toISOString()}', '${confirmed.toISOString()}', '${lapses.toISOString()}')`,
        );
      }
    }
    await db.execute(sql.raw(`insert into users (email, username, display_name, role) values ${users.join(',')}`));
    await db.execute(
      sql.raw(
        `insert into profiles (user_id, pronouns, institution, library_type, country, region, time_zone, languages, systems, expertise, bio, links, show_email, visibility) values ${profiles.join(',')}`,
      ),
    );
    if (optIns.length) {
      await db.execute(
        sql.raw(
          `insert into phone_a_friend (user_id, how_i_can_help, preferred_contact, opted_in_at, confirmed_at, lapses_at) values ${optIns.join(',')}`,
        ),
      );
    }
  }
  await db.execute(sql`analyze`);
  return optedIn;
}

export async function runDirectoryBench(options: DirectoryBenchOptions = {}): Promise<DirectoryBenchResult> {
  const count = options.profiles ?? 20_000;
  const repeats = options.repeats ?? 20;
  const log = options.log ?? ((line: string) => process.stderr.write(`[people bench] ${line}\n`));
  const started = performance.now();
  log(`creating ${count.toLocaleString('en')} profiles in PGlite`);
  const database = await openPglite(undefined);
  try {
    await migrateDatabase(database);
    const optedIn = await populate(database, count, options.optedInShare ?? 0.7);
    const setupSeconds = Math.round((performance.now() - started) / 100) / 10;
    log(
      `${optedIn.toLocaleString('en')} opted in; set up in ${setupSeconds} s; timing ${QUERIES.length} queries × ${repeats}`,
    );
    const all: number[] = [];
    const allCpu: number[] = [];
    const queries: DirectoryQueryTiming[] = [];
    const vocabulary = await vocabularyFor();
    for (const q of QUERIES) {
      const run = () =>
        searchDirectory(database.db, {
          filters: { ...EMPTY_FILTERS, ...q.filters },
          now: BENCH_NOW,
          page: q.page ?? 1,
          pageSize: DIRECTORY_PAGE_SIZE,
          vocabulary,
        });
      const warm = await run();
      const times: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        await run();
        const c1 = process.cpuUsage(c0);
        times.push(performance.now() - t0);
        cpu.push((c1.user + c1.system) / 1000);
      }
      all.push(...times);
      allCpu.push(...cpu);
      const sorted = times.sort((a, b) => a - b);
      queries.push({
        label: q.label,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        max: sorted.at(-1)!,
        cpuP50: percentile(
          cpu.sort((a, b) => a - b),
          50,
        ),
        total: warm.total,
      });
    }
    const zoneTimes: number[] = [];
    await directoryTimeZones(database.db, BENCH_NOW);
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      await directoryTimeZones(database.db, BENCH_NOW);
      zoneTimes.push(performance.now() - t0);
    }
    const overall = percentiles(all);
    return {
      profiles: count,
      optedIn,
      setupSeconds,
      overall,
      overallCpu: percentiles(allCpu),
      loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
      queries,
      zoneList: percentiles(zoneTimes),
      target: { p95Ms: DIRECTORY_P95_TARGET_MS, met: overall.p95 <= DIRECTORY_P95_TARGET_MS },
    };
  } finally {
    await database.close();
  }
}

function formatResult(r: DirectoryBenchResult): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const lines = [
    `Phone a Friend directory: ${r.profiles.toLocaleString('en')} profiles, ${r.optedIn.toLocaleString('en')} opted in (PGlite, set up in ${r.setupSeconds} s)`,
    `  overall: p50 ${ms(r.overall.p50)}, p95 ${ms(r.overall.p95)}, max ${ms(r.overall.max)} over ${r.overall.samples} searches — target p95 ≤ ${r.target.p95Ms} ms: ${r.target.met ? 'PASS' : 'MISS'}`,
    `  CPU time: p50 ${ms(r.overallCpu.p50)}, p95 ${ms(r.overallCpu.p95)} (load average ${r.loadAverage})`,
    ...r.queries.map(
      (q) =>
        `  ${q.label.padEnd(32)} p50 ${ms(q.p50).padStart(9)}  p95 ${ms(q.p95).padStart(9)}  max ${ms(q.max).padStart(9)}  cpu p50 ${ms(q.cpuP50).padStart(9)}  ${q.total} people`,
    ),
    `  time zone list (also on the page): p50 ${ms(r.zoneList.p50)}, p95 ${ms(r.zoneList.p95)}`,
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { profiles: { type: 'string' }, repeats: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const result = await runDirectoryBench({
    ...(values.profiles ? { profiles: Number(values.profiles) } : {}),
    ...(values.repeats ? { repeats: Number(values.repeats) } : {}),
  });
  process.stdout.write(`${values.json ? JSON.stringify(result) : formatResult(result)}\n`);
}

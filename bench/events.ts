// The events calendar at scale: 10,000 events (2,000 of them recurring) in an in-memory PGlite database, the
// upcoming list (with each filter combination the page offers) and the month view timed through the same
// functions the pages call. Target: p95 ≤ 50 ms each.
// Run alone with `npx tsx bench/events.ts [--events N] [--recurring N] [--repeats N] [--json]`.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { endOfMonth, monthDays, upcoming } from '../src/features/events/events.listing';
import type { EventFilters } from '../src/features/events/events.models';
import { rebuildOccurrences } from '../src/features/events/events.occurrences';
import { migrateDatabase, openPglite } from '../src/platform/db/open';

export const EVENTS_P95_TARGET_MS = 50;

export interface EventsBenchResult {
  events: number;
  recurring: number;
  setupSeconds: number;
  list: { p50: number; p95: number; samples: number };
  month: { p50: number; p95: number; samples: number };
  /** The same calls in CPU time of this process (PGlite runs in it): what they cost whatever else the machine does. */
  cpu: { listP95: number; monthP95: number };
  target: { p95Ms: number; met: boolean };
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const FILTERS: EventFilters[] = [
  {},
  { free: true },
  { virtual: true, newStaff: true },
  { thisMonth: true },
  { beyondIll: true, free: true },
  { region: 'canada' },
  { free: true, virtual: true, newStaff: true, thisMonth: true },
];

export async function runEventsBench(
  options: { events?: number; recurring?: number; repeats?: number; log?: (line: string) => void } = {},
): Promise<EventsBenchResult> {
  const total = options.events ?? 10_000;
  const recurring = options.recurring ?? 2_000;
  const repeats = options.repeats ?? 20;
  const log = options.log ?? (() => {});
  const started = performance.now();
  const database = await openPglite(undefined);
  try {
    await migrateDatabase(database);
    const db = database.db;
    const now = new Date('2026-03-02T15:00:00Z');
    log(`events: inserting ${total.toLocaleString('en')} events (${recurring.toLocaleString('en')} recurring)`);
    // Spread over two years around `now`, mixed kinds, formats, costs, audiences, areas and regions.
    await db.execute(sql`
      insert into calendar_events (title, summary, kind, organiser_name, format, place, starts_at, ends_at, time_zone,
        rrule, cost, fee_amount, audiences, areas, regions, created_at, updated_at)
      select 'Event ' || i, 'A generated event', (array['conference','workshop','webinar','course','meetup','cfp'])[1 + i % 6],
        'Organiser ' || (i % 50), (array['in_person','virtual','hybrid','on_demand'])[1 + i % 4], 'Somewhere',
        ${now.toISOString()}::timestamptz + ((i % 730) - 365) * interval '1 day' + (i % 24) * interval '1 hour',
        ${now.toISOString()}::timestamptz + ((i % 730) - 365) * interval '1 day' + (i % 24 + 2) * interval '1 hour',
        (array['America/New_York','Europe/London','Australia/Sydney','America/Los_Angeles','UTC'])[1 + i % 5],
        case when i <= ${recurring} then (array['FREQ=WEEKLY','FREQ=MONTHLY','FREQ=YEARLY'])[1 + i % 3] end,
        (array['free','fee','member_rates'])[1 + i % 3], case when i % 3 = 0 then '' else 'USD 20' end,
        case when i % 4 = 0 then array['new'] else array['experienced'] end,
        case when i % 5 = 0 then array['leadership'] else array[]::text[] end,
        case when i % 7 = 0 then array['canada'] else array['united-states'] end,
        ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
      from generate_series(1, ${total}) as i`);
    // The generated rows bypass the writes that keep the occurrence table (docs/decisions/029): fill it once, as
    // the first start after an upgrade does.
    await rebuildOccurrences(db, now);
    await db.execute(sql`analyze calendar_events`);
    await db.execute(sql`analyze event_occurrences`);
    const setupSeconds = Math.round((performance.now() - started) / 100) / 10;
    const listTimes: number[] = [];
    const monthTimes: number[] = [];
    const listCpu: number[] = [];
    const monthCpu: number[] = [];
    const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
    const from = new Date('2026-03-01T00:00:00Z');
    const to = endOfMonth(from, 'UTC');
    // Warm up once (first queries plan and fill PGlite's caches).
    await upcoming(db, { filters: {}, now, zone: 'UTC' });
    for (let r = 0; r < repeats; r++) {
      for (const filters of FILTERS) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await upcoming(db, { filters, now, zone: 'UTC' });
        listTimes.push(performance.now() - t0);
        listCpu.push(cpuMs(process.cpuUsage(c0)));
        const c1 = process.cpuUsage();
        const t1 = performance.now();
        // As the month page reads it for an anonymous reader (days in each event's own zone, a few entries a day).
        await monthDays(db, { filters, from, to, zone: undefined });
        monthTimes.push(performance.now() - t1);
        monthCpu.push(cpuMs(process.cpuUsage(c1)));
      }
    }
    const list = { p50: pct(listTimes, 50), p95: pct(listTimes, 95), samples: listTimes.length };
    const month = { p50: pct(monthTimes, 50), p95: pct(monthTimes, 95), samples: monthTimes.length };
    return {
      events: total,
      recurring,
      setupSeconds,
      list,
      month,
      cpu: { listP95: pct(listCpu, 95), monthP95: pct(monthCpu, 95) },
      target: {
        p95Ms: EVENTS_P95_TARGET_MS,
        met: list.p95 <= EVENTS_P95_TARGET_MS && month.p95 <= EVENTS_P95_TARGET_MS,
      },
    };
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      recurring: { type: 'string' },
      repeats: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const result = await runEventsBench({
    ...(values.events ? { events: Number(values.events) } : {}),
    ...(values.recurring ? { recurring: Number(values.recurring) } : {}),
    ...(values.repeats ? { repeats: Number(values.repeats) } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(
    values.json
      ? `${JSON.stringify(result)}\n`
      : `events list p95 ${result.list.p95.toFixed(1)} ms (p50 ${result.list.p50.toFixed(1)}), month view p95 ${result.month.p95.toFixed(1)} ms (p50 ${result.month.p50.toFixed(1)}); CPU p95 list ${result.cpu.listP95.toFixed(1)} ms, month ${result.cpu.monthP95.toFixed(1)} ms; ${result.events} events (${result.recurring} recurring): ${result.target.met ? 'PASS' : 'MISS'}\n`,
  );
}

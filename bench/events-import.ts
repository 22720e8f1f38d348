// iCalendar in at scale: a 1,000-event feed (one-off events in several zones, weekly rules, all-day events, HTML
// descriptions) imported into an empty in-memory PGlite database through the import use case, as a feed refresh
// or the import form does; then the same feed again (nothing changed: nothing written). Target: ≤ 5 s.
// Run alone with `npx tsx bench/events-import.ts [--events N] [--json]`.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { importCalendarFile } from '../src/features/events/events.import.usecases';
import { migrateDatabase, openPglite } from '../src/platform/db/open';

export const EVENTS_IMPORT_TARGET_SECONDS = 5;

export interface EventsImportBenchResult {
  events: number;
  bytes: number;
  importSeconds: number;
  reimportSeconds: number;
  /** The first import in CPU time of this process (PGlite runs in it): its cost whatever else the machine does. */
  importCpuSeconds: number;
  target: { seconds: number; met: boolean };
}

const ZONES = ['America/New_York', 'Europe/London', 'Eastern Standard Time', 'Australia/Sydney', 'America/Chicago'];
const pad = (n: number) => String(n).padStart(2, '0');

/** A feed of `n` VEVENTs as an organiser's calendar would publish it. */
export function benchFeed(n: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//ILL Commons bench//EN', 'X-WR-CALNAME:Bench feed'];
  for (let i = 0; i < n; i++) {
    const month = pad(1 + (i % 12));
    const day = pad(1 + (i % 28));
    const hour = pad(8 + (i % 9));
    const zone = ZONES[i % ZONES.length];
    lines.push('BEGIN:VEVENT', `UID:bench-${i}@feed.example`, `SEQUENCE:${i % 3}`, 'DTSTAMP:20270101T000000Z');
    if (i % 10 === 9) lines.push(`DTSTART;VALUE=DATE:2027${month}${day}`);
    else
      lines.push(
        `DTSTART;TZID=${zone}:2027${month}${day}T${hour}0000`,
        `DTEND;TZID=${zone}:2027${month}${day}T${hour}4500`,
      );
    if (i % 5 === 0) lines.push('RRULE:FREQ=WEEKLY;COUNT=8');
    lines.push(
      `SUMMARY:Bench workshop ${i}: borrowing\\, lending and copyright`,
      `DESCRIPTION:<p>Session ${i} for <b>new staff</b>.</p><p><a href="https://training.example/${i}">Register</a></p>`,
      i % 2 ? 'LOCATION:https://meet.example/room' : 'LOCATION:Example Library\\, Room 1',
      `URL:https://training.example/${i}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

export async function runEventsImportBench(
  options: { events?: number; log?: (line: string) => void } = {},
): Promise<EventsImportBenchResult> {
  const n = options.events ?? 1000;
  const log = options.log ?? (() => {});
  const bytes = new TextEncoder().encode(benchFeed(n));
  const database = await openPglite(undefined);
  try {
    await migrateDatabase(database);
    const now = new Date('2026-12-01T12:00:00Z');
    const run = () =>
      importCalendarFile({
        db: database.db,
        actor: null,
        operator: true,
        now,
        bytes,
        settings: {
          kind: 'workshop',
          cost: 'free',
          feeAmount: '',
          format: 'virtual',
          organiserGroupId: null,
          organiserName: 'Bench Consortium',
          organiserUrl: '',
          defaultZone: 'UTC',
        },
      });
    log(`events import: a ${n.toLocaleString('en')}-event feed (${Math.round(bytes.length / 1024)} KB)`);
    let t0 = performance.now();
    const c0 = process.cpuUsage();
    const first = await run();
    const importSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    const importCpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (first.created !== n) throw new Error(`expected ${n} events, made ${first.created}`);
    t0 = performance.now();
    await run();
    const reimportSeconds = (performance.now() - t0) / 1000;
    return {
      events: n,
      bytes: bytes.length,
      importSeconds,
      reimportSeconds,
      importCpuSeconds,
      target: { seconds: EVENTS_IMPORT_TARGET_SECONDS, met: importSeconds <= EVENTS_IMPORT_TARGET_SECONDS },
    };
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { events: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const r = await runEventsImportBench({
    ...(values.events ? { events: Number(values.events) } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(
    values.json
      ? `${JSON.stringify(r)}\n`
      : `import of a ${r.events}-event feed: ${r.importSeconds.toFixed(2)} s (CPU ${r.importCpuSeconds.toFixed(2)} s; again, unchanged: ${r.reimportSeconds.toFixed(2)} s): ${r.target.met ? 'PASS' : 'MISS'}\n`,
  );
}

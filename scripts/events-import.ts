// npm run events:import -- [--kind workshop] [--organiser "Name"] [--zone Europe/London] FILE...
// Imports iCalendar files into the hub's events, each all or nothing, through the same use case as the import
// form (same limits and checks). Prints one line per file, "FILE: ok: N events" or "FILE: refused: reason", and
// exits 1 when any file was refused. Re-importing a file updates its events (UID), never duplicates them.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { EVENT_KINDS, type EventKind } from '../src/features/events/events.models';
import { importCalendarFile } from '../src/features/events/events.import.usecases';
import { canonicalZone } from '../src/features/events/events.time';
import { ConfigError, loadConfig } from '../src/platform/config/config';
import { DataDirLockedError } from '../src/platform/db/data-dir-lock';
import { openDatabase } from '../src/platform/db/open';
import { AppError } from '../src/platform/http/errors';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    kind: { type: 'string', default: 'workshop' },
    organiser: { type: 'string', default: 'Imported calendar' },
    zone: { type: 'string', default: 'UTC' },
    help: { type: 'boolean', short: 'h' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

if (values.help || positionals.length === 0) {
  console.log('Usage: npm run events:import -- [--kind workshop] [--organiser "Name"] [--zone UTC] FILE...');
  process.exit(values.help ? 0 : 2);
}
if (!(EVENT_KINDS as readonly string[]).includes(values.kind)) fail(`--kind: one of ${EVENT_KINDS.join(', ')}.`);
const zone = canonicalZone(values.zone);
if (!zone) fail(`--zone: “${values.zone}” is not a time zone (e.g. Europe/London).`);

let refused = 0;
try {
  const database = await openDatabase(loadConfig());
  try {
    for (const file of positionals) {
      let bytes: Uint8Array;
      try {
        bytes = fs.readFileSync(file);
      } catch (error) {
        refused++;
        console.log(`${file}: refused: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        continue;
      }
      try {
        const report = await importCalendarFile({
          db: database.db,
          actor: null,
          operator: true,
          now: new Date(),
          bytes,
          settings: {
            kind: values.kind as EventKind,
            cost: 'free',
            feeAmount: '',
            format: 'virtual',
            organiserGroupId: null,
            organiserName: values.organiser.slice(0, 200),
            organiserUrl: '',
            defaultZone: zone,
          },
        });
        const left = report.skipped.length
          ? ` (${report.skipped.length} left out: ${report.skipped.map((s) => `line ${s.line}: ${s.reason}`).join('; ')})`
          : '';
        console.log(`${file}: ok: ${report.total} events${left}`);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        refused++;
        // The use case's message, without its framing sentence.
        console.log(
          `${file}: refused: ${error.message.replace(/^The file was refused whole, nothing was imported: /, '').replace(/\.$/, '')}`,
        );
      }
    }
  } finally {
    await database.close();
  }
} catch (error) {
  if (error instanceof DataDirLockedError)
    fail(
      `${error.message}\nThe embedded database allows one process at a time: stop the hub, run this command, then start it again.`,
    );
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
process.exit(refused > 0 ? 1 : 0);

// npm run restore -- FILE [--force] [--check]
// Restores a backup into DATA_DIR (embedded database) or into the database at
// DATABASE_URL plus DATA_DIR. Refuses a non-empty target unless --force, and a
// data directory a running hub holds, always. --check only verifies the file.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ArchiveError } from '../src/platform/backup/archive';
import { formatBytes } from '../src/platform/backup/files';
import { restoreArchive, verifyArchive } from '../src/platform/backup/restore';
import { ConfigError, loadConfig } from '../src/platform/config/config';
import { DataDirLockedError } from '../src/platform/db/data-dir-lock';
import { progressLine } from './progress';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    force: { type: 'boolean' },
    check: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const usage =
  'Usage: npm run restore -- FILE [--force] [--check]\n' +
  '  restores into DATA_DIR (embedded) or DATABASE_URL + DATA_DIR (PostgreSQL), which must be empty;\n' +
  '  --force replaces what is there; --check only verifies FILE and changes nothing.';
if (values.help || positionals.length !== 1) {
  console.log(usage);
  process.exit(values.help ? 0 : 1);
}

const file = path.resolve(positionals[0]!);

try {
  const config = loadConfig();
  if (!fs.existsSync(file)) fail(`${file} does not exist.`);
  const total = fs.statSync(file).size;
  const target = { dataDir: config.dataDir, databaseUrl: config.databaseUrl };
  const progress = progressLine(values.check ? 'Checking' : 'Restoring');
  const onProgress = (e: { phase: 'read'; bytes: number } | { phase: 'database' }) => {
    if (e.phase === 'read')
      progress.update(
        `${formatBytes(e.bytes)} of ${formatBytes(total)} (${total ? Math.floor((e.bytes / total) * 100) : 100}%)`,
      );
    else {
      progress.done();
      progress.note(
        config.databaseUrl ? 'Loading the database (pg_restore)…' : 'Opening the restored database once to check it…',
      );
    }
  };
  if (values.check) {
    const summary = await verifyArchive(file, target, onProgress);
    progress.done();
    const m = summary.manifest;
    console.log(
      `${file} is a complete backup: every checksum matches.\n` +
        `  made ${m.createdAt} by ILL Commons ${m.appVersion}\n` +
        `  database: ${m.database.engine}, ${m.database.migrations.count} migrations, ${formatBytes(m.contents.databaseBytes)}\n` +
        `  files: ${m.contents.files} (${formatBytes(m.contents.fileBytes)})`,
    );
  } else {
    const summary = await restoreArchive({ file, target, force: Boolean(values.force), onProgress });
    progress.done();
    const m = summary.manifest;
    console.log(
      `Restored the backup made ${m.createdAt} into ${config.databaseUrl ? 'the database at DATABASE_URL and ' : ''}${config.dataDir}.\n` +
        `  database: ${m.database.migrations.count} migrations, ${formatBytes(m.contents.databaseBytes)}\n` +
        `  files: ${m.contents.files} (${formatBytes(m.contents.fileBytes)})` +
        (summary.replaced.length ? `\n  replaced: ${summary.replaced.join(', ')}` : '') +
        '\nStart the hub on it as usual (npm start); it applies any newer migrations on start.',
    );
  }
} catch (error) {
  if (error instanceof DataDirLockedError)
    fail(`${error.message}\nStop the hub before restoring into its data directory.`);
  if (error instanceof ConfigError) fail(error.message);
  if (error instanceof ArchiveError) {
    const message = error.message;
    // Messages about the file read "it is …"; the others are whole sentences.
    fail(/^it /.test(message) ? `Refusing ${file}: ${message}.` : message);
  }
  fail(`The restore failed: ${error instanceof Error ? error.message : String(error)}`);
}

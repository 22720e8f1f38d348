// npm run backup -- FILE [--force]
// Writes one gzipped tar holding the database and every data file (uploads,
// profile photos, mail), consistent even while the hub runs. See README
// "Operations" and docs/decisions/015-backup-and-restore.md.
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { ArchiveError, ArchiveReader, archiveSize, archiveStream } from '../src/platform/backup/archive';
import { embeddedSnapshotPlan, type Snapshot, snapshotEmbedded, snapshotPostgres } from '../src/platform/backup/backup';
import { formatBytes, PGDATA_NAME, removeStaleStaging, STALE_STAGING_MS } from '../src/platform/backup/files';
import { requestHubSnapshot } from '../src/platform/backup/socket';
import { ConfigError, loadConfig } from '../src/platform/config/config';
import { DataDirLockedError } from '../src/platform/db/data-dir-lock';
import { openDatabase } from '../src/platform/db/open';
import { progressLine } from './progress';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const usage =
  'Usage: npm run backup -- FILE [--force]   (FILE, e.g. ill-commons-2025-01-31.tar.gz; --force overwrites FILE)';
if (values.help || positionals.length !== 1) {
  console.log(usage);
  process.exit(values.help ? 0 : 1);
}

const out = path.resolve(positionals[0]!);
const partial = `${out}.partial`;

try {
  const config = loadConfig();
  const relative = path.relative(config.dataDir, out);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
    fail(
      `Write the backup outside the data directory (${config.dataDir}): otherwise every backup would contain the previous ones.`,
    );
  }
  if (fs.existsSync(out) && !values.force)
    fail(`${out} already exists. Choose another name, or add --force to overwrite it.`);
  if (!fs.existsSync(path.dirname(out))) fail(`The folder ${path.dirname(out)} does not exist.`);

  const progress = progressLine('Backing up');
  // Interrupted (Ctrl-C, a scheduler's timeout): leave no partial file and no staging copy behind.
  let cleanup = async () => {};
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      fs.rmSync(partial, { force: true });
      void cleanup().finally(() => process.exit(130));
    });
  }
  // Copies left by a backup that was killed outright.
  removeStaleStaging(config.dataDir, STALE_STAGING_MS);
  let snapshot: Snapshot;
  let how: string;
  if (config.databaseUrl) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    progress.note('Dumping the PostgreSQL database (pg_dump)…');
    snapshot = await snapshotPostgres(config.databaseUrl, config.dataDir, (e) =>
      progress.update(`database ${formatBytes(e.bytes)}`),
    );
    how = 'pg_dump';
  } else {
    if (!fs.existsSync(path.join(config.dataDir, PGDATA_NAME)))
      fail(`There is no database in ${config.dataDir} (no ${PGDATA_NAME} folder). Is DATA_DIR right?`);
    const fromHub = await requestHubSnapshot(config.dataDir);
    if (fromHub) {
      snapshot = embeddedSnapshotPlan(fromHub);
      how = 'the running hub';
    } else {
      // No hub running: open the data directory here (taking its lock, so no hub starts meanwhile).
      progress.note('No hub is running on this data directory: opening it directly…');
      // The lock is released as soon as the copy is made: the hub may start again while the archive is written.
      const database = await openDatabase(config, { migrate: false });
      try {
        snapshot = await snapshotEmbedded(database, config.dataDir);
      } finally {
        await database.close();
      }
      how = 'the data directory (no hub running)';
    }
  }
  cleanup = snapshot.cleanup;
  const source = { size: archiveSize(snapshot.plan), stream: archiveStream(snapshot.plan) };

  // The stream is checked as it goes by (manifest, every checksum, the end) before it is kept.
  const reader = new ArchiveReader();
  let sent = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        reader.write(chunk);
        sent += chunk.length;
        progress.update(
          `${formatBytes(sent)} of ${formatBytes(source.size)} (${source.size ? Math.floor((sent / source.size) * 100) : 100}%)`,
        );
        callback(null, chunk);
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback) {
      try {
        reader.end();
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  try {
    await pipeline(source.stream, check, zlib.createGzip({ level: 6 }), fs.createWriteStream(partial));
    const summary = reader.end();
    if (source.size && sent !== source.size)
      throw new ArchiveError(`the stream ended after ${sent} of ${source.size} bytes`);
    fs.renameSync(partial, out);
    progress.done();
    const c = summary.manifest.contents;
    console.log(
      `Backup written from ${how}: ${out} (${formatBytes(fs.statSync(out).size)}).\n` +
        `  database: ${summary.manifest.database.engine}, ${summary.manifest.database.migrations.count} migrations, ${formatBytes(c.databaseBytes)}\n` +
        `  files: ${c.files} (${formatBytes(c.fileBytes)})\n` +
        'Keep a copy off this machine. Check it at any time with: npm run restore -- FILE --check',
    );
  } catch (error) {
    fs.rmSync(partial, { force: true });
    progress.done();
    throw error;
  } finally {
    await snapshot.cleanup();
  }
} catch (error) {
  if (error instanceof DataDirLockedError) {
    fail(
      `${error.message}\nThat process did not answer on its backup socket (DATA_DIR/.backup/hub.sock). If it is an older version of the hub, restart it with this version, or stop it and run the backup again.`,
    );
  }
  if (error instanceof ConfigError) fail(error.message);
  if (error instanceof ArchiveError) fail(`The backup failed: ${error.message}`);
  fail(`The backup failed: ${error instanceof Error ? error.message : String(error)}`);
}

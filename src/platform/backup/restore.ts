// Restoring an archive into an empty data directory (embedded) or an empty
// database plus data directory (PostgreSQL). Everything is unpacked and
// checked in a folder beside the target first; only a complete, verified
// archive replaces anything (docs/decisions/015-backup-and-restore.md).
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/database';
import { MIGRATIONS_DIR, openPglite } from '../db/open';
import { acquireDataDirLock } from '../db/data-dir-lock';
import {
  ArchiveError,
  ArchiveReader,
  type EntrySink,
  FILES_PREFIX,
  type Manifest,
  PGDATA_PREFIX,
  PGDUMP_PATH,
  type ReadSummary,
  readArchiveFile,
} from './archive';
import { dataDirContents, isInternalTopLevel, makeRestoreDir, removeInterruptedRestores } from './files';
import { pgToolMajor, runPgTool, splitPassword } from './postgres-tools';

export interface RestoreTarget {
  dataDir: string;
  databaseUrl: string | undefined;
}

export type RestoreProgress = (event: { phase: 'read'; bytes: number } | { phase: 'database' }) => void;

/** The newest migration this code knows (drizzle's `when`), and how many there are. */
export function codeMigrations(): { count: number; latest: number } {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number }>;
  };
  return { count: journal.entries.length, latest: Math.max(0, ...journal.entries.map((e) => e.when)) };
}

/** Refuse an archive this code cannot run: another engine, or migrations newer than ours. */
export function checkCompatible(manifest: Manifest, target: RestoreTarget, code = codeMigrations()): void {
  const wanted = target.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.database.engine !== wanted) {
    throw new ArchiveError(
      manifest.database.engine === 'pglite'
        ? 'This backup is of the embedded database; restore it with DATABASE_URL unset (into DATA_DIR).'
        : 'This backup is of a PostgreSQL database; restore it with DATABASE_URL set to an empty database.',
    );
  }
  const latest = manifest.database.migrations.latest;
  if (latest !== null && latest > code.latest) {
    throw new ArchiveError(
      `This backup was made by a newer version of ILL Commons (${manifest.appVersion}): its database has migrations this version does not know. Restore it with that version or a later one.`,
    );
  }
}

/** Only check the archive: every checksum, nothing missing, compatible with this code. */
export async function verifyArchive(
  file: string,
  target: RestoreTarget,
  onProgress?: RestoreProgress,
): Promise<ReadSummary> {
  const reader = new ArchiveReader({ manifest: (m) => checkCompatible(m, target) });
  return readArchiveFile(file, reader, (bytes) => onProgress?.({ phase: 'read', bytes }));
}

function fileSink(target: string, mtime: Date): EntrySink {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const fd = fs.openSync(target, 'wx');
  return {
    write(chunk) {
      let offset = 0;
      while (offset < chunk.length) offset += fs.writeSync(fd, chunk, offset);
    },
    close() {
      fs.closeSync(fd);
      fs.utimesSync(target, mtime, mtime);
    },
  };
}

async function databaseIsEmpty(url: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`
      select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'
        and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`);
    return rows[0].n === 0;
  } finally {
    await client.end();
  }
}

/** --force on PostgreSQL: drop every schema but the system ones, in one transaction, and recreate public. */
async function emptyDatabase(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ nspname: string }>(
      `select nspname from pg_namespace where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg_toast%' and nspname not like 'pg_temp%'`,
    );
    for (const { nspname } of rows) await client.query(`drop schema "${nspname.replace(/"/g, '""')}" cascade`);
    await client.query('create schema public');
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function appliedMigrations(url: string): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = (await client.query(`select to_regclass('drizzle.__drizzle_migrations')::text as t`)).rows[0].t;
    return exists
      ? Number((await client.query('select count(*)::int as n from drizzle.__drizzle_migrations')).rows[0].n)
      : 0;
  } finally {
    await client.end();
  }
}

export interface RestoreSummary extends ReadSummary {
  replaced: string[];
}

/**
 * Restore `file` into the target. Refuses a non-empty target unless `force`;
 * refuses a data directory a running hub holds, always. The lock file and
 * postmaster.pid are never in an archive, and the lock this takes is released
 * at the end, so the restored copy starts like any stopped hub's.
 */
export async function restoreArchive(options: {
  file: string;
  target: RestoreTarget;
  force: boolean;
  onProgress?: RestoreProgress;
}): Promise<RestoreSummary> {
  const { file, target, force, onProgress } = options;
  const { dataDir, databaseUrl } = target;
  // Refuse early, before unpacking anything: not a backup, another engine, newer migrations.
  try {
    await readArchiveFile(
      file,
      new ArchiveReader({
        manifest: (m) => {
          checkCompatible(m, target);
          throw new StopReading();
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof StopReading)) throw error;
  }

  const release = acquireDataDirLock(dataDir);
  let staging: string | undefined;
  try {
    removeInterruptedRestores(dataDir);
    const existing = dataDirContents(dataDir);
    if (existing.length > 0 && !force) {
      throw new ArchiveError(
        `${dataDir} is not empty (${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', …' : ''}). Restore into an empty directory, or add --force to replace its contents.`,
      );
    }
    if (databaseUrl && !force && !(await databaseIsEmpty(databaseUrl))) {
      throw new ArchiveError(
        'The database at DATABASE_URL is not empty. Restore into a new, empty database, or add --force to replace its contents.',
      );
    }
    if (databaseUrl) {
      const major = await pgToolMajor('pg_restore');
      if (major === undefined)
        throw new ArchiveError(
          'pg_restore was not found. Install the PostgreSQL client (Debian: apt-get install postgresql-client) or set PG_BIN_DIR.',
        );
    }

    staging = makeRestoreDir(dataDir);
    const into = staging;
    const reader = new ArchiveReader({
      manifest: (m) => checkCompatible(m, target),
      entry: (header) => {
        // pgdata/… , files/… and database.pgdump land under the staging folder as they are.
        const destination = path.join(into, ...header.path.split('/'));
        if (header.type === 'directory') {
          fs.mkdirSync(destination, { recursive: true });
          return undefined;
        }
        return fileSink(destination, header.mtime);
      },
    });
    const summary = await readArchiveFile(file, reader, (bytes) => onProgress?.({ phase: 'read', bytes }));

    const databasePart = path.join(staging, databaseUrl ? PGDUMP_PATH : PGDATA_PREFIX);
    if (!fs.existsSync(databasePart)) throw new ArchiveError('it holds no database');

    // Everything is unpacked and every checksum matched: now replace, the database first.
    const replaced = force ? dataDirContents(dataDir) : [];
    onProgress?.({ phase: 'database' });
    if (databaseUrl) {
      if (force) await emptyDatabase(databaseUrl);
      const { url, password } = splitPassword(databaseUrl);
      const result = await runPgTool(
        'pg_restore',
        [
          '--single-transaction',
          '--exit-on-error',
          '--no-owner',
          '--no-privileges',
          `--dbname=${url}`,
          path.join(staging, PGDUMP_PATH),
        ],
        password,
      );
      if (result.code !== 0) throw new ArchiveError(`pg_restore failed (exit ${result.code}): ${result.stderr}`);
      const count = await appliedMigrations(databaseUrl);
      if (count !== summary.manifest.database.migrations.count) {
        throw new ArchiveError(
          `The restored database lists ${count} migrations; the backup listed ${summary.manifest.database.migrations.count}.`,
        );
      }
    }
    for (const name of replaced) fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
    if (!databaseUrl) fs.renameSync(path.join(staging, PGDATA_PREFIX), path.join(dataDir, PGDATA_PREFIX));
    const filesRoot = path.join(staging, FILES_PREFIX);
    for (const name of fs.existsSync(filesRoot) ? fs.readdirSync(filesRoot) : []) {
      if (isInternalTopLevel(name)) continue;
      fs.renameSync(path.join(filesRoot, name), path.join(dataDir, name));
    }
    if (!databaseUrl) await checkEmbedded(dataDir, summary.manifest);
    return { ...summary, replaced };
  } finally {
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
    release();
  }
}

class StopReading extends Error {}

/** Open the restored embedded database once: PostgreSQL replays its WAL, and the migrations must be those the backup listed. */
async function checkEmbedded(dataDir: string, manifest: Manifest): Promise<void> {
  const database = await openPglite(path.join(dataDir, PGDATA_PREFIX));
  try {
    const exists = rowsOf<{ t: string | null }>(
      await database.db.execute(sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`),
    )[0]?.t;
    const count = exists
      ? Number(
          rowsOf<{ n: number }>(
            await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
          )[0]?.n,
        )
      : 0;
    if (count !== manifest.database.migrations.count) {
      throw new ArchiveError(
        `The restored database lists ${count} migrations; the backup listed ${manifest.database.migrations.count}.`,
      );
    }
  } finally {
    await database.close();
  }
}

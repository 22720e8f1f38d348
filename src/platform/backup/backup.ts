// Taking a backup: a private, consistent copy of the database and the data
// files (the "snapshot"), then an archive streamed from that copy
// (docs/decisions/015-backup-and-restore.md).
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { APP_ROOT } from '../app-root';
import type { Database } from '../db/database';
import { rowsOf } from '../db/database';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  type ArchiveEntry,
  ArchiveError,
  type ArchivePlan,
  FILES_PREFIX,
  type Manifest,
  PGDATA_PREFIX,
  PGDUMP_PATH,
} from './archive';
import { linkDataFilesSync, listTree, makeStagingDir } from './files';
import { pgToolMajor, runPgTool, splitPassword } from './postgres-tools';

export interface Snapshot {
  plan: ArchivePlan;
  /** Remove the staging copy. */
  cleanup(): Promise<void>;
}

export type BackupProgress = (event: { phase: 'database'; bytes: number }) => void;

/** One statement (on the embedded database each statement waits its turn behind every request's). */
const FACTS_QUERY = `
  select version() as version,
    case when to_regclass('drizzle.__drizzle_migrations') is null then null
      else (select json_build_object('count', count(*), 'latest', max(created_at)::text) from drizzle.__drizzle_migrations) end as migrations`;

export interface DatabaseFacts {
  serverVersion: string;
  migrations: Manifest['database']['migrations'];
}

function toFacts(
  row: { version: string; migrations: { count: number | string; latest: string | null } | string | null } | undefined,
): DatabaseFacts {
  const m = typeof row?.migrations === 'string' ? JSON.parse(row.migrations) : row?.migrations;
  return {
    serverVersion: row?.version ?? '',
    migrations: { count: Number(m?.count ?? 0), latest: m?.latest == null ? null : Number(m.latest) },
  };
}

export function appVersion(): string {
  try {
    return String(JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

function planFrom(staging: string, engine: 'pglite' | 'postgres', facts: DatabaseFacts, createdAt: Date): ArchivePlan {
  const entries: ArchiveEntry[] = [];
  const contents: Manifest['contents'] = { databaseFiles: 0, databaseBytes: 0, directories: 0, files: 0, fileBytes: 0 };
  if (engine === 'pglite') {
    const root = path.join(staging, PGDATA_PREFIX);
    const stat = fs.statSync(root);
    entries.push({ path: PGDATA_PREFIX, type: 'directory', size: 0, mode: stat.mode & 0o7777, mtime: stat.mtime });
    contents.directories++;
    for (const e of listTree(root)) {
      entries.push({
        path: `${PGDATA_PREFIX}/${e.rel}`,
        type: e.type,
        size: e.size,
        mode: e.mode,
        mtime: e.mtime,
        source: e.absolute,
      });
      if (e.type === 'directory') contents.directories++;
      else {
        contents.databaseFiles++;
        contents.databaseBytes += e.size;
      }
    }
  } else {
    const file = path.join(staging, PGDUMP_PATH);
    const stat = fs.statSync(file);
    entries.push({ path: PGDUMP_PATH, type: 'file', size: stat.size, mode: 0o600, mtime: stat.mtime, source: file });
    contents.databaseFiles = 1;
    contents.databaseBytes = stat.size;
  }
  // Data files: only the files; restore makes their folders.
  for (const e of listTree(path.join(staging, FILES_PREFIX))) {
    if (e.type !== 'file') continue;
    entries.push({
      path: `${FILES_PREFIX}/${e.rel}`,
      type: 'file',
      size: e.size,
      mode: e.mode,
      mtime: e.mtime,
      source: e.absolute,
    });
    contents.files++;
    contents.fileBytes += e.size;
  }
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    formatVersion: ARCHIVE_FORMAT_VERSION,
    createdAt: createdAt.toISOString(),
    appVersion: appVersion(),
    database: { engine, ...facts },
    contents,
  };
  return { manifest, entries };
}

function cleanupOf(staging: string) {
  return async () => fs.rmSync(staging, { recursive: true, force: true });
}

/** What the process holding the embedded database hands over: a private copy in DATA_DIR/.backup. */
export interface EmbeddedSnapshot {
  staging: string;
  facts: DatabaseFacts;
  createdAt: string;
  /** The facts query; the background copy and the wait for the query lock; the pause with the lock held (about). */
  timings: { factsMs: number; backgroundMs: number; pausedMs: number };
}

/**
 * Embedded database, inside the process that has it open (the running hub, or
 * the backup command when no hub runs). While PGlite runs no query, the data
 * files are hard-linked and the database directory copied: files referenced
 * by the copied database cannot be missing, because a file is written before
 * the row that names it commits and deleted only after the row that dropped
 * it commits. Only this copy is made in the process; the archive is written
 * from it by the backup command.
 */
export async function takeEmbeddedSnapshot(database: Database, dataDir: string): Promise<EmbeddedSnapshot> {
  if (!database.snapshot)
    throw new ArchiveError(
      'This database cannot be backed up from inside the process (it is not an embedded database on disk).',
    );
  const started = performance.now();
  const facts = toFacts(
    rowsOf<Parameters<typeof toFacts>[0] & object>(await database.db.execute(sql.raw(FACTS_QUERY)))[0],
  );
  const factsDone = performance.now();
  const staging = makeStagingDir(dataDir);
  try {
    let locked = 0;
    const createdAt = await database.snapshot(path.join(staging, PGDATA_PREFIX), () => {
      locked = performance.now();
      linkDataFilesSync(dataDir, path.join(staging, FILES_PREFIX));
      return new Date();
    });
    const timings = {
      factsMs: Math.round(factsDone - started),
      backgroundMs: Math.round(locked - factsDone),
      pausedMs: Math.round(performance.now() - locked),
    };
    return { staging, facts, createdAt: createdAt.toISOString(), timings };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** The archive plan of an embedded snapshot; cleanup removes the copy. */
export function embeddedSnapshotPlan(snapshot: Pick<EmbeddedSnapshot, 'staging' | 'facts' | 'createdAt'>): Snapshot {
  return {
    plan: planFrom(snapshot.staging, 'pglite', snapshot.facts, new Date(snapshot.createdAt)),
    cleanup: cleanupOf(snapshot.staging),
  };
}

export async function snapshotEmbedded(database: Database, dataDir: string): Promise<Snapshot> {
  const snapshot = await takeEmbeddedSnapshot(database, dataDir);
  try {
    return embeddedSnapshotPlan(snapshot);
  } catch (error) {
    await cleanupOf(snapshot.staging)();
    throw error;
  }
}

/**
 * PostgreSQL: pg_dump (custom format) inside an exported snapshot, so that
 * the data files can be linked around the moment the snapshot is taken: once
 * just before and once just after. A file the dump refers to is missed only if
 * it was uploaded and replaced within those few milliseconds.
 */
export async function snapshotPostgres(url: string, dataDir: string, onProgress?: BackupProgress): Promise<Snapshot> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const staging = makeStagingDir(dataDir);
  const filesDir = path.join(staging, FILES_PREFIX);
  try {
    const serverMajor = Number((await client.query('show server_version_num')).rows[0].server_version_num) / 10000;
    const dumpMajor = await pgToolMajor('pg_dump');
    if (dumpMajor !== undefined && dumpMajor < Math.floor(serverMajor)) {
      throw new ArchiveError(
        `pg_dump ${dumpMajor} is older than the server (PostgreSQL ${Math.floor(serverMajor)}). Install a newer PostgreSQL client or set PG_BIN_DIR.`,
      );
    }
    const before = new Set(linkDataFilesSync(dataDir, filesDir));
    await client.query('begin isolation level repeatable read read only');
    const snapshotId = String((await client.query('select pg_export_snapshot() as id')).rows[0].id);
    const createdAt = new Date();
    linkDataFilesSync(dataDir, filesDir, before);
    const facts = toFacts((await client.query(FACTS_QUERY)).rows[0]);
    const dumpFile = path.join(staging, PGDUMP_PATH);
    const { url: safeUrl, password } = splitPassword(url);
    const result = await runPgTool(
      'pg_dump',
      ['--format=custom', `--snapshot=${snapshotId}`, `--file=${dumpFile}`, `--dbname=${safeUrl}`],
      password,
      () => {
        const size = fs.existsSync(dumpFile) ? fs.statSync(dumpFile).size : 0;
        onProgress?.({ phase: 'database', bytes: size });
      },
    );
    if (result.code !== 0) throw new ArchiveError(`pg_dump failed (exit ${result.code}): ${result.stderr}`);
    await client.query('commit');
    onProgress?.({ phase: 'database', bytes: fs.statSync(dumpFile).size });
    return { plan: planFrom(staging, 'postgres', facts, createdAt), cleanup: cleanupOf(staging) };
  } catch (error) {
    await cleanupOf(staging)();
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

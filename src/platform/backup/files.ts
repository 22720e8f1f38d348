import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** DATA_DIR/.backup: the hub's backup socket and the staging copies of backups in progress (mode 0700). */
export const BACKUP_DIR = '.backup';
export const SOCKET_NAME = 'hub.sock';
export const LOCK_NAME = 'hub.lock';
export const PGDATA_NAME = 'pgdata';
const RESTORE_PREFIX = '.restore-';

/** What in DATA_DIR is not a data file: the database (dumped separately), the lock, our own working folders. */
export function isInternalTopLevel(name: string): boolean {
  return name === PGDATA_NAME || name === LOCK_NAME || name === BACKUP_DIR || name.startsWith(RESTORE_PREFIX);
}

export function backupDir(dataDir: string): string {
  const dir = path.join(dataDir, BACKUP_DIR);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return dir;
}

/** A fresh folder for one backup's private copy, on the same file system as DATA_DIR (so files can be hard-linked). */
export function makeStagingDir(dataDir: string): string {
  const dir = path.join(backupDir(dataDir), `staging-${Date.now()}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(dir, { mode: 0o700 });
  return dir;
}

/** Folders of restores that were interrupted; call while holding the data directory's lock. */
export function removeInterruptedRestores(dataDir: string): void {
  for (const name of safeReaddir(dataDir)) {
    if (name.startsWith(RESTORE_PREFIX)) fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
}

export function makeRestoreDir(dataDir: string): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const dir = path.join(dataDir, `${RESTORE_PREFIX}${Date.now()}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(dir, { mode: 0o700 });
  return dir;
}

/** A staging copy nobody collected (the backup command died) is removed after this long. */
export const STALE_STAGING_MS = 24 * 60 * 60 * 1000;

/** Staging folders left by a backup that was interrupted (the command died): all, or those older than `olderThanMs`. */
export function removeStaleStaging(dataDir: string, olderThanMs = 0): void {
  const dir = path.join(dataDir, BACKUP_DIR);
  for (const name of safeReaddir(dir)) {
    const made = Number(/^staging-(\d+)-/.exec(name)?.[1]);
    if (Number.isFinite(made) && Date.now() - made >= olderThanMs)
      fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Hard-link every data file (uploads, photos, mail…) under `target`, keeping
 * relative paths. Synchronous on purpose: called while no query runs, nothing
 * else in the process moves in between. Uploads are written to `*.part` then
 * renamed, and never changed in place, so a link is a faithful copy; where
 * links are not possible the file is copied. Returns the relative paths added.
 */
export function linkDataFilesSync(dataDir: string, target: string, skip: Set<string> = new Set()): string[] {
  const added: string[] = [];
  const made = new Set<string>();
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dataDir, rel), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      if (rel === '' && isInternalTopLevel(entry.name)) continue;
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(childRel);
      else if (entry.isFile() && !entry.name.endsWith('.part') && !skip.has(childRel)) {
        const to = path.join(target, childRel);
        const parent = path.dirname(to);
        if (!made.has(parent)) {
          fs.mkdirSync(parent, { recursive: true });
          made.add(parent);
        }
        try {
          fs.linkSync(path.join(dataDir, childRel), to);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') continue; // removed since the directory was read
          if (code === 'EEXIST') throw error;
          fs.copyFileSync(path.join(dataDir, childRel), to);
        }
        added.push(childRel);
      }
    }
  };
  walk('');
  return added;
}

// Runs in a worker thread: synchronous copies there block nothing, and unlike
// fs.promises they do not queue in libuv's thread pool behind password hashing.
const COPY_TREE_WORKER = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
function copy(from, to, skip) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    try {
      if (entry.isDirectory()) copy(source, target, []);
      else if (entry.isFile()) fs.copyFileSync(source, target, fs.constants.COPYFILE_FICLONE);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
  }
}
copy(workerData.from, workerData.to, workerData.skip);
`;

/**
 * Copy a directory tree (the database files) in a worker thread, leaving out
 * top-level names in `skip`. Files may change while they are read, and files
 * removed meanwhile (a recycled WAL segment) are skipped: the second pass,
 * syncTreeSync, settles both.
 */
export function copyTreeInBackground(from: string, to: string, skip: Set<string> = new Set()): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(COPY_TREE_WORKER, { eval: true, workerData: { from, to, skip: [...skip] } });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the copy of ${from} stopped (exit ${code})`)),
    );
  });
}

/**
 * Make `to` an exact copy of `from` (minus top-level `skip`), synchronously,
 * copying only files that are new, changed in size, or modified at or after
 * `changedSinceMs` (with `changedSinceMs` = 0 everything is copied). Used
 * while no query runs, after copyTreeInBackground did most of the work; the margin
 * the caller leaves before `changedSinceMs` covers coarse file-system clocks.
 */
export function syncTreeSync(
  from: string,
  to: string,
  skip: Set<string> = new Set(),
  changedSinceMs = 0,
): { files: number; bytes: number } {
  const copied = { files: 0, bytes: 0 };
  fs.mkdirSync(to, { recursive: true });
  const present = new Set<string>();
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    present.add(entry.name);
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      const inner = syncTreeSync(source, target, new Set(), changedSinceMs);
      copied.files += inner.files;
      copied.bytes += inner.bytes;
    } else if (entry.isFile()) {
      const stat = fs.statSync(source);
      const existing = fs.statSync(target, { throwIfNoEntry: false });
      if (
        !existing ||
        existing.size !== stat.size ||
        stat.mtimeMs >= changedSinceMs ||
        stat.ctimeMs >= changedSinceMs
      ) {
        // Reflink where the file system can (instant), a plain copy otherwise.
        fs.copyFileSync(source, target, fs.constants.COPYFILE_FICLONE);
        copied.files++;
        copied.bytes += stat.size;
      }
    }
  }
  for (const name of fs.readdirSync(to)) {
    if (!present.has(name)) fs.rmSync(path.join(to, name), { recursive: true, force: true });
  }
  return copied;
}

export interface TreeEntry {
  rel: string;
  type: 'file' | 'directory';
  size: number;
  mode: number;
  mtime: Date;
  absolute: string;
}

/**
 * Every directory and file under `root`, parents before children, sorted for a
 * stable archive. Synchronous: the staging copy is private and small to list,
 * and in the hub the asynchronous calls would wait behind password hashing in
 * libuv's thread pool.
 */
export function listTree(root: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const walk = (rel: string) => {
    const dir = rel === '' ? root : path.join(root, rel);
    const entries = fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const absolute = path.join(root, childRel);
      if (!entry.isDirectory() && !entry.isFile()) continue;
      const stat = fs.statSync(absolute);
      out.push({
        rel: childRel,
        type: entry.isDirectory() ? 'directory' : 'file',
        size: entry.isFile() ? stat.size : 0,
        mode: stat.mode & 0o7777,
        mtime: stat.mtime,
        absolute,
      });
      if (entry.isDirectory()) walk(childRel);
    }
  };
  if (fs.existsSync(root)) walk('');
  return out;
}

/** Top-level names in DATA_DIR that make it "not empty" for a restore. */
export function dataDirContents(dataDir: string): string[] {
  return safeReaddir(dataDir).filter(
    (name) => name !== LOCK_NAME && name !== BACKUP_DIR && !name.startsWith(RESTORE_PREFIX),
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

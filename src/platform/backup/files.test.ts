import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyTreeInBackground, dataDirContents, linkDataFilesSync, listTree, syncTreeSync } from './files';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-backup-files-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function write(file: string, content: string, ageSeconds = 0) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  if (ageSeconds) {
    const when = new Date(Date.now() - ageSeconds * 1000);
    fs.utimesSync(file, when, when);
  }
}

function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    listTree(dir).map((e) => [e.rel, e.type === 'file' ? fs.readFileSync(e.absolute, 'utf8') : '/']),
  );
}

describe('the two-pass copy of the database directory', () => {
  it('ends as an exact copy, copying again only what changed after the first pass began', async () => {
    const from = path.join(root, 'pgdata');
    const to = path.join(root, 'copy');
    write(path.join(from, 'base/1/cold'), 'never written again', 3600);
    write(path.join(from, 'base/1/hot'), 'version 1', 3600);
    write(path.join(from, 'pg_wal/000000010000000000000001'), 'segment one', 3600);
    write(path.join(from, 'pg_wal/000000010000000000000002'), 'segment two', 3600);
    write(path.join(from, 'postgresql.auto.conf'), 'conf v1', 3600);
    write(path.join(from, 'postmaster.pid'), '1234');
    fs.mkdirSync(path.join(from, 'pg_tblspc'));
    const skip = new Set(['postmaster.pid']);

    const started = Date.now();
    await copyTreeInBackground(from, to, skip);
    // Meanwhile PostgreSQL keeps working: a page rewritten in place (same size), a new file,
    // a recycled WAL segment renamed with its old mtime, a file replaced by a rename of a
    // same-sized file with an old mtime (only its ctime tells), a file removed.
    write(path.join(from, 'base/1/hot'), 'version 2');
    write(path.join(from, 'conf.tmp'), 'conf v2', 3600);
    fs.renameSync(path.join(from, 'conf.tmp'), path.join(from, 'postgresql.auto.conf'));
    write(path.join(from, 'base/1/new'), 'created later');
    fs.renameSync(
      path.join(from, 'pg_wal/000000010000000000000001'),
      path.join(from, 'pg_wal/000000010000000000000003'),
    );
    fs.rmSync(path.join(from, 'pg_wal/000000010000000000000002'));

    syncTreeSync(from, to, skip, started - 2000);
    const expected = contents(from);
    delete expected['postmaster.pid'];
    expect(contents(to)).toEqual(expected);
    expect(contents(to)['pg_tblspc']).toBe('/');
    expect(contents(to)['postgresql.auto.conf']).toBe('conf v2');
  });

  it('fails loudly, not silently, when the source is missing', async () => {
    await expect(copyTreeInBackground(path.join(root, 'nowhere'), path.join(root, 'x'))).rejects.toThrow();
  });
});

describe('the data files of a backup', () => {
  it('are every file in DATA_DIR but the database, the lock, backup folders and uploads in progress', () => {
    const dataDir = path.join(root, 'data');
    write(path.join(dataDir, 'uploads/ab/abc'), 'attachment');
    write(path.join(dataDir, 'uploads/ab/abd.part'), 'half an upload');
    write(path.join(dataDir, 'profile-photos/1-x.png'), 'photo');
    write(path.join(dataDir, 'mail/1.eml'), 'mail');
    write(path.join(dataDir, 'pgdata/PG_VERSION'), '18');
    write(path.join(dataDir, 'hub.lock'), '123');
    write(path.join(dataDir, '.backup/staging-1-a/files/old'), 'old copy');
    write(path.join(dataDir, '.restore-1-a/pgdata/x'), 'restore in progress');
    const target = path.join(root, 'linked');
    expect(linkDataFilesSync(dataDir, target).sort()).toEqual([
      'mail/1.eml',
      'profile-photos/1-x.png',
      'uploads/ab/abc',
    ]);
    // Linked, not copied: the same file.
    expect(fs.statSync(path.join(target, 'uploads/ab/abc')).ino).toBe(
      fs.statSync(path.join(dataDir, 'uploads/ab/abc')).ino,
    );
    // A second pass adds only what is new.
    write(path.join(dataDir, 'uploads/cd/cde'), 'later');
    expect(
      linkDataFilesSync(dataDir, target, new Set(['mail/1.eml', 'profile-photos/1-x.png', 'uploads/ab/abc'])),
    ).toEqual(['uploads/cd/cde']);
    expect(dataDirContents(dataDir).sort()).toEqual(['mail', 'pgdata', 'profile-photos', 'uploads']);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ARCHIVE_FORMAT,
  ArchiveError,
  type ArchivePlan,
  ArchiveReader,
  archiveSize,
  archiveStream,
  type Manifest,
  readArchiveFile,
} from './archive';
import { checkCompatible, codeMigrations } from './restore';
import { tarEnd, tarHeader, tarPadding } from './tar';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-archive-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function source(name: string, content: string | Buffer) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

function manifest(
  overrides: Partial<Manifest['database']> = {},
  contents: Partial<Manifest['contents']> = {},
): Manifest {
  return {
    format: ARCHIVE_FORMAT,
    formatVersion: 1,
    createdAt: new Date('2025-03-01T10:00:00Z').toISOString(),
    appVersion: '0.1.0',
    database: { engine: 'pglite', serverVersion: 'PostgreSQL 18', migrations: { count: 1, latest: 1 }, ...overrides },
    contents: { databaseFiles: 1, databaseBytes: 4, directories: 1, files: 2, fileBytes: 9, ...contents },
  };
}

function plan(): ArchivePlan {
  const mtime = new Date('2025-03-01T10:00:00Z');
  return {
    manifest: manifest(),
    entries: [
      { path: 'pgdata', type: 'directory', size: 0, mode: 0o755, mtime },
      { path: 'pgdata/PG_VERSION', type: 'file', size: 4, mode: 0o600, mtime, source: source('pg', '18\n\n') },
      { path: 'files/uploads/ab/abc', type: 'file', size: 5, mode: 0o644, mtime, source: source('up', 'hello') },
      { path: 'files/mail/1.eml', type: 'file', size: 4, mode: 0o644, mtime, source: source('mail', 'mail') },
    ],
  };
}

async function write(name: string, p: ArchivePlan, gzip = true): Promise<string> {
  const file = path.join(dir, name);
  if (gzip) await pipeline(archiveStream(p), zlib.createGzip(), fs.createWriteStream(file));
  else await pipeline(archiveStream(p), fs.createWriteStream(file));
  return file;
}

function read(file: string) {
  const seen: string[] = [];
  return readArchiveFile(
    file,
    new ArchiveReader({
      entry: (h) => {
        seen.push(h.path);
        return undefined;
      },
    }),
  ).then((summary) => ({ summary, seen }));
}

/** A tar holding exactly these entries, written by hand (what a tampered or foreign archive looks like). */
function rawTar(entries: Array<{ path: string; data: Buffer }>): Buffer {
  const mtime = new Date();
  return Buffer.concat([
    ...entries.flatMap((e) => [
      tarHeader({ path: e.path, type: 'file', size: e.data.length, mode: 0o644, mtime }),
      e.data,
      tarPadding(e.data.length),
    ]),
    tarEnd(),
  ]);
}

describe('backup archives', () => {
  it('stream exactly the size announced, and read back with every checksum matching', async () => {
    const p = plan();
    const file = await write('ok.tar', p, false);
    expect(fs.statSync(file).size).toBe(archiveSize(p));
    const { summary, seen } = await read(await write('ok.tar.gz', p));
    expect(seen).toEqual(['pgdata', 'pgdata/PG_VERSION', 'files/uploads/ab/abc', 'files/mail/1.eml']);
    expect(summary.files).toBe(2);
    expect(summary.manifest.database.engine).toBe('pglite');
  });

  it('refuse a file whose content was changed, even when the tar itself is well formed', async () => {
    const file = await write('tampered.tar', plan(), false);
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf('hello');
    bytes.write('HELLO', at);
    fs.writeFileSync(file, bytes);
    await expect(read(file)).rejects.toThrow('files/uploads/ab/abc does not match its checksum');
  });

  it('refuse an archive cut short, a damaged gzip stream, and a file that is no backup', async () => {
    const gz = fs.readFileSync(await write('whole.tar.gz', plan()));
    const cut = path.join(dir, 'cut.tar.gz');
    fs.writeFileSync(cut, gz.subarray(0, gz.length - 30));
    await expect(read(cut)).rejects.toThrow(/incomplete/);

    const flipped = Buffer.from(gz);
    flipped[gz.length - 6] = flipped[gz.length - 6]! ^ 0xff; // inside the gzip trailer's CRC
    const bad = path.join(dir, 'bad.tar.gz');
    fs.writeFileSync(bad, flipped);
    await expect(read(bad)).rejects.toThrow(/damaged/);

    const notTar = source('notes.txt', 'just some notes, not a backup\n'.repeat(40));
    await expect(read(notTar)).rejects.toThrow('it is not an ILL Commons backup');

    const foreign = path.join(dir, 'foreign.tar');
    fs.writeFileSync(foreign, rawTar([{ path: 'README', data: Buffer.from('hi') }]));
    await expect(read(foreign)).rejects.toThrow(/not an ILL Commons backup \(it does not start with a manifest\)/);
  });

  it('refuse entries that would land outside the target, and files missing from the checksum list', async () => {
    const m = Buffer.from(
      JSON.stringify(manifest({}, { databaseFiles: 0, databaseBytes: 0, directories: 0, files: 1, fileBytes: 1 })),
    );
    const escaping = path.join(dir, 'escape.tar');
    fs.writeFileSync(
      escaping,
      rawTar([
        { path: 'manifest.json', data: m },
        { path: 'files/../../etc/passwd', data: Buffer.from('x') },
      ]),
    );
    await expect(read(escaping)).rejects.toThrow(/unexpected entry/);
    const unlisted = path.join(dir, 'unlisted.tar');
    fs.writeFileSync(
      unlisted,
      rawTar([
        { path: 'manifest.json', data: m },
        { path: 'files/a', data: Buffer.from('x') },
        { path: 'SHA256SUMS', data: Buffer.from('') },
      ]),
    );
    await expect(read(unlisted)).rejects.toThrow(/not in its checksum list/);
  });

  it('are refused by a restore when made by newer code or for the other engine', () => {
    const code = codeMigrations();
    expect(code.count).toBeGreaterThan(0);
    const target = { dataDir: dir, databaseUrl: undefined };
    expect(() =>
      checkCompatible(manifest({ migrations: { count: code.count, latest: code.latest } }), target, code),
    ).not.toThrow();
    expect(() =>
      checkCompatible(manifest({ migrations: { count: code.count + 1, latest: code.latest + 1 } }), target, code),
    ).toThrow(/newer version of ILL Commons/);
    expect(() => checkCompatible(manifest({ engine: 'postgres' }), target, code)).toThrow(ArchiveError);
    expect(() => checkCompatible(manifest(), { dataDir: dir, databaseUrl: 'postgres://x/y' }, code)).toThrow(
      /DATABASE_URL unset/,
    );
  });
});

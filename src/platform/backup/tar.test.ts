import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type TarHeader, TarParser, tarEnd, tarEntrySize, tarHeader, tarPadding } from './tar';

function build(entries: Array<TarHeader & { data?: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(tarHeader(e));
    if (e.type === 'file') parts.push(e.data ?? Buffer.alloc(0), tarPadding(e.size));
  }
  parts.push(tarEnd());
  return Buffer.concat(parts);
}

function parse(archive: Buffer, chunkSize = 97) {
  const out: Array<{ header: TarHeader; data: Buffer }> = [];
  let current: { header: TarHeader; chunks: Buffer[] } | undefined;
  const parser = new TarParser({
    entry: (header) => {
      current = { header, chunks: [] };
    },
    data: (chunk) => current!.chunks.push(Buffer.from(chunk)),
    entryEnd: () => {
      out.push({ header: current!.header, data: Buffer.concat(current!.chunks) });
    },
  });
  for (let i = 0; i < archive.length; i += chunkSize) parser.write(archive.subarray(i, i + chunkSize));
  parser.end();
  return out;
}

const mtime = new Date('2025-01-02T03:04:05Z');
const longName = `files/uploads/${'deep/'.repeat(40)}été-naïve.png`;

describe('tar', () => {
  it('reads back what it wrote, whatever the chunking, long and non-ASCII paths included', () => {
    const body = Buffer.from('x'.repeat(1500));
    const archive = build([
      { path: 'manifest.json', type: 'file', size: 2, mode: 0o644, mtime, data: Buffer.from('{}') },
      { path: 'pgdata', type: 'directory', size: 0, mode: 0o755, mtime },
      { path: 'pgdata/empty', type: 'file', size: 0, mode: 0o600, mtime },
      { path: longName, type: 'file', size: body.length, mode: 0o644, mtime, data: body },
    ]);
    for (const chunk of [1, 97, 512, 100_000]) {
      const entries = parse(archive, chunk);
      expect(entries.map((e) => [e.header.path, e.header.type, e.header.size])).toEqual([
        ['manifest.json', 'file', 2],
        ['pgdata', 'directory', 0],
        ['pgdata/empty', 'file', 0],
        [longName, 'file', 1500],
      ]);
      expect(entries[3]!.data.equals(body)).toBe(true);
      expect(entries[0]!.header.mtime).toEqual(mtime);
    }
  });

  it('predicts the size each entry takes', () => {
    const header: TarHeader = { path: longName, type: 'file', size: 700, mode: 0o644, mtime };
    expect(tarEntrySize(header)).toBe(tarHeader(header).length + 700 + tarPadding(700).length);
    expect(tarEntrySize(header) % 512).toBe(0);
  });

  it('writes archives that GNU tar lists and extracts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-tar-'));
    try {
      const file = path.join(dir, 'a.tar');
      fs.writeFileSync(
        file,
        build([
          { path: 'files', type: 'directory', size: 0, mode: 0o755, mtime },
          { path: longName, type: 'file', size: 5, mode: 0o644, mtime, data: Buffer.from('hello') },
        ]),
      );
      const listed = spawnSync('tar', ['-tf', file], { encoding: 'utf8' });
      expect(listed.status).toBe(0);
      expect(listed.stdout.split('\n')).toContain(longName);
      expect(spawnSync('tar', ['-xf', file, '-C', dir]).status).toBe(0);
      expect(fs.readFileSync(path.join(dir, longName), 'utf8')).toBe('hello');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a damaged header, an archive cut short, and entries that are neither files nor folders', () => {
    const archive = build([{ path: 'a.txt', type: 'file', size: 3, mode: 0o644, mtime, data: Buffer.from('abc') }]);
    const damaged = Buffer.from(archive);
    damaged[10] = damaged[10]! ^ 0xff;
    expect(() => parse(damaged)).toThrow(/does not match its checksum/);
    expect(() => parse(archive.subarray(0, 1024))).toThrow(/ends too soon/);
    const symlink = tarHeader({ path: 'link', type: 'file', size: 0, mode: 0o644, mtime });
    symlink[156] = '2'.charCodeAt(0);
    // Recompute the header checksum so only the type is wrong.
    symlink.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of symlink) sum += b;
    symlink.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    expect(() => parse(Buffer.concat([symlink, tarEnd()]))).toThrow(/unsupported type/);
  });
});

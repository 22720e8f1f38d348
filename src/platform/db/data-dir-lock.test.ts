import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock';

describe('data directory lock', () => {
  it('refuses a second holder while a live process has the lock, with a message saying what to do', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-lock-'));
    // Pretend our parent process (alive) holds it.
    fs.writeFileSync(path.join(dir, 'hub.lock'), `${process.ppid}\n`);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(/in use by another ILL Commons process.*Stop that process first/s);
  });

  it('takes over a lock left behind by a process that died', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-lock-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    fs.writeFileSync(path.join(dir, 'hub.lock'), `${dead}\n`);
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'hub.lock'), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'hub.lock'))).toBe(false);
  });

  it('lets the same directory be locked again after release', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-lock-'));
    acquireDataDirLock(dir)();
    const release = acquireDataDirLock(dir);
    expect(fs.existsSync(path.join(dir, 'hub.lock'))).toBe(true);
    release();
  });
});

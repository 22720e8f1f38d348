import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedBuild, fingerprint } from '../../scripts/build-cache.mjs';

// `npm start` rebuilds the bundles only when something they read changed (scripts/build-cache.mjs).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-build-cache-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('build cache', () => {
  const dir = path.join(tmp, 'fixture');
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src/a.ts'), "import { b } from './b';\nconsole.log(b);\n");
  fs.writeFileSync(path.join(dir, 'src/b.ts'), "export const b = 'first';\n");
  const options = {
    entryPoints: ['src/a.ts'],
    outdir: 'out',
    bundle: true,
    format: 'esm' as const,
    logLevel: 'warning' as const,
  };
  const lines: string[] = [];
  const run = (force = false) =>
    cachedBuild({ name: 'fixture', options, stampFile: 'out/.build-hash', cwd: dir, force, log: (l) => lines.push(l) });

  it('changes the fingerprint when a source file changes', () => {
    const before = fingerprint(['src/a.ts', 'src/b.ts'], options, dir);
    expect(fingerprint(['src/a.ts', 'src/b.ts'], options, dir)).toBe(before);
    fs.writeFileSync(path.join(dir, 'src/b.ts'), "export const b = 'second';\n");
    expect(fingerprint(['src/a.ts', 'src/b.ts'], options, dir)).not.toBe(before);
    expect(fingerprint(['src/a.ts', 'src/b.ts'], { ...options, minify: true }, dir)).not.toBe(before);
  });

  it('skips a second build, rebuilds after an imported file changes, an output goes or --force', async () => {
    expect(await run()).toBe('built');
    expect(await run()).toBe('skipped');
    expect(lines).toEqual(['building fixture …', 'fixture up to date']);

    fs.writeFileSync(path.join(dir, 'src/b.ts'), "export const b = 'third';\n");
    expect(await run()).toBe('built');
    expect(fs.readFileSync(path.join(dir, 'out/a.js'), 'utf8')).toContain('third');
    expect(await run()).toBe('skipped');

    fs.rmSync(path.join(dir, 'out/a.js'));
    expect(await run()).toBe('built');
    expect(await run(true)).toBe('built');
    expect(await run()).toBe('skipped');
  });

  it('the server build covers the worker bundle and skips when run again', () => {
    // The real script, run in a directory that links to the repository's sources.
    const root = process.cwd();
    const work = path.join(tmp, 'server');
    fs.mkdirSync(work);
    for (const name of ['src', 'scripts', 'node_modules', 'package.json', 'package-lock.json', 'tsconfig.json']) {
      fs.symlinkSync(path.join(root, name), path.join(work, name));
    }
    const build = () => spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: work, encoding: 'utf8' });
    const first = build();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('building server bundle');
    const stamp = JSON.parse(fs.readFileSync(path.join(work, 'dist/.build-hash'), 'utf8'));
    expect(stamp.inputs.some((f: string) => f.endsWith('src/worker.ts'))).toBe(true);
    expect(stamp.outputs).toEqual(expect.arrayContaining(['dist/main.js', 'dist/worker.js', 'dist/read-worker.js']));
    const second = build();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout.trim()).toBe('server bundle up to date');
  }, 60_000);
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run events:import -- FILE...` on the embedded database of a temporary data directory.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-events-import-'));
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', SEED_CONTENT: 'false', LOG_LEVEL: 'warn' };
const FIXTURES = 'test/fixtures/ics';

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function importFiles(...files: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/events-import.ts', ...files], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, lines: run.stdout.trim().split('\n'), stderr: run.stderr };
}

describe('the events:import command', () => {
  it('prints one line per file and exits non-zero when any file was refused', () => {
    const run = importFiles(
      `${FIXTURES}/outlook-example.ics`,
      `${FIXTURES}/broken/duplicate-uid.ics`,
      `${FIXTURES}/broken/latin1.ics`,
    );
    expect(run.lines).toEqual([
      `${FIXTURES}/outlook-example.ics: ok: 3 events`,
      `${FIXTURES}/broken/duplicate-uid.ics: refused: line 10: the UID “same@example” appears twice in the file (first at line 4)`,
      `${FIXTURES}/broken/latin1.ics: refused: line 8: the file is not UTF-8 text (save or export it as UTF-8)`,
    ]);
    expect(run.status).toBe(1);
  }, 130_000);

  it('exits 0 when every file imports, and importing again is accepted (updates, no duplicates)', () => {
    const run = importFiles(`${FIXTURES}/thunderbird-example.ics`, `${FIXTURES}/outlook-example.ics`);
    expect(run.lines).toEqual([
      `${FIXTURES}/thunderbird-example.ics: ok: 1 events`,
      `${FIXTURES}/outlook-example.ics: ok: 3 events`,
    ]);
    expect(run.status).toBe(0);
  }, 130_000);
});

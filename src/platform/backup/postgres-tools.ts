import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ArchiveError } from './archive';

/**
 * pg_dump / pg_restore / their version: PG_BIN_DIR if set, else the newest
 * /usr/lib/postgresql/<version>/bin (Debian installs the client there), else PATH.
 */
export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN_DIR) candidates.push(path.join(process.env.PG_BIN_DIR, name));
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) candidates.push(path.join(root, v, 'bin', name));
  for (const candidate of candidates) if (fs.existsSync(candidate)) return candidate;
  return name;
}

/** The connection string without its password, and the password for PGPASSWORD (kept out of the process list). */
export function splitPassword(url: string): { url: string; password: string | undefined } {
  const parsed = new URL(url);
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.password = '';
  return { url: parsed.toString(), password };
}

export interface RunResult {
  code: number | null;
  stderr: string;
}

/** Run a PostgreSQL client tool; `onTick` is called about twice a second while it runs. */
export function runPgTool(
  tool: 'pg_dump' | 'pg_restore',
  args: string[],
  password: string | undefined,
  onTick?: () => void,
): Promise<RunResult> {
  const binary = pgTool(tool);
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      env: { ...process.env, ...(password !== undefined ? { PGPASSWORD: password } : {}) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-8000);
    });
    const timer = onTick ? setInterval(onTick, 500) : undefined;
    child.once('error', (error) => {
      if (timer) clearInterval(timer);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new ArchiveError(
            `${tool} was not found. Install the PostgreSQL client (Debian: apt-get install postgresql-client) or set PG_BIN_DIR.`,
          ),
        );
      } else reject(error);
    });
    child.once('close', (code) => {
      if (timer) clearInterval(timer);
      resolve({ code, stderr: stderr.trim() });
    });
  });
}

/** Major version of a client tool, e.g. 15 from "pg_dump (PostgreSQL) 15.8". */
export async function pgToolMajor(tool: 'pg_dump' | 'pg_restore'): Promise<number | undefined> {
  const binary = pgTool(tool);
  return new Promise((resolve) => {
    const child = spawn(binary, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', () => resolve(undefined));
    child.once('close', () => {
      const match = /(\d+)(\.\d+)?/.exec(out);
      resolve(match ? Number(match[1]) : undefined);
    });
  });
}

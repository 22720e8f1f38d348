import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { ROOT } from './corpus';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  process: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** What the process printed, for error messages and start-up diagnostics. */
  output(): string;
  stop(): Promise<void>;
}

function track(child: ChildProcess, port: number): Child {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    process: child,
    pid: child.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Poll until the URL answers 200; rejects if the process exits first or after `timeoutMs`. */
export async function waitForOk(child: Child, path: string, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(
        `process ${child.pid} exited (${child.process.exitCode ?? child.process.signalCode}) before ${path} answered:\n${child.output()}`,
      );
    }
    try {
      const res = await fetch(`${child.url}${path}`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${path} did not answer 200 within ${timeoutMs} ms:\n${child.output()}`);
}

export interface HubOptions {
  dataDir: string;
  /** Command line after `node`, e.g. ['--import', 'tsx', 'src/main.ts']. */
  args: readonly string[];
  logLevel?: string;
}

/** The Node flags `npm start` gives the hub (read from package.json so the bench cannot drift from it). */
export function startNodeFlags(): string[] {
  const start: string = JSON.parse(fs.readFileSync(`${ROOT}/package.json`, 'utf8')).scripts.start;
  const m = start.match(/\bnode((?: --[\w-]+(?:=\S+)?)*) dist\/main\.js/);
  if (!m) throw new Error(`package.json's start script no longer runs "node … dist/main.js": ${start}`);
  return m[1]!.trim().split(' ').filter(Boolean);
}

/** Node arguments for each way of starting the hub. */
export const HUB_COMMANDS = {
  tsx: [...startNodeFlags(), '--import', 'tsx', 'src/main.ts'],
  dist: [...startNodeFlags(), 'dist/main.js'],
} as const;

/** The real hub as `npm start` runs it (without the client build step), in its own process. */
export async function spawnHub(options: HubOptions): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, options.args, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: options.dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: options.logLevel ?? 'warn',
      SEED_CONTENT: process.env.SEED_CONTENT ?? 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return track(child, port);
}

/** The fixed-string server: the hub's bytes without the hub, for the throughput ceiling. */
export async function spawnCeiling(fixtureFile: string): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ceiling-server.ts', fixtureFile, String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return track(child, port);
}

/** CPU time (user + system, all threads) the process has used so far, in ms. */
export function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface Memory {
  rssMiB: number;
  peakMiB: number;
}

/** Resident set size now and at its peak, from /proc. */
export function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

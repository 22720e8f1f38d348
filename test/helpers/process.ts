import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { vi } from 'vitest';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface HubProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** Start the real hub (`tsx src/main.ts`) and wait until it answers /healthz. */
export async function spawnHub(env: Record<string, string>, timeoutMs = 60_000): Promise<HubProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const started = await vi
    .waitFor(
      async () => {
        if (exited()) return;
        const res = await fetch(`${url}/healthz`); // refused until it listens
        if (!res.ok) throw new Error(`/healthz answered ${res.status}`);
      },
      { timeout: timeoutMs, interval: 150 },
    )
    .then(
      () => true,
      () => false,
    );
  if (exited()) throw new Error(`hub exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
  if (!started) {
    child.kill('SIGKILL');
    throw new Error(`hub did not start within ${timeoutMs} ms:\n${output}`);
  }
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

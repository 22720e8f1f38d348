// Global setup for the browser journeys: one real hub process for the whole
// suite, prepared the way an operator would (the admin CLI, then `tsx src/main.ts`).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the hub answers, e.g. http://127.0.0.1:41234 */
    hubUrl: string;
    /** Set-password links printed by the admin CLI for admin@e2e.test (two runs, two links). */
    adminLinks: string[];
    /** Set-password links for administrators of their own, one per feature journey that needs one (e.g. "community"). */
    featureAdmins: Record<string, { email: string; link: string }>;
  }
}

export const ADMIN_EMAIL = 'admin@e2e.test';
export const ADMIN_NAME = 'Ada Admin';
/** Feature → display name of its own administrator (email `<feature>-admin@e2e.test`). */
const FEATURE_ADMINS: Record<string, string> = {
  community: 'Cora Moderator',
  groups: 'Greta Admin',
  screens: 'Sami Screens',
  conflicts: 'Edda Admin',
  workflows: 'Wren Workflows',
  upkeep: 'Una Upkeep',
  'events-import': 'Ines Import',
  systems: 'Sol Systems',
  learning: 'Lea Learning',
  'learning-upkeep': 'Uma Upkeep',
  'reports-reviews': 'Rhea Reviews',
};
const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh database on the server TEST_DATABASE_URL points at, so earlier runs cannot collide with this one. */
async function freshPostgresDatabase(serverUrl: string) {
  const name = `ill_e2e_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = new pg.Client({ connectionString: serverUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await again.end();
    },
  };
}

/** `npm run admin:create`: prints a one-time link to set the password. */
async function adminCreate(env: NodeJS.ProcessEnv, email = ADMIN_EMAIL, name = ADMIN_NAME): Promise<string> {
  const { stdout } = await run('npx', ['tsx', 'scripts/admin-create.ts', '--email', email, '--name', name], {
    cwd: ROOT,
    env,
    timeout: 120_000,
  });
  const link = stdout.match(/https?:\/\/\S+\/reset\/[\w-]+/)?.[0];
  if (!link) throw new Error(`admin-create printed no set-password link:\n${stdout}`);
  return link;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The hub exited with ${child.exitCode} while starting:\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The hub did not answer /healthz within ${timeoutMs / 1000} s:\n${output()}`);
}

export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-e2e-'));
  const port = await freePort();
  const hubUrl = `http://127.0.0.1:${port}`;
  const database = process.env.TEST_DATABASE_URL
    ? await freshPostgresDatabase(process.env.TEST_DATABASE_URL)
    : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    BASE_URL: hubUrl,
    LOG_LEVEL: 'warn',
    // Each browser profile sends its own X-Forwarded-For (see newContext), so per-address rate limits apply per person.
    TRUST_PROXY: 'true',
    ...(database ? { DATABASE_URL: database.url } : {}),
  };
  delete env.SMTP_HOST; // mail goes to .eml files in DATA_DIR
  const adminLinks: string[] = [];
  const featureAdmins: Record<string, { email: string; link: string }> = {};

  let child: ChildProcess | undefined;
  let output = '';
  let exited: Promise<number | null> = Promise.resolve(null);
  try {
    // One link for the main administrator: setting a password voids every other
    // outstanding link of that account, so journeys that need an administrator
    // of their own get one below.
    adminLinks.push(await adminCreate(env));
    // Journeys that need an administrator of their own, so they never depend on which journey ran first.
    for (const [feature, name] of Object.entries(FEATURE_ADMINS)) {
      const email = `${feature}-admin@e2e.test`;
      featureAdmins[feature] = { email, link: await adminCreate(env, email, name) };
    }
    await run(process.execPath, ['scripts/build-client.mjs'], { cwd: ROOT });
    if (!fs.existsSync(path.join(ROOT, 'public/build/editor.js'))) throw new Error('The client bundle was not built');

    // The tsx binary itself, not `npx tsx`: npx does not pass SIGTERM on, so the
    // hub would never hear it and shut down gracefully.
    const hub = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/main.ts'], {
      cwd: ROOT,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = hub;
    hub.stdout?.on('data', (d) => (output += d));
    hub.stderr?.on('data', (d) => (output += d));
    exited = new Promise((resolve) => hub.once('exit', (code) => resolve(code)));
    await waitForHealth(hubUrl, hub, () => output);
  } catch (error) {
    child?.kill('SIGKILL');
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  project.provide('hubUrl', hubUrl);
  project.provide('adminLinks', adminLinks);
  project.provide('featureAdmins', featureAdmins);

  return async () => {
    if (child?.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child?.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(timer);
    await database?.drop();
    if (code !== 0) {
      // A throw here is only logged by vitest; the exit code is what CI sees.
      console.error(`\nThe hub did not shut down gracefully on SIGTERM (exit code ${code}). Its output:\n${output}`);
      process.exitCode = 1;
    } else {
      console.log('The hub shut down gracefully on SIGTERM (exit code 0).');
      if (!process.env.KEEP_E2E_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
}

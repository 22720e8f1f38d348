import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from '../../src/hub';
import { loadConfig } from '../../src/platform/config/config';
import { rowsOf } from '../../src/platform/db/database';
import { captureMailer } from '../helpers/app';
import { TestClient } from '../helpers/client';

// Links that leave the hub (emails, the admin CLI's set-password link) use BASE_URL, or else the address the
// hub really answers on, never an assumed http://localhost:3000.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-public-url-'));
let hub: Hub | undefined;
afterAll(async () => {
  await hub?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The hub's environment without BASE_URL (and on a free port): always the embedded database. */
const env = {
  DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  BASE_URL: '',
  DATABASE_URL: '',
  SEED_CONTENT: 'false',
  RUN_WORKERS: 'false',
  LOG_LEVEL: 'silent',
};

function adminCreate(extraEnv: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/admin-create.ts', '--email', 'first-admin@library.test', '--name', 'First Admin'],
    {
      env: { ...process.env, ...env, PORT: '', ...extraEnv },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
}

describe('the public address in links that leave the hub', () => {
  it('without BASE_URL, emails link to the port the hub really listens on', async () => {
    hub = await startHub(loadConfig(env), { mailer: captureMailer() });
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(hub.url).not.toMatch(/:(0|3000)$/);
    expect(hub.deps.config.baseUrl).toBe(hub.url);

    const client = new TestClient(
      { request: (url: string, init?: RequestInit) => fetch(url, { ...init, redirect: 'manual' }) },
      hub.url,
    );
    const res = await client.post(
      '/sign-up',
      {
        email: 'new.member@library.test',
        displayName: 'New Member',
        username: 'newmember',
        password: 'a long enough password',
      },
      { from: '/sign-up' },
    );
    expect(res.status).toBe(303);
    const [welcome] = rowsOf<{ text: string }>(
      await hub.deps.database.db.execute(
        sql`select payload->>'text' as text from jobs where queue = 'mail.send' and payload->>'to' = 'new.member@library.test'`,
      ),
    );
    expect(welcome!.text).toContain(`${hub.url}/account/confirm/`);
    expect(welcome!.text).not.toContain('localhost:3000');
  }, 60_000);

  it('admin:create run beside it, without the hub’s environment, prints a link to where the hub served', async () => {
    const served = hub!.url;
    await hub!.stop();
    hub = undefined;
    const run = adminCreate({});
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${served.replace(/\./g, '\\.')}/reset/[A-Za-z0-9_-]{20,}`));
    expect(run.stdout).not.toContain('localhost:3000');
    expect(run.stdout).toContain('the address the hub last served on');
  }, 70_000);

  it('admin:create prefers BASE_URL when it is set', () => {
    const run = adminCreate({ BASE_URL: 'https://ill.example.org/' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ https:\/\/ill\.example\.org\/reset\/[A-Za-z0-9_-]{20,}/);
  }, 70_000);
});

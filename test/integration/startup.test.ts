import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { httpClient } from '../helpers/client';
import { type HubProcess, spawnHub } from '../helpers/process';

// The embedded-database lifecycle: what `npm start` does on an empty, then an existing, data directory.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-startup-'));
// Always PGlite, even in the PostgreSQL pass (DATABASE_URL emptied).
const env: Record<string, string> = { DATA_DIR: dataDir, DATABASE_URL: '' };
let hub: HubProcess | undefined;

afterAll(async () => {
  await hub?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('starting the hub on the embedded database', () => {
  it('loads the starter content into an empty data directory and serves it', async () => {
    hub = await spawnHub(env, 120_000);
    const res = await fetch(`${hub.url}/articles/ill-borrowing-basics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('ILL borrowing basics');
  }, 150_000);

  it('refuses a second process on the same data directory with a clear message', () => {
    const second = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('is in use by another ILL Commons process');
    expect(second.stderr).not.toMatch(/\n\s+at /);
  }, 70_000);

  it('shuts down cleanly on SIGTERM, and a restart keeps edits and duplicates nothing', async () => {
    // Sign up and make an article through the running hub.
    const client = httpClient(hub!.url);
    await client.post(
      '/sign-up',
      {
        email: 'restart@library.test',
        displayName: 'Restart Tester',
        username: 'restarter',
        password: 'a long enough password',
      },
      { from: '/sign-up' },
    );
    const created = await client.post(
      '/articles',
      {
        title: 'Survives a restart',
        summary: 'An article that must still be here after a restart.',
        type: 'guide',
        audience: 'new',
        body: 'Body text that is long enough to be saved.',
        topicSlugs: 'workflows',
        licence: 'CC-BY-4.0',
      },
      { from: '/articles/new' },
    );
    expect(created.status).toBe(303);
    const countBefore = (await (await fetch(`${hub!.url}/glossary`)).text()).match(/<dt id=/g)?.length;

    expect(await hub!.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'hub.lock'))).toBe(false);

    const started = Date.now();
    hub = await spawnHub(env, 60_000);
    // Reopening an existing data directory is quick (the budget in `npm run bench` is 2 s; here we only bound it loosely).
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((await fetch(`${hub.url}/articles/survives-a-restart`)).status).toBe(200);
    const countAfter = (await (await fetch(`${hub.url}/glossary`)).text()).match(/<dt id=/g)?.length;
    expect(countAfter).toBe(countBefore);
    const signedIn = httpClient(hub.url);
    await signedIn.signIn('restart@library.test', 'a long enough password');
    expect((await signedIn.get('/account')).status).toBe(200);
  }, 120_000);
});

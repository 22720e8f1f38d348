// Live forum updates across processes: a reader's open thread page on one hub
// process shows a reply posted through another, in real Chromium. The path is
// Postgres LISTEN/NOTIFY (forum_live), not process memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database';
import { createTestDatabase, engine } from '../helpers/db';
import { type HubProcess, spawnHub } from '../helpers/process';

let database: Database & { url?: string };
let a: HubProcess;
let b: HubProcess;
let dataDir: string;
let browser: Browser;

beforeAll(async () => {
  if (engine !== 'postgres') throw new Error('This suite needs TEST_DATABASE_URL (run scripts/test-pg.sh).');
  database = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-forum-live-'));
  const env = { DATABASE_URL: database.url!, DATA_DIR: dataDir };
  [a, b] = await Promise.all([spawnHub(env), spawnHub(env)]);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  const codes = await Promise.all([a?.stop(), b?.stop()]);
  expect(codes).toEqual([0, 0]);
  await database?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('two hub processes on one PostgreSQL database', () => {
  it('shows a reply posted through process B on a thread page open on process A, without a reload', async () => {
    const tag = Date.now().toString(36);
    const writer = await (await browser.newContext({ baseURL: b.url })).newPage();
    await writer.goto('/sign-up');
    await writer.getByLabel('Email address', { exact: true }).fill(`writer${tag}@library.test`);
    await writer.getByLabel('Display name', { exact: true }).fill('Wren Writer');
    await writer.getByLabel('Username', { exact: true }).fill(`writer${tag}`);
    await writer.getByLabel('Password', { exact: true }).fill('a long enough password');
    await writer.getByRole('button', { name: 'Create account' }).click();
    await writer.waitForURL('**/account?notice=welcome');
    await writer.goto('/forum/new');
    await writer.getByLabel('Title', { exact: true }).fill(`Courier schedules across processes ${tag}`);
    await writer.getByLabel('Category', { exact: true }).selectOption({ label: 'Lending' });
    await writer.getByLabel('Your post', { exact: true }).fill('Which days does your courier come?');
    await writer.getByRole('button', { name: 'Start the thread' }).click();
    await writer.waitForURL(/\/forum\/t\/\d+/);
    const threadPath = new URL(writer.url()).pathname;

    // An anonymous reader opens the same thread on process A and keeps it open.
    const reader = await (await browser.newContext({ baseURL: a.url })).newPage();
    await reader.goto(threadPath);
    await reader.locator('ol#posts[data-live="open"]').waitFor({ timeout: 15_000 });
    await reader.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    await writer.getByLabel('Your reply', { exact: true }).fill(`Tuesdays and Fridays ${tag}.`);
    await writer.getByRole('button', { name: 'Post reply' }).click();
    await writer.waitForURL(/notice=posted/);

    await reader.locator('#posts').getByText(`Tuesdays and Fridays ${tag}.`).waitFor({ timeout: 15_000 });
    await expect(reader.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(
      true,
    );
    await expect(reader.locator('#live-status').textContent()).resolves.toContain('New reply from Wren Writer');
  });
});

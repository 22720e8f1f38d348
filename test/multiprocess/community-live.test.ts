// Live forum updates across processes: a reader's open thread page on one hub
// process shows a reply posted through another, in real Chromium. The path is
// Postgres LISTEN/NOTIFY (forum_live), not process memory.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { useTwoHubs } from '../helpers/two-hubs';

const hubs = useTwoHubs('forum-live');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('two hub processes on one PostgreSQL database', () => {
  it('shows a reply posted through process B on a thread page open on process A, without a reload', async () => {
    const tag = Date.now().toString(36);
    const writer = await (await browser.newContext({ baseURL: hubs.b.url })).newPage();
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
    const reader = await (await browser.newContext({ baseURL: hubs.a.url })).newPage();
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

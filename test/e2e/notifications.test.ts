// Notifications in a real browser: watch an article from its page with the
// keyboard, hear about an edit in the notification list (unread count in the
// header), follow it, mark all read; the preferences and watch-list pages.
// axe-core finds nothing on each page type, in the light and the dark scheme.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  axeViolations,
  focused,
  formatViolations,
  newPerson,
  publishArticle,
  reviseArticle,
  screenshot,
  signIn,
  signUp,
  submit,
  useChromium,
} from './browser';

type Scheme = 'light' | 'dark';
const chromium = useChromium();
const watcher = {} as Record<Scheme, Page>;
let author: Page;
const reader = newPerson('Wren', 'Watcher');
const writer = newPerson('Arlo', 'Author');
let articlePath = '';

beforeAll(async () => {
  for (const scheme of ['light', 'dark'] as const) watcher[scheme] = await chromium.open(scheme);
  author = await chromium.open();
  await signUp(author, writer);
  articlePath = await publishArticle(author, {
    title: `Courier schedules ${Date.now().toString(36)}`,
    summary: 'When the state courier collects and delivers interlibrary loans.',
    topic: 'Lending',
    body: 'The courier comes on Tuesdays and Thursdays, before noon.',
  });
  await signUp(watcher.light, reader);
  await signIn(watcher.dark, reader.email, reader.password);
});

async function audit(name: string, visit: (page: Page) => Promise<unknown>) {
  const violations = [];
  for (const scheme of ['light', 'dark'] as const) {
    const page = watcher[scheme];
    await visit(page);
    await screenshot(page, scheme === 'light' ? name : `${name}-dark`);
    violations.push(...(await axeViolations(page, `${name}, ${scheme}`)));
  }
  expect(violations, formatViolations(violations)).toEqual([]);
}

const unreadInHeader = (page: Page) =>
  page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Notifications/ })
    .textContent();

describe('notifications journey', () => {
  it('watches an article from its page using only the keyboard', async () => {
    const page = watcher.light;
    await page.goto(articlePath);
    const select = page.getByLabel('Watch this article', { exact: true });
    await select.focus();
    await page.keyboard.press('Tab');
    expect((await focused(page))?.text).toBe('Watch this article');
    await page.keyboard.press('Shift+Tab');
    await select.selectOption('in_app');
    await page.keyboard.press('Tab');
    const navigation = page.waitForURL(`**${articlePath}`);
    await page.keyboard.press('Enter');
    await navigation;
    await page.getByText('You are watching this article (in the hub only).').waitFor();
  });

  it('watches a topic from its page; the signed-in topic page passes axe', async () => {
    await audit('topic-signed-in', async (page) => {
      await page.goto('/topics/lending');
      await page.getByText('Watching a topic tells you about new forum threads and replies tagged Lending.').waitFor();
    });
    const page = watcher.light;
    await page.getByLabel('Watch this topic', { exact: true }).selectOption('digest');
    await page.getByRole('button', { name: 'Watch this topic' }).click();
    await page.waitForURL('**/topics/lending');
    await page.getByText('You are watching this topic (email me a daily digest).').waitFor();
  });

  it('lists what you watch, with its name and how you hear', () =>
    audit('notifications-watching', async (page) => {
      await page.goto('/notifications/watching');
      await page.getByRole('rowheader', { name: /Courier schedules/ }).waitFor();
      await page.getByRole('rowheader', { name: 'Lending', exact: true }).waitFor();
    }));

  it('shows an edit of the watched article as an unread notification, and following it marks it read', async () => {
    await reviseArticle(author, articlePath, 'The courier now comes on Wednesdays only.', 'New courier day');
    const page = watcher.light;
    // The change reaches the watcher through the event listener and the job worker: reload the list until it shows.
    await vi.waitFor(
      async () => {
        await page.goto('/notifications');
        expect(
          await page.getByRole('link', { name: /edited “Courier schedules/ }).count(),
          'a notification of the edit',
        ).toBeGreaterThan(0);
      },
      { timeout: 60_000, interval: 500 },
    );
    expect(await unreadInHeader(page)).toContain('(1 unread)');
    await audit('notifications', (p) => p.goto('/notifications'));
    await page.getByRole('link', { name: /edited “Courier schedules/ }).click();
    await page.waitForURL(`**${articlePath}/history`);
    expect(await unreadInHeader(page)).not.toContain('unread');
  });

  it('marks all as read', async () => {
    await reviseArticle(author, articlePath, 'The courier comes on Wednesdays and Fridays.', 'Second courier day');
    const page = watcher.light;
    await vi.waitFor(
      async () => {
        await page.goto('/notifications');
        expect(
          await page.getByRole('button', { name: 'Mark all as read' }).count(),
          'a second notification',
        ).toBeGreaterThan(0);
      },
      { timeout: 60_000, interval: 500 },
    );
    expect(await submit(page, page.getByRole('button', { name: 'Mark all as read' }))).toBe(200);
    await page.getByText('All notifications are marked as read.').waitFor();
    expect(await unreadInHeader(page)).not.toContain('unread');
  });

  it('saves email preferences', async () => {
    await audit('notifications-preferences', (p) => p.goto('/notifications/preferences'));
    const page = watcher.light;
    await page.getByLabel('Email me a daily digest', { exact: true }).check();
    await page.getByLabel('Digest time', { exact: true }).selectOption('7');
    await page.getByLabel('Mailing-list mode', { exact: true }).check();
    expect(await submit(page, page.getByRole('button', { name: 'Save preferences' }))).toBe(200);
    await page.getByText('Your preferences are saved.').waitFor();
    expect(await page.getByLabel('Email me a daily digest', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Digest time', { exact: true }).inputValue()).toBe('7');
    await audit('notifications-preferences-saved', (p) => p.goto('/notifications/preferences?notice=saved'));
  });
});

// The personal home page in real Chromium: a member with an unread private message sees it at "/" and its
// count in the header (on the phone menu's button too, at 320 px, without sideways scrolling); reading it
// clears it. Anonymous visitors keep the public home page. axe-core finds nothing, light and dark, wide and 320 px.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  formatViolations,
  launchChromium,
  newContext,
  newPerson,
  screenshot,
  signIn,
  signUp,
  submit,
} from './browser';

let browser: Browser;
const contexts: BrowserContext[] = [];
const reader = newPerson('Hana', 'Home');
const sender = newPerson('Sol', 'Sender');
const pages = {} as { light: Page; dark: Page; sender: Page; anonymous: Page };
const subject = `Lending the atlas ${Date.now().toString(36)}`;

beforeAll(async () => {
  browser = await launchChromium();
  const open = async (scheme: 'light' | 'dark' = 'light') => {
    const context = await newContext(browser, scheme);
    contexts.push(context);
    return context.newPage();
  };
  pages.light = await open('light');
  pages.dark = await open('dark');
  pages.sender = await open();
  pages.anonymous = await open();
  await signUp(pages.light, reader);
  await signIn(pages.dark, reader.email, reader.password);
  await signUp(pages.sender, sender);
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

async function audit(name: string) {
  const violations = [];
  for (const [scheme, page] of [
    ['light', pages.light],
    ['dark', pages.dark],
  ] as const) {
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: `Welcome back, ${reader.displayName}` }).waitFor();
    await screenshot(page, scheme === 'light' ? name : `${name}-dark`);
    violations.push(...(await axeViolations(page, `${name}, ${scheme}`)));
  }
  expect(violations, formatViolations(violations)).toEqual([]);
}

describe('the personal home page', () => {
  it('says briefly that nothing is waiting, and passes axe', async () => {
    await audit('home-personal-empty');
    await pages.light.getByText(/^Nothing waiting: no replies or mentions, unread messages/).waitFor();
  });

  it('leads with an unread message, counted in the header; reading it clears it from both', async () => {
    const s = pages.sender;
    await s.goto(`/messages/new?to=${reader.username}`);
    await s.getByLabel('Subject', { exact: true }).fill(subject);
    await s.getByLabel('Message', { exact: true }).fill('Could you lend us the 1923 atlas for a week?');
    expect(await submit(s, s.getByRole('button', { name: 'Send message' }))).toBe(200);

    await audit('home-personal');
    const page = pages.light;
    const messages = page.getByRole('region', { name: 'Messages' });
    await messages.getByText('1 conversation with unread messages.').waitFor();
    expect(await messages.getByRole('link', { name: 'All messages' }).getAttribute('href')).toBe('/messages');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect((await nav.getByRole('link', { name: /^Messages/ }).textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'Messages (1 unread)',
    );

    // A phone: the count is on the folded menu's button, and nothing scrolls sideways.
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto('/');
    const button = page.locator('.site-header summary .menu-count');
    await expect(button.isVisible()).resolves.toBe(true);
    await expect(page.locator('.site-header summary').textContent()).resolves.toMatch(/unread/);
    const { scrollWidth, width } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      width: window.innerWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(width);
    expect(formatViolations(await axeViolations(page, 'home-personal, 320 px'))).toBe(formatViolations([]));
    await screenshot(page, 'home-personal-320');

    await messages.getByRole('link', { name: subject }).click();
    await page.getByText('Could you lend us the 1923 atlas for a week?').waitFor();
    await page.goto('/');
    await expect(page.getByRole('region', { name: 'Messages' }).count()).resolves.toBe(0);
    // The message's notification stays unread until opened from the notifications list; the conversation count is gone.
    await expect(page.locator('.site-header summary').textContent()).resolves.not.toMatch(/conversation/);
    // Folded away at 320 px, so found by its address rather than its role.
    expect((await page.locator('.site-header a[href="/messages"]').textContent())?.trim()).toBe('Messages');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('is not what anonymous visitors see: they keep the public home page', async () => {
    const a = pages.anonymous;
    await a.goto('/');
    await a
      .getByRole('heading', { level: 1, name: 'Practical knowledge for interlibrary loan and resource sharing' })
      .waitFor();
    expect(await a.content()).not.toContain(reader.displayName);
  });
});

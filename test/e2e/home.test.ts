// The personal home page in real Chromium: a member with an unread private message sees it at "/" and its
// count in the header (on the phone menu's button too, at 320 px, without sideways scrolling); reading it
// clears it. Anonymous visitors keep the public home page. axe-core finds nothing, light and dark, wide and 320 px.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  formatViolations,
  newPerson,
  screenshot,
  sidewaysScroll,
  signIn,
  signUp,
  submit,
  useChromium,
} from './browser';

const chromium = useChromium();
const reader = newPerson('Hana', 'Home');
const sender = newPerson('Sol', 'Sender');
const pages = {} as { light: Page; dark: Page; sender: Page; anonymous: Page };
const subject = `Lending the atlas ${Date.now().toString(36)}`;

beforeAll(async () => {
  pages.light = await chromium.open('light');
  pages.dark = await chromium.open('dark');
  pages.sender = await chromium.open();
  pages.anonymous = await chromium.open();
  await signUp(pages.light, reader);
  await signIn(pages.dark, reader.email, reader.password);
  await signUp(pages.sender, sender);
});

async function audit(name: string) {
  const violations = [];
  for (const [scheme, page] of [
    ['light', pages.light],
    ['dark', pages.dark],
  ] as const) {
    await page.goto('/');
    // Signed up moments ago: greeted as new, not "welcome back".
    await page.getByRole('heading', { level: 1, name: `Welcome to ILL Commons, ${reader.displayName}` }).waitFor();
    await screenshot(page, scheme === 'light' ? name : `${name}-dark`);
    violations.push(...(await axeViolations(page, `${name}, ${scheme}`)));
  }
  expect(violations, formatViolations(violations)).toEqual([]);
}

describe('the personal home page', () => {
  it('says briefly that nothing is waiting, and passes axe', async () => {
    await audit('home-personal-empty');
    await pages.light.getByText(/^Nothing here yet\. A good place to start/).waitFor();
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
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    expect(formatViolations(await axeViolations(page, 'home-personal, 320 px'))).toBe(formatViolations([]));
    await screenshot(page, 'home-personal-320');

    await messages.getByRole('link', { name: subject }).click();
    await page.getByText('Could you lend us the 1923 atlas for a week?').waitFor();
    await page.goto('/');
    await expect(page.getByRole('region', { name: 'Messages' }).count()).resolves.toBe(0);
    // Opening the conversation read it and its notification: the conversation count is gone.
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

// The forum in real Chromium: a question answered live across two browsers,
// the accepted answer, a flag and a moderator hiding the post, with axe-core
// on every forum page type in the light and the dark colour scheme.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import {
  axeViolations,
  formatViolations,
  newPerson,
  screenshot,
  setPasswordFromLink,
  signIn,
  signUp,
  submit,
  useChromium,
  type Violation,
} from './browser';

const chromium = useChromium();
const asker = newPerson('Alma', 'Asker');
const helper = newPerson('Hal', 'Helper');
const admin = inject('featureAdmins').community!;
const adminPassword = 'a forum moderator passphrase for e2e';
const title = `Who lends 1920s newspapers on microfilm? ${asker.username}`;
let threadPath = '';

async function pageIn(scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  return chromium.open(scheme);
}

/** axe on the page as it is now; collects rather than fails, so one run reports every page. */
async function audit(page: Page, name: string, scheme: 'light' | 'dark'): Promise<Violation[]> {
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, scheme === 'light' ? `forum-${name}` : `forum-${name}-dark`);
  return axeViolations(page, `${name}, ${scheme}`);
}

function expectNoViolations(violations: Violation[]) {
  if (violations.length) console.error(`axe found ${violations.length} violation(s):${formatViolations(violations)}`);
  expect(violations, formatViolations(violations)).toEqual([]);
}

describe('the forum journey', () => {
  it('asks a question, sees a reply arrive live from another browser, accepts it, flags spam and a moderator hides it', async () => {
    const violations: Violation[] = [];
    const alma = await pageIn();
    const hal = await pageIn();
    const mod = await pageIn();

    // Anyone can read the forum: categories with counts, and a category page with its feed.
    for (const scheme of ['light', 'dark'] as const) {
      const p = scheme === 'light' ? alma : await pageIn('dark');
      expect((await p.goto('/forum'))?.status()).toBe(200);
      await p.getByRole('heading', { level: 1, name: 'Forum' }).waitFor();
      await expect(p.getByRole('link', { name: 'Other systems' }).isVisible()).resolves.toBe(true);
      violations.push(...(await audit(p, 'categories', scheme)));
      expect((await p.goto('/forum/c/borrowing'))?.status()).toBe(200);
      await expect(
        p.getByRole('link', { name: /Follow this category with a feed reader/ }).getAttribute('href'),
      ).resolves.toBe('/forum/c/borrowing/feed.atom');
      violations.push(...(await audit(p, 'category', scheme)));
    }

    // Alma signs up and starts a question; an empty form comes back with errors first.
    await signUp(alma, asker);
    const almaDark = await pageIn('dark');
    await signIn(almaDark, asker.email, asker.password);
    for (const [p, scheme] of [
      [alma, 'light'],
      [almaDark, 'dark'],
    ] as const) {
      await p.goto('/forum/new');
      expect(await submit(p, p.getByRole('button', { name: 'Start the thread' }))).toBe(400);
      await p
        .getByRole('alert')
        .getByRole('heading', { name: /There are \d problems/ })
        .waitFor();
      violations.push(...(await audit(p, 'new-thread-errors', scheme)));
    }
    await alma.getByLabel('Title', { exact: true }).fill(title);
    await alma.getByLabel('Category', { exact: true }).selectOption({ label: 'International ILL' });
    await alma.getByRole('radio', { name: /^Question/ }).check();
    await alma.getByRole('checkbox', { name: 'International ILL', exact: true }).check();
    await alma
      .getByLabel('Your post', { exact: true })
      .fill('We need **a 1920s newspaper** on microfilm from abroad. Who lends reels internationally?');
    await alma.getByRole('region', { name: 'Preview' }).getByText('a 1920s newspaper').waitFor({ timeout: 10_000 });
    expect(await submit(alma, alma.getByRole('button', { name: 'Start the thread' }))).toBe(200);
    await expect(alma.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
    await expect(alma.getByText('Not answered yet').first().isVisible()).resolves.toBe(true);
    threadPath = new URL(alma.url()).pathname;

    // Alma's page listens for new replies; Hal, in another browser, replies.
    await alma.locator('ol#posts[data-live="open"]').waitFor({ timeout: 15_000 });
    await alma.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await signUp(hal, helper);
    await hal.goto(threadPath);
    const answer = 'The national library lends its reels for six weeks; send the request through ISO 18626.';
    await hal.getByLabel('Your reply', { exact: true }).fill(answer);
    expect(await submit(hal, hal.getByRole('button', { name: 'Post reply' }))).toBe(200);
    await expect(hal.getByRole('status').first().textContent()).resolves.toContain('Your post is published.');

    // The reply appears on Alma's page without a reload, and is announced.
    await alma.locator('#posts').getByText(answer).waitFor({ timeout: 15_000 });
    await expect(alma.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
    await expect(alma.locator('#live-status').textContent()).resolves.toContain(`New reply from ${helper.displayName}`);
    await screenshot(alma, 'forum-live-reply');

    // Alma reloads and accepts the answer with the keyboard.
    await alma.reload();
    const accept = alma.getByRole('button', {
      name: new RegExp(`^Accept this answer post #2 by ${helper.displayName}`),
    });
    await accept.focus();
    await Promise.all([alma.waitForURL(/notice=accepted/), alma.keyboard.press('Enter')]);
    await alma.getByRole('heading', { level: 2, name: `Accepted answer, from ${helper.displayName}` }).waitFor();
    await expect(alma.getByText('Answered', { exact: true }).first().isVisible()).resolves.toBe(true);
    for (const [p, scheme] of [
      [alma, 'light'],
      [almaDark, 'dark'],
    ] as const) {
      await p.goto(threadPath);
      violations.push(...(await audit(p, 'thread-accepted', scheme)));
    }

    // Hal posts an advert; Alma flags it.
    await hal.goto(threadPath);
    await hal.getByLabel('Your reply', { exact: true }).fill('Cheap microfilm readers at my shop, visit today!');
    expect(await submit(hal, hal.getByRole('button', { name: 'Post reply' }))).toBe(200);
    await alma.goto(threadPath);
    await alma.getByRole('link', { name: new RegExp(`^Flag post #3 by ${helper.displayName}`) }).click();
    await alma.getByRole('radio', { name: 'Spam' }).check();
    await alma.getByLabel(/^Note/).fill('An advert, not an answer.');
    expect(await submit(alma, alma.getByRole('button', { name: 'Send the flag' }))).toBe(200);
    await expect(alma.getByRole('status').first().textContent()).resolves.toContain(
      'the moderators will look at the post you flagged',
    );

    // The moderator sees the flag in the queue and hides the post.
    await setPasswordFromLink(mod, admin.link, adminPassword);
    const modDark = await pageIn('dark');
    await signIn(modDark, admin.email, adminPassword);
    await mod.goto('/moderation');
    const flagged = mod.getByRole('region', { name: 'Flagged posts' });
    await flagged.getByText('An advert, not an answer.').waitFor();
    for (const [p, scheme] of [
      [mod, 'light'],
      [modDark, 'dark'],
    ] as const) {
      await p.goto('/moderation');
      violations.push(...(await audit(p, 'moderation-queue', scheme)));
    }
    expect(
      await submit(mod, mod.getByRole('button', { name: new RegExp(`^Hide post #3 by ${helper.displayName}`) })),
    ).toBe(200);
    await expect(mod.getByRole('status').first().textContent()).resolves.toContain('recorded in the audit log');
    await expect(
      mod.getByRole('region', { name: 'Recently hidden' }).getByText('Cheap microfilm readers').isVisible(),
    ).resolves.toBe(true);

    // Readers no longer see it; the audit log names the moderator's action.
    const reader = await pageIn();
    await reader.goto(threadPath);
    await reader.getByText(answer).first().waitFor();
    await expect(reader.getByText('Cheap microfilm readers').count()).resolves.toBe(0);
    for (const [p, scheme] of [
      [mod, 'light'],
      [modDark, 'dark'],
    ] as const) {
      await p.goto('/admin/audit');
      await p
        .getByRole('cell', { name: /Hid a post/ })
        .first()
        .waitFor();
      violations.push(...(await audit(p, 'audit-log', scheme)));
    }
    expectNoViolations(violations);
  });
});

// Chromium, axe-core and the small steps every journey shares.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { launchChromium } from '../helpers/chromium';

export const HUB = inject('hubUrl');
export const SCREENSHOTS_DIR = path.resolve(import.meta.dirname, '../../screenshots');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export { launchChromium };

/** A browser profile of its own (cookies, colour scheme); axe needs pages from newContext(). */
let contexts = Math.floor(Math.random() * 250);

/**
 * Each profile also comes from its own address (the hub trusts X-Forwarded-For in this suite, as behind a
 * proxy): the journeys sign up many people, and sign-up is rate-limited per address like it would be for real.
 */
export function newContext(browser: Browser, colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
  contexts++;
  const address = `198.51.100.${(contexts % 250) + 1}`;
  return browser.newContext({
    baseURL: HUB,
    colorScheme,
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: { 'X-Forwarded-For': address },
  });
}

/**
 * This file's Chromium: launched before the file's own `beforeAll` (call this first, at the top level) and closed
 * after its tests with every profile opened through it. `open()` gives a page in a browser profile of its own.
 */
export function useChromium(): { open(colorScheme?: 'light' | 'dark'): Promise<Page> } {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });
  return {
    async open(colorScheme = 'light') {
      if (!browser) throw new Error('useChromium: open() is for beforeAll hooks and tests, after the browser started');
      const context = await newContext(browser, colorScheme);
      contexts.push(context);
      return context.newPage();
    },
  };
}

/** How far the page scrolls sideways at its present viewport (0: not at all). */
export function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** A person who does not exist yet: unique per call so journeys never collide. */
export function newPerson(first: string, last: string) {
  const tag = randomBytes(3).toString('hex');
  const username = `${first}${tag}`.toLowerCase();
  return {
    displayName: `${first} ${last}`,
    username,
    email: `${username}@e2e.test`,
    password: `correct horse ${tag} battery`,
  };
}
export type Person = ReturnType<typeof newPerson>;

export async function signUp(page: Page, person: Person) {
  await page.goto('/sign-up');
  await page.getByLabel('Email address', { exact: true }).fill(person.email);
  await page.getByLabel('Display name', { exact: true }).fill(person.displayName);
  await page.getByLabel('Username', { exact: true }).fill(person.username);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/account?notice=welcome');
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function signOut(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/sign-in?notice=signed-out');
}

/** Follow the CLI's set-password link and choose a password; the hub signs the admin in. */
export async function setPasswordFromLink(page: Page, link: string, password: string) {
  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Confirm new password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await page.waitForURL('**/account?notice=reset');
}

export interface ArticleDraft {
  title: string;
  summary: string;
  topic: string;
  body: string;
}

/** Write and publish an article through the editor; returns its address. */
export async function publishArticle(page: Page, draft: ArticleDraft): Promise<string> {
  await page.goto('/articles/new');
  await page.getByLabel('Title', { exact: true }).fill(draft.title);
  await page.getByLabel('Summary', { exact: true }).fill(draft.summary);
  await page.getByRole('checkbox', { name: draft.topic, exact: true }).check();
  await page.getByLabel('Article text', { exact: true }).fill(draft.body);
  await page.getByRole('button', { name: 'Publish article' }).click();
  await page.waitForURL(/\/articles\/[a-z0-9-]+\?saved=1$/);
  return new URL(page.url()).pathname;
}

/** Open the editor, replace the article text, say why, and save. */
export async function reviseArticle(page: Page, articlePath: string, body: string, message: string) {
  await page.goto(`${articlePath}/edit`);
  await page.getByLabel('Article text', { exact: true }).fill(body);
  await page.getByLabel(/^Change summary/).fill(message);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(`**${articlePath}?saved=1`);
}

export function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  return page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

export interface Violation {
  page: string;
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: Array<{ target: string; failureSummary: string | undefined }>;
}

/** Run axe-core on the page as it is now, returning the violations in a readable shape. */
export async function axeViolations(page: Page, label: string): Promise<Violation[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => ({
    page: label,
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), failureSummary: n.failureSummary })),
  }));
}

export function formatViolations(violations: Violation[]): string {
  return violations
    .map(
      (v) =>
        `\n[${v.page}] ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}\n` +
        v.nodes
          .map((n) => `    at ${n.target}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
          .join('\n'),
    )
    .join('\n');
}

/** axe-core finds nothing on the page as it is now, in light and in dark. */
export async function expectAxeClean(page: Page, name: string): Promise<void> {
  const violations: Violation[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    violations.push(...(await axeViolations(page, `${name}, ${scheme}`)));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(violations, formatViolations(violations)).toEqual([]);
}

/** Nothing scrolls sideways on a 320 px screen (the viewport is put back after). */
export async function expectNarrowFits(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 700 });
  expect(await sidewaysScroll(page), `${name} scrolls sideways at 320 px`).toBeLessThanOrEqual(0);
  if (before) await page.setViewportSize(before);
}

/** Both: axe-clean in light and dark, and no sideways scroll at 320 px. */
export async function auditPage(page: Page, name: string): Promise<void> {
  await expectAxeClean(page, name);
  await expectNarrowFits(page, name);
}

/** What has keyboard focus: enough to assert where focus landed and that it can be seen. */
export function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: el.getAttribute('name') ?? '',
      type: el.getAttribute('type') ?? '',
      text: (el.textContent ?? '').trim().replace(/\s+/g, ' '),
      href: el.getAttribute('href') ?? '',
      className: el.className,
      outlineStyle: style.outlineStyle,
      outlineWidth: Number.parseFloat(style.outlineWidth) || 0,
      inViewport: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight,
    };
  });
}

/**
 * Click a submit button and wait for the page it leads to; returns that
 * page's status (the final one, after any 303 redirect).
 */
export async function submit(page: Page, button: ReturnType<Page['getByRole']>): Promise<number> {
  const response = page.waitForResponse(
    (r) =>
      r.request().isNavigationRequest() && r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400),
  );
  await button.click();
  const final = await response;
  await page.waitForLoadState('load');
  return final.status();
}

/** Random lowercase letters: a word no starter article contains, for search. */
export function rareWord(prefix: string): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  return prefix + Array.from(randomBytes(5), (b) => letters[b % letters.length]).join('');
}

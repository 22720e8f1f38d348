// Search that answers (issue 10): a misspelt acronym query reaches the right article in two clicks, with
// JavaScript off and on; the title suggestions under the header box work by keyboard (ARIA 1.2 combobox);
// the results page (facets, and nothing found) is axe-clean and does not scroll sideways at 320 px.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  formatViolations,
  HUB,
  launchChromium,
  newPerson,
  rareWord,
  signUp,
  type Violation,
} from './browser';

/** "IFLA" is an acronym, "vouchr" a typo of "voucher": the article on the voucher scheme answers it. */
const QUERY = 'IFLA vouchr';
const ANSWER = '/articles/ifla-voucher-scheme';

let browser: Browser;
const contexts: BrowserContext[] = [];

async function visitor(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({
    baseURL: HUB,
    javaScriptEnabled,
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: { 'X-Forwarded-For': `198.51.100.${javaScriptEnabled ? 231 : 232}` },
  });
  contexts.push(context);
  return context.newPage();
}

async function audit(page: Page, label: string, violations: Violation[]) {
  violations.push(...(await axeViolations(page, label)));
  await page.setViewportSize({ width: 320, height: 640 });
  violations.push(...(await axeViolations(page, `${label} at 320 px`)));
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways, `${label}: no sideways scrolling at 320 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Type the question in the header's box; click 1: Search; click 2: the answer among the results. */
async function twoClicks(page: Page) {
  await page.goto('/');
  await page.locator('#site-search-q').fill(QUERY);
  await Promise.all([page.waitForURL(/\/search\?/), page.locator('.site-search button[type="submit"]').click()]);
  const answer = page.locator(`main a[href="${ANSWER}"]`).first();
  await expect(answer.isVisible()).resolves.toBe(true);
  await Promise.all([page.waitForURL(`**${ANSWER}`), answer.click()]);
  await expect(page.locator('h1').textContent()).resolves.toContain('IFLA Voucher Scheme');
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe('a practitioner searching with a typo in an acronym query', () => {
  it('reaches the answer in two clicks without JavaScript', async () => {
    await twoClicks(await visitor(false));
  });

  it('reaches the answer in two clicks with JavaScript', async () => {
    await twoClicks(await visitor(true));
  });
});

describe('title suggestions as you type', () => {
  it('open under the header box and are chosen with the keyboard', async () => {
    const page = await visitor(true);
    await page.goto('/');
    const box = page.locator('#site-search-q');
    await box.focus();
    await page.keyboard.type('IFLA vou', { delay: 30 });
    await expect(box.getAttribute('role')).resolves.toBe('combobox');
    await page.waitForSelector('#site-search-q[aria-expanded="true"]');
    const listId = await box.getAttribute('aria-controls');
    const options = page.locator(`#${listId} [role="option"]`);
    const titles = await options.allTextContents();
    const index = titles.findIndex((t) => t.includes('The IFLA Voucher Scheme'));
    expect(index, `suggestions: ${titles.join(' | ')}`).toBeGreaterThanOrEqual(0);

    // Escape closes the list and leaves the text; an arrow key opens it again.
    await page.keyboard.press('Escape');
    await expect(box.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(box.inputValue()).resolves.toBe('IFLA vou');
    for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
    await expect(box.getAttribute('aria-expanded')).resolves.toBe('true');
    const active = await box.getAttribute('aria-activedescendant');
    expect(active).toBeTruthy();
    await expect(page.locator(`#${active}`).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.locator(`#${active}`).textContent()).resolves.toContain('The IFLA Voucher Scheme');
    // Focus stays in the box while choosing (the combobox pattern).
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('site-search-q');
    const violations = await axeViolations(page, 'header suggestions open');
    expect(violations, formatViolations(violations)).toEqual([]);

    await Promise.all([page.waitForURL(`**${ANSWER}`), page.keyboard.press('Enter')]);
  });

  it('leave Enter to the form when no suggestion is chosen', async () => {
    const page = await visitor(true);
    await page.goto('/search');
    const box = page.locator('#search-q');
    await box.focus();
    await page.keyboard.type('IFLA vou', { delay: 30 });
    await page.waitForSelector('#search-q[aria-expanded="true"]');
    await Promise.all([page.waitForURL(/\/search\?q=IFLA\+vou/), page.keyboard.press('Enter')]);
  });
});

describe('the results page', () => {
  it('is accessible and fits a phone, with facets and with nothing found', async () => {
    const page = await visitor(true);
    const violations: Violation[] = [];
    await page.goto('/search?q=interlibrary+loan');
    const facets = page.getByRole('navigation', { name: 'Kinds of result' });
    await expect(facets.isVisible()).resolves.toBe(true);
    await expect(facets.locator('[aria-current="page"]').textContent()).resolves.toContain('Everything');
    await audit(page, 'search results with facets', violations);
    await page.goto('/search?q=The+IFLA+Voucher+Scheme');
    await audit(page, 'search results with a best bet', violations);

    const nothing = rareWord('zq');
    await page.goto(`/search?q=${nothing}`);
    const ask = page.getByRole('link', { name: 'Ask the community' });
    await expect(ask.getAttribute('href')).resolves.toBe(
      `/sign-in?next=${encodeURIComponent(`/forum/new?title=${nothing}`)}`,
    );
    await audit(page, 'search with nothing found', violations);
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});

describe('starting a thread', () => {
  it('shows similar threads and articles for the title, as it is typed and on preview without JavaScript', async () => {
    const violations: Violation[] = [];
    const withJs = await visitor(true);
    await signUp(withJs, newPerson('Sina', 'Similar'));
    await withJs.goto('/forum/new');
    await withJs.locator('#f-title').pressSequentially('Who accepts IFLA vouchers?', { delay: 20 });
    const similar = withJs.locator('#similar-threads');
    await similar.locator(`a[href="${ANSWER}"]`).waitFor();
    await expect(similar.getAttribute('aria-live')).resolves.toBe('polite');
    await audit(withJs, 'new thread with similar threads', violations);

    const withoutJs = await visitor(false);
    await signUp(withoutJs, newPerson('Nora', 'Nojs'));
    await withoutJs.goto('/forum/new');
    await withoutJs.locator('#f-title').fill('Who accepts IFLA vouchers?');
    await withoutJs.locator('textarea[name="body"]').fill('We want to pay a lender abroad.');
    await Promise.all([withoutJs.waitForLoadState('load'), withoutJs.getByRole('button', { name: 'Preview' }).click()]);
    await withoutJs.locator(`#similar-threads a[href="${ANSWER}"]`).waitFor();
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});

// Outside resources and the lender directory in real Chromium (issue 15): browse the catalogue and filter it,
// open a resource, open a country in the lender directory and its letter templates. axe-core on each page type,
// light and dark, and no sideways scrolling at 320 px.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, formatViolations, HUB, launchChromium, sidewaysScroll, type Violation } from './browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({
    baseURL: HUB,
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.241' },
  });
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

async function audit(name: string) {
  const violations: Violation[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    violations.push(...(await axeViolations(page, `${name}, ${scheme}`)));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 320, height: 640 });
  violations.push(...(await axeViolations(page, `${name} at 320 px`)));
  expect(await sidewaysScroll(page), `${name}: no sideways scrolling at 320 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(violations, formatViolations(violations)).toEqual([]);
}

describe('outside resources', () => {
  it('browse the catalogue, filter it and open a resource', async () => {
    await page.goto('/resources');
    await expect(page.getByRole('heading', { name: 'Outside resources', level: 1 }).count()).resolves.toBe(1);
    await audit('resources list');
    await page.getByLabel('Format').selectOption('law');
    await page.getByRole('button', { name: 'Show resources' }).click();
    await page.waitForURL(/format=law/);
    await expect(page.getByText(/of \d+ resources match/).count()).resolves.toBe(1);
    await page.getByRole('link', { name: /Circular 21/ }).click();
    await expect(page.getByRole('heading', { name: /Circular 21/, level: 1 }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: /Go to the resource/ }).count()).resolves.toBe(1);
    await audit('resource page');
  });

  it('open a country in the lender directory, with its sources and letter templates', async () => {
    await page.goto('/resources');
    await page.getByRole('link', { name: 'Lender directory by country' }).click();
    await expect(page.getByRole('heading', { name: 'Lender directory by country', level: 1 }).count()).resolves.toBe(1);
    await audit('lender directory');
    await page.getByRole('link', { name: 'Japan', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Lending to and from Japan', level: 1 }).count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: /National Diet Library/ }).count()).resolves.toBe(1);
    await page.getByText('Deutsch: loan and copy request').click();
    await expect(page.getByText(/Fernleihbestellung/).count()).resolves.toBe(1);
    await audit('lender country page');
  });
});

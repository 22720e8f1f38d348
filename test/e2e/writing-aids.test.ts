// Nothing typed is lost (issue 9): each limited field states its limit, the editor
// script counts characters live, and a failed live preview says what failed.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPerson, signUp, useChromium } from './browser';

const chromium = useChromium();
let page: Page;

beforeAll(async () => {
  page = await chromium.open();
  await signUp(page, newPerson('Wren', 'Writer'));
});

describe('writing aids in the article editor', () => {
  it('states the limit in the hint and counts characters live', async () => {
    await page.goto('/articles/new');
    const body = page.getByLabel('Article text', { exact: true });
    await expect(page.locator('#f-body-hint').textContent()).resolves.toContain('Up to 100,000 characters.');
    const counter = page.locator('#f-body-counter');
    await expect(counter.textContent()).resolves.toBe('0 of 100,000 characters');
    // The counter is part of the field's description and stays quiet far from the limit.
    await expect(body.getAttribute('aria-describedby')).resolves.toContain('f-body-counter');
    await expect(counter.getAttribute('aria-live')).resolves.toBeNull();

    await body.pressSequentially('Wrap each plate');
    await page.waitForFunction(
      () => document.getElementById('f-body-counter')?.textContent === '15 of 100,000 characters',
    );

    // The summary (300) is announced near its limit and says in words when over it.
    const summary = page.getByLabel('Summary', { exact: true });
    await summary.fill('x'.repeat(280));
    const summaryCounter = page.locator('#f-summary-counter');
    await expect(summaryCounter.textContent()).resolves.toBe('280 of 300 characters');
    await expect(summaryCounter.getAttribute('aria-live')).resolves.toBe('polite');
    await summary.evaluate((el: HTMLTextAreaElement) => {
      el.value = 'y'.repeat(305);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect(summaryCounter.textContent()).resolves.toBe('305 of 300 characters: 5 over the limit');
  });

  it('says why the live preview failed instead of showing nothing', async () => {
    await page.goto('/articles/new');
    const body = page.getByLabel('Article text', { exact: true });
    const preview = page.getByRole('region', { name: 'Preview' });

    await page.route('**/preview', (route) =>
      route.fulfill({ status: 429, headers: { 'Retry-After': '37' }, body: 'Too many' }),
    );
    await body.fill('## Too many');
    await preview.getByText('Too many previews; try again in 37 seconds.').waitFor({ timeout: 10_000 });
    await page.unroute('**/preview');

    await page.goto('/articles/new');
    await page.route('**/preview', (route) => route.fulfill({ status: 503, body: 'Busy' }));
    await page.getByLabel('Article text', { exact: true }).fill('## Busy');
    await preview.getByText('The hub is busy; try again in a moment.').waitFor({ timeout: 10_000 });
    await page.unroute('**/preview');

    await page.route('**/preview', (route) => route.abort('internetdisconnected'));
    await page.getByLabel('Article text', { exact: true }).fill('## Offline');
    await preview.getByText('Could not reach the hub; your text is safe in the form.').waitFor({ timeout: 10_000 });
    await page.unroute('**/preview');

    // Once the hub answers again, the preview is back.
    await page.getByLabel('Article text', { exact: true }).fill('## Back again');
    await preview.getByRole('heading', { level: 2, name: 'Back again' }).waitFor({ timeout: 10_000 });
  });
});

describe('writing aids in the message form', () => {
  it('counts the message body', async () => {
    await page.goto('/messages/new');
    const counter = page.locator('#f-body-counter');
    await expect(counter.textContent()).resolves.toMatch(/^0 of [\d,]+ characters$/);
    await page.getByLabel('Message', { exact: true }).pressSequentially('Hello');
    await page.waitForFunction(() => /^5 of /.test(document.getElementById('f-body-counter')?.textContent ?? ''));
  });
});

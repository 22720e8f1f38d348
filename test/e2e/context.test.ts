// "Where this applies" in real Chromium: a member whose profile says public library in Canada reads a US
// copyright article and is told at the top that it was written for the United States, follows the link to what
// applies to them, and turns "Show what applies to me" on and off. Every changed page type is axe-clean, light
// and dark, and does not scroll sideways at 320 px.
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
const reader = newPerson('Rowan', 'Reader');
const pages = {} as { reader: Page; dark: Page };

beforeAll(async () => {
  pages.reader = await chromium.open('light');
  pages.dark = await chromium.open('dark');
});

const US_ARTICLE = '/articles/us-copyright-section-108-and-contu';

describe('where this applies, for a reader in a Canadian public library', () => {
  it('says a US article was written for the United States and leads to what applies to the reader', async () => {
    const p = pages.reader;
    await signUp(p, reader);
    await p.goto('/account/profile');
    await p.getByLabel(/^Library type/).selectOption({ label: 'Public' });
    await p.getByLabel(/^Country or region/).selectOption({ label: 'Canada' });
    expect(await submit(p, p.getByRole('button', { name: 'Save profile' }))).toBe(200);
    await p.getByText('Your profile has been saved.').waitFor();

    await p.goto(US_ARTICLE);
    const notice = p.getByRole('note');
    await notice.getByText('Written for libraries in the United States').waitFor();
    expect(await notice.textContent()).toContain('public libraries in Canada');
    await screenshot(p, 'context-article-notice');
    await notice.getByRole('link', { name: /articles that apply to you/ }).click();
    await p.waitForURL(/\/topics\/[a-z-]+\?fits=me$/);
    await p.getByText(/Showing what applies to public libraries in Canada/).waitFor();
    expect(await p.getByRole('link', { name: /Canadian copyright for ILL/ }).count()).toBeGreaterThan(0);
    expect(await p.locator(`a[href="${US_ARTICLE}"]`).count()).toBe(0);
    await screenshot(p, 'context-topic-filtered');

    await p.getByRole('link', { name: 'Show everything' }).click();
    await p.waitForURL(/\/topics\/[a-z-]+$/);
    expect(await p.locator(`a[href="${US_ARTICLE}"]`).count()).toBeGreaterThan(0);
  });
});

describe('the changed page types are axe-clean and fit a 320 px screen', () => {
  const CHANGED = [
    ['article-not-for-you', US_ARTICLE],
    ['topic-with-toggle', '/topics/copyright-licensing'],
    ['topic-filtered', '/topics/copyright-licensing?fits=me'],
    ['articles-filtered', '/articles?fits=me'],
  ] as const;

  it('signs the reader in on a dark-scheme profile too', async () => {
    await signIn(pages.dark, reader.email, reader.password);
  });

  it('has no violations, light and dark, and no sideways scroll at 320 px', async () => {
    const violations = [];
    const scrolls: string[] = [];
    for (const [name, path] of CHANGED) {
      for (const [scheme, page] of [
        ['light', pages.reader],
        ['dark', pages.dark],
      ] as const) {
        await page.setViewportSize({ width: 1280, height: 900 });
        expect((await page.goto(path))?.status(), `${name} (${scheme})`).toBe(200);
        // The reader's context is on the page: the notice or the toggle is there to be checked.
        await page.locator('.context-notice, .fits-toggle').first().waitFor();
        violations.push(...(await axeViolations(page, `${name}, ${scheme}`)));
        await page.setViewportSize({ width: 320, height: 640 });
        const scroll = await sidewaysScroll(page);
        if (scroll > 0) scrolls.push(`${name} (${scheme}) scrolls ${scroll} px sideways`);
        violations.push(...(await axeViolations(page, `${name}, ${scheme}, 320 px`)));
      }
    }
    expect(violations, formatViolations(violations)).toEqual([]);
    expect(scrolls).toEqual([]);
  });
});

// The citation detective, in real Chromium: from the learning index a reader opens the exercises, picks one with a
// long, double-encoded OpenURL, sees what the OpenURL inspector reads from it, answers by keyboard only, gets
// feedback with the explanations, and follows the link to the inspector. axe-core finds nothing on the list, the
// exercise and the feedback, light and dark; none scrolls sideways at 320 px (the long OpenURL wraps).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focused, useChromium, expectAxeClean, expectNarrowFits } from './browser';

const chromium = useChromium();
let page: Page;

beforeAll(async () => {
  page = await chromium.open();
});

const audit = (name: string) => expectAxeClean(page, name);

const narrow = (name: string) => expectNarrowFits(page, name);

/** Focus a control and act on it with keys only. */
async function keys(label: string, ...pressed: string[]) {
  await page.getByLabel(label, { exact: true }).focus();
  const now = await focused(page);
  expect(now?.outlineStyle, `${label} shows focus`).not.toBe('none');
  for (const key of pressed) await page.keyboard.press(key);
}

describe('the citation detective', () => {
  it('is found from the learning index and lists its exercises', async () => {
    await page.goto('/learning');
    await page.getByRole('link', { name: 'citation detective' }).click();
    await page.getByRole('heading', { level: 1, name: 'Citation detective' }).waitFor();
    expect(await page.locator('a[href^="/learning/citations/"]').count()).toBeGreaterThanOrEqual(40);
    await audit('exercise list');
    await narrow('exercise list');
  });

  it('shows an OpenURL and what it says, takes answers by keyboard and explains each', async () => {
    await page.getByRole('link', { name: 'Values encoded twice' }).click();
    await page.getByRole('heading', { level: 1, name: /Values encoded twice/ }).waitFor();
    expect(await page.getByTestId('citation-text').textContent()).toContain('rft.atitle=Water%2520quality');
    expect(await page.getByTestId('inspected').textContent()).toContain('Water quality in upland reservoirs');
    expect(await page.getByText('Right.', { exact: true }).count()).toBe(0);
    await audit('exercise');
    await narrow('exercise with a long OpenURL');
    await keys('A journal article', 'Space');
    await keys('The titles are encoded twice (%2520 instead of %20)', 'Space');
    await keys('The volume is missing', 'Space');
    await keys('Our own library catalogue', 'Space');
    const button = page.getByRole('button', { name: 'Check my answers' });
    await button.focus();
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.getByTestId('score').waitFor();
    expect(await page.getByTestId('score').textContent()).toContain('You answered 2 of 3 questions right.');
    expect(await page.getByText('Right.', { exact: true }).count()).toBe(2);
    expect(await page.getByText('Not quite.', { exact: true }).count()).toBe(1);
    expect(await page.getByText(/"%2520" is "%20" encoded again/).count()).toBe(1);
    expect(await page.getByRole('link', { name: /^Next exercise: / }).count()).toBe(1);
    await audit('exercise with feedback');
    await narrow('exercise with feedback');
    await page.getByRole('link', { name: 'Open this OpenURL in the OpenURL inspector' }).click();
    await page.getByRole('heading', { level: 1, name: 'OpenURL inspector' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'OpenURL' }).inputValue()).toContain('rft.atitle=Water%2520quality');
    expect(await page.getByRole('link', { name: 'Practise with the citation detective' }).count()).toBe(1);
  });
});

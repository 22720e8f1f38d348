// The self-assessment and report recipes, in real Chromium: a member scores a checklist item by keyboard (Space
// to choose, arrow keys to change), saves with Enter, changes the score and saves again, and sees the progress by
// area against the assessment before. A reader opens the recipe list and a recipe. axe-core finds nothing on the
// assessment page (before and after saving), a saved assessment, the recipe list and a recipe, light and dark; none scrolls sideways at
// 320 px (docs/decisions/047). An administrator marks a recipe reviewed and opens the list of examples and recipes past
// their review date (axe-clean, 320 px).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { auditPage, focused, newPerson, setPasswordFromLink, signUp, useChromium } from './browser';

const chromium = useChromium();
let page: Page;
let reader: Page;
const ITEM = 'New borrowing requests are processed on the day they arrive';

beforeAll(async () => {
  page = await chromium.open();
  reader = await chromium.open();
  await signUp(page, newPerson('Asa', 'Assessor'));
});

const audit = (p: Page, name: string) => auditPage(p, name);

async function saveByKeyboard(p: Page) {
  const save = p.getByRole('button', { name: 'Save this assessment' });
  await save.focus();
  expect((await focused(p))?.text).toBe('Save this assessment');
  await Promise.all([p.waitForURL(/notice=saved/), p.keyboard.press('Enter')]);
  await p.getByText('Your assessment is saved.').waitFor();
}

describe('the self-assessment', () => {
  it('a member scores an item by keyboard, saves, changes the score, saves again and sees progress', async () => {
    await page.goto('/reports/assessment');
    await page.getByRole('heading', { level: 1, name: 'Self-assessment' }).waitFor();
    await audit(page, 'self-assessment, first time');
    const item = page.getByRole('group', { name: ITEM });
    // The best practice it checks is one link away.
    expect(await item.getByRole('link').getAttribute('href')).toBe(
      '/articles/daily-borrowing-workflow#new-requests-main-block-of-the-morning',
    );

    // Space chooses the focused radio; the right arrow moves to and chooses the next.
    await item.getByRole('radio', { name: 'Not yet' }).focus();
    await page.keyboard.press('Space');
    expect(await item.getByRole('radio', { name: 'Not yet' }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await item.getByRole('radio', { name: 'Partly' }).isChecked()).toBe(true);
    await saveByKeyboard(page);

    // The form starts from the saved scores: move "Partly" on to "In place".
    const again = page.getByRole('group', { name: ITEM });
    expect(await again.getByRole('radio', { name: 'Partly' }).isChecked()).toBe(true);
    await again.getByRole('radio', { name: 'Partly' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await again.getByRole('radio', { name: 'In place' }).isChecked()).toBe(true);
    await saveByKeyboard(page);

    const speed = page.getByRole('row', { name: /^Speed/ });
    await expect.poll(() => speed.textContent()).toContain('up 50 points');
    expect(await speed.textContent()).toContain('100%');
    expect(await speed.textContent()).toContain('50%');
    expect(await page.getByRole('table', { name: 'Your assessments by date' }).getByRole('row').count()).toBe(3);
    await audit(page, 'self-assessment with progress');

    // Each saved assessment has a page of its own (private to the member).
    await page.getByRole('table', { name: 'Your assessments by date' }).getByRole('link').last().click();
    await page.getByRole('heading', { level: 1, name: /^Assessment of / }).waitFor();
    expect(await page.getByText('Partly', { exact: true }).count()).toBeGreaterThan(0);
    await audit(page, 'a saved assessment');
  });
});

describe('report recipes', () => {
  it('a reader opens the list and a recipe', async () => {
    await reader.goto('/reports/recipes');
    await reader.getByRole('heading', { level: 1, name: 'Report recipes' }).waitFor();
    await audit(reader, 'report recipes');
    await reader.getByRole('link', { name: 'How to report fill rate to your director' }).click();
    await reader.getByRole('heading', { level: 1, name: 'How to report fill rate to your director' }).waitFor();
    expect(await reader.getByRole('link', { name: 'ILL Commons editors' }).count()).toBe(1);
    expect(await reader.getByText('next review due').count()).toBe(1);
    await audit(reader, 'a report recipe');
  });
});

describe('review dates of report recipes', () => {
  it('an administrator marks a recipe reviewed and opens the list of what is past its review date', async () => {
    const admin = await chromium.open();
    await setPasswordFromLink(
      admin,
      inject('featureAdmins')['reports-reviews']!.link,
      'a long passphrase for the reports admin',
    );
    await admin.goto('/reports/recipes/fill-rate-to-your-director');
    const mark = admin.getByRole('button', { name: 'Mark reviewed: the steps and links still hold' });
    await mark.waitFor();
    await audit(admin, 'a report recipe, as an administrator');
    await Promise.all([admin.waitForURL(/notice=reviewed/), mark.click()]);
    await admin.getByText('Review recorded.').waitFor();
    expect(await admin.getByText(/Reviewed on/).count()).toBeGreaterThan(0);
    await admin.goto('/reports/reviews');
    await admin
      .getByRole('heading', { level: 1, name: 'Report examples and recipes past their review date' })
      .waitFor();
    await audit(admin, 'report examples and recipes past their review date');
  });
});

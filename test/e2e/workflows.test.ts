// Workflows in real Chromium (issue 11): a library adopts a workflow, edits a step, the original changes, and the
// adopter takes one change and keeps their own edit of another; a procedures manual downloads as a DOCX that
// mammoth reads back; a run is started, ticked, saved and finished with the keyboard alone. axe-core on every new
// page type, light and dark, and no sideways scrolling at 320 px.
import fs from 'node:fs';
import mammoth from 'mammoth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  axeViolations,
  focused,
  formatViolations,
  launchChromium,
  newContext,
  newPerson,
  setPasswordFromLink,
  signUp,
  submit,
  type Violation,
} from './browser';

let browser: Browser;
const contexts: BrowserContext[] = [];
const pages = {} as Record<'admin' | 'library' | 'anon', Page>;
const librarian = newPerson('Lara', 'Librarian');
const ORIGINAL = '/workflows/reopening-ill-after-holidays';
let localPath = '';

beforeAll(async () => {
  browser = await launchChromium();
  for (const who of ['admin', 'library', 'anon'] as const) {
    const context = await newContext(browser);
    contexts.push(context);
    pages[who] = await context.newPage();
  }
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

async function audit(page: Page, name: string) {
  const violations: Violation[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    violations.push(...(await axeViolations(page, `${name}, ${scheme}`)));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 320, height: 640 });
  violations.push(...(await axeViolations(page, `${name} at 320 px`)));
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways, `${name}: no sideways scrolling at 320 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(violations, formatViolations(violations)).toEqual([]);
}

async function editStep(page: Page, path: string, number: number, title: string) {
  await page.goto(path);
  await page.getByRole('link', { name: `Edit step ${number}`, exact: true }).click();
  await page.getByLabel('Title', { exact: true }).fill(title);
  expect(await submit(page, page.getByRole('button', { name: 'Save the step' }))).toBe(200);
}

describe('workflows', () => {
  it('a library adopts a workflow, edits a step, and takes one upstream change while keeping its own', async () => {
    const { admin, library, anon } = pages;
    await setPasswordFromLink(
      admin,
      inject('featureAdmins').workflows!.link,
      'a long passphrase for the workflows admin',
    );
    await signUp(library, librarian);

    await anon.goto('/workflows');
    await audit(anon, 'workflow list');
    await anon.getByRole('link', { name: 'Reopening the ILL service after a break' }).click();
    await expect(anon.getByRole('checkbox').count()).resolves.toBeGreaterThan(3);
    await audit(anon, 'workflow page (anonymous)');

    await library.goto(ORIGINAL);
    await library.getByLabel('Who will own it', { exact: true }).selectOption('me');
    await library.getByLabel('Who can see it', { exact: true }).selectOption('public');
    expect(await submit(library, library.getByRole('button', { name: 'Use at my library' }))).toBe(200);
    localPath = new URL(library.url()).pathname;
    expect(localPath).toMatch(/^\/workflows\/local\/\d+$/);
    await audit(library, 'local version');

    await library.getByRole('link', { name: 'Edit step 2', exact: true }).click();
    await audit(library, 'step editor');
    await library.getByLabel('Title', { exact: true }).fill('Open the mail, returns and our courier bins');
    expect(await submit(library, library.getByRole('button', { name: 'Save the step' }))).toBe(200);
    await library.getByRole('heading', { name: /Open the mail, returns and our courier bins/ }).waitFor();

    // The original changes two steps: the one the library left alone, and the one it edited.
    await editStep(admin, ORIGINAL, 1, 'Turn lending back on in every system, and check it took');
    await editStep(admin, ORIGINAL, 2, 'Open the post and the returns');

    await library.goto(localPath);
    await library.getByText('The original changed since you adopted it').waitFor();
    await library.getByRole('link', { name: 'Compare and choose, step by step' }).click();
    await audit(library, 'three-way changes');
    expect(
      await submit(library, library.getByRole('button', { name: /^Take the original’s change: Turn lending back on/ })),
    ).toBe(200);
    expect(await submit(library, library.getByRole('button', { name: /^Keep mine: Open the post/ }))).toBe(200);
    await library.getByText('You have taken or kept every change.').waitFor();

    await library.goto(localPath);
    await library.getByRole('heading', { name: /Turn lending back on in every system, and check it took/ }).waitFor();
    await library.getByRole('heading', { name: /Open the mail, returns and our courier bins/ }).waitFor();
    await expect(library.getByText('The original changed since you adopted it').count()).resolves.toBe(0);

    // The original shows who uses it (the version is public).
    await anon.goto(ORIGINAL);
    await anon.getByText('Used by 1 library.').waitFor();
    await anon.getByRole('link', { name: librarian.displayName }).waitFor();
  });

  it('builds a procedures manual as a DOCX that opens, with the library’s name and the date', async () => {
    const { library } = pages;
    await library.goto('/workflows/manual');
    await audit(library, 'manual builder');
    await library.getByLabel('Your library’s name', { exact: true }).fill('Hillside College Library');
    await library.getByLabel('Lending one request, from arrival to return').check();
    await library.getByLabel(/Reopening the ILL service after a break \(your local version\)/).check();
    const [download] = await Promise.all([
      library.waitForEvent('download'),
      library.getByRole('button', { name: 'Download the manual' }).click(),
    ]);
    const file = await download.path();
    const { value } = await mammoth.extractRawText({ buffer: fs.readFileSync(file) });
    expect(value).toContain('Hillside College Library: ILL procedures');
    expect(value).toMatch(/Prepared on \d{1,2} \w+ \d{4}/);
    expect(value).toContain('Lending one request, from arrival to return');
    expect(value).toContain('Open the mail, returns and our courier bins');
  });

  it('a run is started, ticked, saved, resumed and finished with the keyboard alone', async () => {
    const { library: page } = pages;
    await page.goto('/workflows/lending-a-request');
    const tabTo = async (wanted: (f: NonNullable<Awaited<ReturnType<typeof focused>>>) => boolean, limit = 200) => {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        if (f && wanted(f)) return f;
      }
      throw new Error('focus never reached the element');
    };
    await tabTo((f) => f.name === 'label');
    await page.keyboard.type('Request 88123');
    const start = await tabTo((f) => f.tag === 'button' && f.text === 'Start a run');
    expect(start.outlineWidth).toBeGreaterThan(0);
    await Promise.all([page.waitForURL(/\/workflows\/runs\/\d+$/), page.keyboard.press('Enter')]);
    const runPath = new URL(page.url()).pathname;
    await audit(page, 'workflow run');

    const first = await tabTo((f) => f.type === 'checkbox');
    expect(first.outlineWidth).toBeGreaterThan(0);
    await page.keyboard.press('Space');
    await page.getByText('Saved.').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await tabTo((f) => f.tag === 'button' && f.text === 'Save my ticks');
    await Promise.all([page.waitForURL(/saved=1$/), page.keyboard.press('Enter')]);
    await page.getByText('Your ticks are saved.').waitFor();

    await page.goto('/workflows');
    await page.goto(runPath);
    await expect(page.getByRole('checkbox', { checked: true }).count()).resolves.toBe(2);
    await page.getByText('2 of').first().waitFor();
    await tabTo((f) => f.tag === 'button' && f.text === 'Finish this run');
    await Promise.all([page.waitForURL(/saved=1$/), page.keyboard.press('Enter')]);
    await page.getByRole('button', { name: 'Reopen this run' }).waitFor();
  });
  it('a member writes a new workflow, adds steps, moves one with the keyboard and deletes one after confirming', async () => {
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await signUp(page, newPerson('Wren', 'Writer'));
    await page.goto('/workflows');
    await page.getByRole('link', { name: 'Write a new workflow' }).click();
    await audit(page, 'new workflow form');
    await page.getByLabel('Title', { exact: true }).fill('Borrowing a thesis from abroad, step by step');
    await page
      .getByLabel('Summary', { exact: true })
      .fill('From the first search to returning the copy, for theses held overseas.');
    // "Where this applies" is required: the form comes back with the reason.
    expect(await submit(page, page.getByRole('button', { name: 'Create the workflow and add steps' }))).toBe(400);
    await page.getByText('Say where this workflow applies').first().waitFor();
    await audit(page, 'new workflow form with errors');
    await page.getByRole('checkbox', { name: 'Academic', exact: true }).check();
    expect(await submit(page, page.getByRole('button', { name: 'Create the workflow and add steps' }))).toBe(200);
    const path = new URL(page.url()).pathname.replace(/\/steps\/new$/, '');
    expect(path).toBe('/workflows/borrowing-a-thesis-from-abroad-step-by-step');
    for (const title of ['Search the thesis portals', 'Ask the awarding university', 'Tell the reader']) {
      if (!page.url().endsWith('/steps/new')) await page.goto(`${path}/steps/new`);
      await page.getByLabel('Title', { exact: true }).fill(title);
      await page.getByLabel('Who does it', { exact: true }).fill('ILL assistant');
      if (title === 'Tell the reader') await page.getByLabel(/^Decision points/).fill('not found | 1');
      expect(await submit(page, page.getByRole('button', { name: 'Save the step' }))).toBe(200);
    }
    await page.goto(path);
    await audit(page, 'workflow page with step actions');

    // Move step 1 down with the keyboard alone; the decision point follows its step.
    await page.goto(path);
    for (let i = 0; i < 300; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (f?.tag === 'button' && f.text === 'Move step 1 down') break;
    }
    await Promise.all([page.waitForURL(/#step-/), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { name: 'Step 1. Ask the awarding university' }).waitFor();
    await page.getByRole('link', { name: 'go to step 2' }).waitFor();

    await page.getByRole('link', { name: 'Delete step 1', exact: true }).click();
    await audit(page, 'delete a step');
    expect(await submit(page, page.getByRole('button', { name: 'Delete step 1' }))).toBe(200);
    await page.getByRole('heading', { name: 'Step 1. Search the thesis portals' }).waitFor();
    await expect(page.getByRole('heading', { name: /Ask the awarding university/ }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'go to step 1' }).waitFor();
  });

  it('shows an article’s task list as real, labelled checkboxes that pass axe', async () => {
    const { anon } = pages;
    await anon.goto('/articles/packaging-returnables');
    await expect(anon.getByRole('checkbox').count()).resolves.toBeGreaterThan(0);
    await expect(anon.getByText('[ ]').count()).resolves.toBe(0);
    await audit(anon, 'article with a task list');
  });
});

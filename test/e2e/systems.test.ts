// System pages and the interoperability matrix in real Chromium (issue 15): an anonymous reader opens a system's
// page and reads its standards, follows the link to the matrix; a member files a test report through the form
// (first with a mistake: the form comes back with the field's error, 400) and sees the cell update with the
// result and its age. Then the vendor right of reply in threads: an administrator verifies a member as speaking for
// Alma's maker; the member asks in Alma's forum category and is offered no label; the representative replies
// labelled "Vendor response · Ex Libris", which every reader sees. axe-core on each page type, light and dark; no
// sideways scrolling at 320 px (the matrix scrolls inside its own labelled region).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  axeViolations,
  formatViolations,
  launchChromium,
  newContext,
  newPerson,
  setPasswordFromLink,
  sidewaysScroll,
  signUp,
  submit,
  type Violation,
} from './browser';

let browser: Browser;
const contexts: BrowserContext[] = [];
const pages = {} as Record<'member' | 'anon' | 'admin' | 'vendor', Page>;
const tester = newPerson('Tess', 'Tester');
const vendorRep = newPerson('Vera', 'Vendor');

beforeAll(async () => {
  browser = await launchChromium();
  for (const who of ['member', 'anon', 'admin', 'vendor'] as const) {
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
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 700 });
  violations.push(...(await axeViolations(page, `${name} at 320 px`)));
  expect(await sidewaysScroll(page), `${name} scrolls sideways at 320 px`).toBeLessThanOrEqual(0);
  if (before) await page.setViewportSize(before);
  expect(violations, formatViolations(violations)).toEqual([]);
}

/** The matrix cell for one requester (row) and supplier (column, by its position in the header). */
async function cellText(page: Page, row: string, column: string): Promise<string> {
  const headers = await page.locator('table.matrix thead th').allTextContents();
  const index = headers.findIndex((h) => h.trim() === column);
  expect(index, `column ${column}`).toBeGreaterThanOrEqual(0);
  const tr = page
    .locator('table.matrix tbody tr')
    .filter({ has: page.getByRole('rowheader', { name: row, exact: true }) });
  return (await tr.locator('td').nth(index).textContent()) ?? '';
}

describe('system pages and the interoperability matrix', () => {
  it('a reader finds a system’s standards, with sources and the day each was checked', async () => {
    const { anon } = pages;
    await anon.goto('/systems');
    await audit(anon, 'systems index');
    await anon.getByRole('link', { name: 'Alma resource sharing', exact: true }).click();
    await anon.getByRole('heading', { name: 'Standards', exact: true }).waitFor();
    const standards = anon.getByRole('region', { name: 'Standards table' });
    await expect(standards.getByRole('rowheader', { name: 'ISO 18626 (ILL transactions)' }).count()).resolves.toBe(1);
    await expect(standards.getByRole('rowheader', { name: 'NCIP (Z39.83)' }).count()).resolves.toBe(1);
    await expect(standards.getByText(/last verified/).count()).resolves.toBeGreaterThan(0);
    await audit(anon, 'system page');
    await anon.getByRole('link', { name: 'interoperability matrix' }).click();
    await anon.getByRole('heading', { name: 'Interoperability matrix', level: 1 }).waitFor();
    await expect(anon.getByRole('region', { name: /ISO 18626: Requester/ }).count()).resolves.toBe(1);
    await audit(anon, 'matrix');
  });

  it('a member files a test report and sees the cell update', async () => {
    const { member } = pages;
    await signUp(member, tester);
    await member.goto('/systems/alma');
    await member.getByRole('link', { name: 'interoperability matrix' }).click();
    expect(await cellText(member, 'ReShare', 'FOLIO')).toContain('No report');

    await member.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'ISO 18626' });
    await member.getByLabel(/^Requesting/).selectOption({ label: 'ReShare' });
    await member.getByLabel(/^Supplying/).selectOption({ label: 'FOLIO' });
    await member.getByRole('combobox', { name: 'Result' }).selectOption({ label: 'Works' });
    await member.getByLabel('Day of the test').fill(new Date().toISOString().slice(0, 10));
    // Message types left out: the form comes back with the field's error.
    expect(await submit(member, member.getByRole('button', { name: 'File report' }))).toBe(400);
    await expect(member.getByText('Name at least one message type you tried.').count()).resolves.toBeGreaterThan(0);
    await audit(member, 'matrix form with errors');

    await member.getByLabel(/^Message types tried/).fill('Request, SupplyingAgencyMessage, RequestingAgencyMessage');
    await member.getByLabel(/^Link to evidence/).fill('https://example.org/reshare-folio-test-log');
    expect(await submit(member, member.getByRole('button', { name: 'File report' }))).toBe(200);
    await member.getByText('Thank you: your test report is in the matrix.').waitFor();
    const cell = await cellText(member, 'ReShare', 'FOLIO');
    expect(cell).toContain('Works');
    expect(cell).toContain('today');
    await audit(member, 'matrix with a report');
  });

  it('a verified representative answers in the system’s forum category, labelled as the vendor’s response', async () => {
    const { member, admin, vendor, anon } = pages;
    await signUp(vendor, vendorRep);
    await setPasswordFromLink(admin, inject('featureAdmins').systems!.link, 'a long passphrase for the systems admin');
    await admin.goto('/systems/alma');
    await admin.locator('summary', { hasText: 'Verify a vendor representative' }).click();
    await admin.getByLabel(/^Username of the account/).fill(vendorRep.username);
    await admin.getByLabel(/^Organisation it speaks for/).fill('Ex Libris');
    expect(await submit(admin, admin.getByRole('button', { name: 'Verify', exact: true }))).toBe(200);
    await admin.getByText('Representative verified.').waitFor();
    await admin.getByRole('button', { name: `Withdraw the verification of ${vendorRep.displayName}` }).waitFor();
    await audit(admin, 'system page with a verified representative, administrator');

    // The member (signed up above) asks in Alma's category, and is offered no label.
    const title = 'Does Alma skip expired lending requests?';
    await member.goto('/forum/new?category=systems-alma');
    await member.getByLabel('Title', { exact: true }).fill(title);
    await member.getByLabel('Your post', { exact: true }).fill('Our lending queue keeps requests that expired.');
    expect(await submit(member, member.getByRole('button', { name: 'Start the thread' }))).toBe(200);
    await expect(member.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
    const threadPath = new URL(member.url()).pathname;
    await expect(member.getByRole('checkbox', { name: /vendor’s response/ }).count()).resolves.toBe(0);

    await vendor.goto(threadPath);
    await vendor
      .getByLabel('Your reply', { exact: true })
      .fill('Expired requests leave the queue from the May release.');
    await vendor.getByRole('checkbox', { name: 'Post as the vendor’s response from Ex Libris' }).check();
    expect(await submit(vendor, vendor.getByRole('button', { name: 'Post reply' }))).toBe(200);
    // The post is named by its byline and its label, in words.
    const response = vendor.getByRole('article', { name: /Vera Vendor.*Vendor response · Ex Libris/ });
    await response.getByText('Expired requests leave the queue from the May release.').waitFor();
    await audit(vendor, 'thread with a vendor response');

    await anon.goto(threadPath);
    await anon.getByRole('article', { name: /Vendor response · Ex Libris/ }).waitFor();
    await expect(anon.getByText(/Posted while verified .* as speaking for Ex Libris/).count()).resolves.toBe(1);
    await audit(anon, 'thread with a vendor response, anonymous reader');
  });
});

// Outside resources and the lender directory in real Chromium (issue 15): browse the catalogue and filter it,
// open a resource, open a country in the lender directory and its letter templates; a member corrects a lender's
// "last verified" date in the record's YAML and sees it on the country page. axe-core on each page type, light and
// dark, and no sideways scrolling at 320 px.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  formatViolations,
  newPerson,
  sidewaysScroll,
  signUp,
  useChromium,
  type Violation,
} from './browser';

const chromium = useChromium();
let page: Page;

beforeAll(async () => {
  page = await chromium.open();
  page.context().setDefaultTimeout(20_000);
});

function audit(name: string) {
  return auditOn(page, name);
}

async function auditOn(page: Page, name: string) {
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

  it('a member corrects a lender’s “last verified” date and sees it on the country page', async () => {
    const member = await chromium.open();
    member.context().setDefaultTimeout(20_000);
    await signUp(member, newPerson('Ingrid', 'Lenderson'));
    await member.goto('/resources/lenders/norway');
    await member.getByRole('link', { name: 'Correct this record' }).click();
    await expect(
      member.getByRole('heading', { name: /Correct the lender records for Norway/, level: 1 }).count(),
    ).resolves.toBe(1);
    const yaml = member.getByLabel('Record (YAML)');
    const before = await yaml.inputValue();
    expect(before).toMatch(/last_verified: \d{4}-\d{2}-\d{2}/);
    await auditOn(member, 'lender record editor');
    await yaml.fill(before.replace(/last_verified: \d{4}-\d{2}-\d{2}/, 'last_verified: 2026-01-23'));
    await member.getByLabel('What you changed and why').fill('Checked the library’s lending page again.');
    await member.getByRole('button', { name: 'Save change' }).click();
    await member.waitForURL(/\/resources\/lenders\/norway\?notice=saved/);
    await expect(member.getByText('Change saved.').count()).resolves.toBe(1);
    await expect(member.locator('time[datetime="2026-01-23"]').count()).resolves.toBe(1);
    await member.getByRole('link', { name: 'History of changes' }).click();
    await expect(member.getByText('Checked the library’s lending page again.').count()).resolves.toBe(1);
    await member.goto('/resources/lenders/norway?notice=saved');
    await auditOn(member, 'lender country page, signed in');
  });
});

// Reports, in real Chromium: a member uploads a sample WorldShare export, is told which patron columns were dropped,
// and reads the measures as charts drawn on the server (SVG, role img, named and described) beside tables with CSV
// downloads; a file from "another system" gets the mapping screen with a
// preview. axe-core finds nothing on the upload form, the mapping screen and the dataset page, light and dark;
// none scrolls sideways at 320 px.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPerson, signUp, submit, useChromium, auditPage } from './browser';

const SAMPLES = path.resolve(import.meta.dirname, '../../content/reports/samples');
const chromium = useChromium();
let page: Page;

beforeAll(async () => {
  page = await chromium.open();
  await signUp(page, newPerson('Rita', 'Reporter'));
});

const audit = (name: string) => auditPage(page, name);

describe('reports', () => {
  it('uploads a WorldShare export, says which patron columns were dropped, and shows the measures', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Reports' }).first().click();
    await page.getByRole('link', { name: 'Upload an export' }).click();
    await audit('upload form');
    await page.getByLabel('Dataset name').fill('Our 2025 borrowing and lending');
    await page.getByLabel('Which system made the export').selectOption({ label: 'WorldShare ILL / Tipasa' });
    await page.getByLabel('CSV or Excel file').setInputFiles(path.join(SAMPLES, 'worldshare.csv'));
    expect(await submit(page, page.getByRole('button', { name: 'Check and import the file' }))).toBe(200);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Our 2025 borrowing and lending');
    const dropped = page.locator('.dropped-columns');
    await expect.poll(() => dropped.textContent()).toContain('Patron Email');
    expect(await dropped.textContent()).toContain('Patron Name');
    expect(await page.content()).not.toContain('jane.doe@example.edu');
    for (const caption of [
      'Requests by month and type',
      'Fill rate',
      'Turnaround in days, request to receipt',
      'Top partners',
    ])
      expect(await page.getByRole('table', { name: caption }).count(), caption).toBe(1);
    // Borrowing: 2 filled, 1 unfilled in the sample.
    const fill = page.getByRole('table', { name: 'Fill rate' });
    expect(await fill.getByRole('row', { name: /borrowing/ }).textContent()).toContain('66.7%');
    expect(await page.getByRole('link', { name: 'Download “Fill rate” as CSV' }).getAttribute('href')).toMatch(
      /\/fill-rate\.csv$/,
    );
    // The charts: SVG images named by their title, described with their key figures, no script needed.
    for (const title of [
      'Requests by month and type (chart)',
      'Fill rate by direction (chart)',
      'Turnaround in days by type, median and 90th percentile (chart)',
      'Borrowing and lending balance (chart)',
      'Top partners by requests (chart)',
      'Unfilled requests by reason (chart)',
    ]) {
      const chart = page.getByRole('img', { name: title, exact: true });
      expect(await chart.count(), title).toBe(1);
      expect(await chart.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
    }
    await expect
      .poll(() => page.getByRole('img', { name: 'Fill rate by direction (chart)' }).getAttribute('aria-describedby'))
      .toBe('chart-fill-rate-desc');
    expect(await page.locator('#chart-fill-rate-desc').textContent()).toBe(
      'Fill rate: borrowing 66.7% (2 filled of 3); and lending 66.7% (2 filled of 3).',
    );
    // Each chart sits beside its table, inside the measure's section.
    expect(await page.locator('section:has(figure.report-chart svg) table').count()).toBe(6);
    await audit('dataset page');
  });

  it('shows the mapping screen, with a preview, for another system', async () => {
    await page.goto('/reports/datasets/new');
    await page.getByLabel('Dataset name').fill('Custom');
    await page.getByLabel('Which system made the export').selectOption('custom');
    await page.getByLabel('CSV or Excel file').setInputFiles(path.join(SAMPLES, 'rapido.csv'));
    expect(await submit(page, page.getByRole('button', { name: 'Check and import the file' }))).toBe(400);
    expect(await page.getByRole('heading', { name: 'Choose which column gives what' }).count()).toBe(1);
    expect(await page.locator('.dropped-columns').textContent()).toContain('Requester Email');
    expect(await page.getByRole('table', { name: /The first rows of the file/ }).count()).toBe(1);
    await audit('mapping screen');
  });
});

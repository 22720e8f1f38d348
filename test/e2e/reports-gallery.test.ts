// Report examples, in real Chromium: a member uploads the starter ILLiad sample, composes a report from it (two
// measures, three months, commentary), publishes it with why, for whom and how it was received, and an anonymous
// reader finds it in the gallery and reads it: charts (SVG) beside tables, the aggregates notice, no patron value.
// axe-core finds nothing on the compose form, the report page, the gallery and the example page, light and dark;
// none scrolls sideways at 320 px.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPerson, signUp, submit, useChromium, auditPage } from './browser';

const STARTER = path.resolve(import.meta.dirname, '../../content/reports/starter');
const chromium = useChromium();
let page: Page;
let reader: Page;
const title = `Autumn borrowing for the director ${Math.random().toString(36).slice(2, 7)}`;
let examplePath = '';

beforeAll(async () => {
  page = await chromium.open();
  reader = await chromium.open();
  await signUp(page, newPerson('Greta', 'Gallery'));
});

const audit = (p: Page, name: string) => auditPage(p, name);

describe('report examples', () => {
  it('a member composes a report from an uploaded sample and publishes it', async () => {
    await page.goto('/reports/datasets/new');
    await page.getByLabel('Dataset name').fill('Our ILLiad year');
    await page.getByLabel('Which system made the export').selectOption({ label: 'ILLiad' });
    await page.getByLabel('CSV or Excel file').setInputFiles(path.join(STARTER, 'illiad.csv'));
    expect(await submit(page, page.getByRole('button', { name: 'Check and import the file' }))).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Our ILLiad year' }).waitFor();

    await page.getByRole('link', { name: 'Compose a report' }).click();
    await page.getByRole('heading', { level: 1, name: /Compose a report/ }).waitFor();
    await audit(page, 'compose form');
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Fill rate', { exact: true }).check();
    await page.getByLabel('Requests by month and type', { exact: true }).check();
    await page.getByLabel('First month').selectOption('2025-09');
    await page.getByLabel('Last month').selectOption('2025-11');
    await page.getByLabel('Commentary').fill('Autumn is our **busiest** season.');
    expect(await submit(page, page.getByRole('button', { name: 'Compose the report' }))).toBe(200);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await page.locator('.report-commentary strong').textContent()).toBe('busiest');
    // Only the chosen months.
    const volume = page.getByRole('table', { name: 'Requests by month and type' });
    expect(await volume.getByRole('row').count()).toBe(4);
    expect(await page.locator('svg[role="img"]').count()).toBe(2);
    await audit(page, 'report page (author)');

    // Publishing needs the story (required fields; the server checks them too, see reports.compose.test.ts).
    expect(await page.getByLabel('Why it was made').getAttribute('required')).not.toBeNull();
    await page.getByLabel('Why it was made').fill('The director wanted autumn figures before the budget round.');
    await page.getByLabel('For whom').fill('The library director');
    await page.getByLabel('How it was received').fill('Quoted in the budget letter; asked for again each autumn.');
    expect(await submit(page, page.getByRole('button', { name: 'Publish to the gallery' }))).toBe(200);
    await page.getByText('Published: the report is in the gallery').waitFor();
    examplePath = (await page.getByRole('link', { name: 'report example', exact: true }).getAttribute('href')) ?? '';
    expect(examplePath).toMatch(/^\/reports\/examples\/\d+$/);
  });

  it('an anonymous reader finds it in the gallery and reads aggregates only', async () => {
    await reader.goto('/reports/examples');
    await reader.getByRole('heading', { level: 1, name: 'Report examples' }).waitFor();
    await audit(reader, 'gallery');
    await reader.getByRole('link', { name: title }).click();
    await reader.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(new URL(reader.url()).pathname).toBe(examplePath);
    const text = (await reader.locator('main').textContent()) ?? '';
    expect(text).toContain('The director wanted autumn figures');
    expect(text).toContain('Aggregates only');
    expect(await reader.content()).not.toMatch(/user\d{3}|College Road|thesis chapter/);
    expect(await reader.locator('svg[role="img"] title').count()).toBe(2);
    expect(await reader.getByRole('link', { name: 'Download “Fill rate” as CSV' }).getAttribute('href')).toBe(
      `${examplePath}/fill-rate.csv`,
    );
    await audit(reader, 'report example (anonymous)');
  });
});

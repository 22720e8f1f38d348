// Costs and peers, in real Chromium: a member uploads an export, enters cost inputs (a negative one is refused
// beside its field), reads cost per filled request and money saved with the assumptions next to them, and opts
// into a cohort. Alone, the cohort shows nothing; once five libraries have joined, the member sees the cohort's
// quartiles and where they stand. An anonymous reader sees the public PLS reference page with its chart. axe-core
// finds nothing on the costs, peers and reference pages, light and dark; none scrolls sideways at 320 px.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPerson, signUp, submit, useChromium, auditPage } from './browser';

const SAMPLES = path.resolve(import.meta.dirname, '../../content/reports/samples');
const chromium = useChromium();
let page: Page;
let datasetPath = '';

const audit = (p: Page, name: string) => auditPage(p, name);

/** Upload the WorldShare sample as a new dataset; returns the dataset page's path. */
async function upload(p: Page, name: string): Promise<string> {
  await p.goto('/reports/datasets/new');
  await p.getByLabel('Dataset name').fill(name);
  await p.getByLabel('Which system made the export').selectOption({ label: 'WorldShare ILL / Tipasa' });
  await p.getByLabel('CSV or Excel file').setInputFiles(path.join(SAMPLES, 'worldshare.csv'));
  expect(await submit(p, p.getByRole('button', { name: 'Check and import the file' }))).toBe(200);
  await expect.poll(() => p.getByRole('heading', { level: 1 }).textContent()).toBe(name);
  return new URL(p.url()).pathname;
}

async function joinPublic(p: Page, dataset: string) {
  await p.goto(`${dataset}/peers`);
  await p.getByLabel('Library type').selectOption({ label: 'Public' });
  expect(await submit(p, p.getByRole('button', { name: 'Share aggregates and join' }))).toBe(200);
}

beforeAll(async () => {
  page = await chromium.open();
  await signUp(page, newPerson('Cora', 'Costs'));
});

describe('reports: costs and peers', () => {
  it('enters cost inputs: a negative one is refused beside its field, then the figures show with their assumptions', async () => {
    datasetPath = await upload(page, 'Our 2025 ILL');
    await page.getByRole('link', { name: 'Costs and savings' }).click();
    await page.getByLabel('Staff time per request, in minutes').fill('15');
    await page.getByLabel('Staff cost per hour').fill('40');
    await page.getByLabel('Shipping per loan (both ways)').fill('-8');
    await page.getByLabel('Fees paid over the whole period').fill('20');
    await page.getByLabel('IFM charges paid over the whole period').fill('30');
    await page.getByLabel('Average purchase price of a book').fill('50');
    await page.getByLabel('Average cost of buying an article').fill('35');
    expect(await submit(page, page.getByRole('button', { name: 'Save cost inputs' }))).toBe(400);
    const shipping = page.getByLabel('Shipping per loan (both ways)');
    expect(await shipping.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-shippingPerLoan-error').textContent()).toContain('cannot be negative');
    await audit(page, 'costs form with an error');
    await shipping.fill('8');
    expect(await submit(page, page.getByRole('button', { name: 'Save cost inputs' }))).toBe(200);
    const figures = page.getByRole('table', { name: 'Cost figures over the dataset’s whole period' });
    expect(await figures.getByRole('row', { name: /Cost per filled request/ }).count()).toBe(1);
    expect(await figures.getByRole('row', { name: /Money saved by borrowing/ }).count()).toBe(1);
    expect(await page.locator('.cost-assumptions').textContent()).toContain('15 minutes of staff time at 40.00');
    await audit(page, 'costs page');
  });

  it('opts into a cohort: alone it shows nothing; with five libraries the quartiles and where one stands', async () => {
    await joinPublic(page, datasetPath);
    expect(await page.getByText('You joined peer comparison').count()).toBe(1);
    expect(await page.getByRole('region', { name: /Cohort: Library type: Public/ }).textContent()).toContain(
      'Not shown: fewer than 5 libraries',
    );
    for (const name of ['Pia', 'Quin', 'Ravi', 'Sol']) {
      const peer = await chromium.open();
      await signUp(peer, newPerson(name, 'Peer'));
      await joinPublic(peer, await upload(peer, `${name}'s ILL`));
    }
    await page.goto(`${datasetPath}/peers`);
    const table = page.getByRole('region', { name: /Cohort: Library type: Public/ });
    expect(await table.textContent()).toContain('(5 libraries)');
    expect(await table.textContent()).toContain('within the middle half');
    await audit(page, 'peers page');
    await page.getByRole('button', { name: 'Opt out and delete shared aggregates' }).click();
    await page.waitForURL('**/peers?notice=left');
    expect(await page.getByRole('region', { name: /Cohort:/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Join peer comparison' }).count()).toBe(1);
  });

  it('shows anyone the public PLS reference figures for a state and size band, with a chart and a table', async () => {
    const reader = await chromium.open();
    await reader.goto('/reports/reference');
    await reader.getByLabel('Survey year').selectOption('2014');
    await reader.getByLabel('State').selectOption('AK');
    await reader.getByLabel('Size band (population of the legal service area)').selectOption('under-2500');
    expect(await submit(reader, reader.getByRole('button', { name: 'Show the figures' }))).toBe(200);
    const chart = reader.getByRole('img', { name: /Interlibrary loans per library, 2014/ });
    expect(await chart.count()).toBe(1);
    const table = reader.getByRole('table', { name: 'Interlibrary loans per library, 2014: quartiles' });
    expect(await table.getByRole('row', { name: /AK, Under 2,500 people served/ }).textContent()).toContain('86.5');
    expect(
      await reader
        .getByRole('link', { name: /Download “Interlibrary loans per library, 2014: quartiles” as CSV/ })
        .count(),
    ).toBe(1);
    await audit(reader, 'reference page');
  });
});

// iCalendar in, in real Chromium: an editor opens the import page, uploads an Outlook-style export (Windows time
// zone, weekly rule with EXDATE and a moved occurrence, an all-day event), sees the imported events listed and
// opens one; a broken file is refused whole with its line. Then it subscribes a feed, asks for a refresh now and
// stops the feed after reading that its events stay. axe-core finds nothing on the import page (empty, with a
// result, with a refusal, with a feed), light and dark, and it does not scroll sideways at 320 px.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, newContext, setPasswordFromLink, submit, expectAxeClean, expectNarrowFits } from './browser';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/ics');
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  context = await newContext(browser);
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const audit = (name: string) => expectAxeClean(page, name);
const narrow = (name: string) => expectNarrowFits(page, name);

async function chooseFile(file: string) {
  await page.getByLabel('Calendar file (.ics)').setInputFiles(path.join(FIXTURES, file));
  await page.locator('#file-organiserName').fill('Example Regional Consortium');
}

describe('importing a calendar', () => {
  it('an editor uploads an Outlook export and sees its events; a broken file is refused whole', async () => {
    const ines = inject('featureAdmins')['events-import']!;
    await setPasswordFromLink(page, ines.link, 'a long passphrase for the import editor');
    await page.goto('/events/import');
    await page.getByRole('heading', { name: 'Import events from a calendar' }).waitFor();
    await audit('events-import');
    await narrow('import page');

    await chooseFile('broken/end-before-start.ics');
    expect(await submit(page, page.getByRole('button', { name: 'Import', exact: true }))).toBe(400);
    await page.getByText('line 10: the event “Backwards” ends before it starts').waitFor();
    await audit('events-import-refused');

    await chooseFile('outlook-example.ics');
    expect(await submit(page, page.getByRole('button', { name: 'Import', exact: true }))).toBe(200);
    await page.getByRole('heading', { name: 'Imported: 3 events' }).waitFor();
    await audit('events-import-result');
    await narrow('import result');
    await page.getByRole('link', { name: 'Example regional resource sharing day' }).click();
    await page.getByRole('heading', { level: 1, name: 'Example regional resource sharing day' }).waitFor();
    expect(await page.content()).toContain('Example Public Library, Main Hall');
  }, 120_000);

  it('the editor subscribes a feed, refreshes it now, and stops it (its events stay)', async () => {
    const url = `https://calendar.example/e2e-${Date.now()}.ics`;
    await page.goto('/events/import');
    await page.getByLabel('Feed address').fill(url);
    await page.locator('#feed-organiserName').fill('Example Regional Consortium');
    expect(await submit(page, page.getByRole('button', { name: 'Subscribe' }))).toBe(200);
    const feed = page.getByRole('listitem').filter({ hasText: url });
    await feed.getByRole('button', { name: 'Refresh this feed now' }).waitFor();
    expect(await submit(page, feed.getByRole('button', { name: 'Refresh this feed now' }))).toBe(200);
    await page.getByText('Refresh queued').waitFor();
    await feed.getByText('Stop this feed…').click();
    await feed.getByText('The events it brought in stay on the hub as they are').waitFor();
    await audit('events-import-feed');
    await narrow('import page with a feed');
    expect(await submit(page, feed.getByRole('button', { name: 'Stop this feed', exact: true }))).toBe(200);
    await page.getByText('Feed stopped. The events it brought in stay on the hub').waitFor();
    expect(await page.getByText(url).count()).toBe(0);
  }, 60_000);
});

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPerson, rareWord, screenshot, signUp, submit, useChromium } from './browser';

const chromium = useChromium();
let page: Page;

beforeAll(async () => {
  page = await chromium.open();
});

describe('a new member writes, revises and restores an article', () => {
  it('signs up, publishes with a live preview, edits, compares, restores, finds it in search and signs out', async () => {
    const author = newPerson('Rosa', 'Lender');
    const word = rareWord('glassine');
    const title = `Packing glass plate negatives ${word}`;
    const firstBody = `## Wrapping glass plates\n\nWrap each plate in ${word} paper and stand it on edge.\n\nUse a double-walled box.\n`;
    const secondBody = `## Wrapping glass plates\n\nWrap each plate in ${word} paper and stand it on edge.\n\nPack them in a padded crate.\n\nLabel the crate FRAGILE on two sides.\n`;

    // Sign up: the header now names the member.
    await signUp(page, author);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Welcome! Your account is ready.');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: `Your account: ${author.displayName}` }).isVisible()).resolves.toBe(
      true,
    );

    // Write the article; the live preview renders the Markdown heading while typing.
    await nav.getByRole('link', { name: 'Write an article' }).click();
    await page.getByRole('heading', { level: 1, name: 'Write an article' }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Summary', { exact: true }).fill('How to pack fragile glass plate negatives for lending.');
    await page.getByRole('checkbox', { name: 'Lending', exact: true }).check();
    await page.getByLabel('Article text', { exact: true }).fill(firstBody);
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByRole('heading', { level: 2, name: 'Wrapping glass plates' }).waitFor({ timeout: 10_000 });
    await expect(preview.textContent()).resolves.toContain(`Wrap each plate in ${word} paper`);
    await screenshot(page, 'journey-editor-live-preview');

    // Publish.
    expect(await submit(page, page.getByRole('button', { name: 'Publish article' }))).toBe(200);
    const articlePath = new URL(page.url()).pathname;
    expect(articlePath).toMatch(/^\/articles\/packing-glass-plate-negatives-/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Your changes are saved and published.');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
    await expect(page.getByRole('heading', { level: 2, name: 'Wrapping glass plates' }).isVisible()).resolves.toBe(
      true,
    );

    // Edit it, saying why.
    await page.getByRole('link', { name: 'Edit this article' }).click();
    await page.getByLabel('Article text', { exact: true }).fill(secondBody);
    await page.getByLabel(/^Change summary/).fill('A crate travels better than a box');
    expect(await submit(page, page.getByRole('button', { name: 'Save changes' }))).toBe(200);
    await expect(page.locator('main').textContent()).resolves.toContain('Pack them in a padded crate.');

    // History lists both revisions; comparing them shows what was removed and added.
    await page.getByRole('link', { name: 'View history' }).click();
    await page.getByRole('heading', { level: 1, name: `History of “${title}”` }).waitFor();
    await expect(
      page.getByRole('row', { name: /Revision 2 .*A crate travels better than a box/ }).isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByRole('row', { name: /Revision 1 / }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'journey-history');
    await page.getByRole('button', { name: 'Compare selected revisions' }).click();
    await page.waitForURL(/\/diff\?/);
    const compared = new URL(page.url()).searchParams;
    expect([compared.get('from'), compared.get('to')]).toEqual(['1', '2']);
    const changed = page.getByRole('row').filter({ hasText: 'Changed:' });
    await expect(changed.locator('del').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringContaining('double-walled')]),
    );
    await expect(changed.locator('ins').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringContaining('padded')]),
    );
    await expect(
      page.getByRole('cell', { name: 'Added: Label the crate FRAGILE on two sides.' }).isVisible(),
    ).resolves.toBe(true);
    await screenshot(page, 'journey-diff');

    // Restore revision 1: the article text is the original again, as a new revision.
    await page.getByRole('link', { name: 'Back to the history' }).click();
    expect(await submit(page, page.getByRole('button', { name: 'Restore revision 1' }))).toBe(200);
    expect(new URL(page.url()).pathname).toBe(articlePath);
    const restored = await page.locator('main').textContent();
    expect(restored).toContain('Use a double-walled box.');
    expect(restored).not.toContain('padded crate');
    expect(restored).toContain('revision 3');
    await page.getByRole('link', { name: 'View history' }).click();
    await expect(page.getByRole('row', { name: /Revision 3 .*restored revision 1/ }).isVisible()).resolves.toBe(true);

    // The header search box finds it by its distinctive word.
    const search = page.getByRole('search').filter({ has: page.getByRole('combobox', { name: 'Search the hub' }) });
    await search.getByRole('combobox', { name: 'Search the hub' }).fill(word);
    await search.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?q=/);
    await page.getByRole('heading', { level: 1, name: `Search results for “${word}”` }).waitFor();
    const hit = page.getByRole('listitem').getByRole('link', { name: title });
    await expect(hit.getAttribute('href')).resolves.toBe(articlePath);
    await expect(page.locator('mark').first().textContent()).resolves.toMatch(new RegExp(word, 'i'));

    // Sign out: the header offers "Sign in" again.
    await nav.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in?notice=signed-out');
    await expect(nav.getByRole('link', { name: 'Sign in', exact: true }).isVisible()).resolves.toBe(true);
    await expect(nav.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(0);
    await expect(page.getByRole('status').textContent()).resolves.toContain('You have signed out.');
  });
});

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focused, newPerson, signUp, useChromium } from './browser';

type Focus = NonNullable<Awaited<ReturnType<typeof focused>>>;

const chromium = useChromium();
let page: Page;
const member = newPerson('Kim', 'Keys');

beforeAll(async () => {
  // The account is made in a separate profile; the journey itself starts signed out.
  await signUp(await chromium.open(), member);
  page = await chromium.open();
});

/** Focus must be on something a sighted keyboard user can see: an outline and a place on screen. */
function expectVisibleFocus(f: Focus | null): asserts f is Focus {
  expect(f, 'something has focus').not.toBeNull();
  expect(f?.tag).not.toBe('body');
  expect(f?.outlineStyle, `focus ring on <${f?.tag} id="${f?.id}"> “${f?.text}”`).not.toBe('none');
  expect(f?.outlineWidth).toBeGreaterThanOrEqual(2);
  expect(f?.inViewport, `<${f?.tag}> “${f?.text}” is scrolled into view`).toBe(true);
}

/** Press a key until focus lands on what `wanted` describes, checking every stop on the way shows its focus. */
async function tabUntil(key: 'Tab' | 'Shift+Tab', wanted: (f: Focus) => boolean, limit = 60): Promise<Focus> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    expectVisibleFocus(f);
    if (wanted(f)) return f;
  }
  throw new Error(`Focus did not reach the wanted element within ${limit} presses of ${key}`);
}

describe('keyboard only', () => {
  it('skips to main, searches, opens a result and signs in without a mouse', async () => {
    await page.goto('/');

    // The first Tab reaches the skip link, which becomes visible.
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    expectVisibleFocus(skip);
    expect(skip.text).toBe('Skip to main content');
    expect(skip.href).toBe('#main');

    // Enter jumps to the main landmark.
    await page.keyboard.press('Enter');
    await expect(focused(page).then((f) => f?.id)).resolves.toBe('main');

    // Shift+Tab walks back through the header to the search box; type and submit with Enter.
    const box = await tabUntil('Shift+Tab', (f) => f.id === 'site-search-q', 20);
    expect(box.tag).toBe('input');
    await page.keyboard.type('voucher');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=voucher$/);
    await page.getByRole('heading', { level: 1, name: 'Search results for “voucher”' }).waitFor();

    // Tab forward to the first result and open it.
    const result = await tabUntil('Tab', (f) => f.tag === 'a' && f.href.startsWith('/articles/'));
    const firstHit = page.locator('.search-results a').first();
    expect(result.href).toBe(await firstHit.getAttribute('href'));
    await page.keyboard.press('Enter');
    await page.waitForURL(`**${result.href}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(result.text);

    // Reach "Sign in" in the header and follow it: it remembers the article.
    const articlePath = result.href;
    await tabUntil(
      'Tab',
      (f) => f.tag === 'a' && f.text === 'Sign in' && f.href === `/sign-in?next=${encodeURIComponent(articlePath)}`,
    );
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/sign-in');

    // Fill the form: Tab to each field, type, then press Space on the button.
    await tabUntil('Tab', (f) => f.id === 'f-email');
    await page.keyboard.type(member.email);
    await page.keyboard.press('Tab');
    const password = await focused(page);
    expectVisibleFocus(password);
    expect(password.id).toBe('f-password');
    await page.keyboard.type(member.password);
    await page.keyboard.press('Tab');
    const button = await focused(page);
    expectVisibleFocus(button);
    expect([button.tag, button.text]).toEqual(['button', 'Sign in']);
    await page.keyboard.press('Space');
    // Back on the article the member was reading.
    await page.waitForURL((url) => url.pathname === articlePath);

    // Signed in: the header names the member and offers "Sign out".
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: `Your account: ${member.displayName}` }).isVisible()).resolves.toBe(
      true,
    );
    await expect(nav.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
  });
});

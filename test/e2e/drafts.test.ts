// Nothing typed is lost (issue 9): a reply being written is kept as a private draft (on the hub by the editor
// script's autosave, and in this browser's storage) and offered again when the member comes back; a reply the
// hub would refuse for its size is stopped with a message beside the field. axe-core on each state, wide and 320 px.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  formatViolations,
  newPerson,
  rareWord,
  sidewaysScroll,
  signUp,
  submit,
  useChromium,
  type Violation,
} from './browser';

const chromium = useChromium();
let asker: Page;
let writer: Page;
let threadPath = '';
const title = `Who lends microfilm reels abroad? ${rareWord('q')}`;

async function audit(page: Page, label: string, violations: Violation[]) {
  violations.push(...(await axeViolations(page, label)));
  await page.setViewportSize({ width: 320, height: 640 });
  violations.push(...(await axeViolations(page, `${label} at 320 px`)));
  expect(await sidewaysScroll(page), `${label}: no sideways scrolling at 320 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
}

beforeAll(async () => {
  asker = await chromium.open();
  writer = await chromium.open();
  await signUp(asker, newPerson('Ada', 'Asker'));
  await asker.goto('/forum/new');
  await asker.getByLabel('Title', { exact: true }).fill(title);
  await asker.getByLabel('Category', { exact: true }).selectOption({ label: 'International ILL' });
  await asker
    .getByLabel('Your post', { exact: true })
    .fill('We need a 1920s newspaper on microfilm from a library abroad.');
  expect(await submit(asker, asker.getByRole('button', { name: 'Start the thread' }))).toBe(200);
  threadPath = new URL(asker.url()).pathname;
  await signUp(writer, newPerson('Wyn', 'Writer'));
});

describe('a reply in progress', () => {
  it('is kept on the hub while typing, offered on return, restored, posted, and then gone', async () => {
    const violations: Violation[] = [];
    const text = `We lend reels by tracked courier; ask for ${rareWord('w')}.`;
    await writer.goto(threadPath);
    const reply = writer.getByLabel('Your reply', { exact: true });
    await reply.pressSequentially(text);
    // The editor script saves a few seconds after the typing stops and says when.
    await writer.getByText(/^Draft saved at .+ Only you can see it\.$/).waitFor({ timeout: 20_000 });

    // The writer leaves, and comes back later: the thread offers the draft (the hub's, or this browser's copy).
    await writer.goto('/forum');
    await writer.goto(threadPath);
    await writer
      .getByRole('region', { name: /You have an unsaved draft from/ })
      .first()
      .waitFor();
    await expect(reply.inputValue()).resolves.toBe('');
    await audit(writer, 'thread with a draft offered', violations);

    // The reply form on its own page offers the hub's copy.
    await writer.goto(`${threadPath}/reply`);
    const offer = writer.getByRole('region', { name: /You have an unsaved draft from/ });
    await offer.getByRole('link', { name: 'Restore it' }).click();
    await writer.waitForURL(/\/reply\?draft=\d+$/);
    await expect(writer.getByLabel('Your reply', { exact: true }).inputValue()).resolves.toBe(text);
    await writer.getByText(/^This is your draft/).waitFor();
    await audit(writer, 'reply page with the draft restored', violations);

    expect(await submit(writer, writer.getByRole('button', { name: 'Post reply' }))).toBe(200);
    await writer.getByText(text).first().waitFor();
    await writer.goto(threadPath);
    await expect(writer.getByText(/You have an unsaved draft/).count()).resolves.toBe(0);
    expect(violations, formatViolations(violations)).toEqual([]);
  });

  it('is kept in this browser when the member leaves before the hub saved it, and offered from there', async () => {
    const violations: Violation[] = [];
    await writer.goto(threadPath);
    const reply = writer.getByLabel('Your reply', { exact: true });
    await reply.fill('Just a quick note before the phone rang');
    await writer.waitForFunction(() =>
      Object.keys(localStorage).some((k) => k.startsWith('ill-draft:') && k.includes(':reply:')),
    );
    await writer.goto('/forum');
    await writer.goto(threadPath);
    const offer = writer.getByRole('region', { name: /kept in this browser/ });
    await offer.waitFor();
    await audit(writer, 'thread with this browser’s draft offered', violations);
    await offer.getByRole('button', { name: 'Restore it' }).click();
    await expect(writer.getByLabel('Your reply', { exact: true }).inputValue()).resolves.toBe(
      'Just a quick note before the phone rang',
    );
    expect(violations, formatViolations(violations)).toEqual([]);
  });

  it('stops a reply over the limit before sending, with the reason beside the field and the text kept', async () => {
    await writer.goto(threadPath);
    const reply = writer.getByLabel('Your reply', { exact: true });
    await reply.evaluate((el: HTMLTextAreaElement) => {
      el.value = 'z'.repeat(20_010);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const before = writer.url();
    await writer.getByRole('button', { name: 'Post reply' }).click();
    await writer.getByText('This is 20,010 characters; the limit is 20,000.').waitFor();
    expect(writer.url()).toBe(before);
    await expect(reply.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(reply.inputValue()).resolves.toHaveLength(20_010);
    const violations = await axeViolations(writer, 'reply over the limit');
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});

// People in real Chromium: opt in to Phone a Friend → found by a filter by
// another member → contacted by private message → the message is in the first
// person's inbox. Then axe-core on every page type of the feature, light and dark.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  focused,
  formatViolations,
  newPerson,
  screenshot,
  signIn,
  signUp,
  submit,
  useChromium,
} from './browser';

const chromium = useChromium();
const helper = newPerson('Hedda', 'Helper');
const asker = newPerson('Arlo', 'Asker');
const pages = {} as { helper: Page; asker: Page; light: Page; dark: Page };
let conversationPath = '';
let reportPath = '';

beforeAll(async () => {
  pages.helper = await chromium.open('light');
  pages.asker = await chromium.open('light');
  pages.light = await chromium.open('light');
  pages.dark = await chromium.open('dark');
});

describe('Phone a Friend, from opting in to a message in the inbox', () => {
  it('lets a member opt in, be found by a filter and be contacted without showing their email', async () => {
    const h = pages.helper;
    await signUp(h, helper);
    await h.goto('/account/profile');
    await h.getByLabel(/^Institution/).fill('Harbour City Library');
    await h.getByRole('checkbox', { name: 'Copyright & licensing', exact: true }).check();
    await h.getByLabel(/^Time zone/).selectOption('Europe/London');
    expect(await submit(h, h.getByRole('button', { name: 'Save profile' }))).toBe(200);
    await h.getByText('Your profile has been saved.').waitFor();
    await h.goto('/account/phone-a-friend');
    await h.getByLabel('How you can help', { exact: true }).fill('Copyright questions, especially the rule of five.');
    expect(await submit(h, h.getByRole('button', { name: 'List me in the directory' }))).toBe(200);
    await h.getByText('You are in the Phone a Friend directory').waitFor();

    const a = pages.asker;
    await signUp(a, asker);
    await a.goto('/people/phone-a-friend');
    await a.getByLabel('Expertise', { exact: true }).selectOption({ label: 'Copyright & licensing' });
    // Keyboard: type in the words box and press Enter to filter.
    await a.getByLabel('Name or words', { exact: true }).fill('Hedda');
    await a.getByLabel('Name or words', { exact: true }).press('Enter');
    await a.waitForURL(/expertise=copyright-licensing/);
    const entry = a.locator('.directory-entry', { hasText: helper.displayName });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Copyright questions, especially the rule of five.');
    expect(await a.content()).not.toContain(helper.email);
    // Keyboard again: focus the contact link and follow it with Enter.
    await entry.getByRole('link', { name: `Contact ${helper.displayName}` }).focus();
    expect((await focused(a))?.text).toBe(`Contact ${helper.displayName}`);
    await a.keyboard.press('Enter');
    await a.getByRole('heading', { level: 1, name: `Write to ${helper.displayName}` }).waitFor();
    await a.getByLabel('Subject', { exact: true }).fill('A rule of five question');
    await a.getByLabel('Message', { exact: true }).fill('Does the rule of five count the current year?');
    expect(await submit(a, a.getByRole('button', { name: 'Send message' }))).toBe(200);
    conversationPath = new URL(a.url()).pathname;
    expect(conversationPath).toMatch(/^\/messages\/\d+$/);

    await h.goto('/messages');
    await h.getByRole('heading', { level: 1, name: /Messages \(1 unread\)/ }).waitFor();
    await h.getByRole('link', { name: /A rule of five question/ }).click();
    await h.getByText('Does the rule of five count the current year?').waitFor();
    const messageId = (await h.locator('.message').first().getAttribute('id'))?.replace('message-', '');
    reportPath = `${conversationPath}/report?message=${messageId}`;
    await screenshot(h, 'people-conversation-journey');
  });
});

describe('axe-core finds no violations on the people pages', () => {
  async function audit(name: string, expected: number, visit: (page: Page) => Promise<number | undefined>) {
    const violations = [];
    for (const [scheme, page] of [
      ['light', pages.light],
      ['dark', pages.dark],
    ] as const) {
      const status = await visit(page);
      expect(status, `${name} (${scheme})`).toBe(expected);
      await screenshot(page, scheme === 'light' ? `people-${name}` : `people-${name}-dark`);
      violations.push(...(await axeViolations(page, `${name}, ${scheme}`)));
    }
    expect(violations, formatViolations(violations)).toEqual([]);
  }
  const go = async (page: Page, path: string) => (await page.goto(path))?.status();

  it('signs the helper in, light and dark', async () => {
    for (const page of [pages.light, pages.dark]) await signIn(page, helper.email, helper.password);
  });
  it('people home', () => audit('home', 200, (p) => go(p, '/people')));
  it('profile (as its owner)', () => audit('profile-own', 200, (p) => go(p, `/people/${helper.username}`)));
  it('profile (as another member)', () => audit('profile', 200, (p) => go(p, `/people/${asker.username}`)));
  it('profile editor', () => audit('profile-editor', 200, (p) => go(p, '/account/profile')));
  it('profile editor with errors', () =>
    audit('profile-editor-errors', 400, async (p) => {
      await go(p, '/account/profile');
      await p.getByLabel('Display name', { exact: true }).fill('');
      await p.getByLabel(/^Link 1 address/).fill('not a web address');
      const status = await submit(p, p.getByRole('button', { name: 'Save profile' }));
      await p
        .getByRole('alert')
        .getByRole('heading', { name: /There are \d problems/ })
        .waitFor();
      return status;
    }));
  it('Phone a Friend listing', () => audit('phone-a-friend-settings', 200, (p) => go(p, '/account/phone-a-friend')));
  it('directory', () => audit('directory', 200, (p) => go(p, '/people/phone-a-friend?expertise=copyright-licensing')));
  it('inbox', () => audit('inbox', 200, (p) => go(p, '/messages')));
  it('conversation', () => audit('conversation', 200, (p) => go(p, conversationPath)));
  it('new message', () => audit('new-message', 200, (p) => go(p, `/messages/new?to=${asker.username}`)));
  it('new message refused with errors', () =>
    audit('new-message-errors', 400, async (p) => {
      await go(p, '/messages/new');
      const status = await submit(p, p.getByRole('button', { name: 'Send message' }));
      await p
        .getByRole('alert')
        .getByRole('heading', { name: /There are \d problems/ })
        .waitFor();
      return status;
    }));
  it('report a message', () => audit('report', 200, (p) => go(p, reportPath)));
  it('blocked members', () => audit('blocked', 200, (p) => go(p, '/messages/blocked')));
  it('your data', () => audit('data', 200, (p) => go(p, '/account/data')));
  it('delete your account', () => audit('delete', 200, (p) => go(p, '/account/delete')));
  it('delete your account with errors', () =>
    audit('delete-errors', 400, async (p) => {
      await go(p, '/account/delete');
      const status = await submit(p, p.getByRole('button', { name: 'Delete my account' }));
      await p
        .getByRole('alert')
        .getByRole('heading', { name: /There are \d problems/ })
        .waitFor();
      return status;
    }));
});

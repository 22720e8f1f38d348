// Upkeep on a fresh hub in real Chromium: a new member proposes a fix to a starter page (kept from the first start
// by the "ILL Commons editors" group, whose owners are the hub's administrators), an editor accepts it with one
// click and a note; a group asks to maintain a whole topic and an editor approves. axe-core on every new page type,
// light and dark, and no sideways scroll at 320 px.
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  axeViolations,
  formatViolations,
  launchChromium,
  newContext,
  newPerson,
  setPasswordFromLink,
  signUp,
  submit,
  type Violation,
} from './browser';

let browser: Browser;
const contexts: BrowserContext[] = [];
const tag = randomBytes(3).toString('hex');
const nina = newPerson('Nina', 'Newcomer');
const pages = {} as Record<'editor' | 'nina' | 'anon', Page>;
const STARTER = '/articles/ill-borrowing-basics';
const groupName = `Example Borrowing Circle ${tag}`;

beforeAll(async () => {
  browser = await launchChromium();
  for (const who of ['editor', 'nina', 'anon'] as const) {
    const context = await newContext(browser);
    contexts.push(context);
    pages[who] = await context.newPage();
  }
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

/** axe-core in light and dark, then the page at 320 px must not scroll sideways. */
async function audit(page: Page, name: string) {
  const violations: Violation[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    violations.push(...(await axeViolations(page, `${name}, ${scheme}`)));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(violations, formatViolations(violations)).toEqual([]);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const { scrollWidth, width } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  if (size) await page.setViewportSize(size);
  expect(scrollWidth, `${name} scrolls sideways at 320 px`).toBeLessThanOrEqual(width);
}

describe('upkeep on a fresh hub', () => {
  it('a new member proposes a fix to a starter page and an editor accepts it with a note', async () => {
    const { editor, nina: member, anon } = pages;
    await anon.goto(STARTER);
    await anon.getByRole('link', { name: 'ILL Commons editors' }).first().waitFor();

    await signUp(member, nina);
    await member.goto(STARTER);
    await expect(member.getByRole('link', { name: 'Edit this article' }).count()).resolves.toBe(0);
    await member.getByRole('link', { name: 'Propose a fix' }).click();
    await member.getByRole('heading', { level: 1, name: /^Propose a fix to/ }).waitFor();
    await audit(member, 'propose-a-fix');
    const body = member.getByLabel('Article text', { exact: true });
    const text = await body.inputValue();
    expect(text.length).toBeGreaterThan(200);
    await body.fill(`${text}\n\nCheck the lender’s policy before you send a second request (${tag}).\n`);
    await member.getByLabel(/^Change summary/).fill(`Fix: mention lender policies ${tag}`);
    expect(await submit(member, member.getByRole('button', { name: 'Send the fix' }))).toBe(200);
    await member.getByText('Your suggestion was sent').waitFor();
    await audit(member, 'suggestion-page-proposer');

    await setPasswordFromLink(editor, inject('featureAdmins').upkeep!.link, 'a long passphrase for the upkeep admin');
    await editor.goto('/suggestions');
    await audit(editor, 'suggestions-with-hub-queue');
    await editor
      .getByRole('link', { name: new RegExp(`Fix: mention lender policies ${tag}`) })
      .first()
      .click();
    await editor.getByLabel(/^Note/).fill('Thanks, a useful reminder.');
    expect(await submit(editor, editor.getByRole('button', { name: 'Approve and publish' }))).toBe(200);
    await editor.getByText('Approved: the change is published').waitFor();

    await member.goto(STARTER);
    await member.getByText(`before you send a second request (${tag})`).waitFor();
  });

  it('a group asks to maintain a topic and an editor approves', async () => {
    const { editor, nina: member, anon } = pages;
    await member.goto('/groups/new');
    await member.getByLabel('Name', { exact: true }).fill(groupName);
    await member.getByLabel('Kind of group', { exact: true }).selectOption({ label: 'Committee' });
    await member.getByLabel('Purpose', { exact: true }).fill('Keeps the hub’s borrowing pages current.');
    expect(await submit(member, member.getByRole('button', { name: 'Send the request' }))).toBe(200);
    await editor.goto('/admin/groups');
    expect(await submit(editor, editor.getByRole('button', { name: `Approve ${groupName}` }))).toBe(200);

    await member.goto('/topics/borrowing');
    await member.getByRole('link', { name: /can ask to/ }).click();
    await audit(member, 'topic-stewardship');
    await member.getByLabel('Group', { exact: true }).selectOption({ label: groupName });
    expect(await submit(member, member.getByRole('button', { name: 'Send the request' }))).toBe(200);
    await member.getByText('Your request was sent to the editors').waitFor();

    await editor.goto('/stewardship/topics');
    await audit(editor, 'topic-stewardship-editor');
    const approve = editor.getByRole('button', { name: `Approve ${groupName} for Borrowing` });
    await approve.waitFor();
    expect(await submit(editor, approve)).toBe(200);
    await editor.getByText('Approved: the group now maintains the topic').waitFor();

    await anon.goto('/topics/borrowing');
    await anon.getByText(`Maintained by ${groupName}, including pages added later.`).waitFor();
    await anon.goto(STARTER);
    await anon.getByRole('link', { name: groupName }).first().waitFor();
  });
});

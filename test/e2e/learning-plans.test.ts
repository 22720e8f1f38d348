// An onboarding plan, in real Chromium: a manager starts a plan for a new colleague from the ILL assistant template;
// the colleague finds it from their learning page ("My first weeks"), accepts it, marks one item done and another
// stuck with a note, by keyboard; the manager sees the progress (done, stuck, the note), and a third member is told
// the plan does not exist. axe-core finds nothing on the pages (light and dark); none scrolls sideways at 320 px.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  focused,
  newPerson,
  type Person,
  signUp,
  submit,
  useChromium,
  expectAxeClean,
  expectNarrowFits,
} from './browser';

const chromium = useChromium();
const people = {
  manager: newPerson('Mona', 'Manager'),
  colleague: newPerson('Cole', 'Newcomer'),
  stranger: newPerson('Stan', 'Stranger'),
} satisfies Record<string, Person>;
const pages = {} as Record<keyof typeof people, Page>;
let planPath = '';

beforeAll(async () => {
  for (const who of Object.keys(people) as Array<keyof typeof people>) {
    pages[who] = await chromium.open();
    await signUp(pages[who], people[who]);
  }
});

const audit = (page: Page, name: string) => expectAxeClean(page, name);

const narrow = (page: Page, name: string) => expectNarrowFits(page, name);

/** The list item of the plan whose text includes `title`. */
const item = (page: Page, title: string) => page.getByTestId('plan-item').filter({ hasText: title });

describe('an onboarding plan', () => {
  it('a manager starts one for a new colleague from the ILL assistant template', async () => {
    const { manager } = pages;
    await manager.goto('/learning');
    await manager.getByRole('link', { name: 'Onboarding plans' }).click();
    await manager.getByRole('link', { name: 'Build a plan for a colleague' }).click();
    await audit(manager, 'new plan form');
    await narrow(manager, 'new plan form');
    await manager.getByLabel("Your colleague's username").fill(`@${people.colleague.username}`);
    await manager.getByLabel('Start from').selectOption('ill-assistant');
    expect(await submit(manager, manager.getByRole('button', { name: 'Start the plan' }))).toBe(200);
    await manager.getByRole('heading', { level: 1, name: 'Your first weeks as an ILL assistant' }).waitFor();
    planPath = new URL(manager.url()).pathname;
    expect(planPath).toMatch(/^\/learning\/plans\/\d+$/);
    expect(await manager.getByTestId('plan-state').textContent()).toBe(
      `Waiting for ${people.colleague.displayName} to accept it`,
    );
    // The manager adapts it: one more shadowing task in week 2.
    await manager
      .getByRole('textbox', { name: 'Shadowing task' })
      .fill('Sit with Pat while they unpack the day’s returns');
    await manager.locator('#week-task').selectOption('2');
    expect(await submit(manager, manager.getByRole('button', { name: 'Add the task' }))).toBe(200);
    await item(manager, 'Sit with Pat while they unpack').waitFor();
    await audit(manager, 'plan page (manager, waiting)');
    await narrow(manager, 'plan page (manager, waiting)');
  });

  it('the colleague finds it from their learning page, accepts it, and marks items by keyboard', async () => {
    const { colleague } = pages;
    await colleague.goto('/learning');
    await colleague.getByRole('link', { name: 'Onboarding plans' }).click();
    await colleague.getByRole('heading', { name: 'My first weeks' }).waitFor();
    await colleague
      .getByTestId('plans-for-me')
      .getByRole('link', { name: 'Your first weeks as an ILL assistant' })
      .click();
    expect(new URL(colleague.url()).pathname).toBe(planPath);
    await audit(colleague, 'plan page (colleague, before accepting)');

    const accept = colleague.getByRole('button', { name: 'Accept the plan' });
    await accept.focus();
    const now = await focused(colleague);
    expect(now?.text).toBe('Accept the plan');
    expect(now?.outlineStyle).not.toBe('none');
    await Promise.all([colleague.waitForURL(/notice=accepted/), colleague.keyboard.press('Enter')]);
    expect(await colleague.getByTestId('plan-state').textContent()).toMatch(/^Accepted /);

    // Done: the first week's meeting, by keyboard (arrow keys move between the radio buttons).
    const meet = item(colleague, 'Meet the ILL team');
    await meet.getByLabel('Done').focus();
    await colleague.keyboard.press('Space');
    await meet.getByRole('button', { name: /^Save mark/ }).focus();
    await Promise.all([colleague.waitForURL(/notice=marked/), colleague.keyboard.press('Enter')]);
    expect(await item(colleague, 'Meet the ILL team').getByTestId('item-status').textContent()).toBe('Done');

    // Stuck, with a note.
    const privacy = item(colleague, 'Patron privacy in ILL');
    await privacy.getByLabel('Stuck').check();
    await privacy.getByLabel('Note for your manager').fill('Which records do we keep, and for how long?');
    expect(await submit(colleague, privacy.getByRole('button', { name: /^Save mark/ }))).toBe(200);
    expect(await item(colleague, 'Patron privacy in ILL').getByTestId('item-status').textContent()).toBe('Stuck');
    await audit(colleague, 'plan page (colleague, marked)');
    await narrow(colleague, 'plan page (colleague, marked)');
  });

  it('the manager sees the progress: done, stuck and the note', async () => {
    const { manager } = pages;
    await manager.goto(planPath);
    expect(await manager.getByTestId('plan-counts').textContent()).toMatch(/^1 of 31 done · 1 stuck · 29 not yet$/);
    expect(await item(manager, 'Meet the ILL team').getByTestId('item-status').textContent()).toBe('Done');
    const privacy = item(manager, 'Patron privacy in ILL');
    expect(await privacy.getByTestId('item-status').textContent()).toBe('Stuck');
    expect(await privacy.getByTestId('item-note').textContent()).toBe(
      'Note: Which records do we keep, and for how long?',
    );
    await audit(manager, 'plan page (manager, progress)');
    await narrow(manager, 'plan page (manager, progress)');
  });

  it('nobody else sees it', async () => {
    const { stranger } = pages;
    const res = await stranger.goto(planPath);
    expect(res?.status()).toBe(404);
    expect(await stranger.content()).not.toContain('Which records do we keep');
  });

  it('the learning log is printable and clean', async () => {
    const { colleague } = pages;
    await colleague.goto('/learning/log');
    await colleague.getByRole('heading', { level: 1, name: 'Learning log' }).waitFor();
    await audit(colleague, 'learning log');
    await narrow(colleague, 'learning log');
    await colleague.emulateMedia({ media: 'print' });
    expect(await colleague.getByRole('banner').isVisible()).toBe(false);
    await colleague.emulateMedia({ media: 'screen' });
  });
});

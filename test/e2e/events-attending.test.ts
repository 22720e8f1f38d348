// Attending an event, in real Chromium: a member finds a free virtual workshop for new staff next month with the
// list's filters and the month view, marks "attending" by keyboard, sees it on "My events", makes their personal
// calendar address and finds the event in it (fetched with no cookie, as a calendar app would). Before the event
// the member asks the speakers a question; the organiser sees it with a way to remove it. axe-core finds nothing on
// the event page (attendance box, questions), on "My events", light and dark; neither scrolls sideways at 320 px.
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  focused,
  launchChromium,
  newContext,
  newPerson,
  signUp,
  submit,
  expectAxeClean,
  expectNarrowFits,
} from './browser';

let browser: Browser;
const contexts: BrowserContext[] = [];
const tag = randomBytes(3).toString('hex');
const title = `Example workshop: lending basics for new staff ${tag}`;
const pages = {} as Record<'organiser' | 'member', Page>;
let eventPath = '';

/** The 16th of next month (UTC), as the form's datetime-local value at `hour`:00. */
function nextMonth(hour: number): { value: string; month: string } {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 16, hour));
  const ymd = d.toISOString().slice(0, 10);
  return { value: `${ymd}T${String(hour).padStart(2, '0')}:00`, month: ymd.slice(0, 7) };
}

beforeAll(async () => {
  browser = await launchChromium();
  for (const who of ['organiser', 'member'] as const) {
    const context = await newContext(browser);
    contexts.push(context);
    pages[who] = await context.newPage();
  }
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

const audit = expectAxeClean;
const narrow = expectNarrowFits;

describe('attending an event', () => {
  it('an organiser adds a free virtual workshop for new staff next month', async () => {
    const { organiser } = pages;
    await signUp(organiser, newPerson('Orla', 'Organiser'));
    await organiser.goto('/events/new');
    await organiser.getByLabel('Title', { exact: true }).fill(title);
    await organiser.getByLabel('Summary').fill('Lending basics, for people new to ILL.');
    await organiser.getByLabel('Kind', { exact: true }).selectOption({ label: 'Workshop' });
    await organiser.getByLabel('Or the organisation’s name').fill('Example Regional Consortium');
    await organiser.getByLabel('Starts', { exact: true }).fill(nextMonth(15).value);
    await organiser.getByLabel('Ends', { exact: true }).fill(nextMonth(16).value);
    await organiser.getByLabel('Time zone', { exact: true }).selectOption('Europe/London');
    await organiser.getByLabel('Format', { exact: true }).selectOption({ label: 'Virtual' });
    await organiser.getByLabel('Cost', { exact: true }).selectOption({ label: 'Free' });
    await organiser.getByLabel('New to ILL').check();
    expect(await submit(organiser, organiser.getByRole('button', { name: 'Add event' }))).toBe(200);
    await organiser.getByRole('heading', { level: 1, name: title }).waitFor();
    eventPath = new URL(organiser.url()).pathname;
  });

  it('a member finds it with the filters and the month view, and marks “attending” by keyboard', async () => {
    const { member } = pages;
    await signUp(member, newPerson('Ines', 'Attendee'));
    await member.goto('/events');
    await member.getByLabel('Free', { exact: true }).check();
    await member.getByLabel('Online (virtual, hybrid, on demand)').check();
    await member.getByLabel('For new staff').check();
    await member.getByRole('button', { name: 'Show events' }).click();
    await member.waitForURL(/free=1/);
    expect(member.url()).toMatch(/virtual=1/);
    expect(member.url()).toMatch(/audience=new/);
    await member.getByRole('link', { name: 'Month view' }).click();
    await member.getByRole('link', { name: 'Next month' }).click();
    expect(member.url()).toContain(`m=${nextMonth(15).month}`);
    await member.getByRole('link', { name: title }).click();
    await member.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(new URL(member.url()).pathname).toBe(eventPath);
    await audit(member, 'event page with the attendance box (member)');

    // Keyboard only: focus the button and press Enter (a plain form POST).
    const attend = member.getByRole('button', { name: 'I’m attending' });
    await attend.focus();
    const now = await focused(member);
    expect(now?.text).toBe('I’m attending');
    expect(now?.outlineStyle).not.toBe('none');
    await Promise.all([member.waitForURL(/notice=attending/), member.keyboard.press('Enter')]);
    await member.getByText('Your choice:').waitFor();
    expect(await member.getByRole('button', { name: 'I’m attending' }).getAttribute('aria-pressed')).toBe('true');
    await audit(member, 'event page, marked attending');
    await narrow(member, 'event page, marked attending');
  });

  it('a member asks the speakers a question before the event; the organiser sees it and may remove it', async () => {
    const { member, organiser } = pages;
    const question = `Which pre-read helps most with our first borrowing requests? ${tag}`;
    await member.getByLabel('Your question for the speakers').fill(question);
    expect(await submit(member, member.getByRole('button', { name: 'Send question' }))).toBe(200);
    await member.getByText('Thank you: your question is on the list for the speakers.').waitFor();
    await member.getByText(question).waitFor();
    await member.getByText(/Asked by Ines Attendee/).waitFor();
    expect(await member.getByRole('button', { name: 'Delete my question' }).count()).toBe(1);
    // Nobody seconds their own question.
    expect(await member.getByRole('button', { name: 'I want to ask this too' }).count()).toBe(0);
    await audit(member, 'event page with a question for the speakers (member)');
    await narrow(member, 'event page with a question for the speakers');

    await organiser.goto(eventPath);
    await organiser.getByText(question).waitFor();
    expect(await organiser.getByRole('button', { name: 'Remove this question' }).count()).toBe(1);
    expect(await submit(organiser, organiser.getByRole('button', { name: 'I want to ask this too' }))).toBe(200);
    await organiser.getByText('1 other member wants to ask this too').waitFor();
    expect(await organiser.getByRole('button', { name: 'I want to ask this too' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await audit(organiser, 'event page with questions (organiser)');
  });

  it('finds it again with “Only events I’m attending” on the list', async () => {
    const { member } = pages;
    await member.goto('/events');
    await member.getByLabel('Only events I’m attending').check();
    await member.getByRole('button', { name: 'Show events' }).click();
    await member.waitForURL(/mine=attending/);
    await member.getByRole('link', { name: title }).waitFor();
    await audit(member, 'events list, only mine');
    await narrow(member, 'events list, only mine');
    await member.goto(eventPath);
  });

  it('sees it on “My events”, makes a calendar address and finds the event in it without a cookie', async () => {
    const { member } = pages;
    await member.getByRole('link', { name: 'My events' }).click();
    await member.getByRole('heading', { level: 1, name: 'My events' }).waitFor();
    await member.getByRole('link', { name: title }).waitFor();
    await audit(member, 'my events');
    await narrow(member, 'my events');

    expect(await submit(member, member.getByRole('button', { name: 'Make my calendar address' }))).toBe(200);
    const address = await member.getByLabel('Events you attend', { exact: true }).inputValue();
    expect(address).toMatch(/\/events\/calendar\/[A-Za-z0-9_-]{27,}\.ics$/);
    await audit(member, 'my events with a new calendar address');
    await narrow(member, 'my events with a new calendar address');

    // A calendar app sends no cookie: plain fetch from outside the browser.
    const url = new URL(new URL(address).pathname, member.url());
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const text = (await res.text()).replace(/\r\n /g, '');
    expect(text).toContain(`SUMMARY:${title}`);
    expect(text).toMatch(new RegExp(`UID:event-${eventPath.split('/').pop()}@`));

    // A new address replaces it: the old one answers 404.
    expect(await submit(member, member.getByRole('button', { name: 'Make a new address' }))).toBe(200);
    expect((await fetch(url)).status).toBe(404);
  });
});

// Events in real Chromium: a member adds a free virtual workshop for new staff next month; an anonymous reader
// finds it with the list's filters and in the month view (no JavaScript needed: plain GET forms and links), and
// takes it into a calendar; axe-core finds nothing on the list, month, event and form pages, light and dark, and
// none of them scrolls sideways at 320 px.
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  newContext,
  newPerson,
  rareWord,
  signUp,
  submit,
  expectAxeClean,
  expectNarrowFits,
} from './browser';

let browser: Browser;
const contexts: BrowserContext[] = [];
const tag = randomBytes(3).toString('hex');
const title = `Example workshop: ILL basics for new staff ${tag}`;
const organiser = newPerson('Oona', 'Organiser');
const pages = {} as Record<'member' | 'anon', Page>;
let eventPath = '';

/** The 14th of next month (UTC), as the form's datetime-local value at `hour`:00. */
function nextMonth(hour: number): { value: string; month: string } {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 14, hour));
  const ymd = d.toISOString().slice(0, 10);
  return { value: `${ymd}T${String(hour).padStart(2, '0')}:00`, month: ymd.slice(0, 7) };
}

beforeAll(async () => {
  browser = await launchChromium();
  for (const who of ['member', 'anon'] as const) {
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

describe('events', () => {
  it('a member adds a free virtual workshop for new staff, in the event’s own time zone', async () => {
    const { member } = pages;
    await signUp(member, organiser);
    await member.goto('/events');
    await member.getByRole('link', { name: 'Add an event' }).click();
    await audit(member, 'event-form');
    await narrow(member, 'event form');
    await member.getByLabel('Title', { exact: true }).fill(title);
    await member.getByLabel('Summary').fill('A first look at borrowing and lending, for people new to ILL.');
    await member.getByLabel('Kind', { exact: true }).selectOption({ label: 'Workshop' });
    await member.getByLabel('Or the organisation’s name').fill('Example Regional Consortium');
    await member.getByLabel('Starts', { exact: true }).fill(nextMonth(15).value);
    await member.getByLabel('Ends', { exact: true }).fill(nextMonth(16).value);
    await member.getByLabel('Time zone', { exact: true }).selectOption('Europe/London');
    await member.getByLabel('Format', { exact: true }).selectOption({ label: 'Virtual' });
    await member.getByLabel('Cost', { exact: true }).selectOption({ label: 'Free' });
    await member.getByLabel('New to ILL').check();
    await member.getByLabel('Captions').check();
    // An end before the start is refused next to the field (the server checks; the browser cannot), nothing saved.
    await member.getByLabel('Ends', { exact: true }).fill(nextMonth(14).value);
    expect(await submit(member, member.getByRole('button', { name: 'Add event' }))).toBe(400);
    await member.getByRole('alert').getByRole('link', { name: 'Ends must be after Starts.' }).waitFor();
    await audit(member, 'event-form-errors');
    await member.getByLabel('Ends', { exact: true }).fill(nextMonth(16).value);
    expect(await submit(member, member.getByRole('button', { name: 'Add event' }))).toBe(200);
    await member.getByRole('heading', { level: 1, name: title }).waitFor();
    eventPath = new URL(member.url()).pathname;
    await audit(member, 'event-page-organiser');
  });

  it('an anonymous reader finds it with combined filters and in the month view, without JavaScript', async () => {
    const { anon } = pages;
    await anon.goto('/events');
    await audit(anon, 'events-list');
    await narrow(anon, 'events list');
    await anon.getByLabel('Free', { exact: true }).check();
    await anon.getByLabel('Online (virtual, hybrid, on demand)').check();
    await anon.getByLabel('For new staff').check();
    await anon.getByRole('button', { name: 'Show events' }).click();
    await anon.waitForURL(/free=1/);
    expect(anon.url()).toMatch(/virtual=1/);
    expect(anon.url()).toMatch(/audience=new/);
    await anon.getByRole('link', { name: title }).waitFor();
    await audit(anon, 'events-list-filtered');

    await anon.getByRole('link', { name: 'Month view' }).click();
    // The month view keeps the filters; next month holds the workshop.
    await anon.getByRole('link', { name: 'Next month' }).click();
    expect(anon.url()).toContain(`m=${nextMonth(15).month}`);
    expect(anon.url()).toMatch(/free=1/);
    await anon.getByRole('link', { name: title }).waitFor();
    await audit(anon, 'events-month');
    await narrow(anon, 'month view');

    await anon.getByRole('link', { name: title }).click();
    await anon.getByRole('heading', { level: 1, name: title }).waitFor();
    await audit(anon, 'event-page');
    await narrow(anon, 'event page');
  });

  it('“Add to calendar” gives an iCalendar file with the event at the right time', async () => {
    const { anon } = pages;
    await anon.goto(eventPath);
    const href = await anon.getByRole('link', { name: 'Add to calendar (.ics)' }).getAttribute('href');
    const res = await anon.request.get(href!);
    expect(res.headers()['content-type']).toContain('text/calendar');
    const text = await res.text();
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text).toContain(`DTSTART;TZID=Europe/London:${nextMonth(15).value.replace(/[-:]/g, '')}00`);
    expect(text.replace(/\r\n /g, '')).toContain(`SUMMARY:${title}`);
    // The subscribable list with the same filters holds it too.
    const subscribed = await (await anon.request.get('/events.ics?free=1&virtual=1&audience=new')).text();
    expect(subscribed.replace(/\r\n /g, '')).toContain(`SUMMARY:${title}`);
  });

  it('after it: a recording plays only when asked, its transcript is read and found, a teach-back note stays', async () => {
    const { member, anon } = pages;
    const spoken = rareWord('transcriptword');
    const learned = rareWord('teachbackword');
    // The organiser adds the recording, then its captions: a file that is not WebVTT is refused next to the field.
    await member.goto(eventPath);
    await member.getByLabel('What it is').selectOption({ label: 'Recording' });
    await member.getByLabel('Link title').fill('Workshop recording');
    await member.getByLabel('Address', { exact: true }).fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    expect(await submit(member, member.getByRole('button', { name: 'Add link' }))).toBe(200);
    const captions = member.getByLabel('Captions (WebVTT .vtt file)');
    await captions.setInputFiles({
      name: 'talk.srt',
      mimeType: 'text/plain',
      buffer: Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nSubRip\n'),
    });
    expect(await submit(member, member.getByRole('button', { name: 'Save', exact: true }))).toBe(400);
    await member
      .getByRole('alert')
      .getByRole('link', { name: /Not valid WebVTT/ })
      .waitFor();
    await audit(member, 'event-page-caption-error');
    await narrow(member, 'event page with the organiser’s forms after the event');
    const vtt = `WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nWelcome: today we cover ${spoken} and borrowing basics.\n`;
    await member
      .getByLabel('Captions (WebVTT .vtt file)')
      .setInputFiles({ name: 'talk.vtt', mimeType: 'text/vtt', buffer: Buffer.from(vtt) });
    expect(await submit(member, member.getByRole('button', { name: 'Save', exact: true }))).toBe(200);

    // A reader sees the transcript as text; nothing is fetched from the video host until they ask for the player.
    const elsewhere: string[] = [];
    const hub = new URL(eventPath, anon.url()).origin;
    const watch = (r: { url(): string }) => {
      if (!r.url().startsWith(hub) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    };
    anon.on('request', watch);
    await anon.route('https://www.youtube-nocookie.com/**', (route) => route.abort());
    await anon.goto(eventPath);
    await anon.getByText(`Welcome: today we cover ${spoken} and borrowing basics.`).waitFor();
    expect(elsewhere).toEqual([]);
    await audit(anon, 'event-page-after');
    await narrow(anon, 'event page with a recording');
    await anon.getByRole('link', { name: 'Play here' }).click();
    await anon.locator('iframe[title^="Recording: Workshop recording"]').waitFor();
    expect(anon.url()).toMatch(/\?play=\d+/);
    await narrow(anon, 'event page with the player');
    anon.off('request', watch);

    // A member posts what they learned; it stays on the event page and is found from search, as is the transcript.
    await member.goto(eventPath);
    await member.getByLabel('Your teach-back note').fill(`I learned ${learned}: we will check lender policies first.`);
    expect(await submit(member, member.getByRole('button', { name: 'Post note' }))).toBe(200);
    await member.getByText(`I learned ${learned}`).waitFor();
    await anon.goto(eventPath);
    await anon.getByText(`I learned ${learned}`).waitFor();
    await anon.goto(`/search?q=${learned}`);
    await anon.getByRole('link', { name: `Teach-back: ${title}` }).click();
    await anon.getByText(`I learned ${learned}`).waitFor();
    expect(new URL(anon.url()).pathname).toBe(eventPath);
    await anon.goto(`/search?q=${spoken}`);
    await anon.getByRole('link', { name: `Transcript: Workshop recording (${title})` }).click();
    await anon.getByText(`Welcome: today we cover ${spoken}`).waitFor();
    await anon.goto('/events/organisers');
    await audit(anon, 'events-organisers');
    await narrow(anon, 'organisers page');
  });
});

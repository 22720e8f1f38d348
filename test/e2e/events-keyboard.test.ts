// The month view by keyboard alone, in real Chromium: from the skip link into the month view, on to next month,
// through a busy day's events to its "+N more" link, and into an event — Tab, Shift+Tab and Enter only, every
// stop with a focus ring that can be seen. Then times in the browser's own zone for a reader without a profile
// zone (src/client/local-time.ts). axe-core finds nothing on the month and day views, light and dark, and
// neither scrolls sideways at 320 px.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focused, newPerson, signUp, submit, useChromium, expectAxeClean, expectNarrowFits } from './browser';

type Focus = NonNullable<Awaited<ReturnType<typeof focused>>>;

const chromium = useChromium();
const tag = randomBytes(3).toString('hex');
/** Six events on one day: the month view shows four and "+2 more" (other journeys may add to the day). */
const titles = Array.from({ length: 6 }, (_, i) => `Example keyboard clinic ${i + 1} ${tag}`);
const paths: string[] = [];

/** The 22nd of next month (UTC): its month key, its day key and the form's value at `hour`:00. */
function nextMonth(hour: number) {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 22, hour));
  const day = d.toISOString().slice(0, 10);
  return { month: day.slice(0, 7), day, value: `${day}T${String(hour).padStart(2, '0')}:00` };
}

/** The month after next: its key and its name ("March 2027"). */
function monthAfter() {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 15));
  const title = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
  return { month: d.toISOString().slice(0, 7), title };
}

beforeAll(async () => {
  // Set-up with the mouse is fine: the journey itself is keyboard only.
  const organiser = await chromium.open();
  await signUp(organiser, newPerson('Kit', 'Keyboard'));
  for (const [i, title] of titles.entries()) {
    await organiser.goto('/events/new');
    await organiser.getByLabel('Title', { exact: true }).fill(title);
    await organiser.getByLabel('Or the organisation’s name').fill('Example Access Network');
    await organiser.getByLabel('Starts', { exact: true }).fill(nextMonth(9 + i).value);
    await organiser.getByLabel('Ends', { exact: true }).fill(nextMonth(10 + i).value);
    await organiser.getByLabel('Time zone', { exact: true }).selectOption('UTC');
    expect(await submit(organiser, organiser.getByRole('button', { name: 'Add event' }))).toBe(200);
    paths.push(new URL(organiser.url()).pathname);
  }
});

/** Focus must be on something a sighted keyboard user can see: an outline and a place on screen. */
function expectVisibleFocus(f: Focus | null): asserts f is Focus {
  expect(f, 'something has focus').not.toBeNull();
  expect(f?.tag).not.toBe('body');
  expect(f?.outlineStyle, `focus ring on <${f?.tag} id="${f?.id}"> “${f?.text}”`).not.toBe('none');
  expect(f?.outlineWidth, `focus ring width on <${f?.tag}> “${f?.text}”`).toBeGreaterThanOrEqual(2);
  expect(f?.inViewport, `<${f?.tag}> “${f?.text}” is scrolled into view`).toBe(true);
}

/** Press a key until focus lands on what `wanted` describes, checking every stop on the way shows its focus. */
async function tabUntil(page: Page, key: 'Tab' | 'Shift+Tab', wanted: (f: Focus) => boolean, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    expectVisibleFocus(f);
    if (wanted(f)) return f;
  }
  throw new Error(`Focus did not reach the wanted element within ${limit} presses of ${key}`);
}

/** From the top of a fresh page: the skip link first, then Enter lands in the main landmark. */
async function skipToMain(page: Page) {
  await page.keyboard.press('Tab');
  const skip = await focused(page);
  expectVisibleFocus(skip);
  expect(skip.text).toBe('Skip to main content');
  await page.keyboard.press('Enter');
  expect((await focused(page))?.id).toBe('main');
}

const audit = expectAxeClean;
const narrow = expectNarrowFits;

describe('the month view by keyboard alone', () => {
  it('goes from the skip link to next month, through a busy day to “+N more”, and opens an event', async () => {
    const page = await chromium.open();
    const { month, day } = nextMonth(9);
    await page.goto('/events/month');
    await skipToMain(page);

    // Into the month view: the month links come before the filters and the days.
    const next = await tabUntil(page, 'Tab', (f) => f.tag === 'a' && f.text === 'Next month');
    expect(next.href).toBe(`/events/month?m=${month}`);
    await Promise.all([page.waitForURL(`**/events/month?m=${month}`), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { level: 1, name: /^Events in / }).waitFor();
    await audit(page, 'month view');
    await narrow(page, 'month view');

    // Down to the day: its first event, then the rest shown, then "+N more".
    await skipToMain(page);
    const first = await tabUntil(page, 'Tab', (f) => f.tag === 'a' && f.text === titles[0]);
    expect(first.href).toBe(paths[0]);
    const shown: string[] = [];
    const more = await tabUntil(page, 'Tab', (f) => {
      if (titles.includes(f.text)) shown.push(f.text);
      return f.tag === 'a' && /^\+\d+ more events? on /.test(f.text);
    });
    expect(more.href).toBe(`/events/month?m=${month}&day=${day}`);
    // The day's first four (theirs or ours: ours start at 09:00, others may be earlier); the last two of ours wait.
    expect(shown.length).toBeLessThanOrEqual(3);
    expect(shown).not.toContain(titles[4]);
    expect(shown).not.toContain(titles[5]);

    // Shift+Tab goes back the way it came: the card's organiser link, then its title.
    const back = await tabUntil(page, 'Shift+Tab', (f) => f.tag === 'a' && titles.includes(f.text), 4);
    expect(shown.at(-1) ?? titles[0]).toBe(back.text);
    await tabUntil(page, 'Tab', (f) => f.href === more.href, 4);

    // After the days the months are offered again (a long month is a long way back up), then back to "+N more".
    const after = monthAfter();
    const onward = await tabUntil(page, 'Tab', (f) => f.tag === 'a' && f.text === after.title);
    expect(onward.href).toBe(`/events/month?m=${after.month}`);
    await tabUntil(page, 'Shift+Tab', (f) => f.href === more.href);

    // "+N more" opens the whole day.
    await Promise.all([page.waitForURL((u) => u.searchParams.get('day') === day), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { level: 1, name: /^Events on / }).waitFor();
    for (const title of titles) await page.getByRole('link', { name: title, exact: true }).waitFor();
    await audit(page, 'one day of the month view');
    await narrow(page, 'one day of the month view');

    // The sixth event (not shown on the month page) opens from the day's list.
    await skipToMain(page);
    const sixth = await tabUntil(page, 'Tab', (f) => f.tag === 'a' && f.text === titles[5]);
    expect(sixth.href).toBe(paths[5]);
    await Promise.all([page.waitForURL(`**${paths[5]}`), page.keyboard.press('Enter')]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(titles[5]);
  });
});

describe('times in the browser’s own zone', () => {
  it('are shown in the reader’s zone with the event’s own time beside them, when the profile names none', async () => {
    const page = await chromium.open();
    // The browser says it is in New York (the event is in UTC).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'America/New_York' });
    await page.goto(paths[0]!);
    const when = page.locator('dl.facts time').first();
    // 09:00–10:00 UTC: 04:00 or 05:00 in New York (summer or winter time), with the zone's short name.
    await expect(when.textContent()).resolves.toMatch(/, 0[45]:00–0[56]:00 \(your time, (EDT|EST|GMT-[45])\)$/);
    const own = page.locator('dl.facts .own-time').first();
    await expect(own.textContent()).resolves.toMatch(/^ · event’s own time: .*, 09:00–10:00 \(UTC, UTC\+00:00\)$/);

    // The month view's cards too, and its note says whose zone the times are in.
    await page.goto(`/events/month?m=${nextMonth(9).month}&day=${nextMonth(9).day}`);
    await expect(page.getByText('Times are in your browser’s time zone, America/New_York').count()).resolves.toBe(1);
    const card = page.locator('li', { has: page.getByRole('link', { name: titles[0], exact: true }) });
    await expect(card.locator('time').textContent()).resolves.toMatch(/\(your time, /);
    await audit(page, 'one day of the month view, times in the browser’s zone');
  });
});

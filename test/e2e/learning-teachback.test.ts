// Teach-back, the project and cohorts, in real Chromium: a new member finishes a lesson and posts what they will
// change (it shows on the course page and in the forum), starts the course's project, ticks a milestone and posts
// progress; an administrator adds a cohort tied to an event, which the member joins. axe-core finds nothing on the
// course page, the project page, the cohort page and the add-cohort form, light and dark; none scrolls sideways at
// 320 px.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { newPerson, setPasswordFromLink, signUp, submit, useChromium, auditPage } from './browser';

const chromium = useChromium();
const COURSE = '/learning/ill-borrowing-first-month';
let member: Page;
let admin: Page;
let cohortPath = '';

beforeAll(async () => {
  member = await chromium.open();
  admin = await chromium.open();
});

const audit = (on: Page, name: string) => auditPage(on, name);

describe('teach-back, the project and cohorts', () => {
  it('a member finishes a lesson and posts what they will change; it shows on the course page and in the forum', async () => {
    await signUp(member, newPerson('Tess', 'Teachback'));
    await member.goto(`${COURSE}/your-own-system`);
    expect(await submit(member, member.getByRole('button', { name: 'Mark this lesson as done' }))).toBe(200);
    const change = `I will keep a one-page list of our request statuses ${Date.now()}.`;
    await member.getByLabel('What I will change').fill(change);
    expect(await submit(member, member.getByRole('button', { name: 'Post to the teach-back thread' }))).toBe(200);
    await member.getByText('Posted to the teach-back thread.').waitFor();
    await member.getByText(change).waitFor();
    await audit(member, 'course page with teach-back posts');
    await member.getByRole('link', { name: 'All teach-back posts in the forum' }).click();
    await member.getByText(change).waitFor();
  });

  it('the member starts the project, ticks a milestone and posts progress', async () => {
    await member.goto(COURSE);
    await member.getByRole('link', { name: 'See the milestones and start the project' }).click();
    await audit(member, 'project page before starting');
    expect(await submit(member, member.getByRole('button', { name: 'Start the project today' }))).toBe(200);
    await member.getByText('Project started').waitFor();
    await member.getByLabel('Intake and checking').check();
    expect(await submit(member, member.getByRole('button', { name: 'Save finished milestones' }))).toBe(200);
    expect(await member.getByLabel('Intake and checking').isChecked()).toBe(true);
    const progress = `Week one: intake mapped, three ways in ${Date.now()}.`;
    await member.getByLabel('Your progress').fill(progress);
    expect(await submit(member, member.getByRole('button', { name: 'Post progress to the project thread' }))).toBe(200);
    await member.getByText(progress).waitFor();
    await audit(member, 'project page with milestones and progress');
  });

  it('an administrator adds a cohort tied to an event; the member joins it', async () => {
    await setPasswordFromLink(
      admin,
      inject('featureAdmins').learning!.link,
      'a long passphrase for the learning admin',
    );
    await admin.goto('/events');
    const first = admin.locator('main a[href^="/events/"]').filter({ hasText: /\w/ });
    const eventPath = await first.evaluateAll(
      (links) => links.map((a) => a.getAttribute('href') ?? '').find((h) => /^\/events\/\d+$/.test(h)) ?? '',
    );
    expect(eventPath).toMatch(/^\/events\/\d+$/);
    await admin.goto(COURSE);
    await admin.getByRole('link', { name: 'Add a cohort' }).click();
    await audit(admin, 'add-cohort form');
    await admin.getByLabel('Event').fill(eventPath);
    const start = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await admin.getByLabel('Start date').fill(start);
    expect(await submit(admin, admin.getByRole('button', { name: 'Add the cohort' }))).toBe(200);
    await admin.getByText('Cohort added').waitFor();
    cohortPath = new URL(admin.url()).pathname;

    await member.goto(COURSE);
    await member.getByRole('link', { name: `Cohort starting ${start}` }).click();
    expect(new URL(member.url()).pathname).toBe(cohortPath);
    expect(await submit(member, member.getByRole('button', { name: 'Join this cohort' }))).toBe(200);
    await member.getByText('You are in this cohort.').waitFor();
    await member.getByRole('link', { name: 'The cohort’s thread in the forum' }).waitFor();
    await audit(member, 'cohort page');
  });
});

// The review deck and certificates, in real Chromium: a new member finishes the starter course (its quizzes
// answered through the hub's own forms), reviews a card of their deck by keyboard only (Show answer, then Good), and
// the course page offers their certificate, which an anonymous reader opens. axe-core finds nothing on the deck and
// the certificate, light and dark; neither scrolls sideways at 320 px.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStarterCourses } from '../../src/features/learning/learning.content';
import { focused, HUB, newPerson, signUp, useChromium, expectAxeClean, expectNarrowFits } from './browser';

const chromium = useChromium();
const SLUG = 'ill-borrowing-first-month';
const COURSE = `/learning/${SLUG}`;
let page: Page;
let certificate: string;

beforeAll(async () => {
  page = await chromium.open();
});

const audit = (on: Page, name: string) => expectAxeClean(on, name);

const narrow = (on: Page, name: string) => expectNarrowFits(on, name);

/** Send a lesson's form as the browser would (same session, the page's own CSRF token). */
async function post(url: string, fields: Record<string, string | string[]>) {
  // The quiz's own page, or the lesson page that holds "Mark this lesson as done".
  await page.goto(url.endsWith('/done') ? url.slice(0, -'/done'.length) : url);
  const token = await page.locator('input[name="_csrf"]').first().inputValue();
  const body = new URLSearchParams({ _csrf: token });
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  const res = await page.request.post(url, {
    data: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HUB },
    maxRedirects: 0,
  });
  expect(res.status(), url).toBeLessThan(400);
}

describe('the review deck and certificates', () => {
  it('a new member finishes every lesson of the course', async () => {
    await signUp(page, newPerson('Rhea', 'Reviewer'));
    const [course] = (await readStarterCourses(path.resolve(import.meta.dirname, '../../content'))).filter(
      (c) => c.slug === SLUG,
    );
    for (const lesson of course!.lessons) {
      const url = `${COURSE}/${lesson.slug}`;
      if (lesson.quiz.length === 0) {
        await post(`${url}/done`, {});
        continue;
      }
      const form: Record<string, string | string[]> = {};
      for (const q of lesson.quiz) {
        if (q.kind === 'single' || q.kind === 'multiple') form[`answer.${q.id}`] = q.correct;
        if (q.kind === 'short') form[`answer.${q.id}`] = q.accepted[0]!;
        if (q.kind === 'order') for (const [i, s] of q.steps.entries()) form[`answer.${q.id}.${i + 1}`] = s.id;
      }
      await post(`${url}/quiz`, form);
    }
    await page.goto(COURSE);
    expect(await page.getByTestId('progress-count').textContent()).toContain('6 of 6 lessons done.');
    const link = page.getByRole('link', { name: 'Your certificate' });
    certificate = (await link.getAttribute('href')) ?? '';
    expect(certificate).toMatch(/^\/learning\/certificates\/[A-Za-z0-9_-]{32}$/);
  });

  it('reviews a card by keyboard: Show answer, then Good', async () => {
    await page.goto('/learning/review');
    await page.getByRole('heading', { level: 1, name: 'Review deck' }).waitFor();
    const count = (await page.getByTestId('due-count').textContent()) ?? '';
    const due = Number(count.match(/^(\d+) cards? due/)?.[1]);
    expect(due).toBeGreaterThan(0);
    await audit(page, 'review deck');
    await narrow(page, 'review deck');
    const show = page.getByRole('button', { name: 'Show answer' });
    await show.focus();
    expect((await focused(page))?.outlineStyle, 'Show answer shows focus').not.toBe('none');
    await Promise.all([page.waitForURL(/\?show=\d+$/), page.keyboard.press('Enter')]);
    await page.getByTestId('card-back').waitFor();
    await audit(page, 'review deck, answer shown');
    await narrow(page, 'review deck, answer shown');
    await page.getByRole('button', { name: 'Good' }).focus();
    await Promise.all([page.waitForURL(/\/learning\/review$/), page.keyboard.press('Enter')]);
    expect(await page.getByTestId('due-count').textContent()).toContain(`${due - 1} card`);
  });

  it('an anonymous reader opens the certificate', async () => {
    const anonymous = await chromium.open();
    await anonymous.goto(certificate);
    await anonymous.getByRole('heading', { level: 1, name: 'Certificate of completion' }).waitFor();
    const text = (await anonymous.getByTestId('certificate').textContent()) ?? '';
    expect(text).toContain('Rhea Reviewer');
    expect(text).toContain('ILL borrowing: your first month');
    expect(text).toContain('Verified by ILL Commons.');
    await audit(anonymous, 'certificate');
    await narrow(anonymous, 'certificate');
    const missing = await anonymous.goto('/learning/certificates/not-a-real-code');
    expect(missing?.status()).toBe(404);
  });
});

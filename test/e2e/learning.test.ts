// Taking a lesson, in real Chromium: a new member opens the starter course, reads its first lesson, answers the
// quiz by keyboard only, fails, reads the feedback, passes on a retry, and sees the lesson done and where to resume
// on the course page. Then the course's upkeep (docs/decisions/046): an editor records a review and edits a lesson,
// the member suggests an edit, and the editor declines it. axe-core finds nothing on the course, lesson, quiz, edit
// and suggestion pages, light and dark; none scrolls sideways at 320 px.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  focused,
  newPerson,
  setPasswordFromLink,
  signUp,
  submit,
  useChromium,
  auditPage,
  expectAxeClean,
  expectNarrowFits,
} from './browser';

const chromium = useChromium();
const COURSE = '/learning/ill-borrowing-first-month';
let page: Page;

beforeAll(async () => {
  page = await chromium.open();
});

const audit = (name: string) => expectAxeClean(page, name);

const narrow = (name: string) => expectNarrowFits(page, name);

/** Focus a control and act on it with keys only (Space to choose, arrows to move within a radio group). */
async function keys(label: string, ...pressed: string[]) {
  await page.getByLabel(label, { exact: true }).focus();
  const now = await focused(page);
  expect(now?.outlineStyle, `${label} shows focus`).not.toBe('none');
  for (const key of pressed) await page.keyboard.press(key);
}

async function checkAnswers() {
  const button = page.getByRole('button', { name: /Check my answers/ });
  await button.focus();
  await Promise.all([page.waitForURL(/\/quiz$/), page.waitForLoadState('load'), page.keyboard.press('Enter')]);
  await page.getByTestId('score').waitFor();
}

describe('taking a lesson', () => {
  it('a new member opens the course and reads the first lesson', async () => {
    await signUp(page, newPerson('Lena', 'Learner'));
    await page.goto(COURSE);
    await page.getByRole('heading', { level: 1, name: 'ILL borrowing: your first month' }).waitFor();
    expect(await page.getByTestId('progress-count').textContent()).toContain('0 of 6 lessons done.');
    expect(await page.getByText('8 min').count()).toBeGreaterThan(0);
    await audit('course page (member)');
    await narrow('course page');
    await page.getByRole('link', { name: /^Start the course/ }).click();
    await page.getByRole('heading', { level: 1, name: 'What ILL borrowing is, and what it is not' }).waitFor();
    await page.getByRole('heading', { name: 'Two kinds of request' }).waitFor();
    expect(await page.getByRole('link', { name: /^Next: The life of a borrowing request/ }).count()).toBe(1);
    await audit('lesson page');
    await narrow('lesson page');
  });

  it('fails the quiz by keyboard, reads why, and passes on a retry', async () => {
    await page.getByRole('link', { name: /^Take the quiz/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Quiz:/ }).waitFor();
    await audit('quiz page');
    await narrow('quiz page');
    // Wrong: the lender, only the returnable, and the cheapest lender.
    await keys('The library whose user needs the item and which asks another library for it', 'ArrowDown');
    await keys('A returnable item, such as a printed book, lent for a loan period', 'Space');
    await keys('Whether your own library already holds or licenses the item', 'ArrowDown');
    await checkAnswers();
    expect(await page.getByTestId('score').textContent()).toContain('You answered 0 of 3 questions right.');
    expect(await page.getByText('Not quite.', { exact: true }).count()).toBe(3);
    expect(await page.getByText(/The borrowing \(requesting\) library acts for its own user/).count()).toBe(1);
    expect(await page.locator('a[href="/articles/ill-borrowing-basics"]').count()).toBeGreaterThan(0);
    await audit('quiz page with feedback');
    await narrow('quiz page with feedback');
    // The answers are kept in the form: move each to the right one.
    await keys('The library that owns the item and sends it', 'ArrowUp');
    await keys('A non-returnable copy, such as a scan of a journal article', 'Space');
    await keys('Which lender charges the least', 'ArrowUp');
    await checkAnswers();
    expect(await page.getByTestId('score').textContent()).toContain('You answered 3 of 3 questions right.');
    expect(await page.getByTestId('score').textContent()).toContain('This lesson is marked done.');
    expect(await page.getByText('Right.', { exact: true }).count()).toBe(3);
  });

  it('sees the lesson done and where to resume on the course page', async () => {
    await page.goto(COURSE);
    expect(await page.getByTestId('progress-count').textContent()).toContain('1 of 6 lessons done.');
    const resume = page.getByRole('link', { name: /^Resume where you stopped: The life of a borrowing request/ });
    expect(await resume.getAttribute('href')).toBe(`${COURSE}/the-life-of-a-request`);
    expect(await page.locator('.badge', { hasText: 'Done' }).count()).toBe(1);
    await audit('course page with progress');
    await narrow('course page with progress');
  });
});

describe('looking after the course', () => {
  const LESSON = `${COURSE}/choosing-a-lender`;
  const added = 'A lender’s turnaround time matters as much as its fee.';
  let editor: Page;

  beforeAll(async () => {
    editor = await chromium.open();
  });

  const auditAs = (p: Page, name: string) => auditPage(p, name);

  it('an editor records a review and edits a lesson, kept as a revision', async () => {
    const uma = inject('featureAdmins')['learning-upkeep']!;
    await setPasswordFromLink(editor, uma.link, 'a long passphrase for the learning upkeep admin');
    await editor.goto(COURSE);
    expect(await submit(editor, editor.getByRole('button', { name: 'Mark this course reviewed' }))).toBe(200);
    await editor.getByText('Review recorded').waitFor();
    await auditAs(editor, 'course page (maintainer)');

    await editor.goto(LESSON);
    await editor.getByRole('link', { name: 'Edit this lesson' }).click();
    await editor.getByRole('heading', { level: 1, name: /^Edit “/ }).waitFor();
    await auditAs(editor, 'lesson edit page');
    const reading = editor.getByLabel('Reading', { exact: true });
    await reading.fill(`${await reading.inputValue()}\n\n${added}`);
    await editor.getByLabel('What changed (optional)', { exact: true }).fill('Turnaround time');
    expect(await submit(editor, editor.getByRole('button', { name: 'Save the lesson' }))).toBe(200);
    await editor.getByText('Lesson saved').waitFor();
    await editor.getByText(added).waitFor();
    await editor.goto(`${LESSON}/edit`);
    expect(await editor.getByTestId('revisions').textContent()).toContain('Uma Upkeep: Turnaround time');
  });

  it('a member suggests an edit, and the editor declines it with a note', async () => {
    await page.goto(LESSON);
    await page.getByRole('link', { name: 'Suggest an edit to this lesson' }).click();
    await page.getByRole('heading', { level: 1, name: /^Suggest an edit/ }).waitFor();
    await audit('suggestion page');
    await narrow('suggestion page');
    await page.getByLabel('Why', { exact: true }).fill('Mention reciprocal agreements too.');
    expect(await submit(page, page.getByRole('button', { name: 'Send the suggestion' }))).toBe(200);
    await page.getByText('Thank you: your suggested edit').waitFor();

    await editor.goto(COURSE);
    const waiting = editor.getByTestId('pending-suggestions');
    expect(await waiting.textContent()).toContain('Mention reciprocal agreements too.');
    await auditAs(editor, 'course page with a suggested edit');
    await editor.getByLabel('Why it is declined', { exact: true }).last().fill('Covered in the next lesson.');
    expect(await submit(editor, editor.getByRole('button', { name: 'Decline this edit' }).last())).toBe(200);
    await editor.getByText('Suggested edit declined').waitFor();
    // The working list the content-health pages link to.
    await editor.goto('/learning/upkeep?group=ill-commons-editors');
    expect(await editor.getByTestId('maintained-courses').textContent()).toContain('ILL borrowing: your first month');
    await auditAs(editor, 'courses and their reviews');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { errorCode } from '../../../test/helpers/http';
import { type CitationExercise, CitationExercisesError, parseCitationExercises } from './learning.citations';
import { checkCitationExercise } from './learning.citations.usecases';

const CONTENT = path.resolve(import.meta.dirname, '../../../content');
const exercises = parseCitationExercises(fs.readFileSync(path.join(CONTENT, 'learning', 'citations.yaml'), 'utf8'));
const byId = (id: string) => exercises.find((e) => e.id === id)!;

/** The right answers, read from the key (as only the server can). */
function rightAnswers(e: CitationExercise): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const q of e.questions) {
    if (q.kind === 'single' || q.kind === 'multiple') form[`answer.${q.id}`] = q.correct;
  }
  return form;
}

const check = (id: string, answers: Record<string, string | string[]>) =>
  checkCitationExercise({ contentDir: CONTENT, exerciseId: id, answers });

describe('the citation exercises (content/learning/citations.yaml)', () => {
  it('are at least 40, well formed, with a key that names one of each question’s own options', () => {
    expect(exercises.length).toBeGreaterThanOrEqual(40);
    expect(new Set(exercises.map((e) => e.id)).size).toBe(exercises.length);
    for (const e of exercises) {
      expect(e.text.length, e.id).toBeGreaterThan(10);
      expect(
        e.questions.map((q) => [q.id, q.kind]),
        e.id,
      ).toEqual([
        ['kind', 'single'],
        ['problems', 'multiple'],
        ['look', 'single'],
      ]);
      for (const q of e.questions) {
        if (q.kind !== 'single' && q.kind !== 'multiple') throw new Error(`${e.id}: ${q.kind}`);
        const ids = q.options.map((o) => o.id);
        const correct = q.kind === 'single' ? [q.correct] : q.correct;
        expect(correct.length, `${e.id}.${q.id} has a right answer`).toBeGreaterThanOrEqual(1);
        for (const id of correct) expect(ids, `${e.id}.${q.id}`).toContain(id);
        expect(q.explanation.length, `${e.id}.${q.id} explains`).toBeGreaterThan(20);
      }
    }
  });

  it('mix plain citations, OpenURL 1.0 and 0.1, and every kind of item and place to look', () => {
    const urls = exercises.filter((e) => e.form === 'openurl');
    expect(urls.length).toBeGreaterThanOrEqual(15);
    expect(exercises.length - urls.length).toBeGreaterThanOrEqual(15);
    expect(urls.filter((e) => e.text.includes('url_ver=Z39.88-2004')).length).toBeGreaterThanOrEqual(10);
    expect(urls.filter((e) => !e.text.includes('rft.') && /[?&]genre=/.test(e.text)).length).toBeGreaterThanOrEqual(3);
    const kinds = new Set(exercises.map((e) => (e.questions[0] as { correct: string }).correct));
    const places = new Set(exercises.map((e) => (e.questions[2] as { correct: string }).correct));
    expect(kinds.size).toBe(6);
    expect(places.size).toBe(6);
  });

  it('refuse a file with a question lacking a right answer, or with both a citation and an OpenURL', () => {
    const one = (extra: string) => `exercises:
  - id: bad
    title: Bad
    citation: A citation of some length
${extra}    kind: book
    kind_why: Because it is a book.
    problems:
      - text: Something
      - text: Something else
    problems_why: Because.
    look: ask-patron
    look_why: Because.
`;
    expect(() => parseCitationExercises(one(''))).toThrow(/needs at least one correct problem/);
    expect(() => parseCitationExercises(one('    openurl: https://x.example/?genre=book\n'))).toThrow(
      CitationExercisesError,
    );
  });
});

describe('checking an exercise', () => {
  const e = byId('chapter-cited-as-book');

  it('scores the key right and explains every answer', async () => {
    const { check: right } = await check(e.id, rightAnswers(e));
    expect(right.ok && right.score).toBe(3);
    const wrong = await check(e.id, { 'answer.kind': 'c', 'answer.problems': ['c'], 'answer.look': 'f' });
    if (!wrong.check.ok) throw new Error('not checked');
    expect(wrong.check.score).toBe(0);
    expect(wrong.check.results.map((r) => r.explanation)).toEqual(e.questions.map((q) => q.explanation));
  });

  it('needs every choice of a multiple-choice question, and no wrong one', async () => {
    const key = rightAnswers(e);
    const problems = key['answer.problems'] as string[];
    expect(problems.length).toBeGreaterThanOrEqual(2);
    const partial = await check(e.id, { ...key, 'answer.problems': problems.slice(1) });
    expect(partial.check.ok && partial.check.results[1]!.correct).toBe(false);
    const extra = await check(e.id, { ...key, 'answer.problems': [...problems, 'd'] });
    expect(extra.check.ok && extra.check.results[1]!.correct).toBe(false);
  });

  it('is not fooled by tampering: unknown ids, two answers, claimed scores, another exercise’s key', async () => {
    const key = rightAnswers(e);
    const unknown = await check(e.id, { ...key, 'answer.kind': 'zz', 'answer.problems': ['a', 'b', 'zz'] });
    expect(unknown.check.ok && unknown.check.score).toBe(1);
    const twice = await check(e.id, { ...key, 'answer.look': ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(twice.check.ok && twice.check.score).toBe(2);
    const claimed = await check(e.id, { ...key, 'answer.kind': 'f', score: '3', passed: 'true', 'answer.x': 'a' });
    expect(claimed.check.ok && claimed.check.score).toBe(2);
    // The right answers to a different exercise (a standard, found on the publisher's site) score nothing here.
    const other = await check(e.id, rightAnswers(byId('standard-without-number')));
    expect(other.check.ok && other.check.score).toBe(0);
  });

  it('asks for every question to be answered, and knows no unknown exercise', async () => {
    const missing = await check(e.id, { 'answer.kind': 'a' });
    expect(missing.check.ok).toBe(false);
    if (!missing.check.ok) expect(Object.keys(missing.check.errors).sort()).toEqual(['answer.look', 'answer.problems']);
    await expect(check('no-such-exercise', {})).rejects.toMatchObject({ code: 'learning.citation_not_found' });
  });
});

describe('the citation detective pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('list the exercises and link them from the learning index', async () => {
    const anon = new TestClient(t.app);
    const list = await (await anon.get('/learning/citations')).text();
    expect(list).toContain('<h1>Citation detective</h1>');
    for (const e of exercises) expect(list).toContain(`href="/learning/citations/${e.id}"`);
    expect(await (await anon.get('/learning')).text()).toContain('href="/learning/citations"');
  });

  it('show an OpenURL with what the inspector reads from it, as text, and no key before an answer', async () => {
    const anon = new TestClient(t.app);
    const res = await anon.get('/learning/citations/openurl-script-in-title');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(');
    expect(html).toContain('What the OpenURL says');
    expect(html).toContain('Cataloguing &amp; Metadata Letters');
    const e = byId('openurl-script-in-title');
    for (const q of e.questions) expect(html).not.toContain(q.explanation.slice(0, 40));
    expect(html).not.toMatch(/"correct"|data-correct|Not quite|Right\./);
    const plain = await (await anon.get('/learning/citations/missing-volume-and-pages')).text();
    expect(plain).toContain('Courier routes and turnaround times in regional lending networks');
    expect(plain).not.toContain('What the OpenURL says');
    expect(errorCode(await (await anon.get('/learning/citations/nowhere')).text())).toBe('learning.citation_not_found');
  });

  it('check answers on the server and give feedback, the inspector link and the next exercise', async () => {
    const anon = new TestClient(t.app);
    const e = byId('openurl-double-encoded');
    const token = await anon.csrf(`/learning/citations/${e.id}`);
    const res = await anon.post(`/learning/citations/${e.id}`, rightAnswers(e), { csrf: token });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('You answered 3 of 3 questions right.');
    expect(html).toContain('%2520 instead of %20');
    expect(html).toContain(`href="/tools/openurl?url=${encodeURIComponent(e.text).replaceAll('&', '&amp;')}"`);
    const next = exercises[exercises.indexOf(e) + 1]!;
    expect(html).toContain(`href="/learning/citations/${next.id}">Next exercise: `);
    const tampered = await anon.post(
      `/learning/citations/${e.id}`,
      { 'answer.kind': 'zz', 'answer.problems': 'zz', 'answer.look': 'zz', score: '3' },
      { csrf: token },
    );
    expect(await tampered.text()).toContain('You answered 0 of 3 questions right.');
    const missing = await anon.post(`/learning/citations/${e.id}`, {}, { csrf: token });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Answer this question.');
    const plain = byId('missing-volume-and-pages');
    const noLink = await (
      await anon.post(`/learning/citations/${plain.id}`, rightAnswers(plain), { csrf: token })
    ).text();
    expect(noLink).not.toContain('/tools/openurl?url=');
  });
});

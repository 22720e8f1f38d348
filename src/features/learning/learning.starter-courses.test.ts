import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { readStarterCourses, type StarterCourse } from './learning.content';
import * as repo from './learning.repository';
import { deckOf } from './learning.review.repository';
import { submitQuiz } from './learning.usecases';

// Both starter courses the Learning issue asks for, checked as content (what every starter course must have) and,
// for "Copyright for ILL staff", as a course learners take: its quiz items feed the review deck.
const CONTENT = path.resolve(import.meta.dirname, '../../../content');
const STARTERS = ['ill-borrowing-first-month', 'copyright-for-ill-staff'];
const COPYRIGHT = 'copyright-for-ill-staff';

let courses: StarterCourse[];
beforeAll(async () => {
  courses = await readStarterCourses(CONTENT);
});

const course = (slug: string) => courses.find((c) => c.slug === slug)!;

describe.each(STARTERS)('the starter course %s', (slug) => {
  it('has at least six lessons of 5–15 minutes, each with a quiz of three or more questions or an exercise', () => {
    const c = course(slug);
    expect(c, slug).toBeDefined();
    expect(c.lessons.length).toBeGreaterThanOrEqual(6);
    for (const l of c.lessons) {
      expect(l.minutes, l.slug).toBeGreaterThanOrEqual(5);
      expect(l.minutes, l.slug).toBeLessThanOrEqual(15);
      expect(l.quiz.length >= 3 || l.exercise !== null, l.slug).toBe(true);
    }
    expect(c.lessons.some((l) => l.exercise)).toBe(true);
    const kinds = new Set(c.lessons.flatMap((l) => l.quiz.map((q) => q.kind)));
    expect([...kinds].sort()).toEqual(['multiple', 'order', 'short', 'single']);
  });

  it('says in every lesson what to check locally', () => {
    for (const l of course(slug).lessons) expect(l.body, l.slug).toMatch(/\*\*Check locally:\*\*/);
  });

  it('links only to library articles and glossary terms that exist', () => {
    for (const l of course(slug).lessons) {
      for (const [, dir, target] of l.body.matchAll(/\]\(\/(articles|glossary)\/([a-z0-9-]+)\)/g)) {
        expect(fs.existsSync(path.join(CONTENT, dir!, `${target}.md`)), `${l.slug} → /${dir}/${target}`).toBe(true);
      }
      for (const q of l.quiz) {
        expect(q.article, `${l.slug}/${q.id}`).toBeTruthy();
        expect(fs.existsSync(path.join(CONTENT, 'articles', `${q.article}.md`)), `${l.slug}/${q.id}`).toBe(true);
      }
    }
  });
});

describe('Copyright for ILL staff', () => {
  it('says it is not legal advice in every lesson, and sends non-US readers to the library’s country articles', () => {
    const c = course(COPYRIGHT);
    for (const l of c.lessons) expect(l.body, l.slug).toMatch(/not legal advice/i);
    const abroad = c.lessons.find((l) => l.slug === 'outside-the-united-states')!;
    for (const article of [
      'uk-copyright-library-exceptions-for-ill',
      'canada-fair-dealing-for-ill',
      'canada-digital-ill-copies',
      'australia-copyright-document-supply',
      'eu-copyright-and-ill',
    ])
      expect(abroad.body, article).toContain(`(/articles/${article})`);
  });

  it('links the primary sources a reader should verify against', () => {
    const bodies = course(COPYRIGHT)
      .lessons.map((l) => l.body)
      .join('\n');
    expect(bodies).toContain('https://www.copyright.gov/circs/circ21.pdf');
    expect(bodies).toContain('https://www.law.cornell.edu/uscode/text/17/108');
    expect(bodies).toContain('https://www.law.cornell.edu/uscode/text/17/107');
  });
});

describe('Copyright for ILL staff, taken', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('is seeded with its lessons in order, and a passed quiz puts its questions in the review deck', async () => {
    const db = t.database.db;
    const stored = (await repo.findCourse(db, COPYRIGHT))!;
    expect(stored.title).toBe('Copyright for ILL staff');
    expect((await repo.lessonsOf(db, stored.id)).map((l) => l.slug)).toEqual(
      course(COPYRIGHT).lessons.map((l) => l.slug),
    );
    const lesson = (await repo.findLesson(db, stored.id, 'the-rule-of-five'))!;
    const member = await createUser(t.database);
    const right: Record<string, string | string[]> = {};
    for (const q of lesson.quiz) {
      if (q.kind === 'single' || q.kind === 'multiple') right[`answer.${q.id}`] = q.correct;
      if (q.kind === 'short') right[`answer.${q.id}`] = q.accepted[0]!;
      if (q.kind === 'order') for (const [i, s] of q.steps.entries()) right[`answer.${q.id}.${i + 1}`] = s.id;
    }
    const { check } = await submitQuiz({
      db,
      now: t.clock.now(),
      actor: actorFor(member),
      courseSlug: COPYRIGHT,
      lessonSlug: lesson.slug,
      answers: right,
      ip: '192.0.2.9',
    });
    expect(check.ok && check.passed).toBe(true);
    const deck = await deckOf(db, member.id, t.clock.now());
    expect(deck.total).toBe(lesson.quiz.length);
    expect(lesson.quiz.map((q) => q.prompt)).toContain(deck.card!.front);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { errorCode } from '../../../test/helpers/http';
import { rowsOf } from '../../platform/db/database';
import { search } from '../../platform/search/search';
import { EDITORS_GROUP, findGroupBySlug } from '../groups';
import { readStarterCourses } from './learning.content';
import { COURSE_KIND, LESSON_KIND } from './learning.models';
import * as repo from './learning.repository';
import { insertStarterCourses, seedStarterCourses } from './learning.seed';
import { markLessonDone, submitQuiz } from './learning.usecases';

const COURSE = 'ill-borrowing-first-month';
const CONTENT = path.resolve(import.meta.dirname, '../../../content');

let t: TestApp;
let member: TestUser;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  member = await createUser(t.database);
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/** The right answers to a lesson's quiz, read from its key (as only the server can). */
async function rightAnswers(lessonSlug: string): Promise<Record<string, string | string[]>> {
  const course = (await repo.findCourse(db(), COURSE))!;
  const lesson = (await repo.findLesson(db(), course.id, lessonSlug))!;
  const form: Record<string, string | string[]> = {};
  for (const q of lesson.quiz) {
    if (q.kind === 'single') form[`answer.${q.id}`] = q.correct;
    if (q.kind === 'multiple') form[`answer.${q.id}`] = q.correct;
    if (q.kind === 'short') form[`answer.${q.id}`] = q.accepted[0]!.toUpperCase();
    if (q.kind === 'order') for (const [i, s] of q.steps.entries()) form[`answer.${q.id}.${i + 1}`] = s.id;
  }
  return form;
}

function wrongAnswers(form: Record<string, string | string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? ['zz'] : 'zz']));
}

async function progressRows(userId: number) {
  return rowsOf<{ lesson: string; attempts: number; completed: boolean }>(
    await db().execute(sql`select l.slug as lesson, p.attempts, p.completed_at is not null as completed
      from learning_progress p join learning_lessons l on l.id = p.lesson_id where p.user_id = ${userId}`),
  );
}

describe('the starter course', () => {
  it('has at least six lessons of 5–15 minutes, each with a quiz of three or more questions or a hands-on exercise', async () => {
    const [course] = (await readStarterCourses(CONTENT)).filter((c) => c.slug === COURSE);
    expect(course?.lessons.length).toBeGreaterThanOrEqual(6);
    for (const l of course!.lessons) {
      expect(l.minutes).toBeGreaterThanOrEqual(5);
      expect(l.minutes).toBeLessThanOrEqual(15);
      expect(l.quiz.length >= 3 || l.exercise !== null, l.slug).toBe(true);
    }
    expect(course!.lessons.some((l) => l.exercise)).toBe(true);
    const kinds = new Set(course!.lessons.flatMap((l) => l.quiz.map((q) => q.kind)));
    expect([...kinds].sort()).toEqual(['multiple', 'order', 'short', 'single']);
  });

  it('links every answer to a library article that exists', async () => {
    for (const c of await readStarterCourses(CONTENT))
      for (const l of c.lessons)
        for (const q of l.quiz) {
          expect(q.article, `${l.slug}/${q.id}`).toBeTruthy();
          expect(fs.existsSync(path.join(CONTENT, 'articles', `${q.article}.md`)), q.article).toBe(true);
        }
  });

  it('is seeded once, maintained by the editors group with a review date, and found by search', async () => {
    const course = (await repo.findCourse(db(), COURSE))!;
    const editors = await findGroupBySlug(db(), EDITORS_GROUP.slug);
    expect(course.maintainingGroupId).toBe(editors!.id);
    expect(course.reviewDue).toBe('2027-03-02');
    const lessons = await repo.lessonsOf(db(), course.id);
    expect(lessons.map((l) => l.position)).toEqual([1, 2, 3, 4, 5, 6]);
    // Again: nothing is added or replaced.
    expect(await seedStarterCourses(db(), t.deps.config.contentDir, now())).toBe(false);
    expect(await insertStarterCourses(db(), await readStarterCourses(CONTENT), now())).toBe(0);
    expect((await repo.lessonsOf(db(), course.id)).length).toBe(6);
    const stored = (await repo.findLesson(db(), course.id, 'checking-a-citation'))!;
    expect(stored.bodyHtml).toContain('<h2');
    const courses = await search(db(), { q: 'borrowing first month', kind: COURSE_KIND });
    expect(courses.hits.map((h) => h.url)).toContain(`/learning/${COURSE}`);
    const lessonsFound = await search(db(), { q: 'rule of five', kind: LESSON_KIND });
    expect(lessonsFound.hits.map((h) => h.url)).toContain(`/learning/${COURSE}/copyright-records-for-copies`);
  });
});

describe('quizzes and progress', () => {
  const base = () => ({ db: db(), now: now(), courseSlug: COURSE, ip: '192.0.2.1' });

  it('keeps a member’s failed then passed attempt, and the lesson stays done', async () => {
    const actor = actorFor(member);
    const right = await rightAnswers('what-borrowing-is');
    const failed = await submitQuiz({
      ...base(),
      actor,
      lessonSlug: 'what-borrowing-is',
      answers: wrongAnswers(right),
    });
    expect(failed.check.ok && failed.check.passed).toBe(false);
    expect(await progressRows(member.id)).toEqual([{ lesson: 'what-borrowing-is', attempts: 1, completed: false }]);
    const passed = await submitQuiz({ ...base(), actor, lessonSlug: 'what-borrowing-is', answers: right });
    expect(passed.check.ok && passed.check.passed).toBe(true);
    await submitQuiz({ ...base(), actor, lessonSlug: 'what-borrowing-is', answers: wrongAnswers(right) });
    expect(await progressRows(member.id)).toEqual([{ lesson: 'what-borrowing-is', attempts: 3, completed: true }]);
  });

  it('cannot be raised or finished by a tampered form', async () => {
    const someone = await createUser(t.database);
    const actor = actorFor(someone);
    // Another lesson's right answers, a claimed score, and a missing field.
    const other = await rightAnswers('checking-a-citation');
    const mine = await submitQuiz({
      ...base(),
      actor,
      lessonSlug: 'the-life-of-a-request',
      answers: { ...other, ...wrongAnswers(await rightAnswers('the-life-of-a-request')), score: '3', passed: 'true' },
    });
    expect(mine.check.ok && mine.check.score).toBe(0);
    const { 'answer.due': _, ...missing } = await rightAnswers('the-life-of-a-request');
    const incomplete = await submitQuiz({ ...base(), actor, lessonSlug: 'the-life-of-a-request', answers: missing });
    expect(incomplete.check.ok).toBe(false);
    expect(await progressRows(someone.id)).toEqual([
      { lesson: 'the-life-of-a-request', attempts: 1, completed: false },
    ]);
    // A quiz lesson is never done by "mark as done".
    expect(await codeOf(() => markLessonDone({ ...base(), actor, lessonSlug: 'the-life-of-a-request' }))).toBe(
      'learning.quiz_required',
    );
    expect(await progressRows(someone.id)).toEqual([
      { lesson: 'the-life-of-a-request', attempts: 1, completed: false },
    ]);
  });

  it('checks an anonymous reader’s answers and keeps nothing', async () => {
    const count = async () =>
      rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from learning_progress`))[0]?.n;
    const before = await count();
    const result = await submitQuiz({
      ...base(),
      actor: null,
      lessonSlug: 'choosing-a-lender',
      answers: await rightAnswers('choosing-a-lender'),
    });
    expect(result.check.ok && result.check.passed).toBe(true);
    expect(result.progress).toBeUndefined();
    expect(await count()).toBe(before);
  });
});

describe('the pages', () => {
  it('list lessons with minutes, show previous and next, and escape what a course says', async () => {
    await insertStarterCourses(
      db(),
      [
        {
          slug: 'escaping',
          title: '<script>alert("course")</script> & co',
          summary: 'A summary with <b>tags</b>.',
          audience: '',
          maintainedBy: undefined,
          project: null,
          lessons: ['one', 'two'].map((slug) => ({
            slug,
            title: `Lesson <i>${slug}</i>`,
            summary: 'About <img src=x onerror=alert(1)>',
            minutes: 7,
            body: `Text <script>alert("${slug}")</script> and [a link](javascript:alert(1)).`,
            exercise: null,
            media: null,
            transcript: null,
            quiz: [],
          })),
        },
      ],
      now(),
    );
    const anon = new TestClient(t.app);
    const course = await (await anon.get('/learning/escaping')).text();
    expect(course).toContain('&lt;script&gt;alert(&quot;course&quot;)&lt;/script&gt; &amp; co');
    expect(course).not.toMatch(/<script>alert|<i>one|<img src=x/);
    expect(course).toContain('7 min');
    const lesson = await anon.get('/learning/escaping/one');
    expect(lesson.status).toBe(200);
    const html = await lesson.text();
    expect(html).not.toMatch(/<script>alert|href="javascript:|<img src=x/);
    expect(html).toContain('href="/learning/escaping/two" rel="next"');
    const second = await (await anon.get('/learning/escaping/two')).text();
    expect(second).toContain('href="/learning/escaping/one" rel="prev"');
    expect((await anon.get('/learning/escaping/three')).status).toBe(404);
    expect(errorCode(await (await anon.get('/learning/nowhere')).text())).toBe('learning.course_not_found');
  });

  it('never ship quiz keys before an answer, and give feedback with the article after one', async () => {
    const anon = new TestClient(t.app);
    const quiz = await (await anon.get(`/learning/${COURSE}/copyright-records-for-copies/quiz`)).text();
    expect(quiz).toContain('rule of five');
    expect(quiz).not.toContain('three calendar years after the end');
    expect(quiz).not.toMatch(/"correct"|"accepted"|data-correct/i);
    expect(quiz).not.toContain('Right.');
    const token = await anon.csrf();
    const res = await anon.post(
      `/learning/${COURSE}/copyright-records-for-copies/quiz`,
      wrongAnswers(await rightAnswers('copyright-records-for-copies')),
      { csrf: token },
    );
    expect(res.status).toBe(200);
    const feedback = await res.text();
    expect(feedback).toContain('You answered 0 of 4 questions right.');
    expect(feedback).toContain('three calendar years after the end');
    expect(feedback).toContain('href="/articles/us-copyright-section-108-and-contu"');
    const missing = await anon.post(`/learning/${COURSE}/copyright-records-for-copies/quiz`, {}, { csrf: token });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Answer this question.');
  });

  it('show a member their progress and where to resume, and anonymous readers none of it', async () => {
    const learner = await createUser(t.database);
    const client = await clientFor(t, learner);
    const before = await (await client.get(`/learning/${COURSE}`)).text();
    expect(before).toContain('0 of 6 lessons done.');
    const token = await client.csrf(`/learning/${COURSE}/your-own-system`);
    const done = await client.post(`/learning/${COURSE}/your-own-system/done`, {}, { csrf: token });
    expect(done.status).toBe(303);
    const passed = await client.post(
      `/learning/${COURSE}/what-borrowing-is/quiz`,
      await rightAnswers('what-borrowing-is'),
      { csrf: token },
    );
    expect(await passed.text()).toContain('This lesson is marked done.');
    const after = await (await client.get(`/learning/${COURSE}`)).text();
    expect(after).toContain('2 of 6 lessons done.');
    expect(after).toContain(`href="/learning/${COURSE}/the-life-of-a-request">Resume where you stopped`);
    expect(await (await client.get(`/learning/${COURSE}/your-own-system`)).text()).toContain(
      'You marked this lesson done.',
    );
    const anonymous = await (await new TestClient(t.app).get(`/learning/${COURSE}`)).text();
    expect(anonymous).not.toContain('Your progress');
    expect(anonymous).not.toContain('Done</span>');
  });
});

describe('starter course files', () => {
  it('refuse a course named like one of the hub’s own learning pages, saying why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-learning-'));
    try {
      fs.mkdirSync(path.join(dir, 'learning', 'review'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'learning', 'review', 'course.yaml'),
        'slug: review\ntitle: A course\nsummary: A course named like the review deck.\nlessons: [first]\n',
      );
      fs.writeFileSync(
        path.join(dir, 'learning', 'review', 'first.md'),
        '---\nslug: first\ntitle: First\nminutes: 5\n---\nText.\n',
      );
      await expect(readStarterCourses(dir)).rejects.toThrow(/slug.*is taken by the hub’s own pages/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { errorCode } from '../../../test/helpers/http';
import { rowsOf } from '../../platform/db/database';
import { certificateOf } from './learning.certificates';
import { learningModule } from './learning.module';
import * as repo from './learning.repository';
import { markLessonDone, submitQuiz } from './learning.usecases';

const COURSE = 'ill-borrowing-first-month';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
});
afterAll(() => t.close());

const db = () => t.database.db;
const base = () => ({ db: db(), now: t.clock.now(), courseSlug: COURSE, ip: '192.0.2.9' });

async function lessons() {
  const course = (await repo.findCourse(db(), COURSE))!;
  return Promise.all((await repo.lessonsOf(db(), course.id)).map((l) => repo.findLesson(db(), course.id, l.slug)));
}

function rightAnswers(quiz: NonNullable<Awaited<ReturnType<typeof repo.findLesson>>>['quiz']) {
  const form: Record<string, string | string[]> = {};
  for (const q of quiz) {
    if (q.kind === 'single' || q.kind === 'multiple') form[`answer.${q.id}`] = q.correct;
    if (q.kind === 'short') form[`answer.${q.id}`] = q.accepted[0]!;
    if (q.kind === 'order') for (const [i, s] of q.steps.entries()) form[`answer.${q.id}.${i + 1}`] = s.id;
  }
  return form;
}

/** Finish every lesson but the last one given, as a member does. */
async function finish(userId: Parameters<typeof actorFor>[0], except?: string) {
  for (const lesson of await lessons()) {
    if (!lesson || lesson.slug === except) continue;
    const ctx = { ...base(), actor: actorFor(userId), lessonSlug: lesson.slug };
    if (lesson.quiz.length > 0) await submitQuiz({ ...ctx, answers: rightAnswers(lesson.quiz) });
    else await markLessonDone(ctx);
  }
}

async function certificateCount(userId: number) {
  const [row] = rowsOf<{ n: number }>(
    await db().execute(sql`select count(*)::int as n from learning_certificates where user_id = ${userId}`),
  );
  return row!.n;
}

describe('certificates', () => {
  it('are made once, when the last lesson is done, and not before; a tampered form makes none', async () => {
    const member = await createUser(t.database, { displayName: 'Ada Lender' });
    const quizLessons = (await lessons()).filter((l) => l && l.quiz.length > 0);
    const last = quizLessons.at(-1)!;
    await finish(member, last.slug);
    expect(await certificateCount(member.id)).toBe(0);
    const client = await clientFor(t, member);
    expect(await (await client.get(`/learning/${COURSE}`)).text()).not.toContain('Your certificate');
    // Claims of a pass, another lesson's answers, wrong answers: the last lesson stays undone, no certificate.
    const other = rightAnswers(quizLessons[0]!.quiz);
    await submitQuiz({
      ...base(),
      actor: actorFor(member),
      lessonSlug: last.slug,
      answers: { ...other, passed: 'true', score: '99', complete: 'true' },
    }).catch(() => undefined);
    expect(await certificateCount(member.id)).toBe(0);
    await submitQuiz({ ...base(), actor: actorFor(member), lessonSlug: last.slug, answers: rightAnswers(last.quiz) });
    const first = (await certificateOf(db(), member.id, COURSE))!;
    expect(first.courseTitle).toBe('ILL borrowing: your first month');
    expect(first.code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Again: the same certificate, never a second one.
    await finish(member);
    expect(await certificateCount(member.id)).toBe(1);
    expect((await certificateOf(db(), member.id, COURSE))!.code).toBe(first.code);
    const page = await (await client.get(`/learning/${COURSE}`)).text();
    expect(page).toContain(`href="/learning/certificates/${first.code}">Your certificate`);
  });

  it('are verified on a public page anyone may open; an unknown code is a helpful 404; erased with the account', async () => {
    const member = await createUser(t.database, { displayName: 'Grace Borrower' });
    await finish(member);
    const { code } = (await certificateOf(db(), member.id, COURSE))!;
    const anon = new TestClient(t.app);
    const res = await anon.get(`/learning/certificates/${code}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Grace Borrower');
    expect(html).toContain('ILL borrowing: your first month');
    expect(html).toContain('Verified by ILL Commons');
    for (const wrong of ['x'.repeat(32), 'nope', `${code}x`]) {
      const missing = await anon.get(`/learning/certificates/${wrong}`);
      expect(missing.status).toBe(404);
      const text = await missing.text();
      expect(errorCode(text)).toBe('learning.certificate_not_found');
      expect(text).toContain('Check that the whole address was copied');
    }
    const exported = await learningModule.personalData!.export(t.deps, member.id);
    expect(exported.certificates).toEqual([expect.objectContaining({ code, courseSlug: COURSE })]);
    await db().transaction((tx) => learningModule.personalData!.erase(tx, member.id));
    expect(await certificateCount(member.id)).toBe(0);
    expect((await anon.get(`/learning/certificates/${code}`)).status).toBe(404);
  });
});

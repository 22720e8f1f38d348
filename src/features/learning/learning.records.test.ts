import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { errorCode } from '../../../test/helpers/http';
import { users } from '../../platform/auth/auth.table';
import { rowsOf } from '../../platform/db/database';
import { OB3_CONTEXT, type OpenBadgeCredential } from './learning.badges';
import { certificateOf } from './learning.certificates';
import type { StarterLesson } from './learning.content';
import { learningLogCsv, learningLogOf } from './learning.log';
import { learningModule } from './learning.module';
import * as repo from './learning.repository';
import { insertStarterCourses } from './learning.seed';
import { learningLessons } from './learning.table';
import { markLessonDone } from './learning.usecases';

const COURSE = 'records-fixture';

function lesson(slug: string): StarterLesson {
  return {
    slug,
    title: `Lesson ${slug}`,
    summary: `About ${slug}.`,
    minutes: 5,
    body: `The reading of lesson ${slug}, long enough to be a reading.`,
    exercise: null,
    quiz: [],
    media: null,
    transcript: null,
  };
}

let t: TestApp;
let member: TestUser;
const db = () => t.database.db;

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  member = await createUser(t.database, { displayName: 'Ada Lender', email: 'ada.private@library.test' });
  await insertStarterCourses(
    db(),
    [
      {
        slug: COURSE,
        title: 'Records fixture',
        summary: 'Two short lessons to finish.',
        audience: '',
        maintainedBy: undefined,
        project: null,
        lessons: [lesson('one'), lesson('two'), lesson('three')],
      },
    ],
    t.clock.now(),
  );
  for (const slug of ['one', 'two', 'three'])
    await markLessonDone({
      db: db(),
      actor: actorFor(member),
      now: t.clock.now(),
      courseSlug: COURSE,
      lessonSlug: slug,
    });
});
afterAll(() => t.close());

describe('a deleted lesson', () => {
  it('leaves the learners’ progress readable: the row stays with its title, shown as removed', async () => {
    const course = (await repo.findCourse(db(), COURSE))!;
    const two = (await repo.findLesson(db(), course.id, 'two'))!;
    await db().delete(learningLessons).where(eq(learningLessons.id, two.id));

    const rows = rowsOf<{ lesson_id: number | null; lesson_title: string; completed: boolean }>(
      await db().execute(
        sql`select lesson_id, lesson_title, completed_at is not null as completed from learning_progress
            where user_id = ${member.id} order by lesson_title`,
      ),
    );
    expect(rows).toEqual([
      { lesson_id: expect.any(Number), lesson_title: 'Lesson one', completed: true },
      { lesson_id: expect.any(Number), lesson_title: 'Lesson three', completed: true },
      { lesson_id: null, lesson_title: 'Lesson two', completed: true },
    ]);

    const page = await (await (await clientFor(t, member)).get(`/learning/${COURSE}`)).text();
    expect(page).toContain('2 of 2 lessons done.');
    expect(page).toMatch(/<ul data-testid="removed-lessons"><li>Lesson two \(removed\): you finished it on /);

    const exported = (await learningModule.personalData!.export(t.deps, member.id)) as {
      lessonProgress: Array<{ lesson: string | null; lessonTitle: string; lessonRemoved: boolean }>;
    };
    expect(exported.lessonProgress).toContainEqual(
      expect.objectContaining({ lesson: null, lessonTitle: 'Lesson two', lessonRemoved: true }),
    );
    expect(exported.lessonProgress).toContainEqual(
      expect.objectContaining({ lesson: 'one', lessonTitle: 'Lesson one', lessonRemoved: false }),
    );
    // The learning log keeps its title, as removed, and its time.
    const log = await learningLogOf(db(), member.id, t.clock.now());
    expect(log.lessons.map((l) => [l.title, l.minutes])).toEqual(
      expect.arrayContaining([
        ['Lesson one', 5],
        ['Lesson two (removed)', 5],
        ['Lesson three', 5],
      ]),
    );
    expect(log.courses.find((c) => c.slug === COURSE)).toMatchObject({ lessons: 2, done: 2, minutes: 15 });
    expect(learningLogCsv(log)).toContain('Lesson two (removed)');
    // The certificate earned before stays.
    expect(await certificateOf(db(), member.id, COURSE)).toBeDefined();
  });
});

describe('the Open Badges 3.0 credential', () => {
  it('is public JSON in the OpenBadgeCredential shape, linked from the certificate page, with nothing private', async () => {
    const certificate = (await certificateOf(db(), member.id, COURSE))!;
    const anon = new TestClient(t.app);
    const page = await (await anon.get(`/learning/certificates/${certificate.code}`)).text();
    expect(page).toContain(`href="/learning/certificates/${certificate.code}.json"`);

    const res = await anon.get(`/learning/certificates/${certificate.code}.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('private');
    const text = await res.text();
    const vc = JSON.parse(text) as OpenBadgeCredential;
    const base = t.deps.config.baseUrl.replace(/\/+$/, '');

    expect(vc['@context']).toEqual([...OB3_CONTEXT]);
    expect(vc['@context'][0]).toBe('https://www.w3.org/ns/credentials/v2');
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.id).toBe(`${base}/learning/certificates/${certificate.code}.json`);
    expect(typeof vc.name).toBe('string');
    expect(vc.issuer).toMatchObject({ id: `${base}/`, type: ['Profile'], name: 'ILL Commons' });
    expect(new Date(vc.validFrom).toISOString()).toBe(certificate.completedAt.toISOString());
    expect(vc.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    const subject = vc.credentialSubject;
    expect(subject.type).toContain('AchievementSubject');
    expect(subject.identifier).toEqual([
      { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Ada Lender' },
    ]);
    const a = subject.achievement;
    expect(a.type).toContain('Achievement');
    expect(a.id).toBe(`${base}/learning/${COURSE}#achievement`);
    expect(a.name).toBe('Records fixture');
    expect(a.description).toBe('Two short lessons to finish.');
    expect(typeof a.criteria.narrative).toBe('string');
    expect(a.criteria.narrative.length).toBeGreaterThan(20);
    // Only what the public verification page shows: no email, no account id, no username.
    expect(text).not.toContain('ada.private');
    expect(text).not.toContain('@library.test');
    expect(text).not.toContain(member.username);
    expect(text).not.toMatch(/"(email|userId|user_id|username)"/);
  });

  it('is not found for an unknown or malformed code, or once the account is deleted', async () => {
    const anon = new TestClient(t.app);
    for (const code of ['A'.repeat(32), 'short', 'A'.repeat(31) + '!']) {
      const res = await anon.get(`/learning/certificates/${encodeURIComponent(code)}.json`);
      expect(res.status, code).toBe(404);
    }
    const res = await anon.get(`/learning/certificates/${'A'.repeat(32)}.json`);
    expect(errorCode(await res.text())).toBe('learning.certificate_not_found');

    const other = await createUser(t.database, { displayName: 'Leaving Soon' });
    for (const slug of ['one', 'three'])
      await markLessonDone({
        db: db(),
        actor: actorFor(other),
        now: t.clock.now(),
        courseSlug: COURSE,
        lessonSlug: slug,
      });
    const code = (await certificateOf(db(), other.id, COURSE))!.code;
    expect((await anon.get(`/learning/certificates/${code}.json`)).status).toBe(200);
    await db().update(users).set({ deletedAt: t.clock.now() }).where(eq(users.id, other.id));
    expect((await anon.get(`/learning/certificates/${code}.json`)).status).toBe(404);
  });
});

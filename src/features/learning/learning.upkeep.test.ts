import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { exampleGroup } from '../../../test/helpers/groups';
import { errorCode } from '../../../test/helpers/http';
import { insertSuspension, liftSuspension, SUSPENDED_CODE } from '../../platform/auth/standing';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import type { Group } from '../groups';
import { readStarterCourses } from './learning.content';
import { courseUrl, lessonUrl } from './learning.models';
import * as repo from './learning.repository';
import { insertStarterCourses } from './learning.seed';
import { editLessonUrl, reviewedUrl, suggestLessonUrl, suggestionUrl, upkeepListUrl } from './learning.upkeep';
import { editLesson } from './learning.upkeep.usecases';

// A course's upkeep by its maintaining group: reviews, lesson edits with revisions, suggested edits (decision 046).
const COURSE = 'ill-borrowing-first-month';
const LESSON = 'what-borrowing-is';

let t: TestApp;
let admin: TestUser;
let keeper: TestUser;
let other: TestUser;
let group: Group;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  admin = await createUser(t.database, { role: 'admin' });
  keeper = await createUser(t.database, { displayName: 'Kim Keeper' });
  other = await createUser(t.database, { displayName: 'Sam Suggester' });
  group = await exampleGroup(t, admin, admin, { name: 'Example Training Circle', members: [[keeper, 'member']] });
  await db().execute(
    sql`update learning_courses set maintaining_group_id = ${group.id}, review_due = '2020-01-01' where slug = ${COURSE}`,
  );
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();
const course = async () => (await repo.findCourse(db(), COURSE))!;
const lesson = async () => (await repo.findLesson(db(), (await course()).id, LESSON))!;

async function eventsOf(type: string) {
  return rowsOf<{ actor: number; subject: string }>(
    await db().execute(sql`select actor_id as actor, subject_id as subject from events where type = ${type}`),
  );
}

async function revisions() {
  return rowsOf<{ title: string; body: string; author: number | null; note: string }>(
    await db().execute(
      sql`select r.title, r.body, r.author_id as author, r.note from learning_lesson_revisions r
          join learning_lessons l on l.id = r.lesson_id where l.slug = ${LESSON} order by r.id`,
    ),
  );
}

async function noticesOf(userId: number) {
  return rowsOf<{ kind: string; title: string; excerpt: string | null; url: string }>(
    await db().execute(sql`select kind, title, excerpt, url from notifications where user_id = ${userId} order by id`),
  );
}

describe('the review cycle', () => {
  it('shows the maintaining group and the review date, says when it is overdue, and lets the group record a review', async () => {
    const anonymous = await (await new TestClient(t.app).get(courseUrl(COURSE))).text();
    expect(anonymous).toContain(`Maintained by <a href="/groups/${group.slug}">Example Training Circle</a>`);
    expect(anonymous).toContain(', next review 2020-01-01 (overdue).');
    expect(anonymous).not.toContain('Mark this course reviewed');

    // Someone outside the group neither sees the button nor may use it.
    const outsider = await clientFor(t, other);
    expect(await (await outsider.get(courseUrl(COURSE))).text()).not.toContain('Mark this course reviewed');
    const refused = await outsider.post(reviewedUrl(COURSE), {}, { from: courseUrl(COURSE) });
    expect(refused.status).toBe(403);
    expect(errorCode(await refused.text())).toBe('learning.may_not_maintain');
    expect((await course()).reviewDue).toBe('2020-01-01');

    const client = await clientFor(t, keeper);
    expect(await (await client.get(courseUrl(COURSE))).text()).toContain('Mark this course reviewed');
    const res = await client.post(reviewedUrl(COURSE), {}, { from: courseUrl(COURSE) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${courseUrl(COURSE)}?notice=reviewed`);
    const due = new Date(now());
    due.setUTCMonth(due.getUTCMonth() + 12);
    expect((await course()).reviewDue).toBe(due.toISOString().slice(0, 10));
    expect(await eventsOf('learning.course_reviewed')).toEqual([{ actor: keeper.id, subject: COURSE }]);
    const after = await (await new TestClient(t.app).get(courseUrl(COURSE))).text();
    expect(after).toContain(`, next review ${due.toISOString().slice(0, 10)}.`);
    expect(after).not.toContain('Review overdue');
  });

  it('lists the courses a group maintains with their review dates, linked from its content-health page', async () => {
    const client = await clientFor(t, keeper);
    const health = await (await client.get(`/groups/${group.slug}/health`)).text();
    expect(health).toContain('Courses past their review date');
    expect(health).toContain(`href="${upkeepListUrl(group.slug).replace('&', '&amp;')}"`);
    const list = await (await client.get(upkeepListUrl(group.slug))).text();
    expect(list).toContain('Courses and their reviews: Example Training Circle');
    expect(list).toContain(`<a href="${courseUrl(COURSE)}">`);
    expect(list).toContain(`Next review ${(await course()).reviewDue}`);
    // Only the group's courses.
    expect(list).not.toContain('/learning/copyright-for-ill-staff"');
    expect((await new TestClient(t.app).get(upkeepListUrl(group.slug))).status).not.toBe(200);
  });
});

describe('editing a lesson', () => {
  const page = editLessonUrl(COURSE, LESSON);

  it('is for the maintaining group and editors: field errors come back at 400, and each save is a revision', async () => {
    expect((await (await clientFor(t, other)).get(page)).status).toBe(403);
    const client = await clientFor(t, keeper);
    const form = await client.get(page);
    expect(form.status).toBe(200);
    const before = await lesson();

    const bad = await client.post(page, { title: '', summary: before.summary, body: before.body }, { from: page });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/class="field has-error"[\s\S]*Title is required\./);
    expect((await lesson()).title).toBe(before.title);

    const res = await client.post(
      page,
      {
        title: 'What borrowing is, and is not',
        summary: before.summary,
        body: '## A new heading\n\nBorrowing is <script>alert(1)</script> asking another library.',
        note: 'Clearer opening',
      },
      { from: page },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${lessonUrl(COURSE, LESSON)}?notice=edited`);
    const changed = await lesson();
    expect(changed.title).toBe('What borrowing is, and is not');
    expect(changed.bodyHtml).toContain('<h2');
    expect(changed.bodyHtml).not.toContain('<script>');
    const shown = await (await new TestClient(t.app).get(lessonUrl(COURSE, LESSON))).text();
    expect(shown).toContain('A new heading');
    // The starter text is kept first, then the save, with its author.
    const kept = await revisions();
    expect(kept).toHaveLength(2);
    expect(kept[0]).toMatchObject({ title: before.title, body: before.body, author: null });
    expect(kept[1]).toMatchObject({
      title: 'What borrowing is, and is not',
      author: keeper.id,
      note: 'Clearer opening',
    });
    // Found by its new title in search.
    const [indexed] = rowsOf<{ title: string }>(
      await db().execute(
        sql`select title from search_documents where kind = 'lesson' and ref_id = ${`${COURSE}/${LESSON}`}`,
      ),
    );
    expect(indexed?.title).toBe('What borrowing is, and is not');
    const history = await (await client.get(page)).text();
    expect(history).toContain('Kim Keeper: Clearer opening');
    expect(await eventsOf('learning.lesson_edited')).toEqual([{ actor: keeper.id, subject: `${COURSE}/${LESSON}` }]);
  });

  it('is not undone by loading the starter courses again', async () => {
    const edited = await lesson();
    const courses = await readStarterCourses(t.deps.config.contentDir);
    expect(await insertStarterCourses(db(), courses, now())).toBe(0);
    expect((await lesson()).title).toBe(edited.title);
    expect((await lesson()).body).toBe(edited.body);
  });

  it('refuses a suspended member of the group', async () => {
    const suspension = await insertSuspension(db(), {
      userId: keeper.id,
      until: new Date(now().getTime() + 86_400_000),
      reason: 'Example',
      createdBy: admin.id,
      now: now(),
    });
    const input = { title: 'Suspended edit', summary: 'x', body: 'x', note: '' };
    const attempt = editLesson({
      db: db(),
      actor: actorFor(keeper),
      now: now(),
      courseSlug: COURSE,
      lessonSlug: LESSON,
      input,
    });
    await expect(attempt).rejects.toSatisfy((e) => e instanceof AppError && e.code === SUSPENDED_CODE);
    await liftSuspension(db(), suspension, admin.id, now());
    expect((await lesson()).title).not.toBe('Suspended edit');
  });
});

describe('suggested edits', () => {
  const page = suggestLessonUrl(COURSE, LESSON);

  it('are sent by any member, shown to the group, and accepted as a revision credited to the member', async () => {
    const client = await clientFor(t, other);
    const lessonPage = await (await client.get(lessonUrl(COURSE, LESSON))).text();
    expect(lessonPage).toContain(`href="${page}"`);
    expect(lessonPage).not.toContain(`href="${editLessonUrl(COURSE, LESSON)}"`);
    expect((await new TestClient(t.app).get(page)).status).not.toBe(200);

    const bad = await client.post(page, { body: 'A better reading.', note: '' }, { from: page });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/class="field has-error"[\s\S]*Why is required\./);

    const res = await client.post(
      page,
      { body: '## Borrowing\n\nAsking a partner library for an item you do not hold.', note: 'Shorter and plainer' },
      { from: page },
    );
    expect(res.status).toBe(303);
    const keeperClient = await clientFor(t, keeper);
    const coursePage = await (await keeperClient.get(courseUrl(COURSE))).text();
    expect(coursePage).toContain('Suggested edits waiting (1)');
    expect(coursePage).toContain('From Sam Suggester');
    expect(coursePage).toContain('Shorter and plainer');
    // Counted where the group sees its work.
    const list = await (await keeperClient.get(upkeepListUrl(group.slug))).text();
    expect(list).toContain('1 suggested edit waiting');
    expect(await (await keeperClient.get(`/groups/${group.slug}/health`)).text()).toContain(
      'Suggested lesson edits waiting',
    );
    // The member who suggested it may not accept it.
    const [row] = rowsOf<{ id: number }>(
      await db().execute(sql`select id from learning_lesson_suggestions where status = 'pending'`),
    );
    const accept = `${suggestionUrl(COURSE, row!.id)}/accept`;
    expect((await client.post(accept, {}, { from: lessonUrl(COURSE, LESSON) })).status).toBe(403);

    const accepted = await keeperClient.post(accept, {}, { from: courseUrl(COURSE) });
    expect(accepted.status).toBe(303);
    expect((await lesson()).body).toBe('## Borrowing\n\nAsking a partner library for an item you do not hold.');
    const last = (await revisions()).at(-1);
    expect(last).toMatchObject({ author: other.id });
    expect(last?.note).toContain('Suggested by Sam Suggester, accepted by Kim Keeper: Shorter and plainer');
    expect((await noticesOf(other.id)).at(-1)).toMatchObject({
      kind: 'learning.suggestion_accepted',
      url: lessonUrl(COURSE, LESSON),
    });
    // Decided once.
    const again = await keeperClient.post(accept, {}, { from: courseUrl(COURSE) });
    expect(again.status).toBe(409);
    expect(await (await keeperClient.get(courseUrl(COURSE))).text()).toContain('Suggested edits waiting (0)');
  });

  it('are declined with a note the member is told', async () => {
    const client = await clientFor(t, other);
    await client.post(page, { body: 'Borrowing is lending.', note: 'Simpler' }, { from: page });
    const [row] = rowsOf<{ id: number }>(
      await db().execute(sql`select id from learning_lesson_suggestions where status = 'pending'`),
    );
    const decline = `${suggestionUrl(COURSE, row!.id)}/decline`;
    const keeperClient = await clientFor(t, keeper);
    const bad = await keeperClient.post(decline, { note: '' }, { from: courseUrl(COURSE) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/class="field has-error"[\s\S]*Why it is declined is required\./);
    const res = await keeperClient.post(
      decline,
      { note: 'Borrowing and lending differ.' },
      { from: courseUrl(COURSE) },
    );
    expect(res.status).toBe(303);
    expect((await lesson()).body).not.toBe('Borrowing is lending.');
    expect((await noticesOf(other.id)).at(-1)).toMatchObject({
      kind: 'learning.suggestion_declined',
      excerpt: 'Borrowing and lending differ.',
    });
  });
});

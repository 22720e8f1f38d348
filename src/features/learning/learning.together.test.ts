import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { errorCode } from '../../../test/helpers/http';
import { insertSuspension, liftSuspension, SUSPENDED_CODE } from '../../platform/auth/standing';
import { rowsOf } from '../../platform/db/database';
import { eventInput } from '../../../test/helpers/events';
import { addSession, createEvent } from '../events/events.usecases';
import { queueDigests } from '../notifications/notifications.digest';
import { courseUrl, projectUrl, teachBackUrl } from './learning.models';
import * as repo from './learning.repository';
import { newSchedule } from './learning.review';
import { addCards } from './learning.review.repository';
import { startProject } from './learning.threads.usecases';

// Teach-back, projects and the review reminder (docs/decisions/043).
const COURSE = 'ill-borrowing-first-month';

let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  admin = await createUser(t.database, { role: 'admin' });
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();
const anonymous = () => new TestClient(t.app);
const course = async () => (await repo.findCourse(db(), COURSE))!;

async function postsIn(threadId: number) {
  return rowsOf<{ number: number; body: string; author: number; status: string }>(
    await db().execute(
      sql`select number, body, author_id as author, status from forum_posts where thread_id = ${threadId} order by number`,
    ),
  );
}

async function categoryOf(threadId: number): Promise<string | undefined> {
  const [row] = rowsOf<{ slug: string }>(
    await db().execute(
      sql`select c.slug from forum_threads t join forum_categories c on c.id = t.category_id where t.id = ${threadId}`,
    ),
  );
  return row?.slug;
}

describe('teach-back', () => {
  it('posts what a member will change to the course’s teach-back thread, started on first use, and lists it on the course page', async () => {
    expect((await course()).teachBackThreadId).toBeNull();
    const anon = await (await anonymous().get(courseUrl(COURSE))).text();
    expect(anon).toContain('Teach-back: what learners will change');
    expect(anon).toContain('No teach-back posts yet');
    expect(anon).not.toContain(`action="${teachBackUrl(COURSE)}"`);

    const ada = await createUser(t.database, { displayName: 'Ada Teachback' });
    const client = await clientFor(t, ada);
    const lessonPage = '/learning/ill-borrowing-first-month/your-own-system';
    await client.post(`${lessonPage}/done`, {}, { from: lessonPage });
    // The finished lesson invites the post.
    const done = await (await client.get(lessonPage)).text();
    expect(done).toContain('What will you change?');
    expect(done).toContain(`action="${teachBackUrl(COURSE)}"`);
    const res = await client.post(
      teachBackUrl(COURSE),
      {
        lesson: 'your-own-system',
        body: 'I will write down our status codes and what each one means for the user.',
        idempotencyKey: 'teachback-key-ada-0001',
      },
      { csrf: await client.csrf() },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${courseUrl(COURSE)}?notice=teach-back#teach-back`);

    const threadId = (await course()).teachBackThreadId!;
    expect(threadId).toBeGreaterThan(0);
    expect(await categoryOf(threadId)).toBe('training');
    const posts = await postsIn(threadId);
    expect(posts).toHaveLength(2);
    expect(posts[1]).toMatchObject({
      number: 2,
      author: ada.id,
      status: 'published',
      body: 'After the lesson “Hands-on: one request through your own system”: I will write down our status codes and what each one means for the user.',
    });
    // In the forum, for everyone…
    expect(await (await anonymous().get(`/forum/t/${threadId}`)).text()).toContain(
      'I will write down our status codes',
    );
    // …and on the course page, linked to the post.
    const page = await (await anonymous().get(courseUrl(COURSE))).text();
    expect(page).toContain('I will write down our status codes');
    expect(page).toContain('Ada Teachback');
    expect(page).toMatch(/href="\/forum\/p\/\d+">Read in the forum/);
    expect(page).toContain(`<a href="/forum/t/${threadId}">All teach-back posts in the forum</a>`);

    // A second member posts to the same thread (no second thread); the same key twice makes one post.
    const bea = await clientFor(t, await createUser(t.database));
    const form = {
      body: 'I will check the lender’s policy page before every new lender.',
      idempotencyKey: 'teachback-key-bea-0001',
    };
    await bea.post(teachBackUrl(COURSE), form, { from: courseUrl(COURSE) });
    await bea.post(teachBackUrl(COURSE), form, { from: courseUrl(COURSE) });
    expect((await course()).teachBackThreadId).toBe(threadId);
    expect((await postsIn(threadId)).map((p) => p.body)).toEqual([
      expect.stringContaining('What learners of'),
      expect.stringContaining('status codes'),
      'After the course: I will check the lender’s policy page before every new lender.',
    ]);
  });

  it('shows a field error (400) for an empty post and keeps nothing', async () => {
    const client = await clientFor(t, await createUser(t.database));
    // The form on a page of its own names the lesson it follows (linked from a passed quiz); an unknown one is a 404.
    const own = await client.get(`${teachBackUrl(COURSE)}?lesson=your-own-system`);
    expect(own.status).toBe(200);
    const ownPage = await own.text();
    expect(ownPage).toContain('You finished “Hands-on: one request through your own system”');
    expect(ownPage).toContain('<input type="hidden" name="lesson" value="your-own-system"/>');
    expect((await client.get(`${teachBackUrl(COURSE)}?lesson=no-such-lesson`)).status).toBe(404);
    const before = await postsIn((await course()).teachBackThreadId!);
    const res = await client.post(teachBackUrl(COURSE), { body: '   ' }, { from: courseUrl(COURSE) });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain(
      '<p class="field-error" id="f-body-error"><span class="visually-hidden">Error: </span>What you will change is required.</p>',
    );
    expect(page).toContain('aria-invalid="true"');
    expect(await postsIn((await course()).teachBackThreadId!)).toEqual(before);
  });

  it('refuses a suspended member, and a post without the form’s token', async () => {
    const zed = await createUser(t.database);
    const client = await clientFor(t, zed);
    const token = await client.csrf(courseUrl(COURSE));
    const threadId = (await course()).teachBackThreadId!;
    const before = await postsIn(threadId);
    const suspension = await insertSuspension(db(), {
      userId: zed.id,
      until: new Date(now().getTime() + 86_400_000),
      reason: 'Posting adverts',
      createdBy: admin.id,
      now: now(),
    });
    const refused = await client.post(
      teachBackUrl(COURSE),
      { body: 'A post while suspended, not kept.' },
      { csrf: token },
    );
    expect(refused.status).toBe(403);
    expect(errorCode(await refused.text())).toBe(SUSPENDED_CODE);
    await liftSuspension(db(), suspension, admin.id, now());
    const forged = await client.post(
      teachBackUrl(COURSE),
      { body: 'A post from another site, not kept.' },
      { csrf: false },
    );
    expect(forged.status).toBe(403);
    expect(await postsIn(threadId)).toEqual(before);
  });

  it('starts a new thread in place of one the member cannot see (held for approval, or deleted)', async () => {
    const old = (await course()).teachBackThreadId!;
    await db().execute(sql`update forum_threads set status = 'pending' where id = ${old}`);
    const client = await clientFor(t, await createUser(t.database));
    const res = await client.post(
      teachBackUrl(COURSE),
      { body: 'I will ask the lender before I chase an overdue item.' },
      { from: courseUrl(COURSE) },
    );
    expect(res.status).toBe(303);
    const now = (await course()).teachBackThreadId!;
    expect(now).not.toBe(old);
    expect((await postsIn(now)).at(-1)?.body).toBe(
      'After the course: I will ask the lender before I chase an overdue item.',
    );
    expect(await (await anonymous().get(courseUrl(COURSE))).text()).toContain('I will ask the lender before');
  });

  it('asks an anonymous reader to sign in', async () => {
    const res = await anonymous().get(teachBackUrl(COURSE));
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('Post to the teach-back thread');
  });
});

describe('the project', () => {
  it('is on the course page and its own page, with milestones counted from each member’s start', async () => {
    const c = await course();
    expect(c.project?.milestones.map((m) => m.id)).toEqual(['intake', 'sending-receiving', 'one-change']);
    expect(await (await anonymous().get(courseUrl(COURSE))).text()).toContain(
      'Project: Map your library&#39;s borrowing workflow',
    );
    const anon = await (await anonymous().get(projectUrl(COURSE))).text();
    expect(anon).toContain('Week 1 after you start');
    expect(anon).not.toContain('Start the project today');

    const member = await createUser(t.database);
    const client = await clientFor(t, member);
    expect(await (await client.get(projectUrl(COURSE))).text()).toContain('Start the project today');
    // Progress before starting is refused.
    const early = await client.post(
      `${projectUrl(COURSE)}/progress`,
      { body: 'Trying to post before starting.' },
      { from: projectUrl(COURSE) },
    );
    expect(early.status).toBe(409);
    expect(errorCode(await early.text())).toBe('learning.not_in_project');

    const started = await client.post(`${projectUrl(COURSE)}/start`, {}, { from: projectUrl(COURSE) });
    expect(started.status).toBe(303);
    // 2 March 2026 (the test clock): due one, two and three weeks later.
    const page = await (await client.get(projectUrl(COURSE))).text();
    expect(page).toContain('You started on 2026-03-02');
    expect(page).toContain('Due 2026-03-09');
    expect(page).toContain('Due 2026-03-16');
    expect(page).toContain('Due 2026-03-23');
    // Starting again a week later keeps the first date.
    t.clock.advance(7 * 86_400_000);
    await startProject({ db: db(), actor: actorFor(member), now: now(), courseSlug: COURSE });
    // Ticks: an id not in the project is ignored.
    await client.post(
      `${projectUrl(COURSE)}/milestones`,
      { done: ['intake', 'made-up'] },
      { from: projectUrl(COURSE) },
    );
    const [row] = rowsOf<{ started_on: string; milestones_done: string[] }>(
      await db().execute(
        sql`select started_on::text, milestones_done from learning_project_enrolments where user_id = ${member.id}`,
      ),
    );
    expect(row).toEqual({ started_on: '2026-03-02', milestones_done: ['intake'] });
    const ticked = await (await client.get(projectUrl(COURSE))).text();
    expect(ticked).toMatch(/id="m-intake" name="done" value="intake" checked/);
    expect(ticked).toContain('Due 2026-03-09 · done');

    // Progress goes to the project's thread (started now), and shows on the project page.
    const posted = await client.post(
      `${projectUrl(COURSE)}/progress`,
      { body: 'Week one: intake mapped, three ways in, two of them by email.', idempotencyKey: 'progress-key-000001' },
      { from: projectUrl(COURSE) },
    );
    expect(posted.status).toBe(303);
    const threadId = (await course()).projectThreadId!;
    expect(await categoryOf(threadId)).toBe('training');
    expect((await postsIn(threadId)).at(-1)).toMatchObject({
      author: member.id,
      body: 'Week one: intake mapped, three ways in, two of them by email.',
    });
    const after = await (await anonymous().get(projectUrl(COURSE))).text();
    expect(after).toContain('Week one: intake mapped');
    expect(after).toContain(`<a href="/forum/t/${threadId}">The project’s thread in the forum</a>`);
  });
});

describe('the review reminder in the digest', () => {
  async function digestsTo(email: string, at: string) {
    t.mailer.sent.length = 0;
    await queueDigests(t.deps, new Date(at));
    await t.drainJobs();
    return t.mailer.sent.filter((m) => m.to === email);
  }

  it('is off by default; once on, the digest says how many cards are due; off again, it stops', async () => {
    const member = await createUser(t.database);
    const at = now();
    await addCards(
      db(),
      member.id,
      ['one', 'two', 'three'].map((n) => ({ source: `glossary:${n}`, front: n, back: n, ...newSchedule(at) })),
      at,
    );
    t.clock.advance(86_400_000);
    const hour = (day: number) => new Date(Date.UTC(2026, 2, day, 13)).toISOString(); // the default digest hour (13:00 UTC)
    const day = new Date(now()).getUTCDate();
    expect(await digestsTo(member.email, hour(day))).toEqual([]);

    const client = await clientFor(t, member);
    const review = await (await client.get('/learning/review')).text();
    expect(review).toContain('Say in my email digest how many cards are due for review');
    expect(review).not.toMatch(/id="f-reminder"[^>]*checked/);
    const on = await client.post('/learning/review/reminder', { reminder: 'on' }, { from: '/learning/review' });
    expect(on.status).toBe(303);
    expect(await (await client.get('/learning/review')).text()).toMatch(/name="reminder" value="on" checked/);

    const [mail] = await digestsTo(member.email, hour(day + 1));
    expect(mail?.subject).toContain('Your daily digest: 1 new item');
    expect(mail?.text).toContain('3 cards due for review');
    expect(mail?.text).toContain('http://localhost/learning/review');
    expect(mail?.html).toContain('3 cards due for review');

    // Turned off (the checkbox unticked sends nothing): no more reminders.
    await client.post('/learning/review/reminder', {}, { from: '/learning/review' });
    expect(await digestsTo(member.email, hour(day + 2))).toEqual([]);
  });
});

describe('cohorts', () => {
  it('are added by an editor with an event and a start date, listed on the course page, and joined by members', async () => {
    const editor = await createUser(t.database, { role: 'editor' });
    const { event } = await createEvent({
      db: db(),
      actor: actorFor(editor),
      now: now(),
      input: eventInput({
        title: 'Example cohort calls: borrowing',
        startsAt: new Date('2026-04-06T14:00:00Z'),
        endsAt: new Date('2026-04-27T15:00:00Z'),
      }),
    });
    await addSession({
      db: db(),
      actor: actorFor(editor),
      now: now(),
      eventId: event.id,
      input: {
        title: 'Week 1 call: intake',
        speakers: [],
        startsAt: new Date('2026-04-06T14:00:00Z'),
        endsAt: new Date('2026-04-06T15:00:00Z'),
        room: '',
        link: '',
        materials: '',
      },
    });
    const cohorts = `${courseUrl(COURSE)}/cohorts`;

    // A member outside the maintaining group may not add one.
    const member = await createUser(t.database, { displayName: 'Cora Cohort' });
    const memberClient = await clientFor(t, member);
    expect((await memberClient.get(cohorts)).status).toBe(403);
    const refused = await memberClient.post(
      cohorts,
      { event: String(event.id), startsOn: '2026-04-06' },
      { from: courseUrl(COURSE) },
    );
    expect(refused.status).toBe(403);

    const client = await clientFor(t, editor);
    const bad = await client.post(cohorts, { event: '/events/999999', startsOn: 'soon' }, { from: cohorts });
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('Give the date the cohort starts (YYYY-MM-DD).');
    const unknown = await client.post(cohorts, { event: '/events/999999', startsOn: '2026-04-06' }, { from: cohorts });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('No event has that number.');

    const added = await client.post(
      cohorts,
      { event: `http://localhost/events/${event.id}`, startsOn: '2026-04-06' },
      { from: cohorts },
    );
    expect(added.status).toBe(303);
    const cohortPath = added.headers.get('location')!.replace(/\?.*$/, '');
    expect(cohortPath).toMatch(new RegExp(`^${cohorts}/\\d+$`));
    const [row] = rowsOf<{ thread_id: number; event_id: number }>(
      await db().execute(sql`select thread_id, event_id from learning_cohorts order by id desc limit 1`),
    );
    expect(row?.event_id).toBe(event.id);
    expect(await categoryOf(row!.thread_id)).toBe('training');

    const coursePage = await (await anonymous().get(courseUrl(COURSE))).text();
    expect(coursePage).toContain(`<a href="${cohortPath}">Cohort starting 2026-04-06</a>`);
    expect(coursePage).toContain(`<a href="/events/${event.id}">Example cohort calls: borrowing</a>`);

    const page = await (await memberClient.get(cohortPath)).text();
    expect(page).toContain('Week 1 call: intake');
    expect(page).toContain(`<a href="/forum/t/${row!.thread_id}">The cohort’s thread in the forum</a>`);
    expect(page).toContain('0 members have joined');
    const joined = await memberClient.post(`${cohortPath}/join`, {}, { from: cohortPath });
    expect(joined.status).toBe(303);
    await memberClient.post(`${cohortPath}/join`, {}, { from: cohortPath });
    const after = await (await memberClient.get(cohortPath)).text();
    expect(after).toContain('You are in this cohort.');
    expect(after).toContain('1 member has joined');
    // Another course's address does not reach the cohort.
    expect((await anonymous().get(cohortPath.replace(COURSE, 'no-such-course'))).status).toBe(404);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { addTopic, newArticle } from '../../../test/helpers/content';
import { eventInput } from '../../../test/helpers/events';
import { errorCode } from '../../../test/helpers/http';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { setAttendance } from '../events/events.attendance.usecases';
import { createEvent } from '../events/events.usecases';
import { eventMinutes } from './learning.log';
import { PLAN_LIMITS, planUrl } from './learning.plans.models';
import { checkTemplate, type KnownContent, readPlanTemplates } from './learning.plans.template';
import { acceptPlan, addPlanItem, markPlanItem, myPlans, startPlan, viewPlan } from './learning.plans.usecases';
import { markLessonDone, submitQuiz } from './learning.usecases';

// The test clock: 2 March 2026, 15:00 UTC.
let t: TestApp;
let manager: TestUser;
let colleague: TestUser;
let stranger: TestUser;
let admin: TestUser;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  await addTopic(t);
  manager = await createUser(t.database, { displayName: 'Morgan Manager' });
  colleague = await createUser(t.database, { displayName: 'Casey Colleague' });
  stranger = await createUser(t.database, { displayName: 'Sam Stranger' });
  admin = await createUser(t.database, { role: 'admin' });
});
afterAll(() => t.close());

const db = () => t.database.db;
const ctx = (user: TestUser) => ({ db: db(), actor: actorFor(user), now: t.clock.now() });

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/** A plan from the ILL assistant template, by `by` for `forWhom`. */
async function templatePlan(by: TestUser, forWhom: TestUser, title = '') {
  const result = await startPlan({
    ...ctx(by),
    contentDir: t.deps.config.contentDir,
    input: { colleague: `@${forWhom.username}`, template: 'ill-assistant', title },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('the ILL assistant template', () => {
  it('loads from content, with every lesson, article and workflow it names found', async () => {
    const [template] = (await readPlanTemplates('content')).filter((x) => x.slug === 'ill-assistant');
    expect(template?.items.length).toBeGreaterThanOrEqual(20);
    const kinds = new Set(template!.items.map((i) => i.kind));
    expect([...kinds].sort()).toEqual(['article', 'lesson', 'task', 'workflow']);
    const lesson = template!.items.find((i) => i.ref === 'ill-borrowing-first-month/what-borrowing-is');
    expect(lesson).toMatchObject({ kind: 'lesson', week: 1, title: 'What ILL borrowing is, and what it is not' });
    expect(template!.items.every((i) => i.week >= 1 && i.week <= PLAN_LIMITS.weeks)).toBe(true);
  });

  it('names every unknown slug and bad week when checked', () => {
    const known: KnownContent = {
      lessons: new Map([['course-a/lesson-a', 'Lesson A']]),
      articles: new Map([['article-a', 'Article A']]),
      workflows: new Map([['workflow-a', 'Workflow A']]),
    };
    const problems: string[] = [];
    checkTemplate(
      'learning/plans/broken.yaml',
      {
        slug: 'broken',
        title: 'Broken',
        summary: 'A template with mistakes.',
        items: [
          { week: 1, lesson: 'course-a/lesson-a' },
          { week: 2, lesson: 'course-a/no-such-lesson' },
          { week: 3, article: 'no-such-article' },
          { week: 4, workflow: 'no-such-workflow' },
        ],
      },
      known,
      problems,
    );
    expect(problems).toEqual([
      'learning/plans/broken.yaml: items.1: no starter lesson has the slug “course-a/no-such-lesson”',
      'learning/plans/broken.yaml: items.2: no starter article has the slug “no-such-article”',
      'learning/plans/broken.yaml: items.3: no starter workflow has the slug “no-such-workflow”',
    ]);
    const more: string[] = [];
    checkTemplate(
      'learning/plans/weeks.yaml',
      { slug: 'weeks', title: 'W', summary: 'S', items: [{ week: 13, task: 'Too late' }] },
      known,
      more,
    );
    expect(more.join('\n')).toContain('items.0.week');
  });
});

describe('a plan from the template', () => {
  it('goes to the colleague, who accepts it, marks items done and stuck; the manager sees marks and notes only', async () => {
    const plan = await templatePlan(manager, colleague);
    expect(plan).toMatchObject({ managerId: manager.id, learnerId: colleague.id, acceptedAt: null });

    const listed = await myPlans(ctx(colleague));
    expect(listed.map((p) => [p.plan.id, p.role, p.other?.id])).toContainEqual([plan.id, 'learner', manager.id]);

    const before = await viewPlan({ ...ctx(colleague), planId: plan.id });
    const [task, article] = [
      before.items.find((i) => i.kind === 'task')!,
      before.items.find((i) => i.kind === 'article')!,
    ];
    // Nothing is marked before the plan is accepted.
    expect(
      await codeOf(() =>
        markPlanItem({ ...ctx(colleague), planId: plan.id, itemId: String(task.id), input: { status: 'done' } }),
      ),
    ).toBe('learning.plan_not_accepted');

    // The colleague was told of the plan; the manager hears when it is accepted.
    const notices = async (userId: number) =>
      rowsOf<{ kind: string; url: string; title: string }>(
        await t.database.db.execute(
          sql`select kind, url, title from notifications where user_id = ${userId} and subject_type = 'learning_plan' order by id`,
        ),
      );
    expect(await notices(colleague.id)).toEqual([
      expect.objectContaining({ kind: 'learning.plan_offered', url: planUrl(plan.id) }),
    ]);
    expect(await notices(manager.id)).toEqual([]);
    await acceptPlan({ ...ctx(colleague), planId: plan.id });
    expect((await notices(manager.id)).map((n) => n.kind)).toEqual(['learning.plan_accepted']);
    expect(await codeOf(() => acceptPlan({ ...ctx(colleague), planId: plan.id }))).toBe(
      'learning.plan_already_accepted',
    );
    expect(
      await markPlanItem({
        ...ctx(colleague),
        planId: plan.id,
        itemId: String(task.id),
        input: { status: 'done', note: '' },
      }),
    ).toEqual({ ok: true, value: undefined });
    await markPlanItem({
      ...ctx(colleague),
      planId: plan.id,
      itemId: String(article.id),
      input: { status: 'stuck', note: 'Which form do we use for copies?' },
    });
    // A lesson counts as done once the colleague's learning progress says so, without marking it.
    await markLessonDone({
      ...ctx(colleague),
      courseSlug: 'ill-borrowing-first-month',
      lessonSlug: 'your-own-system',
    });

    const seen = await viewPlan({ ...ctx(manager), planId: plan.id });
    expect(seen.role).toBe('manager');
    const byId = new Map(seen.items.map((i) => [i.id, i]));
    expect(byId.get(task.id)).toMatchObject({ status: 'done', note: '' });
    expect(byId.get(article.id)).toMatchObject({ status: 'stuck', note: 'Which form do we use for copies?' });
    const lesson = seen.items.find((i) => i.ref === 'ill-borrowing-first-month/your-own-system')!;
    expect(lesson).toMatchObject({ status: 'done', doneByProgress: true });
    const other = seen.items.find((i) => i.ref === 'ill-borrowing-first-month/what-borrowing-is')!;
    expect(other.status).toBe('open');

    // The manager's page: progress by week, the stuck note, and nothing else of the colleague's learning.
    await submitQuiz({
      ...ctx(colleague),
      courseSlug: 'ill-borrowing-first-month',
      lessonSlug: 'what-borrowing-is',
      answers: { 'answer.who': 'b' },
      ip: '192.0.2.40',
    });
    const page = await (await clientFor(t, manager)).get(planUrl(plan.id));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Which form do we use for copies?');
    expect(html).toContain('Week 12');
    // The task marked done and the lesson finished; the failed quiz leaves its lesson open.
    expect(html).toMatch(/2 of \d+ done · 1 stuck/);
    expect(html).not.toMatch(/score|attempt|answer\./i);
  });

  it('lets the manager add and remove items, with field errors for bad ones', async () => {
    const other = await createUser(t.database);
    const plan = await templatePlan(manager, other, 'A shorter plan');
    expect(plan.title).toBe('A shorter plan');
    const article = await newArticle(t, manager, { title: 'Our local ILL forms' });
    const client = await clientFor(t, manager);
    const from = planUrl(plan.id);

    const added = await client.post(
      `${from}/items`,
      { kind: 'article', article: `/articles/${article.slug}`, week: '2' },
      { from },
    );
    expect(added.status).toBe(303);
    const task = await client.post(
      `${from}/items`,
      { kind: 'task', task: 'Shadow Pat on the lending desk', week: '3' },
      { from },
    );
    expect(task.status).toBe(303);
    const view = await viewPlan({ ...ctx(manager), planId: plan.id });
    expect(view.items.find((i) => i.ref === article.slug)).toMatchObject({
      kind: 'article',
      week: 2,
      title: 'Our local ILL forms',
    });
    const added2 = view.items.find((i) => i.title === 'Shadow Pat on the lending desk')!;

    const badWeek = await client.post(`${from}/items`, { kind: 'task', task: 'Something', week: '13' }, { from });
    expect(badWeek.status).toBe(400);
    expect(await badWeek.text()).toContain('Choose a week from 1 to 12.');
    const badLesson = await client.post(
      `${from}/items`,
      { kind: 'lesson', lesson: 'nope/nothing', week: '1' },
      { from },
    );
    expect(badLesson.status).toBe(400);
    expect(await badLesson.text()).toContain('Choose one of the lessons listed.');

    const removed = await client.post(`${from}/remove`, { item: String(added2.id) }, { from });
    expect(removed.status).toBe(303);
    const after = await viewPlan({ ...ctx(manager), planId: plan.id });
    expect(after.items.some((i) => i.id === added2.id)).toBe(false);
    expect(after.items.length).toBe(view.items.length - 1);

    // The colleague cannot change items; the manager cannot mark them.
    expect(
      await codeOf(() =>
        addPlanItem({ ...ctx(other), planId: plan.id, input: { kind: 'task', task: 'x', week: '1' } }),
      ),
    ).toBe('http.forbidden');
    await acceptPlan({ ...ctx(other), planId: plan.id });
    expect(
      await codeOf(() =>
        markPlanItem({
          ...ctx(manager),
          planId: plan.id,
          itemId: String(after.items[0]!.id),
          input: { status: 'done' },
        }),
      ),
    ).toBe('http.forbidden');
  });

  it('refuses unknown colleagues, oneself, and a second plan waiting for the same colleague', async () => {
    const client = await clientFor(t, manager);
    const from = '/learning/plans/new';
    const unknown = await client.post('/learning/plans', { colleague: 'nobody-by-this-name', template: '' }, { from });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('No member has that username.');
    const self = await client.post('/learning/plans', { colleague: manager.username, template: '' }, { from });
    expect(self.status).toBe(400);
    expect(await self.text()).toContain('A plan is for someone else');
    const someone = await createUser(t.database, { displayName: 'Robin Waiting' });
    const first = await client.post('/learning/plans', { colleague: someone.username, template: '' }, { from });
    expect(first.status).toBe(303);
    const second = await client.post('/learning/plans', { colleague: someone.username, template: '' }, { from });
    expect(second.status).toBe(400);
    expect(await second.text()).toContain('has not yet answered');
  });

  it('limits how many plans one member starts in a day', async () => {
    const busy = await createUser(t.database);
    const codes: string[] = [];
    for (let i = 0; i <= PLAN_LIMITS.plansPerDay; i++) {
      const someone = await createUser(t.database);
      codes.push(await codeOf(() => templatePlan(busy, someone)));
    }
    expect(codes.slice(0, PLAN_LIMITS.plansPerDay).every((c) => c === 'accepted')).toBe(true);
    expect(codes.at(-1)).toBe('http.rate_limited');
  });
});

describe('who sees a plan', () => {
  it('is the manager and the colleague only: anyone else, administrators too, is told it does not exist', async () => {
    const other = await createUser(t.database);
    const plan = await templatePlan(manager, other, 'Private plan for Kim Quokka');
    const url = planUrl(plan.id);
    const itemId = String((await viewPlan({ ...ctx(manager), planId: plan.id })).items[0]!.id);
    for (const who of [stranger, admin]) {
      const client = await clientFor(t, who);
      const res = await client.get(url);
      expect(res.status, who.username).toBe(404);
      const body = await res.text();
      expect(errorCode(body)).toBe('learning.plan_not_found');
      expect(body).not.toContain('Kim Quokka');
      for (const [path, fields] of [
        [`${url}/accept`, {}],
        [`${url}/mark`, { item: itemId, status: 'done' }],
        [`${url}/items`, { kind: 'task', task: 'Planted', week: '1' }],
        [`${url}/remove`, { item: itemId }],
        [`${url}/delete`, {}],
      ] as const) {
        const sent = await client.post(path, fields, { from: '/learning/plans' });
        expect(sent.status, `${who.username} ${path}`).toBe(404);
      }
      const list = await (await clientFor(t, who)).get('/learning/plans');
      expect(await list.text()).not.toContain('Kim Quokka');
    }
    // Still whole: nothing was accepted, added, removed or deleted.
    const view = await viewPlan({ ...ctx(manager), planId: plan.id });
    expect(view.plan.acceptedAt).toBeNull();
    expect(view.items.some((i) => i.title === 'Planted')).toBe(false);

    const anonymous = await new TestClient(t.app).get(url);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('Kim Quokka');

    // Not in search, the audit feed of events, or any public listing.
    const [found] = rowsOf<{ n: number }>(
      await db().execute(
        sql`select count(*)::int as n from search_documents where title like ${'%Kim Quokka%'} or body like ${'%Kim Quokka%'}`,
      ),
    );
    expect(found!.n).toBe(0);
    const [events] = rowsOf<{ n: number }>(
      await db().execute(sql`select count(*)::int as n from events where type like 'learning.plan%'`),
    );
    expect(events!.n).toBe(0);
    const searched = await (await clientFor(t, stranger)).get('/search?q=Quokka');
    expect(await searched.text()).not.toContain('Kim Quokka');
    for (const path of ['/learning', '/', '/forum']) {
      expect(await (await new TestClient(t.app).get(path)).text(), path).not.toContain('Kim Quokka');
    }
  });
});

describe('the learning log', () => {
  it('lists lessons with minutes and events attended, totals the time, and exports escaped CSV', async () => {
    const learner = await createUser(t.database, { displayName: 'Lee Logger' });
    await markLessonDone({ ...ctx(learner), courseSlug: 'ill-borrowing-first-month', lessonSlug: 'your-own-system' });
    const organiser = await createUser(t.database, { role: 'editor' });
    const start = new Date(t.clock.now().getTime() - 3 * 86_400_000);
    const { event } = await createEvent({
      ...ctx(organiser),
      input: eventInput({
        title: '=HYPERLINK("http://evil.example") webinar',
        startsAt: start,
        endsAt: new Date(start.getTime() + 90 * 60_000),
      }),
    });
    await setAttendance({ ...ctx(learner), eventId: event.id, choice: 'attending' });

    const client = await clientFor(t, learner);
    const page = await client.get('/learning/log');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Hands-on: one request through your own system');
    expect(html).toMatch(/data-testid="log-total">1 h 45 min</);
    expect(html).toContain('HYPERLINK');

    const csv = await client.get('/learning/log.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('cache-control')).toContain('no-store');
    const text = await csv.text();
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('Type,Date,Course or event,Lesson,Minutes');
    expect(lines).toContain(
      `Lesson,2026-03-02,ILL borrowing: your first month,Hands-on: one request through your own system,15`,
    );
    expect(lines).toContain(`Event,2026-02-27,"'=HYPERLINK(""http://evil.example"") webinar",,90`);
    expect(lines.at(-1)).toBe('Total,,,,105');

    // Private: another member's log shows none of it; signed out, none at all.
    const theirs = await (await clientFor(t, stranger)).get('/learning/log.csv');
    expect(await theirs.text()).not.toContain('HYPERLINK');
    expect((await new TestClient(t.app).get('/learning/log')).status).toBe(401);
    expect((await new TestClient(t.app).get('/learning/log.csv')).status).toBe(401);
  });

  it('counts only timed events under 12 hours', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    const later = (min: number) => new Date(at.getTime() + min * 60_000);
    expect(eventMinutes({ startsAt: at, endsAt: later(60), allDay: false, recurring: false })).toBe(60);
    expect(eventMinutes({ startsAt: at, endsAt: later(60), allDay: true, recurring: false })).toBeNull();
    expect(eventMinutes({ startsAt: at, endsAt: later(60), allDay: false, recurring: true })).toBeNull();
    expect(eventMinutes({ startsAt: at, endsAt: later(3 * 24 * 60), allDay: false, recurring: false })).toBeNull();
  });
});

describe('a member’s data', () => {
  it('exports their plans and learning log; erasing the colleague removes the plan, erasing the manager keeps it', async () => {
    const boss = await createUser(t.database, { displayName: 'Bo Boss' });
    const newbie = await createUser(t.database, { displayName: 'Nia Newbie' });
    const plan = await templatePlan(boss, newbie, 'Nia’s first weeks');
    await acceptPlan({ ...ctx(newbie), planId: plan.id });
    const item = (await viewPlan({ ...ctx(newbie), planId: plan.id })).items[0]!;
    await markPlanItem({
      ...ctx(newbie),
      planId: plan.id,
      itemId: String(item.id),
      input: { status: 'stuck', note: 'Need a login' },
    });

    const exported = (await (await (await clientFor(t, newbie)).get('/account/data/export.json')).json()) as {
      learning: { onboardingPlans: Array<Record<string, unknown>>; learningLog: { totalMinutes: number } };
    };
    const mine = exported.learning.onboardingPlans.find((p) => p.title === 'Nia’s first weeks')!;
    expect(mine).toMatchObject({ role: 'colleague', manager: boss.username, colleague: newbie.username });
    expect((mine.items as Array<Record<string, unknown>>)[0]).toMatchObject({ mark: 'stuck', note: 'Need a login' });
    expect(exported.learning.learningLog.totalMinutes).toBeGreaterThanOrEqual(0);
    const bossExport = (await (await (await clientFor(t, boss)).get('/account/data/export.json')).json()) as {
      learning: { onboardingPlans: Array<Record<string, unknown>> };
    };
    const built = bossExport.learning.onboardingPlans.find((p) => p.title === 'Nia’s first weeks')!;
    expect(built.role).toBe('manager');
    expect(JSON.stringify(built)).not.toContain('Need a login');

    // The manager leaves: the plan stays the colleague's, without a manager.
    const bossClient = await clientFor(t, boss);
    const gone = await bossClient.post(
      '/account/delete',
      { password: boss.password, understood: 'yes' },
      { from: '/account/delete' },
    );
    expect(gone.status).toBe(303);
    const kept = await viewPlan({ ...ctx(newbie), planId: plan.id });
    expect(kept.plan.managerId).toBeNull();
    expect(kept.manager).toBeNull();
    expect(await (await (await clientFor(t, newbie)).get(planUrl(plan.id))).text()).toContain('a former member');

    // The colleague leaves: the plan and its marks go.
    const newbieClient = await clientFor(t, newbie);
    await newbieClient.post(
      '/account/delete',
      { password: newbie.password, understood: 'yes' },
      { from: '/account/delete' },
    );
    const [left] = rowsOf<{ plans: number; items: number }>(
      await db().execute(sql`select
        (select count(*)::int from learning_plans where id = ${plan.id}) as plans,
        (select count(*)::int from learning_plan_items where plan_id = ${plan.id}) as items`),
    );
    expect(left).toEqual({ plans: 0, items: 0 });
  });
});

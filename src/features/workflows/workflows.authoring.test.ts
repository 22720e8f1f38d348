import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { addTopic } from '../../../test/helpers/content';
import { exampleGroup } from '../../../test/helpers/groups';
import { errorCode } from '../../../test/helpers/http';
import { exampleStep, exampleWorkflow } from '../../../test/helpers/workflows';
import { rowsOf } from '../../platform/db/database';
import { EDITORS_GROUP, findGroupBySlug, groupsModule } from '../groups';
import { watch } from '../notifications';
import * as repo from './workflows.repository';
import { adoptWorkflow } from './workflows.usecases';

let t: TestApp;
let admin: TestUser;
let steward: TestUser;
let plain: TestUser;
let outsider: TestUser;
let watcher: TestUser;
let groupId: number;

function workflowForm(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: 'Borrowing a thesis from abroad',
    summary: 'How to ask a university overseas for a thesis, from the first search to the return.',
    libraryTypes: 'academic',
    sizes: '',
    systems: '',
    regions: 'International',
    consortium: '',
    topics: 'wf-theses',
    sources: 'An example source | https://example.org/theses',
    maintainer: 'editors',
    ...over,
  };
}

const stepForm = (title: string, decisions = '') => ({
  title,
  role: 'ILL assistant',
  system: 'ill-system',
  minutes: '5',
  details: '',
  checks: 'Checked',
  decisions,
});

async function topicNotices(userId: number) {
  return rowsOf<{ kind: string; url: string }>(
    await t.database.db.execute(
      sql`select kind, url from notifications where user_id = ${userId} and kind like 'topic.%' order by id`,
    ),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t, 'wf-theses', 'Theses');
  await groupsModule.seed!(t.deps);
  admin = await createUser(t.database, { role: 'admin' });
  steward = await createUser(t.database);
  plain = await createUser(t.database);
  outsider = await createUser(t.database);
  watcher = await createUser(t.database);
  const group = await exampleGroup(t, steward, admin, { name: 'Example Theses Group', members: [[plain, 'member']] });
  groupId = group.id;
  await watch(t.database.db, {
    userId: watcher.id,
    targetType: 'topic',
    targetId: 'wf-theses',
    delivery: 'in_app',
    now: t.clock.now(),
  });
});
afterAll(() => t.close());

describe('writing a new workflow', () => {
  it('asks where it applies, refuses a group the writer does not steward, and opens the first step after', async () => {
    expect((await t.app.request('/workflows/new')).status).toBe(401);
    const member = await clientFor(t, outsider);
    const form = await member.get('/workflows/new');
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('Where this applies (required)');
    expect(html).toContain('The hub’s editors');
    expect(html).not.toContain('Example Theses Group');

    const missing = await member.post('/workflows/new', workflowForm({ libraryTypes: [], regions: '' }), {
      from: '/workflows/new',
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Say where this workflow applies');

    const notMine = await member.post('/workflows/new', workflowForm({ maintainer: `group:${groupId}` }), {
      from: '/workflows/new',
    });
    expect(notMine.status).toBe(403);
    expect(errorCode(await notMine.text())).toBe('workflows.not_group_steward');

    const made = await member.post('/workflows/new', workflowForm(), { from: '/workflows/new' });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/workflows/borrowing-a-thesis-from-abroad/steps/new');
    const saved = (await repo.findBySlug(t.database.db, 'borrowing-a-thesis-from-abroad'))!;
    expect(saved.context).toEqual({ libraryTypes: ['academic'], regions: ['international'] });
    expect(saved.sources).toEqual([{ title: 'An example source', url: 'https://example.org/theses' }]);
    expect(saved.topics).toEqual(['wf-theses']);
    expect(saved.steps).toEqual([]);
    const editors = await findGroupBySlug(t.database.db, EDITORS_GROUP.slug);
    expect(editors).toBeDefined();
    expect(saved.ownerGroupId).toBe(editors!.id);
    // The hub's editors maintain it; its writer may go on adding steps, other members may not.
    expect((await member.get('/workflows/borrowing-a-thesis-from-abroad/steps/new')).status).toBe(200);
    expect((await (await clientFor(t, plain)).get('/workflows/borrowing-a-thesis-from-abroad/steps/new')).status).toBe(
      403,
    );

    // A steward's group maintains theirs: the group's members may change it, others not.
    const own = await (await clientFor(t, steward)).post(
      '/workflows/new',
      workflowForm({ title: 'Borrowing theses in our network', maintainer: `group:${groupId}` }),
      { from: '/workflows/new' },
    );
    expect(own.status).toBe(303);
    expect((await (await clientFor(t, plain)).get('/workflows/borrowing-theses-in-our-network/steps/new')).status).toBe(
      200,
    );
    expect(
      (await (await clientFor(t, watcher)).get('/workflows/borrowing-theses-in-our-network/steps/new')).status,
    ).toBe(403);
    // A new workflow is a new thing in its topic for those who watch it.
    await t.drainJobs();
    expect(await topicNotices(watcher.id)).toEqual([
      { kind: 'topic.content_new', url: '/workflows/borrowing-a-thesis-from-abroad' },
      { kind: 'topic.content_new', url: '/workflows/borrowing-theses-in-our-network' },
    ]);
  });
});

describe('adding, moving and deleting steps', () => {
  it('keeps decision points on their step when steps move, and refuses to delete a step one goes to', async () => {
    const path = '/workflows/borrowing-theses-in-our-network';
    const client = await clientFor(t, plain);
    for (const title of ['Search for the thesis', 'Ask the university', 'Tell the reader'])
      expect((await client.post(`${path}/steps`, stepForm(title), { from: `${path}/steps/new` })).status).toBe(303);
    // Step 3 sends readers back to step 1 when nothing is found.
    const edit = await client.post(`${path}/steps/3`, stepForm('Tell the reader', 'not found | 1'), {
      from: `${path}/steps/3/edit`,
    });
    expect(edit.status).toBe(303);
    await t.drainJobs();
    const before = (await topicNotices(watcher.id)).length;
    let w = (await repo.findBySlug(t.database.db, 'borrowing-theses-in-our-network'))!;
    const search = w.steps[0]!.key;

    const page = await (await client.get(path)).text();
    expect(page).toContain('Move step 1 down');
    expect(page).toContain('Move step 3 up');
    expect(page).toContain(`href="${path}/steps/1/delete"`);

    // Move "Search" down twice: it becomes step 3, and the decision now reads "go to step 3", still to it.
    for (const n of [1, 2]) {
      const moved = await client.post(`${path}/steps/${n}/move`, { key: search, direction: 'down' }, { from: path });
      expect(moved.status).toBe(303);
    }
    w = (await repo.findBySlug(t.database.db, 'borrowing-theses-in-our-network'))!;
    expect(w.steps.map((s) => s.title)).toEqual(['Ask the university', 'Tell the reader', 'Search for the thesis']);
    const after = await (await client.get(path)).text();
    expect(after).toContain(`<a href="#step-${search}">go to step 3</a>`);

    // The step a decision point goes to cannot be deleted: the page says why, the post is refused.
    const confirm = await (await client.get(`${path}/steps/3/delete`)).text();
    expect(confirm).toContain('A decision point of step 2 goes to this step');
    const refused = await client.post(`${path}/steps/3/delete`, { key: search }, { from: `${path}/steps/3/delete` });
    expect(refused.status).toBe(409);
    expect(errorCode(await refused.text())).toBe('workflows.step_in_use');

    // Another step can go, after confirming; outsiders may not.
    const ask = w.steps[0]!.key;
    const outside = await (await clientFor(t, outsider)).post(`${path}/steps/1/delete`, { key: ask }, { from: path });
    expect(outside.status).toBe(403);
    expect(await (await client.get(`${path}/steps/1/delete`)).text()).toContain('Delete step 1');
    const deleted = await client.post(`${path}/steps/1/delete`, { key: ask }, { from: `${path}/steps/1/delete` });
    expect(deleted.status).toBe(303);
    w = (await repo.findBySlug(t.database.db, 'borrowing-theses-in-our-network'))!;
    expect(w.steps.map((s) => s.title)).toEqual(['Tell the reader', 'Search for the thesis']);
    expect(await (await client.get(path)).text()).toContain(`<a href="#step-${search}">go to step 2</a>`);

    // Watchers hear of the deleted step (a substantial change), not of the moves.
    await t.drainJobs();
    const notices = await topicNotices(watcher.id);
    expect(notices.slice(before)).toEqual([{ kind: 'topic.content_changed', url: path }]);
  });

  it('works the same on a library’s local version, for its owner only', async () => {
    const original = await exampleWorkflow(t.database.db, admin.id, t.clock.now());
    const { local } = await adoptWorkflow({
      db: t.database.db,
      actor: actorFor(outsider),
      now: t.clock.now(),
      originalId: original.id,
      owner: 'me',
      visibility: 'private',
    });
    const path = `/workflows/local/${local.id}`;
    const owner = await clientFor(t, outsider);
    expect((await owner.post(`${path}/steps/3/move`, { key: 'c', direction: 'up' }, { from: path })).status).toBe(303);
    expect((await owner.post(`${path}/steps/1/delete`, { key: 'a' }, { from: path })).status).toBe(303);
    expect((await repo.findById(t.database.db, local.id))!.steps.map((s) => s.key)).toEqual(['c', 'b']);
    // To anyone else a private version does not exist.
    const other = await clientFor(t, plain);
    expect((await other.post(`${path}/steps/1/delete`, { key: 'c' }, { from: path })).status).toBe(404);
    // The original is untouched, and its change shows to the adopter as their own edit, not upstream's.
    expect((await repo.findById(t.database.db, original.id))!.steps).toEqual([
      exampleStep('a', 'Search'),
      exampleStep('b', 'Pull'),
      exampleStep('c', 'Ship'),
    ]);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, type TestUser, actorFor } from '../../../test/helpers/app';
import { pageWhen, TestClient } from '../../../test/helpers/client';
import { rowsOf } from '../../platform/db/database';
import { answerInvitation, createExpertList, inviteExpert } from './experts.usecases';
import { eraseGroupsData, exportGroupsData } from './groups.personal';
import { groupsOf } from './groups.repository';
import { assignStewardship } from './stewardship.usecases';
import { submitSuggestion } from './suggestions.usecases';
import { requestTopicAdoption } from './topics.usecases';
import { addTopic, articleContent, newArticle } from '../../../test/helpers/content';
import { exampleGroup, maintain } from '../../../test/helpers/groups';

let t: TestApp;
let owner: TestUser;
let leaving: TestUser;
let slug = '';

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  const admin = await createUser(t.database, { role: 'admin' });
  owner = await createUser(t.database);
  leaving = await createUser(t.database, { displayName: 'Lee Leaving' });
  const group = await exampleGroup(t, owner, admin, { members: [[leaving, 'steward']] });
  const article = await newArticle(t, owner, { title: 'A maintained page' });
  await maintain(t, owner, group, article.slug);
  const db = t.database.db;
  const now = t.clock.now();
  const list = await createExpertList({
    db,
    actor: actorFor(owner),
    now,
    groupSlug: group.slug,
    title: 'Example experts',
    description: '',
  });
  if (!list.ok) throw new Error('list');
  slug = list.slug;
  await inviteExpert({
    db,
    actor: actorFor(owner),
    now,
    listSlug: slug,
    username: leaving.username,
    note: 'Example advice',
  });
  await answerInvitation({ db, actor: actorFor(leaving), now, listSlug: slug, accept: true });
  await submitSuggestion({
    db,
    actor: actorFor(leaving),
    now,
    slug: article.slug,
    baseRevision: 1,
    content: articleContent({ title: article.title, body: 'A suggestion that is still open.' }),
    message: 'Open one',
  });
});
afterAll(() => t.close());

describe('personal data', () => {
  it('exports memberships, suggestions and expert list places', async () => {
    const data = await exportGroupsData(t.deps, leaving.id);
    expect(data.groupMemberships).toEqual([expect.objectContaining({ role: 'steward' })]);
    expect(data.suggestedEdits).toEqual([expect.objectContaining({ message: 'Open one', status: 'pending' })]);
    expect(data.expertLists).toEqual([
      expect.objectContaining({ list: 'Example experts', status: 'accepted', note: 'Example advice' }),
    ]);
  });

  it('exports the requests to maintain a page or a whole topic that the member made', async () => {
    const db = t.database.db;
    const now = t.clock.now();
    const group = (await groupsOf(db, leaving.id, now))[0]!;
    const page = await newArticle(t, owner, { title: 'A page nobody keeps yet' });
    const claim = await assignStewardship({
      db,
      actor: actorFor(leaving),
      now,
      slug: page.slug,
      groupId: group.id,
      intervalMonths: 12,
    });
    expect(claim.ok).toBe(true);
    const topic = await requestTopicAdoption({
      db,
      actor: actorFor(leaving),
      now,
      topicSlug: 'lending',
      groupId: group.id,
      intervalMonths: 6,
    });
    expect(topic.status).toBe('requested');
    const data = await exportGroupsData(t.deps, leaving.id);
    expect(data.requestsToMaintainPages).toEqual([
      expect.objectContaining({ article: page.slug, group: group.name, you: 'asked', status: 'pending' }),
    ]);
    expect(data.requestsToMaintainTopics).toEqual([
      expect.objectContaining({ topic: 'lending', group: group.name, you: 'asked', status: 'pending' }),
    ]);
  });

  it('on account deletion ends roles and list places and withdraws open suggestions', async () => {
    expect(await (await new TestClient(t.app).get(`/experts/${slug}`)).text()).toContain('Lee Leaving');
    await t.database.db.transaction((tx) => eraseGroupsData(tx, leaving.id));
    const rows = rowsOf<{ members: number; entries: number; open: number }>(
      await t.database.db.execute(sql`select
        (select count(*)::int from group_members where user_id = ${leaving.id}) as members,
        (select count(*)::int from expert_list_entries where user_id = ${leaving.id}) as entries,
        (select count(*)::int from suggested_edits where proposer_id = ${leaving.id} and status in ('pending', 'changes_requested')) as open`),
    );
    expect(rows[0]).toEqual({ members: 0, entries: 0, open: 0 });
    // The public list no longer shows them (its cached copy was dropped).
    await pageWhen(new TestClient(t.app), `/experts/${slug}`, (html) => expect(html).not.toContain('Lee Leaving'));
  });
});

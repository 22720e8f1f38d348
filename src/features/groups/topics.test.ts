import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { addTopic, newArticle } from '../../../test/helpers/content';
import { exampleGroup, maintain } from '../../../test/helpers/groups';
import { rowsOf } from '../../platform/db/database';
import { EDITORS_GROUP, groupsModule } from '.';
import type { Group } from './groups.models';
import * as groupsRepo from './groups.repository';
import * as stewardshipRepo from './stewardship.repository';
import { applyTopicAdoptions } from './topics.apply';
import { requestTopicAdoption } from './topics.usecases';

let t: TestApp;
let admin: TestUser;
let owner: TestUser;
let steward: TestUser;
let editor: TestUser;
let author: TestUser;
let committee: Group;
let other: Group;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t, 'lending', 'Lending');
  await addTopic(t, 'copyright', 'Copyright');
  admin = await createUser(t.database, { role: 'admin' });
  owner = await createUser(t.database);
  steward = await createUser(t.database, { displayName: 'Stella Steward' });
  editor = await createUser(t.database, { role: 'editor' });
  author = await createUser(t.database);
  await groupsModule.seed!(t.deps);
  committee = await exampleGroup(t, owner, admin, { name: 'Lending Committee', members: [[steward, 'steward']] });
  other = await exampleGroup(t, author, admin, { name: 'Another Committee' });
});
afterAll(() => t.close());

async function maintainer(slug: string): Promise<{ group: string | null; viaTopic: string | null }> {
  const rows = rowsOf<{ group: string | null; via_topic: string | null }>(
    await t.database.db.execute(sql`
      select g.slug as group, s.via_topic from articles a
      left join stewardships s on s.article_id = a.id left join groups g on g.id = s.group_id
      where a.slug = ${slug}`),
  );
  return { group: rows[0]?.group ?? null, viaTopic: rows[0]?.via_topic ?? null };
}

describe('a group adopting a topic', () => {
  it('waits for an editor, then takes the topic’s pages, except those another group chose; later pages follow', async () => {
    const unmaintained = await newArticle(t, author, { title: 'Lending page nobody keeps', topicSlugs: ['lending'] });
    const starter = await newArticle(t, author, { title: 'Lending page the editors keep', topicSlugs: ['lending'] });
    const editors = (await groupsRepo.findGroupBySlug(t.database.db, EDITORS_GROUP.slug))!;
    await stewardshipRepo.insertStewardship(t.database.db, {
      articleId: starter.id,
      groupId: editors.id,
      reviewIntervalMonths: 12,
      nextReviewDue: new Date('2027-01-01T00:00:00Z'),
      assignedAt: t.clock.now(),
    });
    const chosen = await newArticle(t, author, { title: 'Lending page another group chose', topicSlugs: ['lending'] });
    await maintain(t, author, other, chosen.slug);
    const elsewhere = await newArticle(t, author, { title: 'Copyright page', topicSlugs: ['copyright'] });

    const client = await clientFor(t, steward);
    const form = await (await client.get('/stewardship/topics?topic=lending')).text();
    expect(form).toContain('Ask to maintain a topic');
    const asked = await client.post('/stewardship/topics', {
      topic: 'lending',
      groupId: String(committee.id),
      intervalMonths: '6',
    });
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe('/stewardship/topics?notice=requested');
    // Nothing changes hands before an editor approves.
    expect(await maintainer(unmaintained.slug)).toEqual({ group: null, viaTopic: null });
    expect(await maintainer(starter.slug)).toEqual({ group: EDITORS_GROUP.slug, viaTopic: null });
    const notified = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from notifications where user_id = ${editor.id} and kind = 'stewardship.topic_requested'`,
      ),
    );
    expect(notified[0]!.n).toBe(1);

    // The steward cannot approve their own group's request.
    const id = rowsOf<{ id: number }>(await t.database.db.execute(sql`select id from topic_stewardships`))[0]!.id;
    const refused = await client.post(`/stewardship/topics/requests/${id}`, { decision: 'approve', note: '' });
    expect(refused.status).toBe(403);

    const reviewer = await clientFor(t, editor);
    const queue = await (await reviewer.get('/stewardship/topics')).text();
    expect(queue).toContain('Approve Lending Committee for Lending');
    const approved = await reviewer.post(`/stewardship/topics/requests/${id}`, {
      decision: 'approve',
      note: 'Welcome aboard.',
    });
    expect(approved.status).toBe(303);
    expect(await maintainer(unmaintained.slug)).toEqual({ group: committee.slug, viaTopic: 'lending' });
    expect(await maintainer(starter.slug)).toEqual({ group: committee.slug, viaTopic: 'lending' });
    // A page-level choice overrides the topic's group; other topics are untouched.
    expect(await maintainer(chosen.slug)).toEqual({ group: other.slug, viaTopic: null });
    expect(await maintainer(elsewhere.slug)).toEqual({ group: null, viaTopic: null });
    const topicPage = await (await t.app.request('/topics/lending')).text();
    expect(topicPage).toContain('Maintained by <a href="/groups/');

    // A page added to the topic later goes to the group too.
    const later = await newArticle(t, author, { title: 'A newer lending page', topicSlugs: ['lending'] });
    expect(await applyTopicAdoptions({ db: t.database.db, now: t.clock.now() })).toBe(1);
    expect(await maintainer(later.slug)).toEqual({ group: committee.slug, viaTopic: 'lending' });
  });

  it('refuses a second group for a topic already maintained, and members who steward no group', async () => {
    const result = await requestTopicAdoption({
      db: t.database.db,
      actor: actorFor(author),
      now: t.clock.now(),
      topicSlug: 'lending',
      groupId: other.id,
      intervalMonths: 12,
    });
    expect(result).toMatchObject({
      status: 'invalid',
      errors: { groupId: expect.stringContaining('Lending Committee') },
    });
    const outsider = await createUser(t.database);
    await expect(
      requestTopicAdoption({
        db: t.database.db,
        actor: actorFor(outsider),
        now: t.clock.now(),
        topicSlug: 'copyright',
        groupId: committee.id,
        intervalMonths: 12,
      }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('applies an editor’s own request at once', async () => {
    await groupsRepo.upsertMember(t.database.db, {
      groupId: other.id,
      userId: editor.id,
      role: 'steward',
      termEndsOn: null,
      now: t.clock.now(),
    });
    const result = await requestTopicAdoption({
      db: t.database.db,
      actor: actorFor(editor),
      now: t.clock.now(),
      topicSlug: 'copyright',
      groupId: other.id,
      intervalMonths: 12,
    });
    expect(result).toMatchObject({ status: 'adopted', pages: 1 });
  });
  it('lets the group’s stewards give a topic up after confirming; its pages go back to the editors', async () => {
    const adoption = rowsOf<{ id: number }>(
      await t.database.db.execute(
        sql`select id from topic_stewardships where topic_slug = 'lending' and status = 'approved'`,
      ),
    )[0]!;
    const path = `/stewardship/topics/${adoption.id}/release`;
    // A plain member of the group and members of other groups may not.
    const plain = await createUser(t.database);
    await groupsRepo.upsertMember(t.database.db, {
      groupId: committee.id,
      userId: plain.id,
      role: 'member',
      termEndsOn: null,
      now: t.clock.now(),
    });
    for (const person of [plain, author]) {
      const client = await clientFor(t, person);
      expect((await client.get(path)).status).toBe(403);
      expect((await client.post(path, {})).status).toBe(403);
    }
    expect((await maintainer('a-newer-lending-page')).group).toBe(committee.slug);

    const client = await clientFor(t, steward);
    expect(await (await client.get('/stewardship/topics')).text()).toContain(`href="${path}"`);
    const confirm = await client.get(path);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('Give up the topic Lending?');
    expect(html).toContain(`action="${path}"`);
    const released = await client.post(path, {});
    expect(released.status).toBe(303);
    expect(released.headers.get('location')).toBe('/stewardship/topics?notice=released');
    expect(await maintainer('a-newer-lending-page')).toEqual({ group: EDITORS_GROUP.slug, viaTopic: null });
    // The page another group chose stays with it; nobody adopts the topic's later pages any more.
    expect((await maintainer('lending-page-another-group-chose')).group).toBe(other.slug);
    const newest = await newArticle(t, author, { title: 'The newest lending page', topicSlugs: ['lending'] });
    expect(await applyTopicAdoptions({ db: t.database.db, now: t.clock.now() })).toBe(0);
    expect(await maintainer(newest.slug)).toEqual({ group: null, viaTopic: null });
    // Giving it up twice finds nothing to give up.
    expect((await client.post(path, {})).status).toBe(404);
  });
});

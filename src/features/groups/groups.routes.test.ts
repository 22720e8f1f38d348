import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { rowsOf } from '../../platform/db/database';
import { GROUP_LIMITS } from './groups.models';
import * as repo from './groups.repository';
import { endTerms } from './groups.usecases';
import { addTopic, newArticle } from '../../../test/helpers/content';
import { errorCode } from '../../../test/helpers/http';
import { exampleGroup, maintain } from '../../../test/helpers/groups';

let t: TestApp;
let admin: TestUser;
let owner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  admin = await createUser(t.database, { role: 'admin', displayName: 'Ada Admin' });
  owner = await createUser(t.database, { displayName: 'Olive Owner' });
});
afterAll(() => t.close());

describe('asking for a group', () => {
  it('waits for an administrator, hidden from others, then appears with its first owner', async () => {
    const asker = await clientFor(t, owner);
    const res = await asker.post(
      '/groups',
      {
        name: 'Interlibrary Courier Project',
        kind: 'project',
        purpose: 'Keeps the courier schedule pages current for the region.',
      },
      { from: '/groups/new' },
    );
    expect(res.status).toBe(303);
    const path = res.headers.get('location')!.split('?')[0]!;
    expect(path).toBe('/groups/interlibrary-courier-project');
    expect(await (await asker.get(path)).text()).toContain('Waiting for approval');
    expect((await new TestClient(t.app).get(path)).status).toBe(404);
    expect((await (await clientFor(t, await createUser(t.database))).get(path)).status).toBe(404);

    const adminClient = await clientFor(t, admin);
    const queue = await (await adminClient.get('/admin/groups')).text();
    expect(queue).toContain('Interlibrary Courier Project');
    const group = await repo.findGroupBySlug(t.database.db, 'interlibrary-courier-project');
    const decided = await adminClient.post(`/admin/groups/${group!.id}/decision`, { decision: 'approve', note: '' });
    expect(decided.status).toBe(303);
    const page = await (await new TestClient(t.app).get(path)).text();
    expect(page).toContain('Olive Owner');
    expect(page).toContain('Owner');
    // A second decision is refused with the reason: it was decided already.
    const again = await adminClient.post(
      `/admin/groups/${group!.id}/decision`,
      { decision: 'reject', note: '' },
      { from: '/admin/groups' },
    );
    expect(again.status).toBe(409);
    expect(errorCode(await again.text())).toBe('groups.already_decided');
  });

  it('re-renders the request form with field errors, status 400 and the schema’s maxlength', async () => {
    const res = await (await clientFor(t, owner)).post(
      '/groups',
      { name: 'x', kind: 'club', purpose: 'short', website: 'ftp://nope' },
      { from: '/groups/new' },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Name must be at least 3 characters.');
    expect(html).toContain('Choose what kind of group it is.');
    expect(html).toContain('Purpose must be at least 20 characters.');
    expect(html).toContain('must start with https://');
    expect(html).toMatch(new RegExp(`name="purpose"[^>]*maxlength="${GROUP_LIMITS.purpose}"`));
  });

  it('refuses readers, who can read but not write', async () => {
    const reader = await clientFor(t, await createUser(t.database, { role: 'reader' }));
    expect((await reader.get('/groups/new')).status).toBe(403);
  });
});

describe('members and owners', () => {
  it('lets an owner add, change and remove members, and shows the group’s activity', async () => {
    const group = await exampleGroup(t, owner, admin);
    const mia = await createUser(t.database, { displayName: 'Mia Member', username: `mia${Date.now()}` });
    const client = await clientFor(t, owner);
    const added = await client.post(
      `/groups/${group.slug}/members`,
      { username: mia.username, role: 'member', termEndsOn: '' },
      { from: `/groups/${group.slug}/members` },
    );
    expect(added.status).toBe(303);
    const changed = await client.post(
      `/groups/${group.slug}/members/${mia.id}`,
      { role: 'steward', termEndsOn: '2026-06-30' },
      { from: `/groups/${group.slug}/members` },
    );
    expect(changed.status).toBe(303);
    const page = await (await new TestClient(t.app).get(`/groups/${group.slug}`)).text();
    expect(page).toContain('Mia Member');
    expect(page).toContain('June 30, 2026');
    expect(page).toContain('added Mia Member as member');
    expect(page).toContain('made Mia Member steward until 2026-06-30');
    const removed = await client.post(
      `/groups/${group.slug}/members/${mia.id}/remove`,
      {},
      { from: `/groups/${group.slug}/members` },
    );
    expect(removed.status).toBe(303);
    expect(await repo.roleIn(t.database.db, group.id, mia.id, t.clock.now())).toBeNull();
  });

  it('gives field errors for an unknown username and a past term end date', async () => {
    const group = await exampleGroup(t, owner, admin);
    const client = await clientFor(t, owner);
    const unknown = await client.post(
      `/groups/${group.slug}/members`,
      { username: 'nobody-here', role: 'member' },
      { from: `/groups/${group.slug}/members` },
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('No member has that username');
    const someone = await createUser(t.database);
    const past = await client.post(
      `/groups/${group.slug}/members`,
      { username: someone.username, role: 'member', termEndsOn: '2026-03-01' },
      { from: `/groups/${group.slug}/members` },
    );
    expect(past.status).toBe(400);
    expect(await past.text()).toContain('The term end date must be after today.');
    const badDate = await client.post(
      `/groups/${group.slug}/members`,
      { username: someone.username, role: 'member', termEndsOn: '2026-02-30' },
      { from: `/groups/${group.slug}/members` },
    );
    expect(badDate.status).toBe(400);
    expect(await badDate.text()).toContain('Write the date as YYYY-MM-DD');
  });

  it('refuses to remove, demote, time-limit or let leave the last open-ended owner, saying why', async () => {
    const group = await exampleGroup(t, owner, admin);
    const client = await clientFor(t, owner);
    const from = { from: `/groups/${group.slug}/members` };
    for (const [path, fields] of [
      [`/groups/${group.slug}/members/${owner.id}/remove`, {}],
      [`/groups/${group.slug}/members/${owner.id}`, { role: 'steward', termEndsOn: '' }],
      [`/groups/${group.slug}/members/${owner.id}`, { role: 'owner', termEndsOn: '2026-12-31' }],
    ] as const) {
      const res = await client.post(path, fields, from);
      expect(res.status, path).toBe(409);
      const html = await res.text();
      expect(html).toContain('That change was not made');
      expect(html).toMatch(/only owner with no end date|would have no owner without an end date/);
    }
    const leave = await client.post(`/groups/${group.slug}/leave`, {}, { from: `/groups/${group.slug}` });
    expect(leave.status).toBe(409);
    expect(errorCode(await leave.text())).toBe('groups.last_owner');
    expect(await repo.roleIn(t.database.db, group.id, owner.id, t.clock.now())).toBe('owner');

    // With a second open-ended owner, the first may go.
    const second = await createUser(t.database);
    await client.post(`/groups/${group.slug}/members`, { username: second.username, role: 'owner' }, from);
    expect(
      (
        await client.post(
          `/groups/${group.slug}/members/${owner.id}`,
          { role: 'owner', termEndsOn: '2026-12-31' },
          from,
        )
      ).status,
    ).toBe(303);
  });
});

describe('committee terms', () => {
  it('ends a role on its end date: at read time, and for good when the scheduled job runs', async () => {
    const steward = await createUser(t.database, { displayName: 'Terry Term' });
    const group = await exampleGroup(t, owner, admin, { members: [[steward, 'steward', '2026-03-10']] });
    const article = await newArticle(t, owner, { title: `Termed page ${Date.now()}` });
    await maintain(t, owner, group, article.slug);
    const client = await clientFor(t, steward);
    expect((await client.get(`/articles/${article.slug}/edit`)).status).toBe(200);
    expect(await (await client.get(`/groups/${group.slug}`)).text()).toContain('You are steward');

    t.clock.set('2026-03-10T00:00:01Z');
    try {
      // Before any job has run, the role has already ended for every check.
      expect(await repo.roleIn(t.database.db, group.id, steward.id, t.clock.now())).toBeNull();
      // No longer a steward: "Edit" now leads to the suggestion form instead of the editor.
      const edit = await client.get(`/articles/${article.slug}/edit`);
      expect(edit.status).toBe(303);
      expect(edit.headers.get('location')).toContain('/suggest');
      expect(await (await client.get(`/groups/${group.slug}`)).text()).not.toContain(`/people/${steward.username}`);
      const ended = await endTerms({ db: t.database.db, now: t.clock.now() });
      expect(ended).toBeGreaterThanOrEqual(1);
      const rows = rowsOf<{ n: number }>(
        await t.database.db.execute(sql`select count(*)::int as n from group_members where user_id = ${steward.id}`),
      );
      expect(rows[0]?.n).toBe(0);
      expect(await (await new TestClient(t.app).get(`/groups/${group.slug}`)).text()).toContain(
        'Terry Term’s term as steward ended',
      );
    } finally {
      t.clock.set('2026-03-02T15:00:00Z');
    }
  });

  it('keeps the role through the day before the end date', async () => {
    const member = await createUser(t.database);
    const group = await exampleGroup(t, owner, admin, { members: [[member, 'member', '2026-03-10']] });
    t.clock.set('2026-03-09T23:59:59Z');
    try {
      expect(await repo.roleIn(t.database.db, group.id, member.id, t.clock.now())).toBe('member');
      await endTerms({ db: t.database.db, now: t.clock.now() });
      expect(await repo.roleIn(t.database.db, group.id, member.id, t.clock.now())).toBe('member');
    } finally {
      t.clock.set('2026-03-02T15:00:00Z');
    }
  });
});

// A member who changes something sees it on the very next page, even before the database's NOTIFY comes back to
// this process (on PostgreSQL it arrives over another connection, some time after the commit). The app here never
// hears NOTIFY at all, so only what each request applies to this process's caches itself can make the tests pass.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, createTestApp, createUser, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ listen: false });
});
afterAll(async () => {
  await t.close();
});

describe('read-your-writes without NOTIFY', () => {
  it('shows a watch the member just started on the next page (personal parts)', async () => {
    const author = await createUser(t.database);
    await t.database.db.execute(sql`insert into articles (slug, title, summary, type, audience, body, created_by, updated_by)
      values ('ryw-article', 'Read your writes', 'A summary', 'guide', 'all', 'Body text', ${author.id}, ${author.id})`);
    const reader = await createUser(t.database);
    const client = await clientFor(t, reader);
    const before = await (await client.get('/articles/ryw-article')).text();
    expect(before).toContain('Watch this article');
    const id = before.match(/name="targetId" value="(\d+)"/)?.[1];
    const watched = await client.post('/watch', {
      targetType: 'article',
      targetId: id!,
      delivery: 'immediate',
      next: '/articles/ryw-article',
    });
    expect(watched.status).toBe(303);
    expect(await (await client.get('/articles/ryw-article')).text()).toContain('You are watching this article');
  });

  it("drops a member's cached session when an administrator changes their role (sessions)", async () => {
    const admin = await createUser(t.database, { role: 'admin' });
    const member = await createUser(t.database);
    const memberClient = await clientFor(t, member);
    // The member's session is now in this process's cache, as a member, who may not moderate.
    expect((await memberClient.get('/moderation')).status).toBe(403);
    const adminClient = await clientFor(t, admin);
    await adminClient.get('/admin/users');
    const changed = await adminClient.post(`/admin/users/${member.id}/role`, { role: 'moderator' });
    expect(changed.status).toBe(303);
    expect((await memberClient.get('/moderation')).status).toBe(200);
  });
});

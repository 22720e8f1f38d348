import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser, actorFor } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import type { Group } from './groups.models';
import { healthReport } from './health';
import { submitSuggestion } from './suggestions.usecases';
import { addTopic, articleContent, newArticle } from '../../../test/helpers/content';
import { exampleGroup, maintain } from '../../../test/helpers/groups';

const DAY = 86_400_000;
let t: TestApp;
let owner: TestUser;
let group: Group;

/** Example data: a committee maintaining three lending pages, with the gaps content health should find. */
beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t, 'lending', 'Lending');
  await addTopic(t, 'copyright', 'Copyright');
  const admin = await createUser(t.database, { role: 'admin' });
  owner = await createUser(t.database);
  const member = await createUser(t.database, { displayName: 'Milo Member' });
  group = await exampleGroup(t, owner, admin, { name: 'Example Lending Committee', members: [[member, 'member']] });
  const db = t.database.db;
  const overdue = await newArticle(t, owner, { title: 'Overdue lending page' });
  const stale = await newArticle(t, owner, { title: 'Stale lending page' });
  const fine = await newArticle(t, owner, { title: 'Fine lending page' });
  await maintain(t, owner, group, overdue.slug, 1);
  await maintain(t, owner, group, stale.slug);
  await maintain(t, owner, group, fine.slug);
  await db.execute(
    sql`update articles set updated_at = ${new Date(Date.parse('2023-01-01T00:00:00Z')).toISOString()} where id = ${stale.id}`,
  );
  await newArticle(t, owner, { title: 'Unmaintained lending page A' });
  await newArticle(t, owner, { title: 'Unmaintained lending page B' });
  await newArticle(t, owner, { title: 'Unmaintained copyright page', topicSlugs: ['copyright'] });
  const s = await submitSuggestion({
    db,
    actor: actorFor(member),
    now: t.clock.now(),
    slug: fine.slug,
    baseRevision: 1,
    content: articleContent({ title: fine.title, body: 'A proposed improvement to the fine page.' }),
    message: 'Improve',
  });
  expect(s.status).toBe('saved');
  // Forum questions: an old unanswered one in lending, a recent one, and an old one in copyright.
  await db.execute(sql`insert into forum_categories (slug, name) values ('example-questions', 'Example questions')`);
  const cat = sql`(select id from forum_categories where slug = 'example-questions')`;
  const old = new Date(t.clock.now().getTime() - 10 * DAY).toISOString();
  const recent = new Date(t.clock.now().getTime() - 2 * DAY).toISOString();
  await db.execute(sql`insert into forum_threads (category_id, title, kind, author_id, topic_slugs, created_at, last_post_at) values
    (${cat}, 'Old lending question', 'question', ${owner.id}, array['lending'], ${old}, ${old}),
    (${cat}, 'Recent lending question', 'question', ${owner.id}, array['lending'], ${recent}, ${recent}),
    (${cat}, 'Old copyright question', 'question', ${owner.id}, array['copyright'], ${old}, ${old})`);
  t.clock.advance(40 * DAY);
});
afterAll(() => t.close());

describe('content health', () => {
  it('counts overdue reviews, unmaintained and stale pages, pending suggestions and unanswered questions for a group', async () => {
    const report = await healthReport(t.database.db, group.id, t.clock.now());
    expect(report).toMatchObject({ overdue: 1, unmaintained: 2, pending: 1, stale: 1, topics: ['lending'] });
    // Both lending questions are older than 7 days by now; the copyright one is not the group's.
    expect(report.unanswered).toBe(2);
  });

  it('counts the same things across the whole site', async () => {
    const report = await healthReport(t.database.db, null, t.clock.now());
    expect(report).toMatchObject({ overdue: 1, unmaintained: 3, pending: 1, stale: 1, unanswered: 3, topics: null });
  });

  it('links every count to its list, and the lists show the pages', async () => {
    const client = await clientFor(t, owner);
    const summary = await (await client.get(`/groups/${group.slug}/health`)).text();
    for (const list of ['overdue', 'unmaintained', 'suggestions', 'stale', 'questions'])
      expect(summary).toContain(`href="/health/${list}?group=${group.slug}"`);
    expect(summary).toMatch(/the oldest for 40 days/);
    const unmaintained = await (await client.get(`/health/unmaintained?group=${group.slug}`)).text();
    expect(unmaintained).toContain('Unmaintained lending page A');
    expect(unmaintained).not.toContain('Unmaintained copyright page');
    const siteWide = await (await client.get('/health/unmaintained')).text();
    expect(siteWide).toContain('Unmaintained copyright page');
    expect(await (await client.get(`/health/overdue?group=${group.slug}`)).text()).toContain('Overdue lending page');
    expect(await (await client.get(`/health/stale?group=${group.slug}`)).text()).toContain('Stale lending page');
    const suggestions = await (await client.get('/health/suggestions')).text();
    expect(suggestions).toContain('Milo Member');
    expect(suggestions).toMatch(/href="\/suggestions\/\d+"/);
    const questions = await (await client.get(`/health/questions?group=${group.slug}`)).text();
    expect(questions).toContain('Old lending question');
    expect(questions).not.toContain('Old copyright question');
  });

  it('is for signed-in people only', async () => {
    expect((await new TestClient(t.app).get('/health')).status).toBe(401);
  });
});

// System pages past their review date on the content-health pages (the hub's and the maintaining group's), beside
// the library's articles: the count links to the systems feature's own list, and a recorded review clears it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { exampleGroup } from '../../../test/helpers/groups';
import type { Group } from '../groups/groups.models';
import type { SystemData } from './systems.models';
import * as repo from './systems.repository';
import { markSystemReviewed } from './systems.usecases';

let t: TestApp;
let steward: TestUser;
let ours: Group;
let theirs: Group;

function data(name: string): SystemData {
  return {
    name,
    summary: { text: `${name} is an example ILL system made up for a test.` },
    maker: { text: 'Example Maker Ltd.' },
    licence: { text: 'Proprietary.' },
    pricing: { text: 'Subscription.' },
    standards: [],
    integrations: [],
    communities: [],
    docs: [],
  };
}

async function page(slug: string, name: string, group: Group, reviewDue: string) {
  await repo.insertPageIfMissing(t.database.db, {
    slug,
    data: data(name),
    maintainingGroupId: group.id,
    reviewDue,
    now: t.clock.now(),
  });
}

beforeAll(async () => {
  t = await createTestApp(); // today is 2026-03-02
  const admin = await createUser(t.database, { role: 'admin' });
  steward = await createUser(t.database);
  ours = await exampleGroup(t, steward, admin, { name: 'Systems Watch Committee', members: [[steward, 'steward']] });
  theirs = await exampleGroup(t, admin, admin, { name: 'Another Committee' });
  await page('overdue-sys', 'Overduesys ILL', ours, '2026-01-15');
  await page('current-sys', 'Currentsys ILL', ours, '2026-09-01');
  await page('elsewhere-sys', 'Elsewheresys ILL', theirs, '2025-11-01');
});
afterAll(() => t.close());

/** The figure a content-health page shows for system pages, and where it links. */
function systemsRow(html: string): { count: number; href: string } | undefined {
  const match = html.match(
    /<a href="([^"]+)">(\d+)<span class="visually-hidden"> — system pages past their review date<\/span><\/a>/,
  );
  return match ? { href: match[1]!.replace(/&amp;/g, '&'), count: Number(match[2]) } : undefined;
}

describe('system pages on the content-health pages', () => {
  it('counts the group’s system pages past their review date, and lists them on the page the count opens', async () => {
    const client = await clientFor(t, steward);
    const summary = await (await client.get(`/groups/${ours.slug}/health`)).text();
    expect(summary).toContain('System pages past their review date');
    const row = systemsRow(summary);
    expect(row).toEqual({ count: 1, href: `/systems/reviews?group=${ours.slug}` });

    const list = await (await client.get(row!.href)).text();
    expect(list).toContain('href="/systems/overdue-sys"');
    expect(list).toContain('Review was due 2026-01-15');
    expect(list).not.toContain('Currentsys ILL');
    expect(list).not.toContain('Elsewheresys ILL');

    // The whole hub: every maintaining group's overdue pages.
    expect(systemsRow(await (await client.get('/health')).text())).toEqual({ count: 2, href: '/systems/reviews' });
    const all = await (await client.get('/systems/reviews')).text();
    expect(all).toContain('Overduesys ILL');
    expect(all).toContain('Elsewheresys ILL');
  });

  it('clears a page once its steward records a review', async () => {
    await markSystemReviewed({ db: t.database.db, actor: actorFor(steward), now: t.clock.now(), slug: 'overdue-sys' });
    const client = await clientFor(t, steward);
    expect(systemsRow(await (await client.get(`/groups/${ours.slug}/health`)).text())?.count).toBe(0);
    expect(await (await client.get(`/systems/reviews?group=${ours.slug}`)).text()).toContain(
      'No system page is past its review date.',
    );
  });

  it('is a working list for signed-in people, and knows no unknown group', async () => {
    expect((await new TestClient(t.app).get('/systems/reviews')).status).toBe(401);
    const client = await clientFor(t, steward);
    expect((await client.get('/systems/reviews?group=no-such-group')).status).toBe(404);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { articleForm } from '../../../test/helpers/content';
import { exampleGroup } from '../../../test/helpers/groups';
import { errorCode } from '../../../test/helpers/http';
import { rowsOf } from '../../platform/db/database';
import { ensureSystemUser } from '../accounts';
import { findArticle, loadStarterContent } from '../library';
import { EDITORS_GROUP, groupsModule, healthReport, welcomeAdministrator } from '.';
import * as groupsRepo from './groups.repository';
import { DAY_MS } from './groups.models';
import { EDITOR_FALLBACK_DAYS } from './groups.policies';
import * as stewardshipRepo from './stewardship.repository';
import { assignStewardship, decideClaim } from './stewardship.usecases';
import { findSuggestion } from './suggestions.repository';
import { decideSuggestion, submitSuggestion } from './suggestions.usecases';

/** A small set of starter files, as content/ holds them, with the upkeep front matter agreed for issue 11. */
function starterDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-upkeep-'));
  fs.mkdirSync(path.join(dir, 'articles'));
  fs.writeFileSync(path.join(dir, 'topics.yaml'), '- slug: lending\n  name: Lending\n');
  const file = (slug: string, extra: string) =>
    fs.writeFileSync(
      path.join(dir, 'articles', `${slug}.md`),
      `---\nslug: ${slug}\ntitle: Starter page ${slug}\nsummary: A starter page about lending rare books.\ntype: guide\ntopics: [lending]\naudience: new\n${extra}sources:\n  - title: ALA\n    url: https://www.ala.org/\n---\nPack every rare book in two boxes with padding between them.\n`,
    );
  file('starter-reviewed-long-ago', 'reviewed: 2024-01-10\nreview_every: 12\n');
  file('starter-reviewed-recently', 'reviewed: 2026-01-05\nreview_every: 6\n');
  file('starter-never-reviewed', '');
  file('starter-for-a-missing-group', 'reviewed: 2026-02-01\nmaintained_by: no-such-committee\n');
  return dir;
}

let t: TestApp;
let member: TestUser;
let editor: TestUser;
const seed = () => groupsModule.seed!(t.deps);

beforeAll(async () => {
  t = await createTestApp();
  const systemUserId = await ensureSystemUser(t.database.db, t.clock.now());
  await loadStarterContent({ db: t.database.db, now: t.clock.now(), contentDir: starterDir(), systemUserId });
  member = await createUser(t.database, { displayName: 'Nina Newcomer' });
  editor = await createUser(t.database, { role: 'editor', displayName: 'Edda Editor' });
});
afterAll(() => t.close());

async function notified(userId: number, kind: string): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await t.database.db.execute(
      sql`select count(*)::int as n from notifications where user_id = ${userId} and kind = ${kind}`,
    ),
  );
  return rows[0]?.n ?? 0;
}

async function suggestAsMember(slug: string, body: string) {
  const client = await clientFor(t, member);
  expect((await client.get(`/articles/${slug}/suggest`)).status).toBe(200);
  const res = await client.post(
    `/articles/${slug}/suggest`,
    articleForm({
      title: `Starter page ${slug}`,
      summary: 'A starter page about lending rare books.',
      type: 'guide',
      body,
      tags: '',
      message: 'Fix: a typo',
      baseRevision: String((await findArticle(t.database.db, slug))!.revision),
    }),
  );
  expect(res.status).toBe(303);
  return Number(res.headers.get('location')?.match(/\/suggestions\/(\d+)/)?.[1]);
}

describe('suggesting an edit on a fresh hub', () => {
  it('offers a new member a suggestion, never a 403, on a starter page no group maintains yet', async () => {
    const client = await clientFor(t, member);
    const page = await (await client.get('/articles/starter-never-reviewed')).text();
    expect(page).toContain('href="/articles/starter-never-reviewed/suggest"');
    expect(page).toContain('href="/articles/starter-never-reviewed/suggest?fix=1"');
    // "Edit" on a page the member may not edit leads to the suggestion form.
    const edit = await client.get('/articles/starter-never-reviewed/edit');
    expect(edit.status).toBe(303);
    expect(edit.headers.get('location')).toBe('/articles/starter-never-reviewed/suggest');
    const form = await client.get('/articles/starter-never-reviewed/suggest');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('hub’s review queue');
    const fix = await (await client.get('/articles/starter-never-reviewed/suggest?fix=1')).text();
    expect(fix).toContain('Propose a fix to');
    expect(fix).toContain('Pack every rare book in two boxes');
  });

  it('sends the suggestion to the hub-wide queue, where an editor accepts it with one click and a note', async () => {
    const id = await suggestAsMember(
      'starter-never-reviewed',
      'Pack every rare book in two sturdy boxes with padding between them.',
    );
    expect(await notified(editor.id, 'suggestion.submitted')).toBe(1);
    const reviewer = await clientFor(t, editor);
    const queue = await (await reviewer.get('/suggestions')).text();
    expect(queue).toContain('Hub review queue');
    expect(queue).toContain(`/suggestions/${id}`);
    // Members do not see the hub queue.
    expect(await (await (await clientFor(t, member)).get('/suggestions')).text()).not.toContain('Hub review queue');
    const approved = await reviewer.post(`/suggestions/${id}/approve`, { note: 'Thanks, fixed.' });
    expect(approved.status).toBe(303);
    const s = await findSuggestion(t.database.db, id);
    expect(s).toMatchObject({ status: 'approved', decisionNote: 'Thanks, fixed.', resultingRevision: 2 });
    const article = await findArticle(t.database.db, 'starter-never-reviewed');
    expect(article?.body).toContain('two sturdy boxes');
    expect(await notified(member.id, 'suggestion.approved')).toBe(1);
  });

  it('lets nobody but editors decide on a page no group maintains', async () => {
    const id = await suggestAsMember('starter-reviewed-recently', 'Pack every rare book in three boxes.');
    const other = await createUser(t.database);
    const refused = await (await clientFor(t, other)).post(
      `/suggestions/${id}/decline`,
      { reason: 'No.' },
      { from: '/suggestions' },
    );
    expect(refused.status).toBe(404);
    await expect(
      decideSuggestion({
        db: t.database.db,
        actor: actorFor(member),
        now: t.clock.now(),
        id,
        decision: { kind: 'approve', note: '' },
      }),
    ).rejects.toMatchObject({ status: 403 });
    const declined = await decideSuggestion({
      db: t.database.db,
      actor: actorFor(editor),
      now: t.clock.now(),
      id,
      decision: { kind: 'decline', reason: 'Two boxes are enough.' },
    });
    expect(declined.status).toBe('declined');
  });

  it('refuses a suggestion to a protected page, with the reason', async () => {
    await t.database.db.execute(sql`update articles set protected = true where slug = 'starter-reviewed-recently'`);
    try {
      const res = await (await clientFor(t, member)).get('/articles/starter-reviewed-recently/suggest');
      expect(res.status).toBe(403);
      expect(errorCode(await res.text())).toBe('groups.page_protected');
      const article = await findArticle(t.database.db, 'starter-reviewed-recently');
      await expect(
        submitSuggestion({
          db: t.database.db,
          actor: actorFor(member),
          now: t.clock.now(),
          slug: 'starter-reviewed-recently',
          baseRevision: article!.revision,
          content: { ...article!, body: 'Something else entirely for the page.' } as never,
          message: 'Change',
        }),
      ).rejects.toMatchObject({ code: 'groups.page_protected' });
    } finally {
      await t.database.db.execute(sql`update articles set protected = false where slug = 'starter-reviewed-recently'`);
    }
  });
});

describe('starter content arrives maintained', () => {
  it('gives every starter page to the editors group, with its review date from the front matter', async () => {
    await seed();
    await seed(); // idempotent
    const group = await groupsRepo.findGroupBySlug(t.database.db, EDITORS_GROUP.slug);
    expect(group).toMatchObject({ name: 'ILL Commons editors', status: 'active' });
    const rows = rowsOf<{ slug: string; group_id: number; months: number; due: string; reviewed: string | null }>(
      await t.database.db.execute(sql`
        select a.slug, s.group_id, s.review_interval_months as months,
          to_char(s.next_review_due at time zone 'UTC', 'YYYY-MM-DD') as due,
          to_char(s.last_reviewed_at at time zone 'UTC', 'YYYY-MM-DD') as reviewed
        from stewardships s join articles a on a.id = s.article_id order by a.slug`),
    );
    expect(rows).toEqual([
      // A group that does not exist on this hub: the editors keep the page.
      {
        slug: 'starter-for-a-missing-group',
        group_id: group!.id,
        months: 12,
        due: '2027-02-01',
        reviewed: '2026-02-01',
      },
      { slug: 'starter-never-reviewed', group_id: group!.id, months: 12, due: '2027-03-02', reviewed: null },
      { slug: 'starter-reviewed-long-ago', group_id: group!.id, months: 12, due: '2025-01-10', reviewed: '2024-01-10' },
      { slug: 'starter-reviewed-recently', group_id: group!.id, months: 6, due: '2026-07-05', reviewed: '2026-01-05' },
    ]);
  });

  it('shows who maintains each page and an overdue review from day one, and counts it in content health', async () => {
    const page = await (await t.app.request('/articles/starter-reviewed-long-ago')).text();
    expect(page).toContain('Maintained by <a href="/groups/ill-commons-editors">ILL Commons editors</a>');
    expect(page).toContain('Review overdue');
    const group = await groupsRepo.findGroupBySlug(t.database.db, EDITORS_GROUP.slug);
    expect(await healthReport(t.database.db, group!.id, t.clock.now())).toMatchObject({ overdue: 1 });
  });

  it('never takes back a starter page that was given to another group or released', async () => {
    await t.database.db.execute(
      sql`delete from stewardships where article_id = (select id from articles where slug = 'starter-never-reviewed')`,
    );
    await seed();
    const n = rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from stewardships`));
    expect(n[0]!.n).toBe(3);
  });

  it('sends suggestions on a starter page to the editors while the group has no steward', async () => {
    const id = await suggestAsMember('starter-reviewed-long-ago', 'Pack every rare book in two boxes, then tape.');
    const page = await (await (await clientFor(t, editor)).get(`/suggestions/${id}`)).text();
    expect(page).toContain('no steward in office');
    expect(page).toContain('Approve and publish');
  });
});

describe('administrators and the editors group', () => {
  it('makes administrators owners (stewards) of the editors group: all of them while it has none, then each the CLI makes', async () => {
    const group = (await groupsRepo.findGroupBySlug(t.database.db, EDITORS_GROUP.slug))!;
    const first = await createUser(t.database, { role: 'admin', displayName: 'Ada Admin' });
    // A start seats every administrator while the group has no owner.
    await seed();
    expect(await groupsRepo.roleIn(t.database.db, group.id, first.id, t.clock.now())).toBe('owner');
    // Later, an administrator made on the hub is not added by a start (the owners choose members)…
    const appointed = await createUser(t.database, { role: 'admin' });
    await seed();
    expect(await groupsRepo.roleIn(t.database.db, group.id, appointed.id, t.clock.now())).toBeNull();
    // …but one the admin CLI creates or promotes is.
    const second = await createUser(t.database, { role: 'admin' });
    expect(await welcomeAdministrator({ db: t.database.db, now: t.clock.now(), userId: second.id })).toEqual({
      seated: [second.id],
    });
    expect(await groupsRepo.roleIn(t.database.db, group.id, second.id, t.clock.now())).toBe('owner');
  });

  it('gives a maintained page’s suggestions to its stewards, and to editors too after the fallback period', async () => {
    const id = await suggestAsMember('starter-for-a-missing-group', 'Pack every rare book in two boxes, and label.');
    const reviewer = await clientFor(t, editor);
    const page = await (await reviewer.get(`/suggestions/${id}`)).text();
    expect(page).toContain('or by the hub’s editors from');
    expect(page).not.toContain('Approve and publish');
    expect((await reviewer.post(`/suggestions/${id}/approve`, { note: '' })).status).toBe(403);
    expect(await (await reviewer.get('/suggestions')).text()).not.toContain(`/suggestions/${id}"`);
    t.clock.advance((EDITOR_FALLBACK_DAYS + 1) * DAY_MS);
    try {
      expect(await (await reviewer.get('/suggestions')).text()).toContain(`/suggestions/${id}"`);
      const approved = await reviewer.post(`/suggestions/${id}/approve`, { note: 'Waited long enough.' });
      expect(approved.status).toBe(303);
      expect((await findSuggestion(t.database.db, id))?.status).toBe('approved');
    } finally {
      t.clock.advance(-(EDITOR_FALLBACK_DAYS + 1) * DAY_MS);
    }
  });
});

describe('claiming a page the editors keep', () => {
  it('is a request an editor approves, as for a page no group maintains; then the group maintains it', async () => {
    const admin = await createUser(t.database, { role: 'admin' });
    const owner = await createUser(t.database);
    const group = await exampleGroup(t, owner, admin, { name: 'Example Rare Books Committee' });
    const article = (await findArticle(t.database.db, 'starter-reviewed-recently'))!;
    const asked = await assignStewardship({
      db: t.database.db,
      actor: actorFor(owner),
      now: t.clock.now(),
      slug: article.slug,
      groupId: group.id,
      intervalMonths: 12,
    });
    expect(asked).toMatchObject({ ok: true, claimId: expect.any(Number) });
    const before = await stewardshipRepo.findStewardship(t.database.db, article.id);
    expect(before?.groupSlug).toBe(EDITORS_GROUP.slug);
    const decided = await decideClaim({
      db: t.database.db,
      actor: actorFor(editor),
      now: t.clock.now(),
      id: asked.ok ? asked.claimId! : 0,
      decision: { approve: true, note: '' },
    });
    expect(decided.status).toBe('approved');
    expect((await stewardshipRepo.findStewardship(t.database.db, article.id))?.groupSlug).toBe(group.slug);
  });
});

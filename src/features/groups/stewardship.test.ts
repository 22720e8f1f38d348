import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createUser,
  type TestApp,
  clientFor,
  countRows,
  type TestUser,
  actorFor,
} from '../../../test/helpers/app';
import { pageWhen, TestClient } from '../../../test/helpers/client';
import { schedules } from '../../modules';
import { rowsOf } from '../../platform/db/database';
import { tickSchedules } from '../../platform/jobs/scheduler';
import { groupsModule } from '.';
import * as repo from './stewardship.repository';
import { markReviewed, sweepOverdue } from './stewardship.usecases';
import { sendReviewReminders } from './reminders';
import { addTopic, newArticle } from '../../../test/helpers/content';
import { errorCode } from '../../../test/helpers/http';
import { exampleGroup, maintain } from '../../../test/helpers/groups';

const START = '2026-03-02T15:00:00Z';
const DAY = 86_400_000;
let t: TestApp;
let admin: TestUser;
let owner: TestUser;
let steward: TestUser;
let member: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  admin = await createUser(t.database, { role: 'admin' });
  owner = await createUser(t.database, { displayName: 'Olive Owner' });
  steward = await createUser(t.database, { displayName: 'Stella Steward' });
  member = await createUser(t.database, { displayName: 'Milo Member' });
});
afterAll(() => t.close());
afterEach(() => t.clock.set(START));

async function setup(interval = 12) {
  const group = await exampleGroup(t, owner, admin, {
    members: [
      [steward, 'steward'],
      [member, 'member'],
    ],
  });
  const author = await createUser(t.database);
  const article = await newArticle(t, author, { title: `Courier schedules ${Math.random().toString(36).slice(2, 8)}` });
  await maintain(t, steward, group, article.slug, interval);
  return { group, article };
}

describe('the article shows who maintains it', () => {
  it('says plainly when no group maintains a page', async () => {
    const author = await createUser(t.database);
    const article = await newArticle(t, author, { title: `Unadopted page ${Math.random().toString(36).slice(2, 8)}` });
    const page = await (await new TestClient(t.app).get(`/articles/${article.slug}`)).text();
    expect(page).toContain('No group maintains this page yet.');
    expect(page).not.toContain('Maintained by');
  });

  it('says “Maintained by … · reviewed <date> by <person>” to every reader', async () => {
    const { group, article } = await setup();
    const before = await (await new TestClient(t.app).get(`/articles/${article.slug}`)).text();
    expect(before).toMatch(
      new RegExp(`Maintained by <a href="/groups/${group.slug}">${group.name}</a> · not reviewed yet`),
    );
    await markReviewed({
      db: t.database.db,
      actor: actorFor(steward),
      now: t.clock.now(),
      slug: article.slug,
      note: 'Checked the schedule.',
    });
    await pageWhen(new TestClient(t.app), `/articles/${article.slug}`, (html) =>
      expect(html).toContain(
        `reviewed <time datetime="2026-03-02T15:00:00.000Z">March 2, 2026</time> by <a href="/people/${steward.username}">Stella Steward</a>`,
      ),
    );
  });

  it('gives stewards Edit and Mark reviewed, and other members Suggest an edit instead of Edit', async () => {
    const { article } = await setup();
    const stewardPage = await (await (await clientFor(t, steward)).get(`/articles/${article.slug}`)).text();
    expect(stewardPage).toContain('Edit this article');
    expect(stewardPage).toContain('Mark reviewed');
    expect(stewardPage).not.toContain('Suggest an edit');
    const memberPage = await (await (await clientFor(t, member)).get(`/articles/${article.slug}`)).text();
    expect(memberPage).not.toContain('Edit this article');
    expect(memberPage).toContain(`href="/articles/${article.slug}/suggest"`);
    expect(memberPage).not.toContain('Mark reviewed');
  });
});

describe('review cycles and the overdue notice', () => {
  it('shows “Review overdue” once the date passes, even to anonymous readers of a cached page, after the sweep', async () => {
    const { article } = await setup(1);
    const reader = new TestClient(t.app);
    const path = `/articles/${article.slug}`;
    expect(await (await reader.get(path)).text()).not.toContain('Review overdue');
    t.clock.set(new Date(Date.parse(START) + 32 * DAY));
    // Nothing was edited, so the cached page still says nothing…
    expect(await (await reader.get(path)).text()).not.toContain('Review overdue');
    // …until the scheduled sweep notices the page became overdue.
    await tickSchedules(t.database, t.clock, schedules([groupsModule]));
    await t.drainJobs();
    await pageWhen(reader, path, (html) => expect(html).toContain('Review overdue'));
    // Sweeping again records nothing new for the same due date.
    const events = await countRows(t, 'events');
    t.clock.set(new Date(Date.parse(START) + 33 * DAY));
    expect(await sweepOverdue({ db: t.database.db, now: t.clock.now() })).toBe(0);
    expect(await countRows(t, 'events')).toBe(events);
  });

  it('lets a steward mark the page reviewed: the notice goes, no revision is made, the event says who, when and why', async () => {
    const { group, article } = await setup(1);
    t.clock.set(new Date(Date.parse(START) + 40 * DAY));
    const client = await clientFor(t, steward);
    expect(await (await client.get(`/articles/${article.slug}`)).text()).toContain('Review overdue');
    const queue = await (await client.get(`/groups/${group.slug}/reviews`)).text();
    expect(queue).toContain(article.title);
    expect(queue).toContain('Review overdue');
    const res = await client.post(
      `/articles/${article.slug}/review`,
      { note: 'Fees checked against 2026 table.', next: `/groups/${group.slug}/reviews` },
      { from: `/articles/${article.slug}/review` },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/groups/${group.slug}/reviews?notice=reviewed`);
    expect(await (await client.get(`/articles/${article.slug}`)).text()).not.toContain('Review overdue');
    const rows = rowsOf<{ revision: number; revisions: number }>(
      await t.database.db.execute(
        sql`select a.revision, (select count(*)::int from article_revisions r where r.article_id = a.id) as revisions from articles a where a.id = ${article.id}`,
      ),
    );
    expect(rows[0]).toEqual({ revision: 1, revisions: 1 });
    const event = rowsOf<{ actor_id: number; data: Record<string, unknown> }>(
      await t.database.db.execute(
        sql`select actor_id, data from events where type = 'stewardship.reviewed' and data->>'articleId' = ${String(article.id)}`,
      ),
    )[0];
    expect(event?.actor_id).toBe(steward.id);
    expect(event?.data.note).toBe('Fees checked against 2026 table.');
    expect(event?.data.reviewedAt).toBe(t.clock.now().toISOString());
    const s = await repo.findStewardship(t.database.db, article.id);
    expect(s?.nextReviewDue.toISOString()).toBe('2026-05-11T15:00:00.000Z');
  });

  it('refuses a member who is not a steward, and explains a page with no group', async () => {
    const { article } = await setup();
    const res = await (await clientFor(t, member)).post(
      `/articles/${article.slug}/review`,
      { note: '' },
      { from: `/articles/${article.slug}` },
    );
    expect(res.status).toBe(403);
    const lonely = await newArticle(t, member, { title: `Nobody maintains ${Date.now()}` });
    const none = await (await clientFor(t, steward)).post(
      `/articles/${lonely.slug}/review`,
      { note: '' },
      { from: `/articles/${lonely.slug}` },
    );
    expect(none.status).toBe(404);
    expect(errorCode(await none.text())).toBe('groups.not_maintained');
  });
});

describe('reminders', () => {
  it('emails each steward one digest of what is due, and never twice for the same due date', async () => {
    const { group, article } = await setup(1);
    const baseUrl = t.deps.config.baseUrl;
    t.clock.set(new Date(Date.parse(START) + 20 * DAY));
    const digestsAbout = async () => {
      const before = t.mailer.sent.length;
      await sendReviewReminders({ db: t.database.db, now: t.clock.now(), baseUrl });
      await t.drainJobs();
      // Only the review digests (the claim that made the group maintain the page also told people by email).
      return t.mailer.sent
        .slice(before)
        .filter((m) => m.text.includes(article.title) && /due for review/i.test(m.subject));
    };
    const mails = await digestsAbout();
    expect(mails.map((m) => m.to).sort()).toEqual([owner.email, steward.email].sort());
    expect(mails[0]?.subject).toMatch(/due for review/i);
    expect(mails[0]?.text).toContain(`${baseUrl}/groups/${group.slug}/reviews`);
    expect(mails[0]?.text).toContain(`${baseUrl}/articles/${article.slug}/review`);

    // Later, still due and then overdue: nothing more for the same due date.
    t.clock.set(new Date(Date.parse(START) + 35 * DAY));
    expect(await digestsAbout()).toEqual([]);

    // Reviewed: a new due date earns a new reminder when it comes near.
    await markReviewed({
      db: t.database.db,
      actor: actorFor(steward),
      now: t.clock.now(),
      slug: article.slug,
      note: '',
    });
    t.clock.set(new Date(Date.parse(START) + 60 * DAY));
    expect((await digestsAbout()).length).toBe(2);
  });
});

/** The steward's claim went to the page's author: they approve it from the request's page. */
async function approveClaimAsAuthor(claimed: Response, author: TestUser) {
  const location = claimed.headers.get('location') ?? '';
  expect(location).toMatch(/^\/stewardship\/claims\/\d+\?notice=requested$/);
  const path = location.split('?')[0]!;
  const approved = await (await clientFor(t, author)).post(`${path}/approve`, { note: '' }, { from: path });
  expect(approved.status).toBe(303);
}

describe('choosing a maintaining group', () => {
  it('lets a steward choose their group, refuses a second group and people with no group', async () => {
    const group = await exampleGroup(t, owner, admin, { members: [[steward, 'steward']] });
    const article = await newArticle(t, member, { title: `Unclaimed page ${Date.now()}` });
    const outsider = await clientFor(t, await createUser(t.database));
    expect((await outsider.get(`/articles/${article.slug}/stewardship`)).status).toBe(403);
    const client = await clientFor(t, steward);
    const bad = await client.post(
      `/articles/${article.slug}/stewardship`,
      { groupId: String(group.id), intervalMonths: '99' },
      { from: `/articles/${article.slug}/stewardship` },
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Choose between 1 and 60 months.');
    const ok = await client.post(
      `/articles/${article.slug}/stewardship`,
      { groupId: String(group.id), intervalMonths: '6' },
      { from: `/articles/${article.slug}/stewardship` },
    );
    expect(ok.status).toBe(303);
    // Someone else's page: the claim waits for its author (or an editor), who approves it.
    await approveClaimAsAuthor(ok, member);
    const other = await exampleGroup(t, owner, admin);
    const taken = await (await clientFor(t, owner)).post(
      `/articles/${article.slug}/stewardship`,
      { groupId: String(other.id), intervalMonths: '12' },
      { from: '/groups' },
    );
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain(`${group.name} maintains this page`);
  });
});

describe('taking on a page already reviewed elsewhere', () => {
  it('starts the cycle from the last review date, so an old review is overdue at once; a future date is refused', async () => {
    const group = await exampleGroup(t, owner, admin, { members: [[steward, 'steward']] });
    const article = await newArticle(t, member, { title: `Migrated page ${Date.now()}` });
    const client = await clientFor(t, steward);
    const from = { from: `/articles/${article.slug}/stewardship` };
    const future = await client.post(
      `/articles/${article.slug}/stewardship`,
      { groupId: String(group.id), intervalMonths: '12', lastReviewedOn: '2026-04-01' },
      from,
    );
    expect(future.status).toBe(400);
    expect(await future.text()).toContain('The last review cannot be in the future.');
    const past = await client.post(
      `/articles/${article.slug}/stewardship`,
      { groupId: String(group.id), intervalMonths: '12', lastReviewedOn: '2024-05-01' },
      from,
    );
    expect(past.status).toBe(303);
    await approveClaimAsAuthor(past, member);
    const html = await (await new TestClient(t.app).get(`/articles/${article.slug}`)).text();
    expect(html).toContain('reviewed <time datetime="2024-05-01T00:00:00.000Z">May 1, 2024</time>');
    expect(html).toContain('Review overdue');
  });
});

describe('handover', () => {
  it('moves pages only when both groups’ owners agree, and only once', async () => {
    const { group, article } = await setup();
    const otherOwner = await createUser(t.database);
    const target = await exampleGroup(t, otherOwner, admin, { members: [[member, 'steward']] });
    const from = await clientFor(t, owner);
    const proposed = await from.post(
      `/groups/${group.slug}/handovers`,
      { toGroup: target.slug, articleIds: [String(article.id)] },
      { from: `/groups/${group.slug}/handovers` },
    );
    expect(proposed.status).toBe(303);
    const id = proposed.headers.get('location')!.match(/\/handovers\/(\d+)/)![1]!;
    // Nothing moves on one side's word; a steward of the receiving group is not an owner.
    expect((await repo.findStewardship(t.database.db, article.id))?.groupId).toBe(group.id);
    expect((await (await clientFor(t, member)).post(`/handovers/${id}/accept`, {}, { from: '/groups' })).status).toBe(
      403,
    );
    expect((await from.post(`/handovers/${id}/accept`, {}, { from: '/groups' })).status).toBe(403);
    const to = await clientFor(t, otherOwner);
    expect(await (await to.get(`/handovers/${id}`)).text()).toContain(`Accept for ${target.name}`);
    expect((await to.post(`/handovers/${id}/accept`, {})).status).toBe(303);
    expect((await repo.findStewardship(t.database.db, article.id))?.groupId).toBe(target.id);
    const twice = await to.post(`/handovers/${id}/accept`, {}, { from: `/handovers/${id}` });
    expect(twice.status).toBe(409);
    expect(errorCode(await twice.text())).toBe('groups.already_decided');
  });

  it('gives a field error when no pages are chosen', async () => {
    const { group } = await setup();
    const target = await exampleGroup(t, owner, admin);
    const res = await (await clientFor(t, owner)).post(
      `/groups/${group.slug}/handovers`,
      { toGroup: target.slug },
      { from: `/groups/${group.slug}/handovers` },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Choose at least one page to hand over.');
  });
});

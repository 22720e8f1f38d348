import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser, actorFor } from '../../../test/helpers/app';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { reviseArticle } from '../library';
import type { Group } from './groups.models';
import * as repo from './stewardship.repository';
import { assignStewardship, decideClaim, withdrawClaim } from './stewardship.usecases';
import { stewardOfArticle } from './groups.article';
import { addTopic, articleContent, newArticle } from '../../../test/helpers/content';
import { errorCode } from '../../../test/helpers/http';
import { exampleGroup } from '../../../test/helpers/groups';

/**
 * A steward's claim on a page no group maintains is a request: an editor
 * approves it, or the page's author when it is a member's own page; until
 * then the group has no rights on the page.
 */
let t: TestApp;
let admin: TestUser;
let editor: TestUser;
let olive: TestUser; // owns the claiming group
let stella: TestUser; // a steward of it
let milo: TestUser; // a plain member of it
let author: TestUser; // wrote the page
let outsider: TestUser;
let group: Group;
const db = () => t.database.db;
const now = () => t.clock.now();
let n = 0;
const title = (label: string) => `${label} ${process.pid}-${++n}`;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  admin = await createUser(t.database, { role: 'admin' });
  editor = await createUser(t.database, { role: 'editor', displayName: 'Edie Editor' });
  olive = await createUser(t.database, { displayName: 'Olive Owner' });
  stella = await createUser(t.database, { displayName: 'Stella Steward' });
  milo = await createUser(t.database, { displayName: 'Milo Member' });
  author = await createUser(t.database, { displayName: 'Ada Author' });
  outsider = await createUser(t.database, { displayName: 'Otto Outsider' });
  group = await exampleGroup(t, olive, admin, {
    members: [
      [stella, 'steward'],
      [milo, 'member'],
    ],
  });
});
afterAll(() => t?.close());

async function claim(page: { slug: string }, by: TestUser = stella, claimingGroup: Group = group) {
  const result = await assignStewardship({
    db: db(),
    actor: actorFor(by),
    now: now(),
    slug: page.slug,
    groupId: claimingGroup.id,
    intervalMonths: 12,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.claimId;
}

async function notified(userId: number, kind: string): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db().execute(sql`select count(*)::int as n from notifications where user_id = ${userId} and kind = ${kind}`),
  );
  return rows[0]?.n ?? 0;
}

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    return error instanceof AppError ? `${error.status} ${error.code}` : String(error);
  }
}

const approve = (id: number, by: TestUser) => () =>
  decideClaim({ db: db(), actor: actorFor(by), now: now(), id, decision: { approve: true, note: 'Welcome.' } });

describe('a claim on a member’s page', () => {
  it('waits for the author; until then the group has no rights, then the author approves and the stewards may edit', async () => {
    const page = await newArticle(t, author, { title: title('Ada’s page') });
    const id = await claim(page);
    expect(id).toEqual(expect.any(Number));
    expect(await repo.findStewardship(db(), page.id)).toBeUndefined();
    expect(await notified(author.id, 'stewardship.claim_requested')).toBeGreaterThan(0);

    // No rights before approval: the steward may not edit (the library's own rule) and the page is not the group's.
    expect(await stewardOfArticle(db(), actorFor(stella), page.id, now())).toBe(false);
    const steward = await clientFor(t, stella);
    // No edit rights yet: "Edit" leads to "Suggest an edit".
    const edit = await steward.get(`/articles/${page.slug}/edit`);
    expect(edit.status).toBe(303);
    expect(edit.headers.get('location')).toBe(`/articles/${page.slug}/suggest`);
    const early = await codeOf(() =>
      reviseArticle({
        db: db(),
        actor: actorFor(stella),
        now: now(),
        slug: page.slug,
        baseRevision: 1,
        content: articleContent({ title: page.title, body: 'Taken over.' }),
        message: 'Mine',
      }),
    );
    expect(early).toBe('403 http.forbidden');

    expect(await codeOf(approve(id!, author))).toBe('accepted');
    const s = await repo.findStewardship(db(), page.id);
    expect(s?.groupId).toBe(group.id);
    expect(await notified(stella.id, 'stewardship.claim_approved')).toBeGreaterThan(0);
    expect((await steward.get(`/articles/${page.slug}/edit`)).status).toBe(200);
  });

  it('can also be approved by an editor, and is refused to everyone else: 404 to outsiders, 403 to the claiming group', async () => {
    const page = await newArticle(t, author, { title: title('Ada’s page') });
    const id = (await claim(page))!;
    expect(await codeOf(approve(id, outsider))).toBe('404 groups.claim_not_found');
    expect(await codeOf(approve(id, milo))).toBe('403 http.forbidden');
    expect(await codeOf(approve(id, stella))).toBe('403 http.forbidden');
    expect(await codeOf(approve(id, olive))).toBe('403 http.forbidden');
    expect(await repo.findStewardship(db(), page.id)).toBeUndefined();
    expect(await codeOf(approve(id, editor))).toBe('accepted');
    expect((await repo.findStewardship(db(), page.id))?.groupId).toBe(group.id);
    expect(await codeOf(approve(id, author))).toBe('409 groups.already_decided');
  });

  it('is declined with a note the group is told, and nothing changes on the page', async () => {
    const page = await newArticle(t, author, { title: title('Ada’s page') });
    const id = (await claim(page))!;
    const result = await decideClaim({
      db: db(),
      actor: actorFor(author),
      now: now(),
      id,
      decision: { approve: false, note: 'I keep this one up to date myself.' },
    });
    expect(result.status).toBe('declined');
    expect(await repo.findStewardship(db(), page.id)).toBeUndefined();
    expect(await notified(stella.id, 'stewardship.claim_declined')).toBeGreaterThan(0);
  });

  it('needs no approval when the author claims their own page, or when an editor claims', async () => {
    const own = await newArticle(t, stella, { title: title('Stella’s page') });
    expect(await claim(own)).toBeUndefined();
    expect((await repo.findStewardship(db(), own.id))?.groupId).toBe(group.id);
    const editorsGroup = await exampleGroup(t, editor, admin);
    const other = await newArticle(t, author, { title: title('Ada’s page') });
    expect(await claim(other, editor, editorsGroup)).toBeUndefined();
    expect((await repo.findStewardship(db(), other.id))?.groupId).toBe(editorsGroup.id);
  });

  it('keeps one open request per group and page, closes other groups’ requests when one is approved, and lets the requester withdraw', async () => {
    const page = await newArticle(t, author, { title: title('Ada’s page') });
    const first = (await claim(page))!;
    expect(await claim(page)).toBe(first);
    const rivals = await exampleGroup(t, outsider, admin);
    const rival = (await claim(page, outsider, rivals))!;
    expect(await codeOf(approve(first, author))).toBe('accepted');
    expect(await codeOf(approve(rival, author))).toBe('409 groups.already_decided');

    const next = await newArticle(t, author, { title: title('Ada’s page') });
    const mine = (await claim(next))!;
    expect(await codeOf(() => withdrawClaim({ db: db(), actor: actorFor(milo), now: now(), id: mine }))).toBe(
      '403 http.forbidden',
    );
    expect(await codeOf(() => withdrawClaim({ db: db(), actor: actorFor(outsider), now: now(), id: mine }))).toBe(
      '404 groups.claim_not_found',
    );
    expect((await withdrawClaim({ db: db(), actor: actorFor(stella), now: now(), id: mine })).status).toBe('withdrawn');
    expect(await codeOf(approve(mine, author))).toBe('409 groups.already_decided');
  });
});

describe('a claim on the hub’s own content', () => {
  it('waits for an editor: the page’s (system) author cannot be asked, and the editors are told', async () => {
    const page = await newArticle(t, author, { title: title('Starter page') });
    await db().execute(sql`update articles set origin = 'starter' where id = ${page.id}`);
    const id = (await claim(page))!;
    expect(await notified(editor.id, 'stewardship.claim_requested')).toBeGreaterThan(0);
    expect(await codeOf(approve(id, author))).toBe('404 groups.claim_not_found');
    expect(await codeOf(approve(id, editor))).toBe('accepted');
  });
});

describe('the queue', () => {
  it('shows editors every open request and authors those on their pages, with the decision forms; others see none and get 404 for one', async () => {
    const page = await newArticle(t, author, { title: title('Queued page') });
    const id = (await claim(page))!;
    const queue = async (who: TestUser) => (await (await clientFor(t, who)).get('/stewardship/claims')).text();
    expect(await queue(editor)).toContain(page.title);
    expect(await queue(author)).toContain(page.title);
    expect(await queue(outsider)).not.toContain(page.title);
    const outsiderView = await (await clientFor(t, outsider)).get(`/stewardship/claims/${id}`);
    expect(outsiderView.status).toBe(404);
    expect(errorCode(await outsiderView.text())).toBe('groups.claim_not_found');
    // The claiming group follows its request on its review queue and on the request's page, without the decision form.
    const mine = await clientFor(t, stella);
    expect(await (await mine.get(`/groups/${group.slug}/reviews`)).text()).toContain(page.title);
    const requestPage = await (await mine.get(`/stewardship/claims/${id}`)).text();
    expect(requestPage).toContain('Waiting for approval');
    expect(requestPage).not.toContain(`/stewardship/claims/${id}/approve`);

    const client = await clientFor(t, author);
    const res = await client.post(
      `/stewardship/claims/${id}/approve`,
      { note: '' },
      { from: `/stewardship/claims/${id}` },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/stewardship/claims/${id}?notice=approved`);
    expect((await repo.findStewardship(db(), page.id))?.groupId).toBe(group.id);
  });

  it('sends a steward choosing a group for someone else’s page to the request, saying who decides', async () => {
    const page = await newArticle(t, author, { title: title('Form page') });
    const client = await clientFor(t, stella);
    const form = await (await client.get(`/articles/${page.slug}/stewardship`)).text();
    expect(form).toContain('its author or an editor approves the request');
    expect(form).toContain('Ask to maintain this page');
    const res = await client.post(
      `/articles/${page.slug}/stewardship`,
      { groupId: String(group.id), intervalMonths: '12' },
      { from: `/articles/${page.slug}/stewardship` },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/stewardship\/claims\/\d+\?notice=requested$/);
    expect(await repo.findStewardship(db(), page.id)).toBeUndefined();
  });
});

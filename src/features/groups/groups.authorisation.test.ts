import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser, actorFor } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { fillPath, snapshot, stateChangingRoutes } from '../../../test/security/support';
import { combineMounts } from '../../platform/http/mounts';
import { createGroupsRoutes } from '.';
import type { Group } from './groups.models';
import { requestGroup } from './groups.usecases';
import { assignStewardship, proposeHandover } from './stewardship.usecases';
import { submitSuggestion } from './suggestions.usecases';
import { createExpertList } from './experts.usecases';
import { addTopic, articleContent, articleForm, newArticle } from '../../../test/helpers/content';
import { errorCode } from '../../../test/helpers/http';
import { exampleGroup, maintain } from '../../../test/helpers/groups';

/**
 * Who may do what in groups, written out by hand as the specification: every
 * action of the groups feature, for each kind of person, enforced by the
 * server. "member", "steward" and "owner" hold that role in the group;
 * "outsider" is a member of the hub outside the group; "reader", "moderator"
 * and "admin" are hub roles with no role in the group.
 */
type Who = 'anonymous' | 'reader' | 'outsider' | 'member' | 'steward' | 'owner' | 'moderator' | 'admin';
/** "hidden": 404, for what a person has no business knowing exists (e.g. another group's request to maintain a page). */
type Outcome = 'allowed' | 'sign-in' | 'forbidden' | 'hidden';
const WHO: Who[] = ['anonymous', 'reader', 'outsider', 'member', 'steward', 'owner', 'moderator', 'admin'];
const A = 'allowed',
  S = 'sign-in',
  F = 'forbidden',
  H = 'hidden';
const row = (...o: Outcome[]) => Object.fromEntries(WHO.map((w, i) => [w, o[i]!])) as Record<Who, Outcome>;

//                                       anon reader outsider member steward owner moderator admin
const EXPECTED = {
  requestGroup: /*              */ row(S, F, A, A, A, A, A, A),
  decideGroup: /*               */ row(S, F, F, F, F, F, F, A),
  editGroup: /*                 */ row(S, F, F, F, F, A, F, A),
  addMember: /*                 */ row(S, F, F, F, F, A, F, A),
  removeMember: /*              */ row(S, F, F, F, F, A, F, A),
  viewReviewQueue: /*           */ row(S, F, F, F, A, A, F, F),
  /** For a steward on someone else's page this sends a request (see approveClaim); moderators' choice applies at once. */
  assignStewardship: /*         */ row(S, F, F, F, A, A, A, A),
  /** The group's request to maintain someone else's page: editors (and the page's author) decide, not the group. */
  approveClaim: /*              */ row(S, H, H, F, F, F, A, A),
  changeInterval: /*            */ row(S, F, F, F, A, A, A, A),
  releaseStewardship: /*        */ row(S, F, F, F, F, A, A, A),
  markReviewed: /*              */ row(S, F, F, F, A, A, F, F),
  editDirectly: /*              */ row(S, F, F, F, A, A, A, A),
  suggestEdit: /*               */ row(S, F, A, A, A, A, A, A),
  /** A suggested edit is hidden (404) from all but its proposer, the group's stewards and editors: moderators and admins may read it, not decide. */
  approveSuggestion: /*         */ row(S, H, H, H, A, A, F, F),
  requestChanges: /*            */ row(S, H, H, H, A, A, F, F),
  declineSuggestion: /*         */ row(S, H, H, H, A, A, F, F),
  proposeHandover: /*           */ row(S, F, F, F, F, A, F, F),
  acceptHandover: /*            */ row(S, F, F, F, F, A, F, F),
  viewHealth: /*                */ row(S, A, A, A, A, A, A, A),
  createExpertList: /*          */ row(S, F, F, F, A, A, F, F),
  inviteExpert: /*              */ row(S, F, F, F, A, A, F, F),
} satisfies Record<string, Record<Who, Outcome>>;
type Action = keyof typeof EXPECTED;

let t: TestApp;
const people = {} as Record<Exclude<Who, 'anonymous'>, TestUser> & { proposer: TestUser; otherOwner: TestUser };

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  people.reader = await createUser(t.database, { role: 'reader' });
  people.outsider = await createUser(t.database);
  people.member = await createUser(t.database);
  people.steward = await createUser(t.database);
  people.owner = await createUser(t.database);
  people.moderator = await createUser(t.database, { role: 'moderator' });
  people.admin = await createUser(t.database, { role: 'admin' });
  people.proposer = await createUser(t.database);
  people.otherOwner = await createUser(t.database);
});
afterAll(() => t.close());

/** A fresh group with its people, a maintained page by someone else, and the page an action needs. */
async function fixture() {
  const group = await exampleGroup(t, people.owner, people.admin, {
    members: [
      [people.member, 'member'],
      [people.steward, 'steward'],
      [people.proposer, 'member'],
    ],
  });
  const author = await createUser(t.database);
  const article = await newArticle(t, author, { title: `Maintained ${Math.random().toString(36).slice(2, 10)}` });
  await maintain(t, people.owner, group, article.slug);
  return { group, article, author };
}

async function suggestion(article: { slug: string; title: string }) {
  // One proposer makes every fixture's suggestion under a fixed clock: start each from an empty rate-limit window.
  await t.database.db.execute(sql`delete from rate_limits where key = ${`groups:suggest:${people.proposer.id}`}`);
  const result = await submitSuggestion({
    db: t.database.db,
    actor: actorFor(people.proposer),
    now: t.clock.now(),
    slug: article.slug,
    baseRevision: 1,
    content: articleContent({ title: article.title, body: 'A proposed better text for the maintained page.' }),
    message: 'Better',
  });
  if (result.status !== 'saved') throw new Error(result.status);
  return result.id;
}

async function otherGroup(): Promise<Group> {
  return exampleGroup(t, people.otherOwner, people.admin);
}

type Request = { method: 'GET' | 'POST'; path: string; fields?: Record<string, string | string[]> };

/** How to attempt each action, given a fresh fixture. */
const ATTEMPTS: Record<Action, (f: Awaited<ReturnType<typeof fixture>>) => Promise<Request>> = {
  requestGroup: async () => ({
    method: 'POST',
    path: '/groups',
    fields: {
      name: `Example group ${Math.random()}`,
      kind: 'project',
      purpose: 'An example purpose long enough to be accepted.',
    },
  }),
  decideGroup: async () => {
    const pending = await requestGroup({
      db: t.database.db,
      actor: actorFor(await createUser(t.database)),
      now: t.clock.now(),
      input: {
        name: `Pending ${Math.random()}`,
        kind: 'project',
        purpose: 'An example purpose long enough.',
        website: '',
      },
    });
    return { method: 'POST', path: `/admin/groups/${pending.id}/decision`, fields: { decision: 'approve', note: '' } };
  },
  editGroup: async (f) => ({
    method: 'POST',
    path: `/groups/${f.group.slug}/edit`,
    fields: { name: f.group.name, kind: 'committee', purpose: 'A changed purpose that is long enough.' },
  }),
  addMember: async (f) => ({
    method: 'POST',
    path: `/groups/${f.group.slug}/members`,
    fields: { username: (await createUser(t.database)).username, role: 'member' },
  }),
  removeMember: async (f) => ({ method: 'POST', path: `/groups/${f.group.slug}/members/${people.proposer.id}/remove` }),
  viewReviewQueue: async (f) => ({ method: 'GET', path: `/groups/${f.group.slug}/reviews` }),
  assignStewardship: async (f) => {
    const page = await newArticle(t, f.author, { title: `Unmaintained ${Math.random().toString(36).slice(2, 10)}` });
    return {
      method: 'POST',
      path: `/articles/${page.slug}/stewardship`,
      fields: { groupId: String(f.group.id), intervalMonths: '12' },
    };
  },
  approveClaim: async (f) => {
    const page = await newArticle(t, f.author, { title: `Claimed ${Math.random().toString(36).slice(2, 10)}` });
    const claimed = await assignStewardship({
      db: t.database.db,
      actor: actorFor(people.steward),
      now: t.clock.now(),
      slug: page.slug,
      groupId: f.group.id,
      intervalMonths: 12,
    });
    if (!claimed.ok || !claimed.claimId) throw new Error('claim');
    return { method: 'POST', path: `/stewardship/claims/${claimed.claimId}/approve`, fields: { note: '' } };
  },
  changeInterval: async (f) => ({
    method: 'POST',
    path: `/articles/${f.article.slug}/stewardship`,
    fields: { groupId: String(f.group.id), intervalMonths: '6' },
  }),
  releaseStewardship: async (f) => ({ method: 'POST', path: `/articles/${f.article.slug}/stewardship/release` }),
  markReviewed: async (f) => ({ method: 'POST', path: `/articles/${f.article.slug}/review`, fields: { note: '' } }),
  // Saving an edit (the editor itself sends someone who may not edit to "Suggest an edit" instead of a 403).
  editDirectly: async (f) => ({
    method: 'POST',
    path: `/articles/${f.article.slug}`,
    fields: articleForm({ title: f.article.title, body: 'A direct edit of the page.', baseRevision: '1' }),
  }),
  suggestEdit: async (f) => ({
    method: 'POST',
    path: `/articles/${f.article.slug}/suggest`,
    fields: articleForm({
      title: f.article.title,
      body: 'My suggested text for the page.',
      message: 'Suggest',
      baseRevision: '1',
    }),
  }),
  approveSuggestion: async (f) => ({
    method: 'POST',
    path: `/suggestions/${await suggestion(f.article)}/approve`,
    fields: { note: '' },
  }),
  requestChanges: async (f) => ({
    method: 'POST',
    path: `/suggestions/${await suggestion(f.article)}/request-changes`,
    fields: { comment: 'Please cite a source.' },
  }),
  declineSuggestion: async (f) => ({
    method: 'POST',
    path: `/suggestions/${await suggestion(f.article)}/decline`,
    fields: { reason: 'Not needed here.' },
  }),
  proposeHandover: async (f) => ({
    method: 'POST',
    path: `/groups/${f.group.slug}/handovers`,
    fields: { toGroup: (await otherGroup()).slug, articleIds: [String(f.article.id)] },
  }),
  acceptHandover: async (f) => {
    const from = await otherGroup();
    const page = await newArticle(t, f.author, { title: `Handed ${Math.random().toString(36).slice(2, 10)}` });
    await maintain(t, people.otherOwner, from, page.slug);
    const result = await proposeHandover({
      db: t.database.db,
      actor: actorFor(people.otherOwner),
      now: t.clock.now(),
      fromSlug: from.slug,
      toSlug: f.group.slug,
      articleIds: [page.id],
    });
    if (!result.ok) throw new Error('handover');
    return { method: 'POST', path: `/handovers/${result.id}/accept` };
  },
  viewHealth: async () => ({ method: 'GET', path: '/health' }),
  createExpertList: async (f) => ({
    method: 'POST',
    path: `/groups/${f.group.slug}/experts`,
    fields: { title: `Example experts ${Math.random()}`, description: '' },
  }),
  inviteExpert: async (f) => {
    const list = await createExpertList({
      db: t.database.db,
      actor: actorFor(people.owner),
      now: t.clock.now(),
      groupSlug: f.group.slug,
      title: 'Example experts',
      description: '',
    });
    if (!list.ok) throw new Error('list');
    return {
      method: 'POST',
      path: `/experts/${list.slug}/invitations`,
      fields: { username: (await createUser(t.database)).username, note: 'Example advice' },
    };
  },
};

async function browser(who: Who): Promise<{ client: TestClient; token: string }> {
  if (who === 'anonymous') {
    const client = new TestClient(t.app);
    return { client, token: await client.csrf('/sign-in') };
  }
  const client = await clientFor(t, people[who]);
  return { client, token: await client.csrf('/account') };
}

function outcomeOf(status: number, body: string): Outcome | string {
  if (status === 401 && errorCode(body) === 'auth.sign_in_required') return 'sign-in';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'hidden';
  if (status === 200 || status === 303) return 'allowed';
  return `status ${status} ${errorCode(body) ?? ''}`;
}

describe('the groups authorisation matrix is enforced by the server', () => {
  for (const action of Object.keys(EXPECTED) as Action[]) {
    it(action, async () => {
      const seen: Record<string, Outcome | string> = {};
      for (const who of WHO) {
        const f = await fixture();
        const request = await ATTEMPTS[action](f);
        const { client, token } = await browser(who);
        const res =
          request.method === 'GET'
            ? await client.get(request.path)
            : await client.post(request.path, request.fields ?? {}, { csrf: token });
        seen[who] = outcomeOf(res.status, await res.text());
      }
      expect(seen).toEqual(EXPECTED[action]);
    });
  }
});

describe('the pages offer exactly what the server allows', () => {
  it('shows each person the buttons for what they may do', async () => {
    const f = await fixture();
    const unmaintained = await newArticle(t, f.author, {
      title: `Nobody maintains ${Math.random().toString(36).slice(2, 8)}`,
    });
    for (const who of WHO) {
      const { client } = await browser(who);
      const article = await (await client.get(`/articles/${f.article.slug}`)).text();
      const groupPage = await (await client.get(`/groups/${f.group.slug}`)).text();
      const other = await (await client.get(`/articles/${unmaintained.slug}`)).text();
      const allowed = (a: Action) => EXPECTED[a][who] === 'allowed';
      expect(article.includes('Edit this article'), `${who}: edit`).toBe(allowed('editDirectly'));
      // Suggest is offered to those who may suggest but not edit directly.
      expect(article.includes('Suggest an edit'), `${who}: suggest`).toBe(
        allowed('suggestEdit') && !allowed('editDirectly'),
      );
      expect(article.includes('Mark reviewed'), `${who}: mark reviewed`).toBe(allowed('markReviewed'));
      expect(article.includes('Review settings'), `${who}: review settings`).toBe(allowed('changeInterval'));
      expect(other.includes('Choose a maintaining group'), `${who}: choose a group`).toBe(allowed('assignStewardship'));
      expect(groupPage.includes('Manage members'), `${who}: manage members`).toBe(allowed('addMember'));
      expect(groupPage.includes('Review queue'), `${who}: review queue`).toBe(allowed('viewReviewQueue'));
      expect(groupPage.includes('Hand over pages'), `${who}: hand over`).toBe(allowed('proposeHandover'));
      expect(groupPage.includes('Start an expert list'), `${who}: expert list`).toBe(allowed('createExpertList'));
    }
  });
});

describe('anonymous visitors', () => {
  it('get 401 on every write route of the groups feature, and nothing changes', async () => {
    const f = await fixture();
    const routes = stateChangingRoutes(combineMounts(createGroupsRoutes()));
    expect(routes.length).toBeGreaterThanOrEqual(25);
    for (const route of routes) {
      const { client, token } = await browser('anonymous');
      const before = await snapshot(t);
      const path = fillPath(route.path, { slug: f.group.slug, id: String(people.member.id) });
      const res = await client.post(
        path,
        { note: 'x', role: 'owner', username: people.outsider.username },
        { csrf: token },
      );
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      expect(await snapshot(t)).toEqual(before);
    }
  });
});

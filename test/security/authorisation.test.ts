import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountPolicies } from '../../src/features/accounts/accounts.policies';
import type { Article } from '../../src/features/library/library.models';
import { libraryPolicies } from '../../src/features/library/library.policies';
import { reviseArticle } from '../../src/features/library/library.usecases';
import type { Actor } from '../../src/platform/auth/actor';
import { insertSuspension, liftSuspension } from '../../src/platform/auth/standing';
import { rowsOf } from '../../src/platform/db/database';
import { createTestApp, createUser, type TestApp, actorFor, clientFor, type TestUser } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { tinyPng } from './files';
import { fillPath, snapshot, stateChangingRoutes } from './support';
import { addTopic, articleContent, articleForm, newArticle } from '../helpers/content';
import { errorCode, formBody, multipartBody, SAME_ORIGIN } from '../helpers/http';

/**
 * Who may do what, written out by hand as the specification. The policy
 * functions must agree with it, the server must enforce it, and the pages
 * must offer exactly the buttons it allows.
 */
type Who = 'anonymous' | 'reader' | 'author' | 'member' | 'editor' | 'moderator' | 'admin';
type Outcome = 'allowed' | 'sign-in' | 'forbidden' | 'protected';
type Action =
  | 'edit'
  | 'editProtected'
  | 'revert'
  | 'revertProtected'
  | 'files'
  | 'upload'
  | 'protect'
  | 'create'
  | 'preview'
  | 'manageUsers'
  | 'changeRole';

const WHO: Who[] = ['anonymous', 'reader', 'author', 'member', 'editor', 'moderator', 'admin'];

//                                anonymous  reader       author       member       editor       moderator  admin
const row = (...o: Outcome[]) => Object.fromEntries(WHO.map((w, i) => [w, o[i]!])) as Record<Who, Outcome>;
const A = 'allowed',
  S = 'sign-in',
  F = 'forbidden',
  P = 'protected';
const EXPECTED: Record<Action, Record<Who, Outcome>> = {
  edit: row(S, F, A, F, A, A, A),
  editProtected: row(S, P, P, P, P, A, A),
  revert: row(S, F, A, F, A, A, A),
  revertProtected: row(S, P, P, P, P, A, A),
  files: row(S, F, A, F, A, A, A),
  upload: row(S, F, A, F, A, A, A),
  protect: row(S, F, F, F, F, A, A),
  create: row(S, F, A, A, A, A, A),
  preview: row(S, F, A, A, A, A, A),
  manageUsers: row(S, F, F, F, F, F, A),
  changeRole: row(S, F, F, F, F, F, A),
};

let t: TestApp;
const people = {} as Record<Exclude<Who, 'anonymous'>, TestUser>;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  people.reader = await createUser(t.database, { role: 'reader' });
  people.author = await createUser(t.database, { role: 'member' });
  people.member = await createUser(t.database, { role: 'member' });
  people.editor = await createUser(t.database, { role: 'editor' });
  people.moderator = await createUser(t.database, { role: 'moderator' });
  people.admin = await createUser(t.database, { role: 'admin' });
});
afterAll(() => t.close());

const actorOf = (who: Who): Actor | null => (who === 'anonymous' ? null : actorFor(people[who]));

/** An article by the author, at revision 2, protected or not. */
async function freshArticle(isProtected: boolean): Promise<Article> {
  const article = await newArticle(t, people.author, { title: `Article ${Math.random().toString(36).slice(2, 10)}` });
  const content = articleContent({ title: article.title, body: 'A second version of the text, long enough to save.' });
  await reviseArticle({
    db: t.database.db,
    actor: actorFor(people.author),
    now: t.clock.now(),
    slug: article.slug,
    baseRevision: 1,
    content,
    message: 'Second',
  });
  if (isProtected) await t.database.db.execute(sql`update articles set protected = true where id = ${article.id}`);
  return { ...article, revision: 2, protected: isProtected };
}

async function browser(who: Who): Promise<{ client: TestClient; token: string }> {
  const client = who === 'anonymous' ? new TestClient(t.app) : await clientFor(t, people[who]);
  return { client, token: await client.csrf(who === 'anonymous' ? '/sign-in' : '/account') };
}

const policy: Record<Action, (actor: Actor | null) => boolean> = {
  edit: (a) => libraryPolicies.editArticle(a, { createdBy: people.author.id, protected: false }),
  editProtected: (a) => libraryPolicies.editArticle(a, { createdBy: people.author.id, protected: true }),
  revert: (a) => libraryPolicies.revertArticle(a, { createdBy: people.author.id, protected: false }),
  revertProtected: (a) => libraryPolicies.revertArticle(a, { createdBy: people.author.id, protected: true }),
  files: (a) => libraryPolicies.attachToArticle(a, { createdBy: people.author.id, protected: false }),
  upload: (a) => libraryPolicies.attachToArticle(a, { createdBy: people.author.id, protected: false }),
  protect: (a) => libraryPolicies.protectArticle(a),
  create: (a) => libraryPolicies.createArticle(a),
  preview: (a) => libraryPolicies.preview(a),
  manageUsers: (a) => accountPolicies.manageUsers(a),
  changeRole: (a) => accountPolicies.manageUsers(a),
};

/** Set up one action (article, account, session), and return a way to carry it out as the pages would. */
async function prepare(who: Who, action: Action): Promise<() => Promise<Response>> {
  const { client, token } = await browser(who);
  const post = (path: string, fields: Record<string, string | string[]>) => () =>
    client.post(path, fields, { csrf: token });
  const isProtected = action.endsWith('Protected');
  switch (action) {
    case 'edit':
    case 'editProtected': {
      const article = await freshArticle(isProtected);
      return post(
        `/articles/${article.slug}`,
        articleForm({ title: article.title, body: `Changed by ${who}, long enough to be saved.`, baseRevision: '2' }),
      );
    }
    case 'revert':
    case 'revertProtected':
      return post(`/articles/${(await freshArticle(isProtected)).slug}/revert`, { revision: '1', baseRevision: '2' });
    case 'files': {
      const article = await freshArticle(false);
      return () => client.get(`/articles/${article.slug}/files`);
    }
    case 'upload': {
      const article = await freshArticle(false);
      const body = multipartBody({ _csrf: token }, { file: new File([tinyPng()], 'photo.png', { type: 'image/png' }) });
      return () => client.request(`/articles/${article.slug}/files`, { method: 'POST', body, headers: SAME_ORIGIN });
    }
    case 'protect':
      return post(`/articles/${(await freshArticle(false)).slug}/protection`, { protected: 'true' });
    case 'create':
      return post('/articles', articleForm({ title: `Written by ${who} ${Math.random()}` }));
    case 'preview':
      return post('/preview', { body: 'Some **text** to preview.' });
    case 'manageUsers':
      return () => client.get('/admin/users');
    case 'changeRole': {
      // The real threat is promoting yourself; the admin promotes someone new.
      const target = who === 'anonymous' || who === 'admin' ? await createUser(t.database) : people[who];
      return post(`/admin/users/${target.id}/role`, { role: 'admin' });
    }
  }
}

describe('the policy functions', () => {
  it('agree with the written matrix for every role and action', () => {
    for (const action of Object.keys(EXPECTED) as Action[]) {
      for (const who of WHO) {
        expect(policy[action](actorOf(who)), `${who} ${action}`).toBe(EXPECTED[action][who] === 'allowed');
      }
    }
  });
});

describe('the server', () => {
  for (const action of Object.keys(EXPECTED) as Action[]) {
    it(`enforces "${action}" for every role`, async () => {
      for (const who of WHO) {
        t.clock.advance(61_000); // keep clear of the per-person write limit
        const run = await prepare(who, action);
        const before = await snapshot(t);
        const res = await run();
        const body = await res.text();
        const outcome = EXPECTED[action][who];
        const where = `${who} ${action}: ${res.status} ${errorCode(body)}`;
        if (outcome === 'allowed') {
          // Pages answer 200; writes answer 303 and really change something.
          const isPage = action === 'files' || action === 'manageUsers' || action === 'preview';
          expect(res.status, where).toBe(isPage ? 200 : 303);
          if (!isPage) expect(await snapshot(t), where).not.toEqual(before);
        } else if (outcome === 'sign-in') {
          expect(res.status, where).toBe(401);
          expect(errorCode(body), where).toBe('auth.sign_in_required');
          expect(body, where).toContain('href="/sign-in"');
        } else {
          expect(res.status, where).toBe(403);
          expect(errorCode(body), where).toBe(outcome === 'protected' ? 'library.article_protected' : 'http.forbidden');
        }
        // Refused means refused: nothing written (an attempt may still count against a rate limit).
        if (outcome !== 'allowed')
          expect({ ...(await snapshot(t)), rate_hits: '' }, where).toEqual({ ...before, rate_hits: '' });
      }
    });
  }

  it('changes nothing when a refused person tries to edit, revert, protect or promote', async () => {
    for (const who of ['reader', 'member', 'editor'] as const) {
      const { client, token } = await browser(who);
      const article = await freshArticle(true);
      const before = await snapshot(t);
      await client.post(`/articles/${article.slug}`, articleForm({ title: 'Vandalised', baseRevision: '2' }), {
        csrf: token,
      });
      await client.post(`/articles/${article.slug}/revert`, { revision: '1', baseRevision: '2' }, { csrf: token });
      await client.post(`/articles/${article.slug}/protection`, { protected: 'false' }, { csrf: token });
      await client.post(`/admin/users/${people[who].id}/role`, { role: 'admin' }, { csrf: token });
      expect({ ...(await snapshot(t)), rate_hits: '' }, who).toEqual({ ...before, rate_hits: '' });
    }
  });

  it('lets an admin change a role, and the change is real', async () => {
    const target = await createUser(t.database);
    const { client, token } = await browser('admin');
    const res = await client.post(`/admin/users/${target.id}/role`, { role: 'editor' }, { csrf: token });
    expect(res.status).toBe(303);
    const rows = rowsOf<{ role: string }>(
      await t.database.db.execute(sql`select role from users where id = ${target.id}`),
    );
    expect(rows[0]?.role).toBe('editor');
  });

  it('lets an editor save a change to someone else’s unprotected article', async () => {
    const article = await freshArticle(false);
    const { client, token } = await browser('editor');
    const res = await client.post(
      `/articles/${article.slug}`,
      articleForm({ title: article.title, body: 'The editor improved this text a good deal.', baseRevision: '2' }),
      { csrf: token },
    );
    expect(res.status).toBe(303);
    expect(await (await new TestClient(t.app).get(`/articles/${article.slug}`)).text()).toContain(
      'The editor improved this text',
    );
  });
});

/**
 * Suspension is not a role: the matrix above is about roles, and a moderator's
 * suspension takes away every write the author's role allows, on the server
 * (in the use cases), while reading stays open. Every state-changing use case
 * is covered by test/security/suspension-matrix.test.ts.
 */
describe('a suspended author', () => {
  const WRITES = (Object.keys(EXPECTED) as Action[]).filter(
    (a) => EXPECTED[a].author === 'allowed' && !['files', 'preview'].includes(a),
  );

  it('covers every write the matrix allows an author', () => {
    expect(WRITES).toEqual(['edit', 'revert', 'upload', 'create']);
  });

  for (const action of WRITES) {
    it(`is refused "${action}" with the suspension's code and reason, and nothing changes`, async () => {
      t.clock.advance(61_000);
      const run = await prepare('author', action);
      const id = await insertSuspension(t.database.db, {
        userId: people.author.id,
        until: new Date(t.clock.now().getTime() + 86_400_000),
        reason: 'Spam links in three articles',
        createdBy: people.moderator.id,
        now: t.clock.now(),
      });
      try {
        const before = await snapshot(t);
        const res = await run();
        const body = await res.text();
        expect(res.status, action).toBe(403);
        expect(errorCode(body), action).toBe('account.suspended');
        expect(body).toContain('Spam links in three articles');
        expect({ ...(await snapshot(t)), rate_hits: '' }, action).toEqual({ ...before, rate_hits: '' });
      } finally {
        await liftSuspension(t.database.db, id, people.moderator.id, t.clock.now());
      }
    });
  }
});

describe('anonymous visitors', () => {
  /** The only forms a signed-out person may send. */
  /** One-click unsubscribe is authorised by the token in its address, not a session (RFC 8058). */
  const PUBLIC = [
    'POST /sign-up',
    'POST /sign-in',
    'POST /sign-out',
    'POST /reset',
    'POST /reset/:token',
    'POST /unsubscribe/:token',
    // The ISO 18626 message checker stores nothing and is open to everyone (limited per address).
    'POST /tools/iso18626',
    // Anyone may try a lesson's quiz: an anonymous reader's answers are checked and nothing is kept.
    'POST /learning/:course/:lesson/quiz',
    // So may anyone practise with the citation detective: answers are checked and nothing is kept.
    'POST /learning/citations/:exercise',
  ];

  it('get 401 with a way to sign in on every other write route in the route table', async () => {
    const article = await freshArticle(false);
    const routes = stateChangingRoutes(t.app).filter((r) => !PUBLIC.includes(`${r.method} ${r.path}`));
    expect(routes.length).toBeGreaterThanOrEqual(9);
    for (const route of routes) {
      const { client, token } = await browser('anonymous');
      const before = await snapshot(t);
      const path = fillPath(route.path, {
        slug: article.slug,
        id: String(people.member.id),
        number: '1',
        token: 'x',
        username: people.member.username,
        runId: '1',
        key: 'x',
        sessionId: '1',
        linkId: '1',
        questionId: '1',
        feedId: '1',
        datasetId: '1',
        measure: 'volume.csv',
        country: 'japan',
        course: 'ill-borrowing-first-month',
        lesson: 'your-own-system',
        cardId: '1',
        cohort: '1',
      });
      const res = await client.request(path, {
        method: route.method,
        body: formBody({
          _csrf: token,
          revision: '1',
          baseRevision: '2',
          role: 'admin',
          protected: 'true',
          body: 'Text',
        }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
      });
      const html = await res.text();
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      expect(errorCode(html)).toBe('auth.sign_in_required');
      expect(html).toContain('href="/sign-in"');
      expect(await snapshot(t)).toEqual(before);
    }
  });

  it('get 401 on the pages that lead to a write', async () => {
    const article = await freshArticle(false);
    for (const path of [
      '/articles/new',
      `/articles/${article.slug}/edit`,
      `/articles/${article.slug}/files`,
      '/account',
      '/admin/users',
    ]) {
      const res = await new TestClient(t.app).get(path);
      expect(res.status, path).toBe(401);
      expect(await res.text()).toContain('href="/sign-in"');
    }
  });
});

describe('the pages offer exactly what the server allows', () => {
  for (const who of WHO) {
    it(`shows ${who} the buttons they may use, and no others`, async () => {
      const { client } = await browser(who);
      for (const isProtected of [false, true]) {
        const article = await freshArticle(isProtected);
        const page = await (await client.get(`/articles/${article.slug}`)).text();
        const editor = await client.get(`/articles/${article.slug}/edit`);
        const canEdit = EXPECTED[isProtected ? 'editProtected' : 'edit'][who] === 'allowed';
        expect(page.includes('Edit this article'), `${who} edit button, protected=${isProtected}`).toBe(canEdit);
        expect(editor.status === 200, `${who} editor opens, protected=${isProtected}`).toBe(canEdit);
        expect(page.includes('Manage files'), `${who} files button`).toBe(canEdit);
        expect(/(Protect|Unprotect) this article/.test(page), `${who} protect button`).toBe(
          EXPECTED.protect[who] === 'allowed',
        );
        const history = await (await client.get(`/articles/${article.slug}/history`)).text();
        expect(history.includes('Restore revision 1'), `${who} restore button`).toBe(
          EXPECTED[isProtected ? 'revertProtected' : 'revert'][who] === 'allowed',
        );
        expect(page.includes('href="/admin/users"'), `${who} manage users link`).toBe(
          EXPECTED.manageUsers[who] === 'allowed',
        );
        expect(page.includes('href="/articles/new"'), `${who} write link`).toBe(EXPECTED.create[who] === 'allowed');
      }
    });
  }
});

describe('the last administrator', () => {
  it('cannot be demoted, by themself or anyone', async () => {
    const solo = await createTestApp();
    try {
      const admin = await createUser(solo.database, { role: 'admin' });
      const client = await clientFor(solo, admin);
      const token = await client.csrf('/admin/users');
      for (const role of ['moderator', 'member', 'reader']) {
        const res = await client.post(`/admin/users/${admin.id}/role`, { role }, { csrf: token });
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toBe('/admin/users?error=last-admin');
      }
      const page = await client.get('/admin/users?error=last-admin');
      expect(page.status).toBe(409);
      expect(await page.text()).toContain('The hub must keep at least one administrator.');
      const roles = rowsOf<{ role: string }>(
        await solo.database.db.execute(sql`select role from users where id = ${admin.id}`),
      );
      expect(roles[0]?.role).toBe('admin');

      // With a second administrator, one may step down; then the other is the last.
      const second = await createUser(solo.database, { role: 'admin' });
      expect(
        (await client.post(`/admin/users/${admin.id}/role`, { role: 'member' }, { csrf: token })).headers.get(
          'location',
        ),
      ).toMatch(/changed=/);
      const other = await clientFor(solo, second);
      const res = await other.post(`/admin/users/${second.id}/role`, { role: 'member' }, { from: '/admin/users' });
      expect(res.headers.get('location')).toBe('/admin/users?error=last-admin');
    } finally {
      await solo.close();
    }
  });
});

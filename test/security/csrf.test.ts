import { afterAll, describe, expect, it } from 'vitest';
import { requestPasswordReset } from '../../src/features/accounts/accounts.usecases';
import { reviseArticle } from '../../src/features/library/library.usecases';
import { createTestApp, createUser, actorFor, clientFor } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { SESSION_COOKIE } from '../../src/platform/auth/sessions';
import { ONE_CLICK_UNSUBSCRIBE_PATH } from '../../src/platform/http/security';
import { tinyPng } from './files';
import { fillPath, type RouteRef, snapshot, stateChangingRoutes } from './support';
import { addTopic, articleContent, articleForm, newArticle } from '../helpers/content';
import { errorCode, formBody, multipartBody, SAME_ORIGIN } from '../helpers/http';

/**
 * Every state-changing route, taken from the app's own route table, must
 * refuse a form without the right token or from another site, and change
 * nothing when it does. The people sending these are administrators, so the
 * only thing that can stop them is the CSRF check.
 */
const t = await createTestApp();
afterAll(() => t.close());

await addTopic(t);
const admin = await createUser(t.database, { role: 'admin' });
const otherAdmin = await createUser(t.database, { role: 'admin' });
const member = await createUser(t.database);
const article = await newArticle(t, member, { title: 'Interlibrary courier schedules' });
await reviseArticle({
  db: t.database.db,
  actor: actorFor(member),
  now: t.clock.now(),
  slug: article.slug,
  baseRevision: 1,
  content: articleContent({
    title: 'Interlibrary courier schedules',
    body: 'The courier comes on Tuesdays and Thursdays, before noon.',
  }),
  message: 'Second revision',
});
await requestPasswordReset({
  db: t.database.db,
  now: t.clock.now(),
  email: member.email,
  baseUrl: t.deps.config.baseUrl,
  ip: '192.0.2.8',
});
await t.drainJobs();
const resetToken = t.mailer.sent.at(-1)?.text.match(/\/reset\/([A-Za-z0-9_-]{43})/)?.[1];
if (!resetToken) throw new Error('no reset link was mailed');

const PARAMS = {
  slug: article.slug,
  id: String(member.id),
  token: resetToken,
  number: '1',
  username: member.username,
  runId: '1',
  key: 'x',
  sessionId: '1',
  linkId: '1',
  questionId: '1',
  feedId: '1',
  country: 'japan',
  datasetId: '1',
  measure: 'volume.csv',
  course: 'ill-borrowing-first-month',
  lesson: 'your-own-system',
  cardId: '1',
  cohort: '1',
  exercise: 'missing-volume-and-pages',
};

/** What each form would carry in real use, so that a missed check would really change something. */
const FIELDS: Record<string, Record<string, string | string[]>> = {
  'POST /sign-up': {
    email: 'planted@library.test',
    displayName: 'Planted Person',
    username: 'planted',
    password: 'correct horse battery',
  },
  'POST /sign-in': { email: admin.email, password: admin.password },
  'POST /reset': { email: member.email },
  'POST /reset/:token': { password: 'an attacker chosen passphrase', confirm: 'an attacker chosen passphrase' },
  'POST /account/email': { email: 'attacker@evil.example', currentPassword: admin.password },
  'POST /account/password': {
    currentPassword: admin.password,
    password: 'an attacker chosen passphrase',
    confirm: 'an attacker chosen passphrase',
  },
  'POST /admin/users/:id/role': { role: 'admin' },
  'POST /articles': articleForm({ title: 'Planted by another site' }),
  'POST /articles/:slug': articleForm({ title: 'Defaced by another site', baseRevision: '2' }),
  'POST /articles/:slug/revert': { revision: '1', baseRevision: '2' },
  'POST /articles/:slug/protection': { protected: 'true' },
  'POST /preview': { body: '## Preview\n\nSome text to render.' },
  'POST /account/delete': { password: admin.password, understood: 'yes' },
  'POST /messages': { to: member.username, subject: 'Planted', body: 'A message planted by another site.' },
  'POST /account/phone-a-friend': { howICanHelp: 'Planted by another site.', preferredContact: 'message' },
  'POST /learning/plans': { colleague: member.username, template: 'ill-assistant' },
};

/**
 * RFC 8058 one-click unsubscribe is POSTed by mail clients without cookies; the
 * unguessable token in its path is its authority. It is the only exemption
 * (see ONE_CLICK_UNSUBSCRIBE_PATH and src/features/notifications/notifications.routes.test.ts).
 */
const EXEMPT = ['POST /unsubscribe/:token'];
const allRoutes = stateChangingRoutes(t.app);
const routes = allRoutes.filter((r) => !EXEMPT.includes(`${r.method} ${r.path}`));
const isUpload = (r: RouteRef) => r.path.endsWith('/files');

function body(
  route: RouteRef,
  token: string | undefined,
): { body: URLSearchParams | FormData; headers: Record<string, string> } {
  const fields = {
    ...(FIELDS[`${route.method} ${route.path}`] ?? { note: 'a state change' }),
    ...(token === undefined ? {} : { _csrf: token }),
  };
  if (isUpload(route))
    return {
      body: multipartBody(fields, { file: new File([tinyPng()], 'photo.png', { type: 'image/png' }) }),
      headers: {},
    };
  return { body: formBody(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

async function send(client: TestClient, route: RouteRef, token: string | undefined, headers: Record<string, string>) {
  const b = body(route, token);
  return client.request(fillPath(route.path, PARAMS), {
    method: route.method,
    body: b.body,
    headers: { ...b.headers, ...headers },
  });
}

const WRONG = 'A'.repeat(43);

describe('the route table', () => {
  it('lists every state-changing route, so the checks below cannot pass vacuously', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(routes.length).toBeGreaterThanOrEqual(14);
    for (const known of [
      'POST /sign-in',
      'POST /sign-out',
      'POST /articles/:slug',
      'POST /articles/:slug/files',
      'POST /admin/users/:id/role',
      'POST /preview',
    ]) {
      expect(names).toContain(known);
    }
  });

  it('exempts nothing from the CSRF check but one-click unsubscribe', () => {
    const exempt = allRoutes.filter(
      (r) => r.method === 'POST' && ONE_CLICK_UNSUBSCRIBE_PATH.test(fillPath(r.path, PARAMS)),
    );
    expect(exempt.map((r) => `${r.method} ${r.path}`)).toEqual(EXEMPT);
  });
});

describe('cross-site and token-less writes are refused and change nothing', () => {
  for (const route of routes) {
    it(`${route.method} ${route.path}`, async () => {
      const client = await clientFor(t, admin);
      const token = await client.csrf('/account');
      const stranger = await clientFor(t, otherAdmin);
      const strangersToken = await stranger.csrf('/account');
      const before = await snapshot(t);
      const attempts: Array<[string, string | undefined, Record<string, string>]> = [
        ['no token', undefined, SAME_ORIGIN],
        ['a wrong token', WRONG, SAME_ORIGIN],
        ['an empty token', '', SAME_ORIGIN],
        ['the token of another session', strangersToken, SAME_ORIGIN],
        ['a valid token from another site', token, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
        ['a valid token with only a foreign Origin', token, { origin: 'https://evil.example' }],
        ['a valid token with only Sec-Fetch-Site: cross-site', token, { 'sec-fetch-site': 'cross-site' }],
        [
          'a valid token from a sibling site',
          token,
          { origin: 'https://sub.localhost', 'sec-fetch-site': 'same-site' },
        ],
        ['a valid field but a wrong token header', token, { ...SAME_ORIGIN, 'x-csrf-token': WRONG }],
      ];
      for (const [what, supplied, headers] of attempts) {
        const res = await send(client, route, supplied, headers);
        const text = await res.text();
        expect.soft(res.status, `${what}: status`).toBe(403);
        expect.soft(errorCode(text), `${what}: error code`).toBe('http.csrf_failed');
        expect.soft(await snapshot(t), `${what}: database`).toEqual(before);
      }
      // A JSON body is not a form: the token is never read from it.
      const json = await client.request(fillPath(route.path, PARAMS), {
        method: route.method,
        body: JSON.stringify({ ...FIELDS[`${route.method} ${route.path}`], _csrf: token }),
        headers: { 'content-type': 'application/json', accept: 'application/json', ...SAME_ORIGIN },
      });
      expect(json.status).toBe(403);
      expect(errorCode(await json.text())).toBe('http.csrf_failed');
      expect(await snapshot(t)).toEqual(before);
    });
  }
});

describe('the same requests from our own pages are accepted', () => {
  for (const route of routes) {
    it(`${route.method} ${route.path}`, async () => {
      const client = await clientFor(t, admin);
      const token = await client.csrf('/account');
      const res = await send(client, route, token, SAME_ORIGIN);
      const text = await res.text();
      expect(errorCode(text)).not.toBe('http.csrf_failed');
      expect(res.status).not.toBe(403);
      expect(res.status).toBeLessThan(500);
    });
  }
});

describe('signed-out forms (double-submit cookie)', () => {
  const publicForms = ['/sign-in', '/sign-up', '/reset'];

  it('refuses a token without its cookie, a cookie without its token, and a mismatch', async () => {
    for (const path of publicForms) {
      const client = new TestClient(t.app);
      const token = await client.csrf(path);
      expect(client.cookies.get('ill_csrf')).toBe(token);
      const before = await snapshot(t);
      const fields = FIELDS[`POST ${path}`]!;
      const cases: Array<[string, Record<string, string>, string | undefined]> = [
        ['token but no cookie', { ...SAME_ORIGIN }, token],
        ['cookie but no token', { ...SAME_ORIGIN, cookie: `ill_csrf=${token}` }, undefined],
        ['cookie and token differ', { ...SAME_ORIGIN, cookie: `ill_csrf=${WRONG}` }, token],
      ];
      for (const [what, headers, supplied] of cases) {
        const res = await t.app.request(`http://localhost${path}`, {
          method: 'POST',
          body: formBody({ ...fields, ...(supplied ? { _csrf: supplied } : {}) }),
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        });
        expect(res.status, `${path}: ${what}`).toBe(403);
        expect(errorCode(await res.text()), `${path}: ${what}`).toBe('http.csrf_failed');
      }
      expect(await snapshot(t)).toEqual(before);
    }
  });

  it('stops accepting the signed-out token once the person has signed in', async () => {
    const person = await createUser(t.database);
    const client = new TestClient(t.app);
    const anonymousToken = await client.csrf('/sign-in');
    await client.signIn(person.email, person.password);
    const res = await client.post('/preview', { body: 'Some text to preview.' }, { csrf: anonymousToken });
    expect(res.status).toBe(403);
    expect(errorCode(await res.text())).toBe('http.csrf_failed');
    const signedInToken = await client.csrf('/account');
    expect(signedInToken).not.toBe(anonymousToken);
  });
});

/** A body that records whether anything read it. */
function watchedBody(text: string): { body: ReadableStream<Uint8Array>; length: string; read: () => boolean } {
  let pulled = false;
  const bytes = new TextEncoder().encode(text);
  return {
    length: String(bytes.length),
    body: new ReadableStream(
      {
        pull(controller) {
          pulled = true;
          controller.enqueue(bytes);
          controller.close();
        },
      },
      { highWaterMark: 0 },
    ),
    read: () => pulled,
  };
}

describe('the check is made before the body is read', () => {
  it('refuses from the headers alone: another site, no token to compare with, or a wrong token header', async () => {
    const client = await clientFor(t, admin);
    const session = `${SESSION_COOKIE}=${client.cookies.get(SESSION_COOKIE)}`;
    const cases: Array<[string, Record<string, string>]> = [
      ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', cookie: session }],
      ['a foreign Origin', { origin: 'https://evil.example', cookie: session }],
      ['no session and no cookie', { ...SAME_ORIGIN }],
      ['a wrong token header', { ...SAME_ORIGIN, cookie: session, 'x-csrf-token': WRONG }],
    ];
    for (const route of routes) {
      for (const [what, headers] of cases) {
        const watched = watchedBody(`note=x&_csrf=${WRONG}`);
        const res = await t.app.request(`http://localhost${fillPath(route.path, PARAMS)}`, {
          method: route.method,
          body: watched.body,
          // With a length, as browsers send forms (a chunked body is buffered, up to the 2 MB limit, by the size check).
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': watched.length,
            ...headers,
          },
          duplex: 'half',
        } as RequestInit);
        expect.soft(res.status, `${route.method} ${route.path}: ${what}`).toBe(403);
        expect.soft(watched.read(), `${route.method} ${route.path}: ${what}: body read`).toBe(false);
      }
    }
  });

  it('counts the fields of a form before parsing it: 500,000 fields are refused with 413', async () => {
    const client = await clientFor(t, admin);
    const token = await client.csrf('/account');
    const before = await snapshot(t);
    const flood = `${'a=1&'.repeat(500_000)}_csrf=${token}&body=x`;
    const res = await client.request('/preview', {
      method: 'POST',
      body: flood,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
    });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(errorCode(html)).toBe('http.too_many_fields');
    expect(html).toContain('action="/search"');
    // The same with the token in the header: the body is still counted before a handler parses it.
    const viaHeader = await client.request('/preview', {
      method: 'POST',
      body: flood,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': token, ...SAME_ORIGIN },
    });
    expect(viaHeader.status).toBe(413);
    expect(await snapshot(t)).toEqual(before);
  });

  it('counts the parts of a multipart form, uploads included', async () => {
    const client = await clientFor(t, admin);
    const token = await client.csrf('/account');
    const form = new FormData();
    form.append('_csrf', token);
    for (let i = 0; i < 1_001; i++) form.append(`f${i}`, 'x');
    const res = await client.request(`/articles/${article.slug}/files`, {
      method: 'POST',
      body: form,
      headers: SAME_ORIGIN,
    });
    expect(res.status).toBe(413);
    expect(errorCode(await res.text())).toBe('http.too_many_fields');
  });

  it('still accepts a long form within the limit', async () => {
    const client = await clientFor(t, admin);
    const token = await client.csrf('/account');
    const fields = new URLSearchParams({ _csrf: token, body: 'Some text to preview.' });
    for (let i = 0; i < 900; i++) fields.append(`extra${i}`, 'x');
    const res = await client.request('/preview', {
      method: 'POST',
      body: fields,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
    });
    expect(res.status).toBe(200);
  });
});

import { HonoRequest } from 'hono/request';
import { afterAll, describe, expect, it } from 'vitest';
import { startConversation } from '../../src/features/people/messages.usecases';
import { reviseArticle } from '../../src/features/library/library.usecases';
import { createTestApp, createUser, actorFor, clientFor } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { fillPath, pageRoutes, type RouteRef, stateChangingRoutes } from './support';
import { reply, startThread } from '../helpers/forum';
import { exampleGroup } from '../helpers/groups';
import { addTopic, articleContent, newArticle } from '../helpers/content';
import { errorCode, formBody, multipartBody, SAME_ORIGIN } from '../helpers/http';

/**
 * Whatever a visitor types into an address bar or a form, the hub answers with
 * a page they can act on, never a 500: numbers out of range are clamped or not
 * found, and text the hub cannot read (a NUL, bytes that are not UTF-8, a stray
 * `%`) is a 400 that says so. Every route is taken from the app's own table.
 */
const t = await createTestApp({ seed: true });
afterAll(() => t.close());

await addTopic(t);
const admin = await createUser(t.database, { role: 'admin' });
const member = await createUser(t.database);
const article = await newArticle(t, admin, { title: 'Courier schedules for returnables' });
await reviseArticle({
  db: t.database.db,
  actor: actorFor(admin),
  now: t.clock.now(),
  slug: article.slug,
  baseRevision: 1,
  content: articleContent({ title: article.title, body: 'The courier now comes on Tuesdays and Thursdays.' }),
  message: 'Second revision',
});
const { thread } = await startThread(t, member);
const { post } = await reply(t, admin, thread.id);
const group = await exampleGroup(t, admin, admin);
const conversation = await startConversation({
  db: t.database.db,
  actor: actorFor(admin),
  now: t.clock.now(),
  to: [member.username],
  subject: 'Vouchers',
  body: 'Do you still take IFLA vouchers?',
});
if (!conversation.ok) throw new Error('no conversation');
const conversationId = conversation.conversationId;

/** Real values, so that a route whose own parameter is fine reaches the code that reads the query. */
function realParams(path: string): Record<string, string> {
  const slug =
    path.startsWith('/groups') || path.startsWith('/experts')
      ? group.slug
      : path.startsWith('/topics')
        ? 'lending'
        : path.startsWith('/forum/c')
          ? 'international'
          : article.slug;
  const id = path.startsWith('/forum/t')
    ? thread.id
    : path.startsWith('/forum/p')
      ? post.id
      : path.startsWith('/messages')
        ? conversationId
        : path.startsWith('/admin/groups')
          ? group.id
          : member.id;
  return {
    slug,
    id: String(id),
    number: '1',
    token: 'x'.repeat(43),
    username: member.username,
    name: 'file.png',
    linkId: '1',
    fileId: 'x',
    country: 'japan',
    file: 'not-a-key.ics',
    sessionId: '1',
    runId: '1',
    key: 'x',
    questionId: '1',
    feedId: '1',
    datasetId: '1',
    measure: 'volume.csv',
    course: 'ill-borrowing-first-month',
    lesson: 'your-own-system',
    cardId: '1',
    cohort: '1',
    exercise: 'x',
    code: 'x'.repeat(24),
  };
}

/** What people (and scripts) put where a number belongs. */
const BAD_NUMBERS = [
  '1e20',
  '1e21',
  '-1',
  'NaN',
  '',
  '0',
  '1.5',
  '99999999999999999999',
  '2147483648',
  '9007199254740993',
  '0x10',
  'Infinity',
];
/** Every query parameter some page reads as a number. */
const NUMERIC_QUERY = ['page', 'before', 'after', 'from', 'to', 'message', 'quote', 'revision'];
/** Every form field some handler reads as a number. */
const NUMERIC_FIELDS = [
  'baseRevision',
  'revision',
  'messageId',
  'upTo',
  'groupId',
  'articleIds',
  'intervalMonths',
  'days',
  'digestHourUtc',
  'quoteOf',
  'postId',
];

async function statusOf(res: Response): Promise<number> {
  // Live-update streams never end by themselves: cancelling the body closes them.
  await res.body?.cancel().catch(() => {});
  return res.status;
}

const getRoutes = pageRoutes(t.app);
const numericPathRoutes = (routes: RouteRef[]) =>
  routes.filter((r) => /:(id|number|datasetId|cardId|cohort)\b/.test(r.path));

describe('numbers out of range never break a page', () => {
  it('finds the routes to try, so the checks below cannot pass vacuously', () => {
    expect(getRoutes.length).toBeGreaterThan(60);
    expect(numericPathRoutes(getRoutes).length).toBeGreaterThan(15);
  });

  it('in a path: every GET route with an id or number', async () => {
    const client = await clientFor(t, admin);
    for (const route of numericPathRoutes(getRoutes)) {
      for (const bad of BAD_NUMBERS) {
        const params = { ...realParams(route.path), id: bad, number: bad, datasetId: bad, cardId: bad, cohort: bad };
        const path = fillPath(route.path.replace(/\{[^}]*\}/g, ''), params);
        expect.soft(await statusOf(await client.get(path)), `GET ${path}`).toBeLessThan(500);
      }
    }
  });

  it('in a query: every numeric parameter every GET route reads', async () => {
    const client = await clientFor(t, admin);
    // Which route reads which parameter, found by asking each route once with all of them.
    const reads = new Map<string, Set<string>>();
    const { query } = HonoRequest.prototype;
    let current = '';
    HonoRequest.prototype.query = function (this: HonoRequest, key?: string) {
      const seen = reads.get(current) ?? new Set<string>();
      reads.set(current, seen);
      const result = (query as (this: HonoRequest, key?: string) => unknown).call(this, key);
      if (key !== undefined) {
        if (NUMERIC_QUERY.includes(key)) seen.add(key);
        return result;
      }
      // All of them at once: note the ones the handler then looks at.
      return new Proxy(result as Record<string, string>, {
        get(target, name) {
          if (typeof name === 'string' && NUMERIC_QUERY.includes(name)) seen.add(name);
          return target[name as string];
        },
      });
    } as typeof query;
    const bases = new Map(
      getRoutes.map((route) => [route.path, fillPath(route.path.replace(/\{[^}]*\}/g, ''), realParams(route.path))]),
    );
    try {
      for (const [path, base] of bases) {
        current = path;
        await statusOf(await client.get(`${base}?${NUMERIC_QUERY.map((name) => `${name}=1`).join('&')}`));
      }
    } finally {
      HonoRequest.prototype.query = query;
    }
    const pairs = [...reads].flatMap(([path, names]) => [...names].map((name) => [path, name] as const));
    for (const known of [
      '/articles page',
      '/search page',
      '/notifications before',
      '/articles/:slug/diff from',
      '/articles/:slug/diff to',
      '/forum/t/:id page',
      '/messages/:id/report message',
    ]) {
      expect(pairs.map(([path, name]) => `${path} ${name}`)).toContain(known);
    }
    for (const [path, name] of pairs) {
      for (const bad of BAD_NUMBERS) {
        const url = `${bases.get(path)}?${name}=${encodeURIComponent(bad)}`;
        expect.soft(await statusOf(await client.get(url)), `GET ${url}`).toBeLessThan(500);
      }
    }
  }, 60_000);

  it('in the Last-Event-ID of a live-update stream', async () => {
    const client = await clientFor(t, admin);
    for (const bad of BAD_NUMBERS) {
      const res = await client.get(`/forum/t/${thread.id}/events`, { 'last-event-id': bad });
      expect.soft(await statusOf(res), bad).toBeLessThan(500);
    }
  });

  it('clamps a page number far past the end instead of failing', async () => {
    for (const path of [
      '/articles?page=1e21',
      '/search?q=loan&page=99999999999999999999',
      '/people?page=2147483648',
      `/forum/t/${thread.id}?page=1e20`,
    ]) {
      const res = await new TestClient(t.app).get(path);
      expect(res.status, path).toBe(200);
    }
  });

  it('treats an id too big to exist as not found', async () => {
    const client = await clientFor(t, admin);
    for (const path of [
      '/forum/t/99999999999999999999',
      '/forum/p/2147483648',
      '/messages/1e20',
      '/suggestions/9007199254740993',
      '/handovers/-1',
    ]) {
      const res = await client.get(path);
      expect(res.status, path).toBe(404);
      expect(errorCode(await res.text()), path).toMatch(/not_found$/);
    }
  });

  it('in a form: every state-changing route, every numeric field and id', async () => {
    for (const route of stateChangingRoutes(t.app)) {
      if (route.path === '/sign-out' || route.path === '/account/delete') continue;
      const client = await clientFor(t, admin);
      const token = await client.csrf('/account');
      const path = (params: Record<string, string>) => fillPath(route.path.replace(/\{[^}]*\}/g, ''), params);
      for (const bad of ['99999999999999999999', '1e20', '-1']) {
        const fields: Record<string, string> = {
          _csrf: token,
          body: 'A reply long enough to be accepted.',
          title: 'A title long enough',
        };
        for (const name of NUMERIC_FIELDS) fields[name] = bad;
        const attempts = [path(realParams(route.path))];
        if (/:(id|number|datasetId|cardId|cohort)\b/.test(route.path))
          attempts.push(
            path({ ...realParams(route.path), id: bad, number: bad, datasetId: bad, cardId: bad, cohort: bad }),
          );
        for (const url of attempts) {
          const res = await client.request(url, {
            method: route.method,
            body: formBody(fields),
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
          });
          expect.soft(await statusOf(res), `${route.method} ${url} with ${bad}`).toBeLessThan(500);
        }
      }
    }
  }, 60_000);
});

describe('text the hub cannot read is a 400 that says so', () => {
  const MALFORMED = [
    ['a NUL in the path', '/articles/courier%00schedules'],
    ['a NUL in the query', '/search?q=loan%00'],
    ['a NUL in a query name', '/search?q%00=loan'],
    ['bytes that are not UTF-8 in the path', '/articles/%ff%fe'],
    ['bytes that are not UTF-8 in the query', '/search?q=%c0%af'],
    ['a truncated UTF-8 sequence', '/people?q=%E0%A4%A'],
    ['a stray percent sign', '/search?q=100%'],
    ['a percent sign without hex digits', '/topics/%zz'],
  ] as const;

  for (const [what, path] of MALFORMED) {
    it(`${what}: ${path}`, async () => {
      const res = await new TestClient(t.app).get(path);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(errorCode(html)).toBe('http.bad_request');
      // The helpful page: the layout with the search box, not a bare message.
      expect(html).toContain('action="/search"');
    });
  }

  it('on every GET route', async () => {
    const client = await clientFor(t, admin);
    for (const route of getRoutes) {
      const base = fillPath(route.path.replace(/\{[^}]*\}/g, ''), realParams(route.path));
      for (const suffix of ['?q=%00', '?page=%ff', '?x=%']) {
        const res = await client.get(`${base}${suffix}`);
        expect.soft(await statusOf(res), `${base}${suffix}`).toBe(400);
      }
    }
  });

  it('answers a JSON caller in JSON', async () => {
    const res = await t.app.request('http://localhost/search?q=%00', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('http.bad_request');
  });

  it('in a url-encoded form: a NUL, a bad escape or raw bytes that are not UTF-8', async () => {
    const client = new TestClient(t.app);
    const token = await client.csrf('/sign-in');
    const bodies: Array<[string, BodyInit]> = [
      ['a NUL', `_csrf=${token}&email=a%00b%40library.test&password=x`],
      ['bytes that are not UTF-8', `_csrf=${token}&email=%ff%fe&password=x`],
      ['a stray percent sign', `_csrf=${token}&email=100%&password=x`],
      [
        'raw bytes that are not UTF-8',
        new Uint8Array([...new TextEncoder().encode(`_csrf=${token}&email=`), 0xff, 0xfe]),
      ],
    ];
    for (const [what, body] of bodies) {
      const res = await client.request('/sign-in', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
      });
      expect(res.status, what).toBe(400);
      expect(errorCode(await res.text()), what).toBe('http.bad_request');
    }
  });

  it('in a multipart form: a NUL in a text field', async () => {
    const client = await clientFor(t, admin);
    const token = await client.csrf('/account');
    const res = await client.request('/preview', {
      method: 'POST',
      body: multipartBody({ _csrf: token, body: 'Hello\u0000world' }),
      headers: SAME_ORIGIN,
    });
    expect(res.status).toBe(400);
    expect(errorCode(await res.text())).toBe('http.bad_request');
  });

  it('on every state-changing route: a NUL in every field is a 400, not a 500', async () => {
    for (const route of stateChangingRoutes(t.app)) {
      if (route.path === '/sign-out') continue;
      const client = await clientFor(t, admin);
      const token = await client.csrf('/account');
      const fields = {
        _csrf: token,
        body: 'Text\u0000more',
        title: 'A\u0000title',
        email: 'a\u0000@b.c',
        note: 'x\u0000',
      };
      const path = fillPath(route.path.replace(/\{[^}]*\}/g, ''), realParams(route.path));
      const res = await client.request(path, {
        method: route.method,
        body: formBody(fields),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
      });
      expect.soft(await statusOf(res), `${route.method} ${path}`).toBe(400);
    }
  });

  it('still reads ordinary text with accents, emoji and an encoded percent sign', async () => {
    const res = await new TestClient(t.app).get('/search?q=%C3%A9tudes%20100%25%20%F0%9F%93%9A');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('études 100% 📚');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestPasswordReset } from '../../src/features/accounts/accounts.usecases';
import { CONTENT_SECURITY_POLICY } from '../../src/platform/http/security';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { tinyPng } from './files';
import { scanHtml } from './html-scan';
import { fillPath, pageRoutes } from './support';
import { addTopic, newArticle } from '../helpers/content';
import { errorCode, multipartBody, SAME_ORIGIN } from '../helpers/http';
import { resourcesModule } from '../../src/features/resources';

/** The cookie's attributes, lower-cased names: { httponly: '', samesite: 'Lax', path: '/', … }. */
function cookieAttributes(setCookie: string[], name: string): Record<string, string> | undefined {
  const line = setCookie.find((c) => c.startsWith(`${name}=`));
  if (!line) return undefined;
  const [, ...parts] = line.split(';');
  return Object.fromEntries(
    parts
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => {
        const eq = p.indexOf('=');
        return eq < 0 ? [p.toLowerCase(), ''] : [p.slice(0, eq).toLowerCase(), p.slice(eq + 1)];
      }),
  );
}

async function signInCookies(t: TestApp, origin: string, headers: Record<string, string> = {}) {
  const user = await createUser(t.database);
  const client = new TestClient(t.app, origin);
  await client.get('/sign-in', headers);
  const token = await client.csrf();
  const res = await client.post(
    '/sign-in',
    { email: user.email, password: user.password },
    { csrf: token, headers: { ...headers, origin } },
  );
  expect(res.status).toBe(303);
  return res.headers.getSetCookie();
}

describe('the session cookie', () => {
  // One app per configuration, shared by the tests below.
  const apps = new Map<string, Promise<TestApp>>();
  afterAll(async () => {
    for (const app of apps.values()) await (await app).close();
  });
  const app = (options: Parameters<typeof createTestApp>[0] = {}) => {
    const key = JSON.stringify(options);
    if (!apps.has(key)) apps.set(key, createTestApp(options));
    return apps.get(key)!;
  };

  it('is HttpOnly, SameSite=Lax, Path=/ and not Secure on plain http', async () => {
    const cookie = cookieAttributes(await signInCookies(await app(), 'http://localhost'), 'ill_sid');
    expect(cookie).toBeDefined();
    expect(cookie).toHaveProperty('httponly');
    expect(cookie?.samesite).toBe('Lax');
    expect(cookie?.path).toBe('/');
    expect(cookie).not.toHaveProperty('secure');
    expect(cookie).not.toHaveProperty('domain');
    expect(Number(cookie?.['max-age'])).toBe(30 * 86_400);
  });

  it('is Secure when the hub’s BASE_URL is https, and HSTS is sent', async () => {
    const t = await app({ config: { baseUrl: 'https://hub.example' } });
    const cookies = await signInCookies(t, 'https://hub.example');
    const cookie = cookieAttributes(cookies, 'ill_sid');
    expect(cookie).toHaveProperty('secure');
    expect(cookie).toHaveProperty('httponly');
    expect(cookie?.samesite).toBe('Lax');
    const res = await new TestClient(t.app, 'https://hub.example').get('/about');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });

  it('is Secure behind a trusted proxy that says the request came over https, and not otherwise', async () => {
    const proxied = await app({ config: { trustProxy: true } });
    const viaHttps = cookieAttributes(
      await signInCookies(proxied, 'http://localhost', { 'x-forwarded-proto': 'https' }),
      'ill_sid',
    );
    expect(viaHttps).toHaveProperty('secure');
    expect(viaHttps).toHaveProperty('httponly');
    const viaHttp = cookieAttributes(
      await signInCookies(proxied, 'http://localhost', { 'x-forwarded-proto': 'http' }),
      'ill_sid',
    );
    expect(viaHttp).not.toHaveProperty('secure');
    // Without TRUST_PROXY the header is someone else's claim and changes nothing.
    const direct = await app();
    const spoofed = cookieAttributes(
      await signInCookies(direct, 'http://localhost', { 'x-forwarded-proto': 'https' }),
      'ill_sid',
    );
    expect(spoofed).not.toHaveProperty('secure');
  });

  it('gives the signed-out form token cookie the same protection', async () => {
    const t = await app({ config: { baseUrl: 'https://hub.example' } });
    const res = await new TestClient(t.app, 'https://hub.example').get('/sign-in');
    const cookie = cookieAttributes(res.headers.getSetCookie(), 'ill_csrf');
    expect(cookie).toHaveProperty('httponly');
    expect(cookie).toHaveProperty('secure');
    expect(cookie?.samesite).toBe('Lax');
  });
});

describe('headers and markup of every page', () => {
  let t: TestApp;
  let admin: TestUser;
  let params: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    await addTopic(t);
    // The lender directory's records (read from the database), so "/resources/lenders/:country/…" are real pages.
    await resourcesModule.seed?.(t.deps);
    admin = await createUser(t.database, { role: 'admin' });
    const article = await newArticle(t, admin, { title: 'Headers and markup' });
    const client = await clientFor(t, admin);
    const token = await client.csrf('/account');
    const upload = await client.request(`/articles/${article.slug}/files`, {
      method: 'POST',
      body: multipartBody({ _csrf: token }, { file: new File([tinyPng()], 'photo.png') }),
      headers: SAME_ORIGIN,
    });
    const id = new URL(upload.headers.get('location')!, 'http://localhost').searchParams.get('uploaded')!;
    await requestPasswordReset({
      db: t.database.db,
      now: t.clock.now(),
      email: admin.email,
      baseUrl: t.deps.config.baseUrl,
      ip: '192.0.2.8',
    });
    await t.drainJobs();
    const token2 = t.mailer.sent.at(-1)!.text.match(/\/reset\/([A-Za-z0-9_-]{43})/)![1]!;
    params = {
      slug: article.slug,
      number: '1',
      token: token2,
      id,
      name: 'photo.png',
      username: admin.username,
      linkId: '1',
      fileId: 'x',
      country: 'japan',
      file: 'not-a-key.ics',
      datasetId: '1',
      measure: 'volume.csv',
      course: 'ill-borrowing-first-month',
      lesson: 'your-own-system',
      cardId: '1',
      cohort: '1',
      exercise: 'x',
      code: 'x'.repeat(24),
    };
  });
  afterAll(() => t.close());

  function expectStrictHeaders(res: Response, where: string) {
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp, where).toBe(CONTENT_SECURITY_POLICY);
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives.get('script-src'), where).toEqual(["'self'"]);
    expect(directives.get('default-src'), where).toEqual(["'self'"]);
    expect(directives.get('style-src'), where).toEqual(["'self'"]);
    expect(directives.get('object-src'), where).toEqual(["'none'"]);
    expect(directives.get('base-uri'), where).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors'), where).toEqual(["'none'"]);
    expect(csp, where).not.toMatch(/unsafe-|\*|'strict-dynamic'|https?:/);
    expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
    expect(res.headers.get('x-frame-options'), where).toBe('DENY');
    expect(res.headers.get('referrer-policy'), where).toBeTruthy();
  }

  async function check(client: TestClient, path: string, init: RequestInit = {}): Promise<boolean> {
    const res = await client.request(path, init);
    expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    if (!(res.headers.get('content-type') ?? '').includes('text/html')) return false;
    expectStrictHeaders(res, `${init.method ?? 'GET'} ${path} (${res.status})`);
    const html = await res.text();
    expect(scanHtml(html), path).toEqual([]);
    return true;
  }

  it('sends the strict CSP and no inline script on every page in the route table, signed in or not', async () => {
    let pages = 0;
    const routes = pageRoutes(t.app);
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const client of [new TestClient(t.app), await clientFor(t, admin)]) {
      for (const route of routes) {
        const path = fillPath(route.path, params);
        // Twice: the second anonymous answer comes from the page cache.
        for (let i = 0; i < 2; i++) if (await check(client, path)) pages++;
      }
    }
    expect(pages).toBeGreaterThanOrEqual(50);
  });

  it('sends the same headers on error pages, form errors, previews and cached repeats', async () => {
    const anonymous = new TestClient(t.app);
    const signedIn = await clientFor(t, admin);
    const token = await signedIn.csrf('/account');
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
    });
    const cases: Array<[TestClient, string, RequestInit, number]> = [
      [anonymous, '/no-such-page', {}, 404],
      [anonymous, '/articles/new', {}, 401],
      [anonymous, '/preview', form({ body: 'x' }), 403],
      [signedIn, '/articles', form({ _csrf: token, title: '' }), 400],
      [signedIn, '/preview', form({ _csrf: token, body: '**bold**' }), 200],
      [signedIn, '/articles', form({ _csrf: token, body: 'x'.repeat(3 * 1024 * 1024) }), 413],
      [signedIn, '/reset/not-a-real-token', {}, 400],
    ];
    for (const [client, path, init, status] of cases) {
      const res = await client.request(path, init);
      expect(res.status, path).toBe(status);
      expectStrictHeaders(res, `${path} ${status}`);
      expect(scanHtml(await res.text())).toEqual([]);
    }
    const first = await anonymous.get(`/articles/${params.slug}`);
    const repeat = await anonymous.get(`/articles/${params.slug}`, { 'if-none-match': first.headers.get('etag')! });
    expect(repeat.status).toBe(304);
    expectStrictHeaders(repeat, 'cached 304');
    expect(errorCode(await (await anonymous.get('/no-such-page')).text())).toBe('http.not_found');
  });

  it('never serves a signed-in page from the shared cache, nor a cached page to someone signed in', async () => {
    const signedIn = await clientFor(t, admin);
    const anonymous = new TestClient(t.app);
    const path = `/articles/${params.slug}/history`;
    const mine = await signedIn.get(path);
    expect(mine.headers.get('cache-control')).toMatch(/private|no-store/);
    const mineHtml = await mine.text();
    expect(mineHtml).toContain('Sign out');
    const theirs = await anonymous.get(path);
    const theirsHtml = await theirs.text();
    expect(theirs.headers.get('cache-control')).toContain('public');
    for (const secret of ['Sign out', 'name="_csrf"', admin.email, 'href="/account"'])
      expect(theirsHtml).not.toContain(secret);
    const again = await signedIn.get(path);
    expect(again.headers.get('cache-control')).toMatch(/private|no-store/);
    expect(await again.text()).toContain('Sign out');
  });
});

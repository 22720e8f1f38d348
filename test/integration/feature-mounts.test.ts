import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureModule } from '../../src/feature-module';
import { featureModules, routeMounts } from '../../src/modules';
import { SESSION_COOKIE } from '../../src/platform/auth/sessions';
import { PageCache } from '../../src/platform/cache/page-cache';
import type { AppEnv } from '../../src/platform/http/context';
import { MountConflictError } from '../../src/platform/http/mounts';
import { createServer } from '../../src/server';
import { createTestApp, createUser, type TestApp, clientFor } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { fillPath, pageRoutes } from '../security/support';
import { addTopic, newArticle } from '../helpers/content';

const segments = (path: string) => path.split('/').filter(Boolean);

/** Every path under `prefix` ("/" holds the home page only); a parameter in the prefix matches any segment. */
function under(prefix: string, path: string): boolean {
  const p = segments(prefix);
  const s = segments(path);
  if (p.length === 0) return s.length === 0;
  return p.length <= s.length && p.every((seg, i) => seg.startsWith(':') || seg === s[i]);
}

const fullPath = (prefix: string, path: string) => `/${[...segments(prefix), ...segments(path)].join('/')}`;

/** What the server itself registers around the features (health check, static files, global middleware). */
const SERVER_ROUTES = ['GET /healthz', 'GET /favicon.ico'];

describe('feature modules mounted at their own prefixes', () => {
  it('register every route under a prefix their own module declares, owned by no more specific prefix', () => {
    const mounts = routeMounts(featureModules());
    const modules = new Set(mounts.map((m) => m.module));
    expect(modules.size).toBeGreaterThanOrEqual(7);
    let checked = 0;
    for (const mount of mounts) {
      for (const route of mount.routes.routes) {
        const path = fullPath(mount.prefix, route.path);
        const where = `${route.method} ${path} (${mount.module})`;
        expect(under(mount.prefix, path), where).toBe(true);
        // The most specific prefix that holds the path decides who owns it: that must be this module.
        const owners = mounts
          .filter((m) => under(m.prefix, path))
          .sort((a, b) => segments(b.prefix).length - segments(a.prefix).length);
        expect(owners[0]?.module, where).toBe(mount.module);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(150);
  });

  it('assemble into a hub whose route table is exactly the modules’ routes plus the server’s own', async () => {
    const t = await createTestApp();
    try {
      const expected = routeMounts(featureModules()).flatMap((m) =>
        m.routes.routes.map((r) => `${r.method} ${fullPath(m.prefix, r.path)}`),
      );
      const actual = t.app.routes
        .map((r) => `${r.method} ${r.path}`)
        .filter((r) => !SERVER_ROUTES.includes(r) && !(r.startsWith('ALL ') && /^ALL (\/\w+)?\/?\*$/.test(r)));
      expect(actual.sort()).toEqual(expected.sort());
    } finally {
      await t.close();
    }
  });

  it('refuse to start when two features claim the same prefix or one reaches into another’s', async () => {
    const t = await createTestApp();
    try {
      const claiming = (prefix: string, ...paths: string[]): FeatureModule => {
        const routes = new Hono<AppEnv>();
        for (const p of paths) routes.get(p, (c) => c.text('mine'));
        return { name: 'newcomer', routes: () => ({ [prefix]: routes }) };
      };
      // The forum is the community's.
      expect(() => createServer(t.deps, [...featureModules(), claiming('/forum', '/')])).toThrow(MountConflictError);
      expect(() => createServer(t.deps, [...featureModules(), claiming('/forum', '/')])).toThrow(
        /"community" and "newcomer" both claim/,
      );
      // "/forum/t" inside the forum is free as a prefix, but the community's "/forum/t/:id" already answers there.
      expect(() => createServer(t.deps, [...featureModules(), claiming('/forum/t', '/')])).toThrow(
        /"GET \/forum\/t\/:id[^"]*" of module "community" reaches into "\/forum\/t", which module "newcomer" claims/,
      );
      // Inside the groups' "/articles/:slug/suggest", where they answer nothing, a more specific prefix is allowed;
      // "/articles/new" crosses it ("/articles/new/suggest" lies under both) and the library answers there.
      expect(() => createServer(t.deps, [...featureModules(), claiming('/articles/new/suggest/x', '/')])).not.toThrow();
      expect(() => createServer(t.deps, [...featureModules(), claiming('/articles/new', '/')])).toThrow(
        /overlap|reaches into/,
      );
      // A new prefix of its own is fine, wherever the module sits in the list.
      expect(() => createServer(t.deps, [claiming('/newsletters', '/', '/:id'), ...featureModules()])).not.toThrow();
    } finally {
      await t.close();
    }
  });
});

/** A fixed shuffle (a small linear congruential generator), so a failure can be reproduced. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('the assembled hub', () => {
  let t: TestApp;
  let params: Record<string, string>;
  let sessionToken: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    await addTopic(t);
    const admin = await createUser(t.database, { role: 'admin' });
    const article = await newArticle(t, admin, { title: 'Mounted under its own prefix' });
    const client = await clientFor(t, admin);
    sessionToken = client.cookies.get(SESSION_COOKIE) as string;
    const token = 'x'.repeat(43);
    params = {
      slug: article.slug,
      number: '1',
      token,
      id: '1',
      name: 'x.png',
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

  it('answers every page the same whatever order the modules are listed in', async () => {
    const modules = featureModules();
    const orders = [modules, [...modules].reverse(), shuffled(modules, 9), shuffled(modules, 2026)];
    // Every GET route of the hub (not the live-update stream, which stays open), plus paths between features.
    const paths = [
      ...pageRoutes(t.app)
        .filter((r) => !r.path.endsWith('/events'))
        .map((r) => fillPath(r.path, params)),
      '/no-such-page',
      `/articles/${params.slug}/suggest/extra`,
      '/account/profile/extra',
      '/moderation/messages/extra',
    ];
    expect(paths.length).toBeGreaterThanOrEqual(80);
    const answers: string[][] = [];
    for (const order of orders) {
      // A page cache of its own, so that no variant answers from another's stored pages.
      const app = createServer({ ...t.deps, pageCache: new PageCache() }, order);
      const anonymous = new TestClient(app);
      const signedIn = new TestClient(app);
      signedIn.cookies.set(SESSION_COOKIE, sessionToken);
      const seen: string[] = [];
      for (const path of paths) {
        for (const [who, client] of [
          ['anonymous', anonymous],
          ['admin', signedIn],
        ] as const) {
          const res = await client.get(path);
          await res.arrayBuffer();
          const location = res.headers.get('location') ?? '';
          seen.push(`${who} GET ${path} → ${res.status} ${location} ${res.headers.get('content-type') ?? ''}`);
        }
      }
      answers.push(seen);
    }
    // Signed in as an administrator, most pages answer 200: the comparison covers real handlers, not only 404s.
    expect(answers[0]?.filter((a) => a.startsWith('admin') && a.includes('→ 200')).length).toBeGreaterThanOrEqual(40);
    for (const other of answers.slice(1)) expect(other).toEqual(answers[0]);
  });
});

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './context';
import { checkMounts, combineMounts, type Mount, MountConflictError, mergeMounts } from './mounts';

/** A sub-app answering GET on each of `paths` (relative to its prefix) with the paths' own text. */
function sub(...paths: string[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const p of paths) app.get(p, (c) => c.text(p));
  return app;
}

const mount = (module: string, prefix: string, routes = sub('/')): Mount => ({ module, prefix, routes });

function conflict(mounts: Mount[]): string {
  try {
    checkMounts(mounts);
  } catch (error) {
    expect(error).toBeInstanceOf(MountConflictError);
    return (error as Error).message;
  }
  throw new Error('expected a MountConflictError');
}

describe('checkMounts', () => {
  it('accepts features under distinct prefixes', () => {
    const mounts = [mount('community', '/forum', sub('/', '/t/:id')), mount('groups', '/groups')];
    expect(() => checkMounts(mounts)).not.toThrow();
  });

  it('refuses two features claiming the same prefix, whatever their parameters are called', () => {
    expect(conflict([mount('library', '/topics'), mount('notifications', '/topics')])).toMatch(
      /"library" and "notifications" both claim the prefix "\/topics"/,
    );
    expect(conflict([mount('groups', '/articles/:slug/suggest'), mount('other', '/articles/:id/suggest')])).toMatch(
      /both claim the prefix "\/articles\/:\/suggest"/,
    );
  });

  it('refuses prefixes that cross: some paths under both, neither inside the other', () => {
    const crossing = [mount('library', '/articles/new'), mount('groups', '/articles/:slug/suggest')];
    expect(conflict(crossing)).toMatch(/overlap/);
  });

  it('lets a feature own a more specific prefix inside another feature’s prefix', () => {
    const accounts = mount('accounts', '/account', sub('/', '/email', '/email/:token', '/password'));
    const people = mount('people', '/account/profile', sub('/', '/photo'));
    const library = mount('library', '/articles', sub('/', '/new', '/:slug', '/:slug/edit'));
    const groups = mount('groups', '/articles/:slug/suggest');
    expect(() => checkMounts([accounts, people, library, groups])).not.toThrow();
  });

  it('refuses an outer feature’s route that could answer inside the inner prefix', () => {
    const accounts = mount('accounts', '/account', sub('/', '/profile/old'));
    expect(conflict([accounts, mount('people', '/account/profile')])).toMatch(
      /"GET \/account\/profile\/old" of module "accounts" reaches into "\/account\/profile", which module "people"/,
    );
    // A parameter matches the inner prefix's literal segment just as well.
    const library = mount('library', '/articles', sub('/:slug/:tab'));
    expect(conflict([library, mount('groups', '/articles/:slug/suggest')])).toMatch(
      /"GET \/articles\/:slug\/:tab" of module "library"/,
    );
  });

  it('refuses prefix-wide middleware over a prefix another feature carves out of it', () => {
    const routes = sub('/');
    routes.use('*', async (_c, next) => next());
    const carved = [mount('accounts', '/account', routes), mount('people', '/account/profile')];
    expect(conflict(carved)).toMatch(/"ALL \/account\/\*"/);
  });

  it('keeps the root prefix to the home page alone', () => {
    expect(() => checkMounts([mount('home', '/'), mount('library', '/articles')])).not.toThrow();
    expect(conflict([mount('home', '/', sub('/', '/about'))])).toMatch(/root prefix serves the home page only/);
    expect(conflict([mount('home', '/'), mount('library', '/')])).toMatch(/both claim the prefix "\/"/);
  });

  it('refuses prefixes with a trailing slash, wildcards or patterns', () => {
    for (const prefix of ['forum', '/forum/', '/forum/*', '/notifications/:id{[0-9]+}', '/a//b']) {
      expect(conflict([mount('x', prefix)])).toMatch(/declares the prefix/);
    }
  });
});

describe('mergeMounts', () => {
  it('joins route files’ sub-apps for the same prefix, keeping their order', async () => {
    const first = new Hono<AppEnv>();
    first.get('/new', (c) => c.text('new form'));
    const second = new Hono<AppEnv>();
    second.get('/:slug', (c) => c.text(`page ${c.req.param('slug')}`));
    const app = combineMounts(mergeMounts({ '/articles': first }, { '/articles': second, '/topics': sub('/') }));
    expect(await (await app.request('/articles/new')).text()).toBe('new form');
    expect(await (await app.request('/articles/packing')).text()).toBe('page packing');
    expect((await app.request('/topics')).status).toBe(200);
  });
});

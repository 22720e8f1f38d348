import { type Context, Hono } from 'hono';
import type { AppEnv } from './context';

/**
 * A feature's routes: path prefix → the sub-app mounted there with `app.route(prefix, subApp)`. Routes inside a
 * sub-app are written relative to its prefix ("/" is the prefix itself). A prefix owns every path below it except
 * the more specific prefixes other mounts claim inside it (e.g. "/account" and "/account/profile"); the prefix "/"
 * owns the home page only. Prefixes may hold parameters ("/articles/:slug/suggest"), never wildcards.
 */
export type RouteMounts = Record<string, Hono<AppEnv>>;

/** One mount of the assembled hub, with the module that declared it. */
export interface Mount {
  module: string;
  prefix: string;
  routes: Hono<AppEnv>;
}

/** Raised while assembling the hub: two mounts would answer the same request, so route order would matter. */
export class MountConflictError extends Error {
  override name = 'MountConflictError';
}

/**
 * Several route files' mounts as one: sub-apps for the same prefix are joined in the order given (that order
 * matters only inside one feature, e.g. "/new" before "/:slug").
 */
export function mergeMounts(...lists: RouteMounts[]): RouteMounts {
  const merged: RouteMounts = {};
  for (const list of lists) {
    for (const [prefix, routes] of Object.entries(list)) {
      const existing = merged[prefix];
      if (!existing) {
        merged[prefix] = routes;
        continue;
      }
      const joined = new Hono<AppEnv>();
      joined.route('/', existing);
      joined.route('/', routes);
      merged[prefix] = joined;
    }
  }
  return merged;
}

/** One app holding the given mounts at their prefixes (for tests that walk a single feature's route table). */
export function combineMounts(mounts: RouteMounts): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const [prefix, routes] of Object.entries(mounts)) app.route(prefix, routes);
  return app;
}

type Segment = string;

function segments(path: string): Segment[] {
  return path.split('/').filter((s) => s !== '');
}

const isParam = (s: Segment) => s.startsWith(':');
const isWildcard = (s: Segment) => s.includes('*');
/** Two segments can match the same text. */
const compatible = (a: Segment, b: Segment) => isParam(a) || isParam(b) || isWildcard(a) || isWildcard(b) || a === b;
/** A prefix written with its parameter names erased: "/articles/:slug" and "/articles/:id" are the same prefix. */
const shape = (s: Segment[]) => `/${s.map((x) => (isParam(x) ? ':' : x)).join('/')}`;

/** Every path under `inner` is also under `outer` (outer is an ancestor of, or equal to, inner). */
function contains(outer: Segment[], inner: Segment[]): boolean {
  if (outer.length > inner.length) return false;
  return outer.every((s, i) => isParam(s) || (!isParam(inner[i] as Segment) && s === inner[i]));
}

/** Some path lies under both prefixes. */
function intersects(a: Segment[], b: Segment[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!compatible(a[i] as Segment, b[i] as Segment)) return false;
  return true;
}

/** The route pattern can match some path under `prefix` (the prefix itself included). */
function reachesInto(route: Segment[], prefix: Segment[]): boolean {
  for (let i = 0; i < prefix.length; i++) {
    const s = route[i];
    if (s === undefined) return false;
    if (isWildcard(s)) return true;
    if (!compatible(s, prefix[i] as Segment)) return false;
  }
  return true;
}

function checkPrefix(m: Mount) {
  const ok = m.prefix === '/' || /^(\/[^/*{}?]+)+$/.test(m.prefix);
  if (!ok) {
    throw new MountConflictError(
      `Module "${m.module}" declares the prefix "${m.prefix}": a prefix starts with "/", has no trailing "/", ` +
        'and holds no wildcard, optional or pattern parameter',
    );
  }
}

/** The full path of each route the mount registers (middleware shows as method ALL). */
function routesOf(m: Mount): { method: string; path: string }[] {
  return m.routes.routes.map((r) => ({ method: r.method, path: joinPath(m.prefix, r.path) }));
}

function joinPath(prefix: string, path: string): string {
  const p = segments(prefix);
  const r = segments(path);
  return `/${[...p, ...r].join('/')}`;
}

/**
 * Refuses a set of mounts in which route order could matter: the same prefix claimed twice, prefixes that cross
 * (share paths without one lying inside the other), a root mount serving more than "/", or a route of one mount
 * that could answer a path inside a more specific prefix another mount claims.
 */
export function checkMounts(mounts: Mount[]): void {
  for (const m of mounts) checkPrefix(m);
  const segs = mounts.map((m) => segments(m.prefix));
  for (let i = 0; i < mounts.length; i++) {
    const a = mounts[i] as Mount;
    const sa = segs[i] as Segment[];
    for (let j = i + 1; j < mounts.length; j++) {
      const b = mounts[j] as Mount;
      const sb = segs[j] as Segment[];
      if (shape(sa) === shape(sb)) {
        const who =
          a.module === b.module ? `Module "${a.module}" claims` : `Modules "${a.module}" and "${b.module}" both claim`;
        throw new MountConflictError(`${who} the prefix "${shape(sa)}": give one of them a more specific prefix`);
      }
      if (sa.length === 0 || sb.length === 0) continue;
      if (intersects(sa, sb) && !contains(sa, sb) && !contains(sb, sa)) {
        throw new MountConflictError(
          `The prefixes "${a.prefix}" (${a.module}) and "${b.prefix}" (${b.module}) overlap: ` +
            'some paths lie under both and neither lies inside the other',
        );
      }
    }
  }
  for (let i = 0; i < mounts.length; i++) {
    const owner = mounts[i] as Mount;
    const own = segs[i] as Segment[];
    for (const route of routesOf(owner)) {
      const rs = segments(route.path);
      if (own.length === 0 && rs.length > 0) {
        throw new MountConflictError(
          `Module "${owner.module}" mounts "${route.method} ${route.path}" at "/": the root prefix serves the home ` +
            'page only; declare a prefix for the rest',
        );
      }
      for (let j = 0; j < mounts.length; j++) {
        const other = segs[j] as Segment[];
        if (j === i || other.length === 0 || contains(other, own)) continue;
        if (reachesInto(rs, other)) {
          const claimant = mounts[j] as Mount;
          throw new MountConflictError(
            `"${route.method} ${route.path}" of module "${owner.module}" reaches into "${claimant.prefix}", ` +
              `which module "${claimant.module}" claims`,
          );
        }
      }
    }
  }
}

/**
 * A parameter of the prefix a sub-app is mounted at (":slug" of "/articles/:slug/suggest"): the sub-app's own
 * paths do not show it, so its type is not known there, but it is always present.
 */
export function prefixParam(c: Context, name: string): string {
  const value = c.req.param(name);
  if (value === undefined) throw new Error(`The path ${c.req.routePath} has no ":${name}"`);
  return value;
}

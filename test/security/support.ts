import { sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import { rowsOf } from '../../src/platform/db/database';
import type { TestApp } from '../helpers/app';

// What the security tests share: the app's own route table, realistic values for its parameters, and a
// fingerprint of everything a write could touch. General helpers (signed-in clients, articles, forms) are in test/helpers.

export const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface RouteRef {
  method: string;
  path: string;
}

/** Every state-changing route the app has, read from its own route table (middleware excluded, duplicates merged). */
export function stateChangingRoutes(app: Pick<Hono, 'routes'>): RouteRef[] {
  return uniqueRoutes(app).filter((r) => (WRITE_METHODS as readonly string[]).includes(r.method) || r.method === 'ALL');
}

/** Every page route that answers GET, without wildcard (static file) mounts. */
export function pageRoutes(app: Pick<Hono, 'routes'>): RouteRef[] {
  return uniqueRoutes(app).filter((r) => r.method === 'GET');
}

function uniqueRoutes(app: Pick<Hono, 'routes'>): RouteRef[] {
  const seen = new Set<string>();
  const out: RouteRef[] = [];
  for (const r of app.routes) {
    // `app.use('*')` and static mounts are middleware, not routes.
    if (r.path.includes('*')) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method, path: r.path });
  }
  return out;
}

/** Put realistic values into `:params`; a route with a parameter we have no value for fails the test loudly. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No test value for ":${name}" in ${path}: add one to the security tests`);
    return encodeURIComponent(value);
  });
}

/**
 * A fingerprint of everything a write could touch. Two equal snapshots mean
 * nothing was created, changed, signed in, queued or counted in between.
 */
export async function snapshot(t: TestApp): Promise<Record<string, string>> {
  const rows = rowsOf<Record<string, unknown>>(
    await t.database.db.execute(sql`
      select
        (select count(*) from events)::text as events,
        (select coalesce(string_agg(id || ':' || role || ':' || email || ':' || display_name || ':' || coalesce(password_hash, ''), ',' order by id), '') from users) as users,
        (select count(*) from sessions)::text as sessions,
        (select coalesce(string_agg(token_hash || ':' || coalesce(used_at::text, ''), ',' order by token_hash), '') from user_tokens) as tokens,
        (select coalesce(string_agg(id || ':' || revision || ':' || protected || ':' || title, ',' order by id), '') from articles) as articles,
        (select count(*) from article_revisions)::text as revisions,
        (select count(*) from attachments)::text as attachments,
        (select count(*) from jobs)::text as jobs,
        (select count(*) from learning_plans)::text as learning_plans,
        (select count(*) from learning_plan_items where status <> 'open')::text as plan_marks,
        (select coalesce(sum(count), 0) from rate_limits)::text as rate_hits`),
  );
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, String(v)]));
}

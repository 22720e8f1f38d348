import { sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import { createArticle } from '../../src/features/library/library.usecases';
import type { Article, ArticleContent } from '../../src/features/library/library.models';
import type { Actor } from '../../src/platform/auth/actor';
import { createSession, SESSION_COOKIE } from '../../src/platform/auth/sessions';
import { rowsOf } from '../../src/platform/db/database';
import type { createUser, TestApp } from '../helpers/app';
import { TestClient } from '../helpers/client';

export type TestUser = Awaited<ReturnType<typeof createUser>>;

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

export function actorFor(user: TestUser): Actor {
  return { id: user.id, username: user.username, displayName: user.displayName, email: user.email, role: user.role };
}

/**
 * A browser already signed in as `user`: the session is created straight in
 * the database, so tests do not spend the sign-in rate limit.
 */
export async function clientFor(t: TestApp, user: { id: number }, origin?: string): Promise<TestClient> {
  const { token } = await createSession(t.database.db, user.id, t.clock.now());
  const client = new TestClient(t.app, origin);
  client.cookies.set(SESSION_COOKIE, token);
  return client;
}

export async function addTopic(t: TestApp, slug = 'lending', name = 'Lending'): Promise<void> {
  await t.database.db.execute(sql`insert into topics (slug, name, description) values (${slug}, ${name}, ${`All about ${name}`}) on conflict do nothing`);
}

export function articleContent(over: Partial<ArticleContent> = {}): ArticleContent {
  return {
    title: 'Packing fragile art books',
    summary: 'How we pack oversized art books so they survive the courier.',
    type: 'how-to',
    audience: 'new',
    body: '## Materials\n\nUse two boxes and plenty of padding. Never reuse a crushed box.',
    tags: ['packaging'],
    topicSlugs: ['lending'],
    context: {},
    sources: [],
    related: [],
    licence: 'CC-BY-4.0',
    ...over,
  };
}

/** An article written by `author`, straight through the use case (no rate limit, no CSRF). */
export async function newArticle(t: TestApp, author: TestUser, over: Partial<ArticleContent> = {}): Promise<Article> {
  const result = await createArticle({ db: t.database.db, actor: actorFor(author), now: t.clock.now(), content: articleContent(over), message: 'First draft' });
  if (!result.ok) throw new Error(`could not create article: ${JSON.stringify(result.errors)}`);
  return result.article;
}

/** The editor form fields for an article, as a browser would send them. */
export function articleForm(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: 'Packing fragile art books',
    summary: 'How we pack oversized art books so they survive the courier.',
    type: 'how-to',
    audience: 'new',
    body: '## Materials\n\nUse two boxes and plenty of padding. Never reuse a crushed box.',
    topicSlugs: ['lending'],
    tags: 'packaging, returnables',
    licence: 'CC-BY-4.0',
    message: 'First draft',
    ...over,
  };
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
        (select coalesce(sum(count), 0) from rate_limits)::text as rate_hits`),
  );
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, String(v)]));
}

export async function countRows(t: TestApp, table: 'events' | 'attachments' | 'articles' | 'jobs' | 'sessions'): Promise<number> {
  const rows = rowsOf<{ n: number | string }>(await t.database.db.execute(sql.raw(`select count(*) as n from ${table}`)));
  return Number(rows[0]?.n ?? 0);
}

/** The stable error code an HTML error page shows (or a JSON error carries). */
export function errorCode(body: string): string | undefined {
  const html = body.match(/Error code: <code>([\w.]+)<\/code>/);
  if (html) return html[1];
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** Headers a form post from our own page carries. */
export const SAME_ORIGIN = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' } as const;

export function formBody(fields: Record<string, string | string[]>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return body;
}

export function multipartBody(fields: Record<string, string | string[]>, files: Record<string, File> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  for (const [k, f] of Object.entries(files)) form.append(k, f);
  return form;
}

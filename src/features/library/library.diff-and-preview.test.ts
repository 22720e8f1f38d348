import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { withBusyPool } from '../../../test/helpers/busy-pool';
import { sharedPool } from '../../platform/workers/shared';
import { PREVIEW_RULES } from './library.preview';
import { upsertTopic } from './library.repository';

let t: TestApp;
let author: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  await upsertTopic(t.database.db, {
    slug: 'workflows',
    name: 'Workflows',
    description: 'How the work flows.',
    position: 1,
  });
  const user = await createUser(t.database);
  author = new TestClient(t.app);
  await author.signIn(user.email, user.password);
});
afterAll(() => t.close());

/** Pseudo-random words: two seeds give two unrelated texts of the same length. */
function words(chars: number, seed: number): string {
  let x = seed;
  let out = '';
  while (out.length < chars) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += `w${x % 5000} `;
  }
  return out.slice(0, chars);
}

/** An article with a revision per body, through the editor like a person would. */
async function articleWith(title: string, bodies: string[]): Promise<string> {
  const fields = {
    title,
    summary: 'A page for comparing revisions.',
    type: 'guide',
    audience: 'new',
    topicSlugs: 'workflows',
    licence: 'CC-BY-4.0',
  };
  const created = await author.post('/articles', { ...fields, body: bodies[0]! }, { from: '/articles/new' });
  expect(created.status).toBe(303);
  const slug = created.headers.get('location')!.match(/^\/articles\/([^?]+)/)![1]!;
  for (let i = 1; i < bodies.length; i++) {
    const saved = await author.post(
      `/articles/${slug}`,
      { ...fields, body: bodies[i]!, baseRevision: String(i) },
      { from: `/articles/${slug}/edit` },
    );
    expect(saved.status).toBe(303);
  }
  return slug;
}

const anonymous = (path: string) => t.app.request(`http://localhost${path}`);

describe('the diff page', () => {
  it('compares two revisions of a 36 KB one-line article without word detail, and says so on the page', async () => {
    const slug = await articleWith('One very long line', [words(36_000, 1), words(36_000, 2)]);
    const res = await anonymous(`/articles/${slug}/diff?from=1&to=2`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('This comparison was simplified');
    expect(html).toContain('1 line is longer than 2,000 characters');
    expect(html).toContain('<span class="marker">Removed: </span>');
    expect(html).toContain('<span class="marker">Added: </span>');
  });

  it('serves an anonymous comparison from the cache whatever other parameters are added, and still tells revision pairs apart', async () => {
    const slug = await articleWith('Three revisions', [
      'Loans last six weeks.\n',
      'Loans last eight weeks.\n',
      'Loans last ten weeks.\n',
    ]);
    const first = await anonymous(`/articles/${slug}/diff?from=1&to=2`);
    const cache = t.deps.pageCache;
    const misses = cache.misses;
    const again = await anonymous(`/articles/${slug}/diff?to=2&cb=${Math.random()}&from=1`);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(cache.misses).toBe(misses);
    const other = await anonymous(`/articles/${slug}/diff?from=2&to=3&cb=1`);
    expect(other.headers.get('etag')).not.toBe(first.headers.get('etag'));
    expect(await other.text()).toMatch(/<ins>(<span[^>]*>\[added: <\/span>)?ten/);
  });

  it('answers 503 with Retry-After and the error page when every worker is busy and the queue is full', async () => {
    const slug = await articleWith('Busy hub', ['First text of the page.\n', 'Second text of the page.\n']);
    await withBusyPool(async () => {
      const res = await anonymous(`/articles/${slug}/diff?from=1&to=2`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const html = await res.text();
      expect(html).toContain('Busy for a moment');
      expect(html).toContain('http.busy');
    });
    // Nothing was cached: once the pool has room the comparison is made.
    expect((await anonymous(`/articles/${slug}/diff?from=1&to=2`)).status).toBe(200);
  });
});

describe('the Markdown preview', () => {
  it('renders in the worker pool, and limits how often one person may ask', async () => {
    const user = await createUser(t.database);
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    const token = await client.csrf('/articles/new');
    const preview = (body: string) => client.post('/preview', { body }, { csrf: token });
    const first = await preview('**Bold** move');
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('<strong>Bold</strong>');
    expect(sharedPool().started).toBeGreaterThan(0);
    // Pathological but valid Markdown still comes back (bounded in time, off the event loop).
    expect((await preview('[!['.repeat(33_000))).status).toBe(200);
    for (let i = 2; i < PREVIEW_RULES.perUser.limit; i++) await preview('');
    const refused = await preview('one more');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('renders one preview at a time per person: the newest waits, the ones in between are refused', async () => {
    const user = await createUser(t.database);
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    const token = await client.csrf('/articles/new');
    const heavy = (n: number) => `Version ${n}\n\n${'[!['.repeat(30_000)}`;
    const answers = await Promise.all(
      [1, 2, 3].map((n) => client.post('/preview', { body: heavy(n) }, { csrf: token })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429]);
  });

  it('applies the same limit to the editor’s Preview button', async () => {
    const user = await createUser(t.database);
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    const token = await client.csrf('/articles/new');
    for (let i = 0; i < PREVIEW_RULES.perUser.limit; i++) await client.post('/preview', { body: '' }, { csrf: token });
    const res = await client.post(
      '/articles',
      { title: 'Draft', body: 'Some *text*', intent: 'preview' },
      { csrf: token },
    );
    expect(res.status).toBe(429);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser } from '../../../test/helpers/app';
import { renderMarkdown } from '../../platform/content/markdown';
import { PREVIEW_RULES } from '../library/library.preview';
import { addTopic, newArticle } from '../../../test/helpers/content';
import { key, startThread } from '../../../test/helpers/forum';

// The one renderer, wrapped so the tests see whether the event loop (this thread) runs it.
// The worker pool's threads load their own copy, which this spy does not count.
vi.mock('../../platform/content/markdown', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../platform/content/markdown')>();
  return { ...actual, renderMarkdown: vi.fn(actual.renderMarkdown) };
});

let t: TestApp;
let author: TestUser;

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  await addTopic(t);
  author = await createUser(t.database);
});
afterAll(() => t.close());

const BODY = 'Courier on **Tuesdays**, and [ask first](https://example.org/ask).';

describe('the Preview button of the forum’s forms', () => {
  it('renders in the worker pool, never on the event loop, on every form that has one', async () => {
    const client = await clientFor(t, author);
    const { thread, post } = await startThread(t, author, { categorySlug: 'lending' });
    const article = await newArticle(t, author, { title: 'Courier schedules' });
    vi.mocked(renderMarkdown).mockClear();
    const forms: Array<[string, string, Record<string, string>]> = [
      [
        '/forum/new',
        '/forum/threads',
        { title: 'Courier days', category: 'lending', kind: 'discussion', idempotencyKey: key() },
      ],
      [`/forum/t/${thread.id}/reply`, `/forum/t/${thread.id}/replies`, { idempotencyKey: key() }],
      [`/forum/p/${post.id}/edit`, `/forum/p/${post.id}/edit`, {}],
      [`/forum/discuss/${article.slug}`, `/forum/discuss/${article.slug}`, { idempotencyKey: key() }],
    ];
    for (const [from, action, fields] of forms) {
      const res = await client.post(action, { ...fields, body: BODY, intent: 'preview' }, { from });
      expect(res.status, action).toBe(200);
      const page = await res.text();
      expect(page, action).toContain('<strong>Tuesdays</strong>');
      // The text stays in the form.
      expect(page, action).toContain('Courier on **Tuesdays**');
    }
    expect(vi.mocked(renderMarkdown)).not.toHaveBeenCalled();
  });

  it('counts against the same per-person limit as the live preview', async () => {
    const member = await createUser(t.database);
    const client = await clientFor(t, member);
    const { thread } = await startThread(t, author, { categorySlug: 'lending' });
    const token = await client.csrf(`/forum/t/${thread.id}/reply`);
    for (let i = 0; i < PREVIEW_RULES.perUser.limit; i++)
      expect((await client.post('/preview', { body: '' }, { csrf: token })).status).toBe(200);
    const refused = await client.post(
      `/forum/t/${thread.id}/replies`,
      { body: BODY, intent: 'preview', idempotencyKey: key() },
      { csrf: token },
    );
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

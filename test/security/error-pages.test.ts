import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger';
import { createTestApp, type TestApp } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { tokenize } from './html-scan';
import { errorCode, SAME_ORIGIN } from '../helpers/http';

/** Words that must stay in the log and never reach a visitor. */
const SECRET = 'db password hunter2 at /srv/ill/secret.ts:42';

let t: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  t.deps.logger = createLogger('debug', (line) => lines.push(line));
  // Test-only routes that fail the way real code can: a thrown error, and a failing query.
  t.app.get('/__test/explode', () => {
    throw new Error(SECRET);
  });
  t.app.post('/__test/explode', () => {
    throw new TypeError(SECRET);
  });
  t.app.get('/__test/bad-query', async (c) => {
    await c.get('deps').database.db.execute(sql`select secret_column from no_such_table_hunter2`);
    return c.text('unreachable');
  });
});
afterAll(() => t.close());

function errorLines(): Array<Record<string, unknown>> {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'error');
}

describe('a page that does not exist', () => {
  it('answers 404 with a way to search for it', async () => {
    for (const path of [
      '/no-such-page',
      '/articles/no-such-article',
      '/topics/nothing-here',
      '/articles/x/revisions/999',
    ]) {
      const res = await new TestClient(t.app).get(path);
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(errorCode(html), path).toMatch(/not_found$/);
      const forms = tokenize(html).filter(
        (tag) => tag.name === 'form' && tag.attrs.some(([k, v]) => k === 'action' && v === '/search'),
      );
      // The header's search box and one in the page itself.
      expect(forms.length, path).toBeGreaterThanOrEqual(2);
      expect(html).toContain('id="notfound-q"');
      expect(html).toContain('href="/topics"');
    }
  });

  it('answers an API caller with the error code as JSON', async () => {
    const res = await t.app.request('http://localhost/no-such-page', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('http.not_found');
    expect(body.error.message).toContain('could not find');
  });
});

describe('an unexpected failure', () => {
  for (const [method, path] of [
    ['GET', '/__test/explode'],
    ['GET', '/__test/bad-query'],
  ] as const) {
    it(`${method} ${path}: shows a 500 page with a reference and none of the error, and logs one JSON line`, async () => {
      lines.length = 0;
      const res = await new TestClient(t.app).get(path);
      expect(res.status).toBe(500);
      const html = await res.text();
      const requestId = res.headers.get('x-request-id')!;
      expect(requestId).toMatch(/^[\w.-]{8,64}$/);
      expect(html).toContain(`Reference: <code>${requestId}</code>`);
      expect(html).toContain('Something went wrong');
      expect(errorCode(html)).toBe('http.internal_error');
      for (const leak of [
        'hunter2',
        'secret',
        'Error:',
        'TypeError',
        'no_such_table',
        '.ts:',
        'node_modules',
        '/srv/',
        '    at ',
      ]) {
        expect(html, leak).not.toContain(leak);
      }
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");

      const errors = errorLines();
      expect(errors).toHaveLength(1);
      const logged = errors[0]!;
      expect(logged.requestId).toBe(requestId);
      expect(logged).toMatchObject({ method, path });
      expect(String(logged.error)).toMatch(/hunter2/);
      // One line: the stack is inside the JSON string, not spread over several lines.
      const raw = lines.find((l) => l.includes(requestId))!;
      expect(raw.includes('\n')).toBe(false);
    });
  }

  it('keeps the caller’s request id so a proxy’s logs and the hub’s can be joined', async () => {
    lines.length = 0;
    const res = await t.app.request('http://localhost/__test/explode', {
      headers: { 'x-request-id': 'edge-req-0123456789' },
    });
    expect(res.headers.get('x-request-id')).toBe('edge-req-0123456789');
    expect(await res.text()).toContain('edge-req-0123456789');
    expect(errorLines()[0]?.requestId).toBe('edge-req-0123456789');
  });

  it('fails a form post the same way, after the security checks', async () => {
    lines.length = 0;
    const client = new TestClient(t.app);
    const token = await client.csrf('/sign-in');
    const res = await client.request('/__test/explode', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: token }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
    });
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).not.toContain('hunter2');
    expect(html).toContain(res.headers.get('x-request-id')!);
    expect(errorLines()).toHaveLength(1);
  });

  it('gives an API caller the code and a plain message, no stack', async () => {
    const res = await t.app.request('http://localhost/__test/explode', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'http.internal_error', message: expect.stringContaining('unexpected problem') },
    });
    expect(text).not.toContain('hunter2');
  });
});

import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db';
import type { Database } from '../db/database';
import { recordEvent } from '../events/record';
import { PageCache } from './page-cache';

const page = (body: string) => ({ status: 200, body: Buffer.from(body), contentType: 'text/html' });

describe('PageCache', () => {
  it('keeps a page rendered at the current generation, with an ETag and compressed copies', () => {
    const cache = new PageCache();
    const stored = cache.set('/a', page('x'.repeat(5000)), cache.generation);
    expect(cache.get('/a')).toBe(stored);
    expect(stored.etag).toMatch(/^"[\w-]+"$/);
    expect(gunzipSync(stored.gzip!).toString()).toBe('x'.repeat(5000));
  });

  it('does not keep a page whose rendering overlapped an invalidation (it may be stale)', () => {
    const cache = new PageCache();
    const generation = cache.generation;
    cache.invalidate();
    cache.set('/a', page('old'), generation);
    expect(cache.get('/a')).toBeUndefined();
  });

  it('evicts the least recently used pages beyond its limit', () => {
    const cache = new PageCache({ maxEntries: 2 });
    cache.set('/1', page('1'), 0);
    cache.set('/2', page('2'), 0);
    cache.get('/1');
    cache.set('/3', page('3'), 0);
    expect(cache.get('/2')).toBeUndefined();
    expect(cache.get('/1')).toBeDefined();
    expect(cache.get('/3')).toBeDefined();
  });
});

describe('PageCache listening to the database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  async function settle(cache: PageCache, check: () => boolean) {
    for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    return cache;
  }

  it('empties itself when a committed change alters public pages, and not for private ones', async () => {
    const cache = new PageCache();
    const stop = await cache.connect(database);
    cache.set('/articles/x', page('v1'), cache.generation);
    await recordEvent(database.db, { type: 'user.signed_in', actorId: 1, subjectType: 'user', subjectId: 1 });
    await new Promise((r) => setTimeout(r, 150));
    expect(cache.get('/articles/x')).toBeDefined();
    await recordEvent(database.db, { type: 'article.revised', actorId: 1, subjectType: 'article', subjectId: 1, changesPublicPages: true });
    await settle(cache, () => cache.size === 0);
    expect(cache.get('/articles/x')).toBeUndefined();
    await stop();
  });

  it('keeps its pages when the change is rolled back', async () => {
    const cache = new PageCache();
    const stop = await cache.connect(database);
    cache.set('/articles/y', page('v1'), cache.generation);
    await database.db
      .transaction(async (tx) => {
        await recordEvent(tx, { type: 'article.revised', actorId: 1, subjectType: 'article', subjectId: 2, changesPublicPages: true });
        throw new Error('abort');
      })
      .catch(() => {});
    await new Promise((r) => setTimeout(r, 150));
    expect(cache.get('/articles/y')).toBeDefined();
    await stop();
  });
});

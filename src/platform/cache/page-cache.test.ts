import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db';
import type { Database } from '../db/database';
import { recordEvent } from '../events/record';
import { PageCache, pageKey, SYNC_COMPRESS_LIMIT } from './page-cache';

const page = (body: string) => ({ status: 200, body: Buffer.from(body), contentType: 'text/html' });

describe('cache keys', () => {
  it('are the path plus the declared parameters in name order, leaving out absent and default ones', () => {
    expect(pageKey('/about')).toBe('/about');
    expect(pageKey('/articles', { topic: 'lending', page: 2, sort: undefined, type: '' })).toBe(
      '/articles?page=2&topic=lending',
    );
    expect(pageKey('/articles/a/diff', { to: 3, from: 2 })).toBe('/articles/a/diff?from=2&to=3');
    expect(pageKey('/articles', { topic: 'a b&c' })).toBe('/articles?topic=a%20b%26c');
  });

  it('find a stored page from a raw request whatever other parameters it carries', () => {
    const cache = new PageCache();
    const about = cache.store('/about', {}, page('about'), 0);
    const second = cache.store('/articles', { topic: 'lending', page: 2, sort: undefined }, page('page 2'), 0);
    const first = cache.store('/articles', { topic: undefined, page: undefined, sort: undefined }, page('page 1'), 0);
    expect(cache.find('/about?cb=0.123')).toBe(about);
    expect(cache.find('/about?')).toBe(about);
    expect(cache.find('/articles?cb=1&page=2&topic=lending')).toBe(second);
    expect(cache.find('/articles?topic=lending&utm_source=x&page=2')).toBe(second);
    expect(cache.find('/articles?cb=random')).toBe(first);
    // Parameters the page declared still tell pages apart.
    expect(cache.find('/articles?page=2')).toBeUndefined();
    expect(cache.find('/articles?page=2&topic=lending&sort=title')).toBeUndefined();
    // A value in another spelling than the handler's canonical one is left to the handler (which finds the page by its key).
    expect(cache.find('/articles?page=02&topic=lending')).toBeUndefined();
    // A path nobody declared is looked up exactly as asked.
    expect(cache.find('/forum?x=1')).toBeUndefined();
  });
});

describe('PageCache', () => {
  it('keeps a page rendered at the current generation, with an ETag and compressed copies', () => {
    const cache = new PageCache();
    const stored = cache.set('/a', page('x'.repeat(5000)), cache.generation);
    expect(cache.get('/a')).toBe(stored);
    expect(stored.etag).toMatch(/^"[\w-]+"$/);
    expect(gunzipSync(stored.gzip!).toString()).toBe('x'.repeat(5000));
  });

  it('compresses a large page off the event loop, serving it plain until then', async () => {
    const cache = new PageCache();
    const text = 'a diff row of the largest article '.repeat(Math.ceil((SYNC_COMPRESS_LIMIT * 2) / 34));
    const stored = cache.set('/big', page(text), cache.generation);
    expect(stored.gzip).toBeUndefined();
    expect(stored.br).toBeUndefined();
    await vi.waitFor(() => expect(stored.gzip && stored.br).toBeTruthy(), { timeout: 10_000, interval: 10 });
    expect(gunzipSync(stored.gzip!).toString()).toBe(text);
    expect(brotliDecompressSync(stored.br!).toString()).toBe(text);
    expect(cache.get('/big')).toBe(stored);
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

  // NOTIFYs reach the listener in commit order: once a later public change has been heard, so has every
  // earlier notice, and one invalidation in all proves that the earlier change (private, or rolled back) made none.
  it('empties itself when a committed change alters public pages, and not for private ones', async () => {
    const cache = new PageCache();
    const stop = await cache.connect(database);
    cache.set('/articles/x', page('v1'), cache.generation);
    const invalidate = vi.spyOn(cache, 'invalidate');
    await recordEvent(database.db, { type: 'user.signed_in', actorId: 1, subjectType: 'user', subjectId: 1 });
    await recordEvent(database.db, { type: 'article.revised', actorId: 1, subjectType: 'article', subjectId: 1 });
    await vi.waitFor(() => expect(cache.size).toBe(0), { timeout: 5_000, interval: 10 });
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(cache.get('/articles/x')).toBeUndefined();
    await stop();
  });

  it('keeps its pages when the change is rolled back', async () => {
    const cache = new PageCache();
    const stop = await cache.connect(database);
    cache.set('/articles/y', page('v1'), cache.generation);
    const invalidate = vi.spyOn(cache, 'invalidate');
    await database.db
      .transaction(async (tx) => {
        await recordEvent(tx, { type: 'article.revised', actorId: 1, subjectType: 'article', subjectId: 2 });
        throw new Error('abort');
      })
      .catch(() => {});
    expect(cache.get('/articles/y')).toBeDefined();
    await recordEvent(database.db, { type: 'article.revised', actorId: 1, subjectType: 'article', subjectId: 3 });
    await vi.waitFor(() => expect(invalidate).toHaveBeenCalled(), { timeout: 5_000, interval: 10 });
    expect(invalidate).toHaveBeenCalledTimes(1);
    await stop();
  });
});

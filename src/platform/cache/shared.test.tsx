import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache';
import { renderPart, SharedParts } from './shared';

describe('shared parts of pages', () => {
  it('are loaded once and reused until the next public change drops the anonymous pages', async () => {
    const pages = new PageCache();
    const parts = new SharedParts(pages);
    let loads = 0;
    const load = async () => ({ html: `rendered ${++loads}` });
    expect(await parts.remember('article:a', load)).toEqual({ html: 'rendered 1' });
    expect(await parts.remember('article:a', load)).toEqual({ html: 'rendered 1' });
    pages.invalidate();
    expect(await parts.remember('article:a', load)).toEqual({ html: 'rendered 2' });
    expect(loads).toBe(2);
  });

  it('do not keep what was loaded while a public change arrived', async () => {
    const pages = new PageCache();
    const parts = new SharedParts(pages);
    await parts.remember('thread:1', async () => {
      pages.invalidate();
      return 'stale';
    });
    expect(await parts.remember('thread:1', async () => 'fresh')).toBe('fresh');
  });

  it('do not keep "nothing found", nor a failed load', async () => {
    const parts = new SharedParts(new PageCache());
    await parts.remember('thread:404', async () => undefined);
    await expect(parts.remember('article:gone', async () => Promise.reject(new Error('not found')))).rejects.toThrow(
      'not found',
    );
    expect(parts.size).toBe(0);
  });

  it('stay within a bounded number of characters, however large the parts', async () => {
    const parts = new SharedParts(new PageCache());
    const big = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 20; i++)
      await parts.remember(`article:${i}`, async () => ({ article: { body: big }, posts: [{ bodyHtml: big }] }));
    expect(parts.size).toBeLessThanOrEqual(4);
  });

  it('render a view once into HTML that is placed again as it is', async () => {
    const html = await renderPart(<p class="x">{'<b>escaped</b>'}</p>);
    expect(String(html)).toBe('<p class="x">&lt;b&gt;escaped&lt;/b&gt;</p>');
  });
});

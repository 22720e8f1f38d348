import type { Hono } from 'hono';
import { sendCached } from '../../platform/cache/public-page';
import { storedHtml } from '../../platform/content/stored-html';
import type { AppEnv } from '../../platform/http/context';
import { communityErrors } from './community.errors';
import { type Category, categoryUrl, postUrl } from './community.models';
import * as repo from './community.repository';
import { vendorLabel } from './community.vendor';

export const FEED_ENTRIES = 30;
const ATOM = 'application/atom+xml; charset=utf-8';

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Atom (RFC 4287): the newest public posts of a category, opening posts and replies alike. */
export async function categoryFeed(
  db: Parameters<typeof repo.recentPosts>[0],
  baseUrl: string,
  category: Category,
  categories: Category[],
): Promise<string> {
  const ids = [category.id, ...categories.filter((c) => c.parentId === category.id).map((c) => c.id)];
  const posts = await repo.recentPosts(db, ids, FEED_ENTRIES);
  const home = `${baseUrl}${categoryUrl(category.slug)}`;
  const updated = (
    posts[0] ? (posts[0].editedAt ?? posts[0].createdAt) : (category.lastPostAt ?? new Date(0))
  ).toISOString();
  const entries = posts.map((p) => {
    const url = `${baseUrl}${postUrl(p.id)}`;
    const label = p.vendorName ? vendorLabel(p.vendorName) : '';
    const title = `${p.number === 1 ? p.threadTitle : `Re: ${p.threadTitle}`}${label ? ` (${label})` : ''}`;
    // The vendor's label goes before the (already sanitised) text, escaped like everything else here.
    const html = `${label ? `<p><strong>${xml(label)}</strong></p>` : ''}${storedHtml(p.bodyHtml, p.body)}`;
    return [
      '  <entry>',
      `    <id>${xml(url)}</id>`,
      `    <title>${xml(title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `    <author><name>${xml(p.authorName)}</name></author>`,
      `    <published>${p.createdAt.toISOString()}</published>`,
      `    <updated>${(p.editedAt ?? p.createdAt).toISOString()}</updated>`,
      `    <content type="html">${xml(html.replace(/href="\//g, `href="${baseUrl}/`))}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xml(`${category.name} · ILL Commons forum`)}</title>`,
    `  <subtitle>${xml(category.description)}</subtitle>`,
    `  <id>${xml(home)}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(`${home}/feed.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(home)}"/>`,
    `  <updated>${updated}</updated>`,
    '  <generator>ILL Commons</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** Adds `GET /c/:slug/feed.atom` to the forum's sub-app (mounted at "/forum"). */
export function addFeedRoute(routes: Hono<AppEnv>) {
  routes.get('/c/:slug/feed.atom', async (c) => {
    const deps = c.get('deps');
    const db = deps.database.db;
    const categories = await repo.listCategories(db);
    const category = categories.find((k) => k.slug === c.req.param('slug'));
    if (!category) throw communityErrors.categoryNotFound();
    // Feeds carry only public posts, so every reader gets the same bytes: cache them like anonymous pages.
    const cache = deps.pageCache;
    const generation = cache.generation;
    const body = await categoryFeed(db, deps.config.baseUrl, category, categories);
    // No query parameter changes a feed: `?anything` is answered from the cache too.
    const page = cache.store(
      new URL(c.req.url).pathname,
      {},
      { status: 200, body: Buffer.from(body), contentType: ATOM },
      generation,
    );
    return sendCached(c, page);
  });
}

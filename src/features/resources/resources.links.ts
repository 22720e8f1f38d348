import type { Db } from '../../platform/db/database';
import { findGroupBySlug, stewardGroupsOf } from '../groups';
import { articleHtmlBatch, articleUrl } from '../library';
import type { ResourceContent } from './resources.content';
import { resourceUrl } from './resources.models';
import type { LinkSource } from './resources.repository';

/** A run checks at most this many distinct links (the rest wait for the next run). */
export const MAX_LINKS_PER_RUN = 20_000;
const ARTICLE_BATCH = 200;

/** The external links (http/https) in an article's stored, sanitised HTML. */
export function externalLinks(html: string, ownOrigin?: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<a\b[^>]*\bhref="(https?:\/\/[^"]+)"/gi)) {
    const url = (m[1] as string).replace(/&amp;/g, '&').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
    if (ownOrigin && url.startsWith(ownOrigin)) continue;
    out.add(url);
  }
  return [...out];
}

/** Every link the hub keeps an eye on: the catalogue's entries and the links inside articles. */
export async function collectLinks(db: Db, content: ResourceContent, ownOrigin?: string): Promise<LinkSource[]> {
  const sources: LinkSource[] = [];
  const groupIds = new Map<string, number | null>();
  for (const r of content.resources) {
    if (!groupIds.has(r.maintained_by))
      groupIds.set(r.maintained_by, (await findGroupBySlug(db, r.maintained_by))?.id ?? null);
    sources.push({
      url: r.url,
      sourceKind: 'resource',
      sourceRef: r.slug,
      sourceTitle: r.title,
      sourceHref: resourceUrl(r.slug),
      groupId: groupIds.get(r.maintained_by) ?? null,
    });
  }
  for (let after = 0; ; ) {
    const batch = await articleHtmlBatch(db, after, ARTICLE_BATCH);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]?.id ?? after;
    const stewards = await stewardGroupsOf(
      db,
      batch.map((a) => a.id),
    );
    for (const a of batch)
      for (const url of externalLinks(a.html, ownOrigin))
        sources.push({
          url,
          sourceKind: 'article',
          sourceRef: a.slug,
          sourceTitle: a.title,
          sourceHref: articleUrl(a.slug),
          groupId: stewards.get(a.id) ?? null,
        });
  }
  return sources;
}

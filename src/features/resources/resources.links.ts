import type { Db } from '../../platform/db/database';
import { stewardGroupsOf } from '../groups';
import { articleHtmlBatch, articleUrl } from '../library';
import { listRecords } from './records.repository';
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

/** Every link the hub keeps an eye on: the catalogue's entries (as stored) and the links inside articles. */
export async function collectLinks(db: Db, ownOrigin?: string): Promise<LinkSource[]> {
  const sources: LinkSource[] = [];
  for (const r of await listRecords(db, 'resource'))
    sources.push({
      url: r.data.url,
      sourceKind: 'resource',
      sourceRef: r.ref,
      sourceTitle: r.data.title,
      sourceHref: resourceUrl(r.ref),
      groupId: r.maintainingGroupId,
    });
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

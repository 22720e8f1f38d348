import type { DbOrTx } from '../../platform/db/database';
import { queueTopicContent } from '../notifications';
import type { Article, ArticleContent } from './library.models';

/** A change is substantial when at least this many words, and this share of the text's words, are new or gone. */
export const SUBSTANTIAL = { words: 30, share: 0.2 } as const;

function wordCounts(body: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of body.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

function missingFrom(a: Map<string, number>, b: Map<string, number>): number {
  let n = 0;
  for (const [w, count] of a) n += Math.max(0, count - (b.get(w) ?? 0));
  return n;
}

/**
 * Worth telling a topic's watchers about: a new title, a new topic, or enough words added or taken away
 * (a typo fix or a new link is not). Linear in the text's size.
 */
export function isSubstantialChange(
  before: Pick<ArticleContent, 'title' | 'topicSlugs' | 'body'>,
  after: Pick<ArticleContent, 'title' | 'topicSlugs' | 'body'>,
): boolean {
  if (before.title !== after.title) return true;
  if (after.topicSlugs.some((t) => !before.topicSlugs.includes(t))) return true;
  const old = wordCounts(before.body);
  const next = wordCounts(after.body);
  const changed = Math.max(missingFrom(next, old), missingFrom(old, next));
  let total = 0;
  for (const count of next.values()) total += count;
  return changed >= SUBSTANTIAL.words && changed >= SUBSTANTIAL.share * Math.max(total, 1);
}

/** Tell the watchers of the article's topics, in the transaction that changes it (nothing if it rolls back). */
export function queueArticleTopicNotice(
  tx: DbOrTx,
  input: {
    article: Pick<Article, 'id' | 'slug' | 'title' | 'type' | 'topicSlugs'>;
    change: 'new' | 'changed';
    actorId: number;
    message: string;
    revision: number;
    now: Date;
  },
): Promise<void> {
  const { article } = input;
  return queueTopicContent(tx, {
    change: input.change,
    what: article.type === 'glossary-term' ? 'glossary entry' : 'article',
    subjectType: 'article',
    subjectId: String(article.id),
    topicSlugs: article.topicSlugs,
    title: article.title,
    url: `/articles/${article.slug}`,
    actorId: input.actorId,
    message: input.message,
    changeKey: `article:${article.id}:r${input.revision}`,
    now: input.now,
  });
}

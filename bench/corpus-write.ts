import { insertNewArticle, writeRevision } from '../src/features/library/library.writes';
import { indexArticle } from '../src/features/library/library.search';
import { toArticle } from '../src/features/library/library.repository';
import { articleRevisions, articles, articleTopics } from '../src/features/library/library.table';
import type { ArticleContent } from '../src/features/library/library.models';
import type { Actor } from '../src/platform/auth/actor';
import { RENDER_VERSION, renderMarkdown } from '../src/platform/content/markdown';
import type { Db, Tx } from '../src/platform/db/database';
import { events } from '../src/platform/events/events.table';

/** One article's whole history, decided before anything is written. */
export interface PlannedArticle {
  slug: string;
  /** Content of revision 1, 2, …; the last one is the article as it stands. */
  versions: ArticleContent[];
  authors: Actor[];
  times: Date[];
}

export type WritePath = 'bulk' | 'usecases';

/**
 * The library's own writes, one savepoint per edit: production's write path
 * (without the per-member write limit the use cases add: a few editors write
 * the whole corpus), but about 35 ms an article on PGlite (a 20,000-article
 * corpus takes over ten minutes).
 */
export async function writeWithUseCases(tx: Tx, batch: PlannedArticle[]): Promise<void> {
  for (const plan of batch) {
    await insertNewArticle(tx, {
      slug: plan.slug,
      content: plan.versions[0]!,
      actorId: plan.authors[0]!.id,
      message: 'First draft',
      now: plan.times[0]!,
      origin: 'member',
    });
    for (let n = 2; n <= plan.versions.length; n++) {
      const result = await writeRevision({
        db: tx as unknown as Db,
        actor: plan.authors[n - 1]!,
        now: plan.times[n - 1]!,
        slug: plan.slug,
        baseRevision: n - 1,
        content: plan.versions[n - 1]!,
        message: 'Clarified the steps',
      });
      if (result.status !== 'saved') throw new Error(`corpus: revision ${n} of ${plan.slug} was ${result.status}`);
    }
  }
}

/** Stored HTML as the hub writes it on save, so the hub on this corpus has nothing left to render at start. */
function stored(body: string) {
  return { bodyHtml: renderMarkdown(body), renderVersion: RENDER_VERSION };
}

/**
 * The same rows with multi-row inserts into the real tables, and the search
 * entry written by the real indexArticle from the final version (production
 * rewrites it on every edit, leaving dead row versions that this path does not).
 */
export async function writeInBulk(tx: Tx, batch: PlannedArticle[], topicIds: Map<string, number>): Promise<void> {
  const rows = await tx
    .insert(articles)
    .values(
      batch.map((plan) => {
        const last = plan.versions.length - 1;
        return {
          slug: plan.slug,
          ...plan.versions[last]!,
          ...stored(plan.versions[last]!.body),
          revision: plan.versions.length,
          origin: 'member' as const,
          protected: false,
          createdBy: plan.authors[0]!.id,
          updatedBy: plan.authors[last]!.id,
          createdAt: plan.times[0]!,
          updatedAt: plan.times[last]!,
        };
      }),
    )
    .returning();
  const saved = rows.map(toArticle);
  const idOf = new Map(saved.map((a) => [a.slug, a.id]));
  await tx.insert(articleRevisions).values(
    batch.flatMap((plan) =>
      plan.versions.map((content, i) => ({
        articleId: idOf.get(plan.slug)!,
        number: i + 1,
        ...content,
        ...stored(content.body),
        authorId: plan.authors[i]!.id,
        message: i === 0 ? 'First draft' : 'Clarified the steps',
        revertedFrom: null,
        createdAt: plan.times[i]!,
      })),
    ),
  );
  const links = saved.flatMap((a) =>
    a.topicSlugs.flatMap((slug) => (topicIds.has(slug) ? [{ articleId: a.id, topicId: topicIds.get(slug)! }] : [])),
  );
  if (links.length) await tx.insert(articleTopics).values(links);
  await tx.insert(events).values(
    batch.flatMap((plan) =>
      plan.versions.map((_content, i) => ({
        type: i === 0 ? 'article.created' : 'article.revised',
        actorId: plan.authors[i]!.id,
        subjectType: 'article',
        subjectId: String(idOf.get(plan.slug)),
        data:
          i === 0
            ? { slug: plan.slug, revision: 1, origin: 'member' }
            : { slug: plan.slug, revision: i + 1, message: 'Clarified the steps' },
        createdAt: plan.times[i]!,
      })),
    ),
  );
  for (const article of saved) await indexArticle(tx, article);
}

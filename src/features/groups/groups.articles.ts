import { and, inArray, isNull } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import { type ArticleRef, articleRefs } from '../library';

/**
 * Groups' rows name articles by id; the articles are the library's, asked for in one query per list (never joined
 * here). Rows whose article is gone are left out, as the inner joins these replace did.
 */
export async function withArticles<T extends { articleId: number }>(
  db: DbOrTx,
  rows: T[],
): Promise<Array<T & { article: ArticleRef }>> {
  const articles = await articleRefs(
    db,
    rows.map((r) => r.articleId),
  );
  return rows.flatMap((r) => {
    const article = articles.get(r.articleId);
    return article ? [{ ...r, article }] : [];
  });
}

/** Display names of current members by id (deleted accounts are absent). */
export async function memberNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(and(inArray(users.id, wanted), isNull(users.deletedAt)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

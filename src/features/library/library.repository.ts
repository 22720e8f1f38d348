import { and, asc, count, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import { RENDER_VERSION, renderMarkdown, type SafeHtml } from '../../platform/content/markdown';
import { type StoredHtmlKind, storedHtmlColumns } from '../../platform/content/stored-html';
import { type DbOrTx, rowsOf } from '../../platform/db/database';
import { textArray } from '../../platform/db/arrays';
import type { ReaderContext } from './library.context';
import { articleRevisions, articles, articleTopics, attachments, topics } from './library.table';
import type { Article, ArticleContent, ArticleType, Revision, Topic, TopicCount } from './library.models';

export type ArticleRow = typeof articles.$inferSelect;

export function toArticle(row: ArticleRow): Article {
  return { ...row, type: row.type as ArticleType, audience: row.audience as Article['audience'] };
}

export async function listTopics(db: DbOrTx): Promise<Topic[]> {
  return db.select().from(topics).orderBy(asc(topics.position), asc(topics.name));
}

/** Per topic: how many articles, and how many of those are glossary terms, so pages can say what they count. */
export async function topicCounts(db: DbOrTx): Promise<Map<string, TopicCount>> {
  const rows = await db
    .select({
      slug: topics.slug,
      n: count(articles.id),
      terms: sql<number>`count(*) filter (where ${articles.type} = 'glossary-term')`,
    })
    .from(topics)
    .leftJoin(articleTopics, eq(articleTopics.topicId, topics.id))
    .leftJoin(articles, eq(articles.id, articleTopics.articleId))
    .groupBy(topics.slug);
  return new Map(rows.map((r) => [r.slug, { articles: Number(r.n) - Number(r.terms), terms: Number(r.terms) }]));
}

export async function findTopic(db: DbOrTx, slug: string): Promise<Topic | undefined> {
  const rows = await db.select().from(topics).where(eq(topics.slug, slug)).limit(1);
  return rows[0];
}

export async function upsertTopic(db: DbOrTx, topic: Omit<Topic, 'id'>): Promise<void> {
  await db.insert(topics).values(topic).onConflictDoNothing({ target: topics.slug });
}

export async function findArticle(
  db: DbOrTx,
  slug: string,
  options: { forUpdate?: boolean } = {},
): Promise<Article | undefined> {
  const query = db.select().from(articles).where(eq(articles.slug, slug)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0] ? toArticle(rows[0]) : undefined;
}

/** What other features show of an article they refer to by id (a thread's article, a maintained page, a watch). */
export interface ArticleRef {
  id: number;
  slug: string;
  title: string;
  origin: Article['origin'];
  createdBy: number;
  updatedAt: Date;
  topicSlugs: string[];
}

/** The articles with these ids that exist, by id: one indexed query however many. */
export async function articleRefs(db: DbOrTx, ids: readonly number[]): Promise<Map<number, ArticleRef>> {
  const wanted = [...new Set(ids)].filter(Number.isSafeInteger);
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({
      id: articles.id,
      slug: articles.slug,
      title: articles.title,
      origin: articles.origin,
      createdBy: articles.createdBy,
      updatedAt: articles.updatedAt,
      topicSlugs: articles.topicSlugs,
    })
    .from(articles)
    .where(inArray(articles.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Articles as another feature scopes them: by a set of article ids it selects from its own tables (a subquery
 * such as `select article_id from stewardships`), by topics and by age. The caller never names the library's
 * tables; the library never names the caller's. One statement, an anti-join or semi-join at most.
 */
export interface ArticleScope {
  /** Only the articles whose id this subquery selects. */
  idsIn?: SQL;
  /** Only the articles whose id this subquery does not select. */
  idsNotIn?: SQL;
  /** Only articles in at least one of these topics (an empty list matches none). */
  topicsAny?: readonly string[];
  /** Only articles last edited before this time. */
  updatedBefore?: Date;
  /** Only articles this person started, of this origin (e.g. a member's own pages). */
  createdBy?: number;
  origin?: Article['origin'];
}

function scopeWhere(scope: ArticleScope): SQL {
  const parts: SQL[] = [sql`true`];
  if (scope.idsIn) parts.push(sql`a.id in (${scope.idsIn})`);
  if (scope.idsNotIn) parts.push(sql`a.id not in (${scope.idsNotIn})`);
  if (scope.topicsAny) {
    if (scope.topicsAny.length === 0) return sql`false`;
    parts.push(
      sql`a.topic_slugs && array[${sql.join(
        scope.topicsAny.map((t) => sql`${t}`),
        sql`, `,
      )}]::text[]`,
    );
  }
  if (scope.updatedBefore) parts.push(sql`a.updated_at < ${scope.updatedBefore.toISOString()}`);
  if (scope.createdBy !== undefined) parts.push(sql`a.created_by = ${scope.createdBy}`);
  if (scope.origin) parts.push(sql`a.origin = ${scope.origin}`);
  return sql.join(parts, sql` and `);
}

/** The ids of the articles in the scope (e.g. the pages a member wrote), at most `limit`. */
export async function articleIdsIn(db: DbOrTx, scope: ArticleScope, limit = 5000): Promise<number[]> {
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`select a.id from articles a where ${scopeWhere(scope)} order by a.id limit ${limit}`),
  );
  return rows.map((r) => Number(r.id));
}

export async function countArticlesIn(db: DbOrTx, scope: ArticleScope): Promise<number> {
  const rows = rowsOf<{ n: string }>(
    await db.execute(sql`select count(*) as n from articles a where ${scopeWhere(scope)}`),
  );
  return Number(rows[0]?.n ?? 0);
}

/** A page of the articles in the scope, least recently edited first. */
export async function listArticlesIn(
  db: DbOrTx,
  scope: ArticleScope,
  page: { limit: number; offset: number },
): Promise<ArticleRef[]> {
  const rows = rowsOf<{
    id: number;
    slug: string;
    title: string;
    origin: Article['origin'];
    created_by: number;
    updated_at: string | Date;
    topic_slugs: string[] | string;
  }>(
    await db.execute(sql`select a.id, a.slug, a.title, a.origin, a.created_by, a.updated_at, a.topic_slugs from articles a
      where ${scopeWhere(scope)} order by a.updated_at, a.id limit ${page.limit} offset ${page.offset}`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    slug: r.slug,
    title: r.title,
    origin: r.origin,
    createdBy: Number(r.created_by),
    updatedAt: new Date(r.updated_at),
    topicSlugs: Array.isArray(r.topic_slugs)
      ? r.topic_slugs
      : String(r.topic_slugs).replace(/[{}]/g, '').split(',').filter(Boolean),
  }));
}

export async function slugExists(db: DbOrTx, slug: string): Promise<boolean> {
  const rows = await db.select({ id: articles.id }).from(articles).where(eq(articles.slug, slug)).limit(1);
  return rows.length > 0;
}

export async function existingSlugs(db: DbOrTx, slugs: string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const rows = await db.select({ slug: articles.slug }).from(articles).where(inArray(articles.slug, slugs));
  return new Set(rows.map((r) => r.slug));
}

export interface ArticleListItem {
  slug: string;
  title: string;
  summary: string;
  type: ArticleType;
  audience: string;
  topicSlugs: string[];
  updatedAt: Date;
  /** "Also known as" (loaded for the glossary). */
  aka?: string[];
}

const listItem = {
  slug: articles.slug,
  title: articles.title,
  summary: articles.summary,
  type: articles.type,
  audience: articles.audience,
  topicSlugs: articles.topicSlugs,
  updatedAt: articles.updatedAt,
};

function asItems(rows: Array<Omit<ArticleListItem, 'type'> & { type: string }>): ArticleListItem[] {
  return rows.map((r) => ({ ...r, type: r.type as ArticleType }));
}

export async function recentArticles(db: DbOrTx, limit: number): Promise<ArticleListItem[]> {
  return asItems(
    await db
      .select(listItem)
      .from(articles)
      .where(ne(articles.type, 'glossary-term'))
      .orderBy(desc(articles.updatedAt), desc(articles.id))
      .limit(limit),
  );
}

export async function listArticles(
  db: DbOrTx,
  filter: {
    topic?: string | undefined;
    type?: string | undefined;
    audience?: string | undefined;
    limit: number;
    offset: number;
    sort?: 'title' | 'updated';
    /** Only what applies to this reader (see `fitOf`: a field either side leaves empty does not restrict). */
    fits?: ReaderContext | undefined;
  },
): Promise<{ items: ArticleListItem[]; total: number }> {
  const conditions = [];
  if (filter.fits) conditions.push(...fitConditions(filter.fits));
  if (filter.topic) conditions.push(sql`${articles.topicSlugs} @> array[${filter.topic}]::text[]`);
  if (filter.type) conditions.push(eq(articles.type, filter.type));
  else conditions.push(ne(articles.type, 'glossary-term'));
  if (filter.audience) conditions.push(eq(articles.audience, filter.audience));
  const where = and(...conditions);
  const order = filter.sort === 'title' ? [asc(articles.title)] : [desc(articles.updatedAt), desc(articles.id)];
  const [rows, totals] = await Promise.all([
    db
      .select(listItem)
      .from(articles)
      .where(where)
      .orderBy(...order)
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ n: count() }).from(articles).where(where),
  ]);
  return { items: asItems(rows), total: Number(totals[0]?.n ?? 0) };
}

/**
 * SQL for `fitOf`: per field the reader gave, the article names none of that field, or one of the reader's
 * values ("international" fits every region). The reader's lists may hold labels too, for older articles.
 */
function fitConditions(reader: ReaderContext): SQL[] {
  const out: SQL[] = [];
  for (const key of ['libraryTypes', 'regions', 'systems'] as const) {
    const values = reader[key];
    if (values.length === 0) continue;
    const field = sql`${articles.context}->${key}`;
    const any = key === 'regions' ? textArray([...values, 'international']) : textArray(values);
    out.push(sql`(not (${articles.context} ? ${key}) or ${field} = '[]'::jsonb or ${field} ?| ${any})`);
  }
  return out;
}

/** Ids of the articles (glossary terms too) that do not fit the reader: what "Show what applies to me" leaves out. */
export async function articleIdsNotFitting(db: DbOrTx, reader: ReaderContext): Promise<number[]> {
  const fit = fitConditions(reader);
  if (fit.length === 0) return [];
  const rows = await db
    .select({ id: articles.id })
    .from(articles)
    .where(sql`not (${and(...fit)})`);
  return rows.map((r) => r.id);
}

export async function glossaryTerms(db: DbOrTx): Promise<ArticleListItem[]> {
  return asItems(
    await db
      .select({ ...listItem, aka: articles.aka })
      .from(articles)
      .where(eq(articles.type, 'glossary-term'))
      .orderBy(sql`lower(${articles.title})`),
  );
}

/** Articles the author named, then others sharing the most topics. */
export async function relatedArticles(db: DbOrTx, article: Article, limit: number): Promise<ArticleListItem[]> {
  const named = article.related.length
    ? asItems(await db.select(listItem).from(articles).where(inArray(articles.slug, article.related)))
    : [];
  const ordered = article.related
    .map((s) => named.find((n) => n.slug === s))
    .filter((n): n is ArticleListItem => Boolean(n));
  if (ordered.length >= limit || article.topicSlugs.length === 0) return ordered.slice(0, limit);
  const exclude = [article.slug, ...ordered.map((o) => o.slug)];
  const topicArray = `{${article.topicSlugs.join(',')}}`;
  // Rank only the 200 most recently updated articles sharing a topic: on a large site a popular
  // topic holds thousands, and sorting them all by overlap made uncached article pages slow.
  const rows = rowsOf<{
    slug: string;
    title: string;
    summary: string;
    type: string;
    audience: string;
    topic_slugs: string[];
    updated_at: string | Date;
  }>(
    await db.execute(sql`
      select slug, title, summary, type, audience, topic_slugs, updated_at from (
        select slug, title, summary, type, audience, topic_slugs, updated_at from articles
        where topic_slugs && ${topicArray}::text[]
          and not (slug = any(${`{${exclude.join(',')}}`}::text[]))
          and ${article.type === 'glossary-term' ? sql`type = 'glossary-term'` : sql`type <> 'glossary-term'`}
        order by updated_at desc
        limit 200
      ) recent
      order by cardinality(array(select unnest(topic_slugs) intersect select unnest(${topicArray}::text[]))) desc, updated_at desc
      limit ${limit - ordered.length}`),
  );
  const more = asItems(
    rows.map((r) => ({
      slug: r.slug,
      title: r.title,
      summary: r.summary,
      type: r.type,
      audience: r.audience,
      topicSlugs: r.topic_slugs,
      updatedAt: new Date(r.updated_at),
    })),
  );
  return [...ordered, ...more];
}

export async function insertArticle(
  db: DbOrTx,
  values: {
    slug: string;
    content: ArticleContent;
    actorId: number;
    origin: Article['origin'];
    now: Date;
    protected?: boolean;
    bodyHtml?: SafeHtml | undefined;
  },
): Promise<Article> {
  const rows = await db
    .insert(articles)
    .values({
      slug: values.slug,
      ...values.content,
      revision: 1,
      ...storedBody(values.content.body, values.bodyHtml),
      origin: values.origin,
      protected: values.protected ?? false,
      createdBy: values.actorId,
      updatedBy: values.actorId,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .returning();
  return toArticle(rows[0]!);
}

/** `bodyHtml`: the body rendered by the caller before its transaction (in the worker pool). */
export async function updateArticle(
  db: DbOrTx,
  id: number,
  content: ArticleContent,
  revision: number,
  actorId: number,
  now: Date,
  bodyHtml?: SafeHtml,
): Promise<Article> {
  const rows = await db
    .update(articles)
    .set({ ...content, ...storedBody(content.body, bodyHtml), revision, updatedBy: actorId, updatedAt: now })
    .where(eq(articles.id, id))
    .returning();
  return toArticle(rows[0]!);
}

export async function setProtected(db: DbOrTx, id: number, value: boolean): Promise<void> {
  await db.update(articles).set({ protected: value }).where(eq(articles.id, id));
}

export async function replaceArticleTopics(db: DbOrTx, articleId: number, topicSlugs: string[]): Promise<void> {
  await db.delete(articleTopics).where(eq(articleTopics.articleId, articleId));
  if (topicSlugs.length === 0) return;
  const ids = await db.select({ id: topics.id }).from(topics).where(inArray(topics.slug, topicSlugs));
  if (ids.length) await db.insert(articleTopics).values(ids.map((t) => ({ articleId, topicId: t.id })));
}

/**
 * The body rendered once, as it is saved: pages show the stored HTML and never
 * render. Members' saves pass the HTML their use case rendered in the worker
 * pool; the rest (starter content at start-up, the background re-render) render here.
 */
function storedBody(body: string, bodyHtml?: SafeHtml): { bodyHtml: SafeHtml; renderVersion: number } {
  return { bodyHtml: bodyHtml ?? renderMarkdown(body), renderVersion: RENDER_VERSION };
}

/** `bodyHtml`: the same body's HTML when the caller just stored it on the article (saves rendering it twice). */
export async function insertRevision(
  db: DbOrTx,
  values: {
    articleId: number;
    number: number;
    content: ArticleContent;
    authorId: number;
    message: string;
    revertedFrom?: number | null;
    now: Date;
    bodyHtml?: SafeHtml | null;
  },
): Promise<void> {
  await db.insert(articleRevisions).values({
    articleId: values.articleId,
    number: values.number,
    ...values.content,
    ...(values.bodyHtml
      ? { bodyHtml: values.bodyHtml, renderVersion: RENDER_VERSION }
      : storedBody(values.content.body)),
    authorId: values.authorId,
    message: values.message,
    revertedFrom: values.revertedFrom ?? null,
    createdAt: values.now,
  });
}

const revisionColumns = {
  id: articleRevisions.id,
  articleId: articleRevisions.articleId,
  number: articleRevisions.number,
  title: articleRevisions.title,
  summary: articleRevisions.summary,
  type: articleRevisions.type,
  audience: articleRevisions.audience,
  body: articleRevisions.body,
  bodyHtml: articleRevisions.bodyHtml,
  tags: articleRevisions.tags,
  topicSlugs: articleRevisions.topicSlugs,
  context: articleRevisions.context,
  sources: articleRevisions.sources,
  related: articleRevisions.related,
  licence: articleRevisions.licence,
  aka: articleRevisions.aka,
  authorId: articleRevisions.authorId,
  authorName: users.displayName,
  message: articleRevisions.message,
  revertedFrom: articleRevisions.revertedFrom,
  createdAt: articleRevisions.createdAt,
};

function asRevision(row: Record<string, unknown>): Revision {
  return row as unknown as Revision;
}

export async function findRevision(db: DbOrTx, articleId: number, number: number): Promise<Revision | undefined> {
  const rows = await db
    .select(revisionColumns)
    .from(articleRevisions)
    .innerJoin(users, eq(users.id, articleRevisions.authorId))
    .where(and(eq(articleRevisions.articleId, articleId), eq(articleRevisions.number, number)))
    .limit(1);
  return rows[0] ? asRevision(rows[0]) : undefined;
}

export interface RevisionSummary {
  number: number;
  authorId: number;
  authorName: string;
  message: string;
  revertedFrom: number | null;
  createdAt: Date;
  bodyLength: number;
}

export async function listRevisions(db: DbOrTx, articleId: number, limit = 500): Promise<RevisionSummary[]> {
  return db
    .select({
      number: articleRevisions.number,
      authorId: articleRevisions.authorId,
      authorName: users.displayName,
      message: articleRevisions.message,
      revertedFrom: articleRevisions.revertedFrom,
      createdAt: articleRevisions.createdAt,
      bodyLength: sql<number>`length(${articleRevisions.body})::int`,
    })
    .from(articleRevisions)
    .innerJoin(users, eq(users.id, articleRevisions.authorId))
    .where(eq(articleRevisions.articleId, articleId))
    .orderBy(desc(articleRevisions.number))
    .limit(limit);
}

/** Everyone who wrote a revision, first contribution first. */
export async function articleAuthors(
  db: DbOrTx,
  articleId: number,
): Promise<Array<{ id: number; displayName: string }>> {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(articleRevisions)
    .innerJoin(users, eq(users.id, articleRevisions.authorId))
    .where(eq(articleRevisions.articleId, articleId))
    .groupBy(users.id, users.displayName)
    .orderBy(sql`min(${articleRevisions.number})`);
}

export type AttachmentRow = typeof attachments.$inferSelect;

export async function insertAttachment(db: DbOrTx, values: typeof attachments.$inferInsert): Promise<AttachmentRow> {
  const rows = await db.insert(attachments).values(values).returning();
  return rows[0]!;
}

export async function listAttachments(db: DbOrTx, articleId: number): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(eq(attachments.articleId, articleId)).orderBy(asc(attachments.createdAt));
}

export async function findAttachment(db: DbOrTx, id: string): Promise<AttachmentRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return undefined;
  const rows = await db.select().from(attachments).where(eq(attachments.id, id)).limit(1);
  return rows[0];
}

/** Articles and revisions whose stored HTML is missing or from an older renderer: the hub renders them again at start. */
export const storedArticleHtml: StoredHtmlKind<{ id: number; body: string }>[] = [
  storedHtmlColumns({
    name: 'articles',
    table: articles,
    id: articles.id,
    source: articles.body,
    renderVersion: articles.renderVersion,
    render: (_db, body) => storedBody(body),
  }),
  storedHtmlColumns({
    name: 'article revisions',
    table: articleRevisions,
    id: articleRevisions.id,
    source: articleRevisions.body,
    renderVersion: articleRevisions.renderVersion,
    render: (_db, body) => storedBody(body),
  }),
];

/** Revisions someone wrote (or was credited with): how new they are at editing articles. */
export async function revisionCountBy(db: DbOrTx, userId: number): Promise<number> {
  const rows = await db.select({ n: count() }).from(articleRevisions).where(eq(articleRevisions.authorId, userId));
  return Number(rows[0]?.n ?? 0);
}

/** Articles' stored HTML in id order, one batch after `afterId` (the link checker reads every article's links). */
export async function articleHtmlBatch(
  db: DbOrTx,
  afterId: number,
  limit: number,
): Promise<Array<{ id: number; slug: string; title: string; html: string }>> {
  const rows = await db
    .select({ id: articles.id, slug: articles.slug, title: articles.title, html: articles.bodyHtml })
    .from(articles)
    .where(sql`${articles.id} > ${afterId}`)
    .orderBy(asc(articles.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, html: r.html ?? '' }));
}

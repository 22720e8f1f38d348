import { and, asc, count, desc, eq, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { textArray } from '../../platform/db/arrays';
import { users } from '../../platform/auth/auth.table';
import { RENDER_VERSION, type SafeHtml } from '../../platform/content/markdown';
import { type StoredHtmlKind, storedHtmlColumns } from '../../platform/content/stored-html';
import type { DbOrTx } from '../../platform/db/database';
import { rowsOf } from '../../platform/db/database';
import { mentionedUsernames, renderPost } from './community.content';
import {
  forumCategories,
  forumPostRevisions,
  forumPosts,
  forumReactions,
  forumThreads,
  siteSettings,
} from './community.table';
import type { Category, Post, PostStatus, PostView, Thread, ThreadKind } from './community.models';

/** Who is looking decides which posts exist for them. */
export type Viewer = { kind: 'public' } | { kind: 'member'; userId: number } | { kind: 'moderator'; userId: number };

function postVisibility(viewer: Viewer): SQL | undefined {
  if (viewer.kind === 'moderator') return undefined;
  if (viewer.kind === 'member') {
    return or(
      eq(forumPosts.status, 'published'),
      and(eq(forumPosts.status, 'pending'), eq(forumPosts.authorId, viewer.userId)),
    );
  }
  return eq(forumPosts.status, 'published');
}

function toThread(row: typeof forumThreads.$inferSelect): Thread {
  return { ...row, kind: row.kind as ThreadKind, status: row.status as PostStatus };
}

function toPost(row: typeof forumPosts.$inferSelect): Post {
  const { idempotencyKey: _k, deletedBy: _d, hiddenBy: _h, ...rest } = row;
  return rest;
}

// Categories

export async function listCategories(db: DbOrTx): Promise<Category[]> {
  return db.select().from(forumCategories).orderBy(asc(forumCategories.position), asc(forumCategories.name));
}

export async function findCategory(db: DbOrTx, slug: string): Promise<Category | undefined> {
  return (await db.select().from(forumCategories).where(eq(forumCategories.slug, slug)).limit(1))[0];
}

export async function findCategoryById(db: DbOrTx, id: number): Promise<Category | undefined> {
  return (await db.select().from(forumCategories).where(eq(forumCategories.id, id)).limit(1))[0];
}

/** The newest published thread activity per category, for the forum index. */
export async function lastActivity(db: DbOrTx): Promise<Map<number, { threadId: number; title: string; at: Date }>> {
  const rows = rowsOf<{ category_id: number; id: number; title: string; last_post_at: string | Date }>(
    await db.execute(sql`
      select distinct on (category_id) category_id, id, title, last_post_at
      from forum_threads where status = 'published'
      order by category_id, last_post_at desc, id desc`),
  );
  return new Map(
    rows.map((r) => [Number(r.category_id), { threadId: Number(r.id), title: r.title, at: new Date(r.last_post_at) }]),
  );
}

/** Counts only what the public sees, so hiding or deleting a post takes it out of the numbers. */
export async function refreshCategoryStats(db: DbOrTx, categoryId: number): Promise<void> {
  await db.execute(sql`
    update forum_categories c set
      thread_count = s.threads, post_count = s.posts, last_post_at = s.last
    from (
      select count(distinct t.id)::int as threads, count(p.id)::int as posts, max(p.created_at) as last
      from forum_threads t left join forum_posts p on p.thread_id = t.id and p.status = 'published'
      where t.category_id = ${categoryId} and t.status = 'published'
    ) s
    where c.id = ${categoryId}`);
}

// Threads

export interface ThreadListItem {
  id: number;
  title: string;
  kind: ThreadKind;
  replyCount: number;
  pinned: boolean;
  locked: boolean;
  answered: boolean;
  authorName: string;
  createdAt: Date;
  lastPostAt: Date;
  topicSlugs: string[];
  categorySlug: string;
  categoryName: string;
}

const listColumns = {
  id: forumThreads.id,
  title: forumThreads.title,
  kind: forumThreads.kind,
  replyCount: forumThreads.replyCount,
  pinned: forumThreads.pinned,
  locked: forumThreads.locked,
  answered: sql<boolean>`${forumThreads.acceptedPostId} is not null`,
  authorName: users.displayName,
  createdAt: forumThreads.createdAt,
  lastPostAt: forumThreads.lastPostAt,
  topicSlugs: forumThreads.topicSlugs,
  categorySlug: forumCategories.slug,
  categoryName: forumCategories.name,
};

function asListItems(rows: Array<Omit<ThreadListItem, 'kind'> & { kind: string }>): ThreadListItem[] {
  return rows.map((r) => ({ ...r, kind: r.kind as ThreadKind }));
}

/** One page of a thread list, and how many threads the list has in all. */
async function pageOfThreads(db: DbOrTx, where: SQL | undefined, orderBy: SQL[], limit: number, offset: number) {
  const [rows, totals] = await Promise.all([
    db
      .select(listColumns)
      .from(forumThreads)
      .innerJoin(users, eq(users.id, forumThreads.authorId))
      .innerJoin(forumCategories, eq(forumCategories.id, forumThreads.categoryId))
      .where(where)
      .orderBy(...orderBy)
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(forumThreads).where(where),
  ]);
  return { items: asListItems(rows), total: Number(totals[0]?.n ?? 0) };
}

export async function listThreads(db: DbOrTx, filter: { categoryIds: number[]; limit: number; offset: number }) {
  const where = and(inArray(forumThreads.categoryId, filter.categoryIds), eq(forumThreads.status, 'published'));
  return pageOfThreads(
    db,
    where,
    [desc(forumThreads.pinned), desc(forumThreads.lastPostAt), desc(forumThreads.id)],
    filter.limit,
    filter.offset,
  );
}

/** The category's other threads (pinned, then latest activity), for a thread page's "Related" block (no count, unlike a page of the list). */
export async function recentThreadsIn(
  db: DbOrTx,
  categoryId: number,
  excludeThreadId: number,
  limit: number,
): Promise<ThreadListItem[]> {
  const rows = await db
    .select(listColumns)
    .from(forumThreads)
    .innerJoin(users, eq(users.id, forumThreads.authorId))
    .innerJoin(forumCategories, eq(forumCategories.id, forumThreads.categoryId))
    .where(
      and(
        eq(forumThreads.categoryId, categoryId),
        eq(forumThreads.status, 'published'),
        ne(forumThreads.id, excludeThreadId),
      ),
    )
    // The category list's order, which forum_threads_category_idx serves.
    .orderBy(desc(forumThreads.pinned), desc(forumThreads.lastPostAt), desc(forumThreads.id))
    .limit(limit);
  return asListItems(rows);
}

/** Questions with no accepted answer; an empty topic list matches every topic. */
function unansweredWhere(filter: { topicSlugs?: string[]; olderThan?: Date }): SQL {
  const parts: SQL[] = [
    sql`${forumThreads.kind} = 'question'`,
    sql`${forumThreads.acceptedPostId} is null`,
    sql`${forumThreads.status} = 'published'`,
  ];
  if (filter.olderThan) parts.push(sql`${forumThreads.createdAt} < ${filter.olderThan.toISOString()}`);
  if (filter.topicSlugs?.length) parts.push(sql`${forumThreads.topicSlugs} && ${textArray(filter.topicSlugs)}`);
  return sql.join(parts, sql` and `);
}

export async function listUnanswered(
  db: DbOrTx,
  filter: { topicSlugs?: string[]; olderThan?: Date; limit: number; offset?: number },
) {
  const order = [asc(forumThreads.replyCount), desc(forumThreads.createdAt), desc(forumThreads.id)];
  return pageOfThreads(db, unansweredWhere(filter), order, filter.limit, filter.offset ?? 0);
}

export async function countUnanswered(
  db: DbOrTx,
  filter: { topicSlugs?: string[]; olderThan?: Date },
): Promise<number> {
  const rows = await db.select({ n: count() }).from(forumThreads).where(unansweredWhere(filter));
  return Number(rows[0]?.n ?? 0);
}

export async function findThread(
  db: DbOrTx,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<Thread | undefined> {
  const query = db.select().from(forumThreads).where(eq(forumThreads.id, id)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0] ? toThread(rows[0]) : undefined;
}

export async function findThreadByArticle(db: DbOrTx, articleId: number): Promise<Thread | undefined> {
  const rows = await db.select().from(forumThreads).where(eq(forumThreads.articleId, articleId)).limit(1);
  return rows[0] ? toThread(rows[0]) : undefined;
}

export async function insertThread(db: DbOrTx, values: typeof forumThreads.$inferInsert): Promise<Thread> {
  const rows = await db.insert(forumThreads).values(values).returning();
  return toThread(rows[0]!);
}

export async function updateThread(
  db: DbOrTx,
  id: number,
  values: Partial<typeof forumThreads.$inferInsert>,
): Promise<Thread> {
  const rows = await db.update(forumThreads).set(values).where(eq(forumThreads.id, id)).returning();
  return toThread(rows[0]!);
}

/** Replies and last activity from published posts only; a thread follows its opening post's status. */
export async function refreshThreadStats(db: DbOrTx, threadId: number): Promise<void> {
  await db.execute(sql`
    update forum_threads t set
      reply_count = greatest(0, (select count(*) from forum_posts p where p.thread_id = t.id and p.status = 'published' and p.number > 1))::int,
      last_post_at = coalesce((select max(created_at) from forum_posts p where p.thread_id = t.id and p.status = 'published'), t.created_at),
      status = coalesce((select status from forum_posts p where p.thread_id = t.id and p.number = 1), t.status)
    where t.id = ${threadId}`);
}

// Posts

const postViewColumns = {
  id: forumPosts.id,
  threadId: forumPosts.threadId,
  number: forumPosts.number,
  authorId: forumPosts.authorId,
  body: forumPosts.body,
  bodyHtml: forumPosts.bodyHtml,
  renderVersion: forumPosts.renderVersion,
  quoteOf: forumPosts.quoteOf,
  status: forumPosts.status,
  helpfulCount: forumPosts.helpfulCount,
  via: forumPosts.via,
  vendorSystem: forumPosts.vendorSystem,
  vendorName: forumPosts.vendorName,
  createdAt: forumPosts.createdAt,
  editedAt: forumPosts.editedAt,
  deletedAt: forumPosts.deletedAt,
  hiddenAt: forumPosts.hiddenAt,
  authorName: users.displayName,
  authorUsername: users.username,
};

/**
 * What pages, feeds and live updates read: the stored HTML, and the Markdown
 * source only for a post not rendered yet (they show nothing else of it), so
 * a page of long posts reads each post's text once, not twice.
 */
const shownPostColumns = {
  ...postViewColumns,
  body: sql<string>`case when ${forumPosts.bodyHtml} is null then ${forumPosts.body} else '' end`,
};

function asPostViews(rows: Array<Omit<PostView, 'status'> & { status: string }>): PostView[] {
  return rows.map((r) => ({ ...r, status: r.status as PostStatus }));
}

/** A page of a thread as `viewer` sees it (`body` only where `bodyHtml` is missing: see shownPostColumns). */
export async function listPosts(
  db: DbOrTx,
  threadId: number,
  viewer: Viewer,
  page: { limit: number; offset: number },
): Promise<PostView[]> {
  return asPostViews(
    await db
      .select(shownPostColumns)
      .from(forumPosts)
      .innerJoin(users, eq(users.id, forumPosts.authorId))
      .where(and(eq(forumPosts.threadId, threadId), postVisibility(viewer)))
      .orderBy(asc(forumPosts.number))
      .limit(page.limit)
      .offset(page.offset),
  );
}

/** The newest public posts in some categories, for their feed (`body` only where `bodyHtml` is missing). */
export async function recentPosts(db: DbOrTx, categoryIds: number[], limit: number) {
  return db
    .select({ ...shownPostColumns, threadTitle: forumThreads.title })
    .from(forumPosts)
    .innerJoin(forumThreads, eq(forumThreads.id, forumPosts.threadId))
    .innerJoin(users, eq(users.id, forumPosts.authorId))
    .where(
      and(
        inArray(forumThreads.categoryId, categoryIds),
        eq(forumThreads.status, 'published'),
        eq(forumPosts.status, 'published'),
      ),
    )
    .orderBy(desc(forumPosts.createdAt), desc(forumPosts.id))
    .limit(limit);
}

/** The newest published replies (not the opening post) of a published thread, newest first, with their Markdown. */
export async function latestReplies(db: DbOrTx, threadId: number, limit: number) {
  return db
    .select({
      id: forumPosts.id,
      body: forumPosts.body,
      createdAt: forumPosts.createdAt,
      authorName: users.displayName,
    })
    .from(forumPosts)
    .innerJoin(forumThreads, eq(forumThreads.id, forumPosts.threadId))
    .innerJoin(users, eq(users.id, forumPosts.authorId))
    .where(
      and(
        eq(forumPosts.threadId, threadId),
        eq(forumThreads.status, 'published'),
        eq(forumPosts.status, 'published'),
        sql`${forumPosts.number} > 1`,
      ),
    )
    .orderBy(desc(forumPosts.number))
    .limit(limit);
}

/** Published posts after `afterNumber`, for live updates (`body` only where `bodyHtml` is missing). */
export async function postsAfter(
  db: DbOrTx,
  threadId: number,
  afterNumber: number,
  limit: number,
): Promise<PostView[]> {
  return asPostViews(
    await db
      .select(shownPostColumns)
      .from(forumPosts)
      .innerJoin(users, eq(users.id, forumPosts.authorId))
      .where(
        and(
          eq(forumPosts.threadId, threadId),
          eq(forumPosts.status, 'published'),
          sql`${forumPosts.number} > ${afterNumber}`,
        ),
      )
      .orderBy(asc(forumPosts.number))
      .limit(limit),
  );
}

export async function countPosts(
  db: DbOrTx,
  threadId: number,
  viewer: Viewer,
  options: { beforeNumber?: number } = {},
): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(forumPosts)
    .where(
      and(
        eq(forumPosts.threadId, threadId),
        postVisibility(viewer),
        options.beforeNumber ? sql`${forumPosts.number} < ${options.beforeNumber}` : undefined,
      ),
    );
  return Number(rows[0]?.n ?? 0);
}

export async function postNumbers(db: DbOrTx, ids: number[]): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: forumPosts.id, number: forumPosts.number })
    .from(forumPosts)
    .where(inArray(forumPosts.id, ids));
  return new Map(rows.map((r) => [r.id, r.number]));
}

export async function findPostView(db: DbOrTx, id: number): Promise<PostView | undefined> {
  const rows = await db
    .select(postViewColumns)
    .from(forumPosts)
    .innerJoin(users, eq(users.id, forumPosts.authorId))
    .where(eq(forumPosts.id, id))
    .limit(1);
  return rows[0] ? asPostViews(rows)[0] : undefined;
}

export async function findPost(
  db: DbOrTx,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<Post | undefined> {
  const query = db.select().from(forumPosts).where(eq(forumPosts.id, id)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0] ? toPost(rows[0]) : undefined;
}

export async function findPostByKey(db: DbOrTx, authorId: number, key: string): Promise<Post | undefined> {
  const rows = await db
    .select()
    .from(forumPosts)
    .where(and(eq(forumPosts.authorId, authorId), eq(forumPosts.idempotencyKey, key)))
    .limit(1);
  return rows[0] ? toPost(rows[0]) : undefined;
}

export async function nextPostNumber(db: DbOrTx, threadId: number): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(sql`select coalesce(max(number), 0)::int + 1 as n from forum_posts where thread_id = ${threadId}`),
  );
  return Number(rows[0]?.n ?? 1);
}

/**
 * A post's HTML, rendered once as it is saved: the one renderer, with
 * `@mentions` of people who exist now linked. Pages show what is stored.
 */
export async function renderPostBody(db: DbOrTx, body: string): Promise<{ bodyHtml: SafeHtml; renderVersion: number }> {
  const known = new Set((await usersByUsername(db, mentionedUsernames(body))).map((u) => u.username));
  return { bodyHtml: renderPost(body, known), renderVersion: RENDER_VERSION };
}

type PostValues = Omit<typeof forumPosts.$inferInsert, 'bodyHtml' | 'renderVersion'>;

/** Insert, or return nothing when the same author already used this idempotency key. */
export async function insertPost(db: DbOrTx, values: PostValues): Promise<Post | undefined> {
  const rows = await db
    .insert(forumPosts)
    .values({ ...values, ...(await renderPostBody(db, values.body)) })
    .onConflictDoNothing()
    .returning();
  return rows[0] ? toPost(rows[0]) : undefined;
}

/** A new `body` is rendered and stored with it. */
export async function updatePost(db: DbOrTx, id: number, values: Partial<PostValues>): Promise<Post> {
  const html = values.body === undefined ? {} : await renderPostBody(db, values.body);
  const rows = await db
    .update(forumPosts)
    .set({ ...values, ...html })
    .where(eq(forumPosts.id, id))
    .returning();
  return toPost(rows[0]!);
}

export async function authorPostCount(db: DbOrTx, authorId: number): Promise<number> {
  const rows = await db.select({ n: count() }).from(forumPosts).where(eq(forumPosts.authorId, authorId));
  return Number(rows[0]?.n ?? 0);
}

export async function countPublishedBy(db: DbOrTx, authorId: number): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(forumPosts)
    .where(and(eq(forumPosts.authorId, authorId), eq(forumPosts.status, 'published')));
  return Number(rows[0]?.n ?? 0);
}

/** An earlier text kept on edit; its stored HTML comes along when given (the post's own), else it is rendered. */
export async function insertRevision(db: DbOrTx, values: typeof forumPostRevisions.$inferInsert): Promise<void> {
  const html = values.bodyHtml ? {} : await renderPostBody(db, values.body);
  await db.insert(forumPostRevisions).values({ ...values, ...html });
}

export async function listRevisions(db: DbOrTx, postId: number) {
  return db
    .select({
      id: forumPostRevisions.id,
      body: forumPostRevisions.body,
      bodyHtml: forumPostRevisions.bodyHtml,
      createdAt: forumPostRevisions.createdAt,
      editorName: users.displayName,
    })
    .from(forumPostRevisions)
    .innerJoin(users, eq(users.id, forumPostRevisions.editedBy))
    .where(eq(forumPostRevisions.postId, postId))
    .orderBy(desc(forumPostRevisions.createdAt), desc(forumPostRevisions.id));
}

/** Post ids (of `postIds`) this person found helpful. */
export async function helpfulBy(db: DbOrTx, userId: number, postIds: number[]): Promise<Set<number>> {
  if (postIds.length === 0) return new Set();
  const rows = await db
    .select({ postId: forumReactions.postId })
    .from(forumReactions)
    .where(and(eq(forumReactions.userId, userId), inArray(forumReactions.postId, postIds)));
  return new Set(rows.map((r) => r.postId));
}

/** One "helpful" per person: adds it, or takes it back. Returns whether it is now set. */
export async function toggleHelpful(db: DbOrTx, postId: number, userId: number, now: Date): Promise<boolean> {
  const added = await db
    .insert(forumReactions)
    .values({ postId, userId, kind: 'helpful', createdAt: now })
    .onConflictDoNothing()
    .returning();
  if (added.length === 0) {
    await db
      .delete(forumReactions)
      .where(
        and(eq(forumReactions.postId, postId), eq(forumReactions.userId, userId), eq(forumReactions.kind, 'helpful')),
      );
  }
  await db.execute(
    sql`update forum_posts set helpful_count = (select count(*) from forum_reactions where post_id = ${postId} and kind = 'helpful')::int where id = ${postId}`,
  );
  return added.length > 0;
}

// Users and settings

export async function usersByUsername(
  db: DbOrTx,
  usernames: string[],
): Promise<Array<{ id: number; username: string; displayName: string }>> {
  if (usernames.length === 0) return [];
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(and(inArray(users.username, usernames), isNull(users.deletedAt), eq(users.isSystem, false)));
}

export async function getSetting(db: DbOrTx, key: string): Promise<string | undefined> {
  return (
    await db.select({ value: siteSettings.value }).from(siteSettings).where(eq(siteSettings.key, key)).limit(1)
  )[0]?.value;
}

export async function setSetting(db: DbOrTx, key: string, value: string, userId: number, now: Date): Promise<void> {
  await db
    .insert(siteSettings)
    .values({ key, value, updatedBy: userId, updatedAt: now })
    .onConflictDoUpdate({ target: siteSettings.key, set: { value, updatedBy: userId, updatedAt: now } });
}

/** Posts and earlier versions whose stored HTML is missing or from an older renderer: the hub renders them again at start. */
export const storedPostHtml: StoredHtmlKind<{ id: number; body: string }>[] = [
  storedHtmlColumns({
    name: 'forum posts',
    table: forumPosts,
    id: forumPosts.id,
    source: forumPosts.body,
    renderVersion: forumPosts.renderVersion,
    render: renderPostBody,
  }),
  storedHtmlColumns({
    name: 'forum post revisions',
    table: forumPostRevisions,
    id: forumPostRevisions.id,
    source: forumPostRevisions.body,
    renderVersion: forumPostRevisions.renderVersion,
    render: renderPostBody,
  }),
];

/**
 * Which of `threadIds` (at most 200 are looked at) `userId` has started or written in: one probe of
 * (thread_id, number) per thread, filtered by author, so its cost follows the list, not the member's history.
 */
export async function threadsWrittenIn(db: DbOrTx, userId: number, threadIds: number[]): Promise<number[]> {
  const ids = [...new Set(threadIds)].filter((id) => Number.isSafeInteger(id)).slice(0, 200);
  if (ids.length === 0) return [];
  const rows = await db
    .selectDistinct({ threadId: forumPosts.threadId })
    .from(forumPosts)
    .where(and(inArray(forumPosts.threadId, ids), eq(forumPosts.authorId, userId)))
    .limit(ids.length);
  return rows.map((r) => Number(r.threadId));
}

/** How many of a member's own posts in a thread wait for approval (only they and moderators see them). */
export async function countOwnPending(db: DbOrTx, threadId: number, userId: number): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(forumPosts)
    .where(and(eq(forumPosts.threadId, threadId), eq(forumPosts.authorId, userId), eq(forumPosts.status, 'pending')));
  return Number(rows[0]?.n ?? 0);
}

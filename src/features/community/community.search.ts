import { eq } from 'drizzle-orm';
import { storedText } from '../../platform/content/stored-html';
import type { DbOrTx } from '../../platform/db/database';
import type { SearchKind } from '../../platform/search/kinds';
import { indexDocument, removeDocument, similarDocuments } from '../../platform/search/search';
import { ARTICLE_KIND, GLOSSARY_KIND } from '../library';
import { forumPosts } from './community.table';
import { type Category, categoryUrl, type Post, postUrl, THREAD_KIND_LABELS, type Thread } from './community.models';
import { findCategoryById, listCategories } from './community.repository';

/** Posts are one searchable kind; the search page's "Kind" filter offers this doc type. */
export const POST_KIND = 'post';
export const FORUM_POST_TYPE = 'forum-post';
export const FORUM_POST_LABEL = 'Forum post';
/** Forum categories are searchable too ("where do I ask about OCLC?"). */
export const CATEGORY_KIND = 'category';
/** Forum posts: conversation, so curated content ranks above them at equal relevance. */
export const POST_SEARCH_KIND: SearchKind = {
  kind: POST_KIND,
  label: 'Forum thread',
  plural: 'Forum threads',
  curated: false,
  order: 40,
};
export const CATEGORY_SEARCH_KIND: SearchKind = {
  kind: CATEGORY_KIND,
  label: 'Forum category',
  plural: 'Forum categories',
  curated: true,
  order: 50,
};

/**
 * Put a post in the search index when the public can read it, and take it out
 * when it cannot (hidden, pending, deleted, or its thread is not public).
 */
export async function indexPost(
  db: DbOrTx,
  post: Pick<Post, 'id' | 'number' | 'body' | 'bodyHtml' | 'status' | 'createdAt' | 'editedAt'>,
  thread: Thread,
): Promise<void> {
  if (post.status !== 'published' || thread.status !== 'published') {
    await removeDocument(db, POST_KIND, String(post.id));
    return;
  }
  const category = await findCategoryById(db, thread.categoryId);
  const what = post.number === 1 ? THREAD_KIND_LABELS[thread.kind] : 'Reply';
  await indexDocument(db, {
    kind: POST_KIND,
    refId: String(post.id),
    url: postUrl(post.id),
    title: post.number === 1 ? thread.title : `Re: ${thread.title}`,
    summary: `${what} in the forum${category ? `, ${category.name}` : ''}`,
    // Read off the stored HTML: re-indexing a thread never renders its posts again.
    body: storedText(post.bodyHtml, post.body),
    topics: thread.topicSlugs,
    docType: FORUM_POST_TYPE,
    audience: null,
    keywords: [],
    updatedAt: post.editedAt ?? post.createdAt,
    // One hit per thread on the results page; a thread with an accepted answer ranks above an open one.
    groupKey: `thread:${thread.id}`,
    quality: thread.acceptedPostId !== null ? 1 : 0,
  });
}

/** Every post of a thread again: after its status, title or topics changed. */
export async function reindexThread(db: DbOrTx, thread: Thread): Promise<void> {
  const posts = await db
    .select({
      id: forumPosts.id,
      number: forumPosts.number,
      body: forumPosts.body,
      bodyHtml: forumPosts.bodyHtml,
      status: forumPosts.status,
      createdAt: forumPosts.createdAt,
      editedAt: forumPosts.editedAt,
    })
    .from(forumPosts)
    .where(eq(forumPosts.threadId, thread.id));
  for (const p of posts) await indexPost(db, { ...p, status: p.status as Post['status'] }, thread);
}

/** A forum category's search document: its name, its parent's name and its description. */
export async function indexCategory(
  db: DbOrTx,
  category: Pick<Category, 'id' | 'slug' | 'name' | 'description'>,
  parentName: string | undefined,
  now: Date,
): Promise<void> {
  await indexDocument(db, {
    kind: CATEGORY_KIND,
    refId: String(category.id),
    url: categoryUrl(category.slug),
    title: category.name,
    summary: `Forum category${parentName ? ` in ${parentName}` : ''}${category.description ? `: ${category.description}` : ''}`,
    body: category.description,
    topics: [],
    docType: CATEGORY_KIND,
    audience: null,
    keywords: parentName ? [parentName] : [],
    updatedAt: now,
  });
}

/** Every category again (after the starter file added some, and once for hubs that had categories before). */
export async function indexAllCategories(db: DbOrTx, now: Date): Promise<void> {
  const categories = await listCategories(db);
  const names = new Map(categories.map((c) => [c.id, c.name]));
  for (const c of categories) await indexCategory(db, c, c.parentId === null ? undefined : names.get(c.parentId), now);
}

/** Threads and articles like a new thread's title ("Already answered?"): at most five, with the kind's label. */
export async function similarTo(
  db: DbOrTx,
  title: string,
  viewer: 'anonymous' | 'member',
): Promise<Array<{ title: string; url: string; label: string }>> {
  const hits = await similarDocuments(db, title, { kinds: [ARTICLE_KIND, GLOSSARY_KIND, POST_KIND], limit: 5, viewer });
  return hits.map((h) => ({
    title: h.title,
    url: h.url,
    label: h.kind === POST_KIND ? 'Forum thread' : h.kind === GLOSSARY_KIND ? 'Glossary term' : 'Article',
  }));
}

import { eq } from 'drizzle-orm';
import { storedText } from '../../platform/content/stored-html';
import type { DbOrTx } from '../../platform/db/database';
import { indexDocument, removeDocument } from '../../platform/search/search';
import { forumPosts } from './community.table';
import { type Post, postUrl, THREAD_KIND_LABELS, type Thread } from './community.models';
import { findCategoryById } from './community.repository';

/** Posts are one searchable kind; the search page's "Kind" filter offers this doc type. */
export const POST_KIND = 'post';
export const FORUM_POST_TYPE = 'forum-post';
export const FORUM_POST_LABEL = 'Forum post';

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

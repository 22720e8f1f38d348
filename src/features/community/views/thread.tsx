import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { RenderedHtml } from '../../../platform/cache/shared';
import { keptText, placeKept } from '../../../platform/ui/segments';
import type { SafeHtml } from '../../../platform/content/markdown';
import { CsrfField, DateText, Notice, Pagination } from '../../../platform/ui/components';
import { type ContentsLink, OnThisPage } from '../../../platform/ui/reading';
import type { Topic } from '../../library';
import { type Category, categoryUrl, type PostView, type Thread, threadUrl } from '../community.models';
import type { ThreadListItem } from '../community.repository';
import {
  type PostControls,
  PostButton,
  framedPostHtml,
  type PostFrame,
  PostItem,
  postActionFormHtml,
  ThreadBadges,
} from './parts';

/** A thread lists its posts beside them once a page holds this many. */
const THREAD_CONTENTS_MIN = 5;

export interface RenderedPost {
  post: PostView;
  html: SafeHtml;
  /** The post's byline and text, rendered once for every reader (see PostContent). */
  content?: RenderedHtml | undefined;
  quotedNumber?: number | undefined;
  controls?: PostControls | undefined;
  /** The post around the reader's controls, made once for every reader (postFrameHtml). */
  frame?: PostFrame | undefined;
}

/** The parts of a thread page every reader sees alike, rendered once per change (see ThreadSharedParts). */
export interface ThreadRenderedParts {
  heading: RenderedHtml;
  contents: RenderedHtml;
  accepted: RenderedHtml;
  related: RenderedHtml;
}

export function ThreadPage({
  thread,
  category,
  categories,
  topics,
  article,
  accepted,
  posts,
  page,
  pageCount,
  liveAfter,
  notice,
  moderatorToken,
  watch,
  bottom,
  related = [],
  rendered,
}: {
  thread: Thread;
  category: Category;
  categories: Category[];
  topics: Map<string, Topic>;
  article: { slug: string; title: string } | undefined;
  accepted: RenderedPost | undefined;
  posts: RenderedPost[];
  page: number;
  pageCount: number;
  /** On the last page: the number of the newest post shown, from which live updates continue. */
  liveAfter: number | undefined;
  notice?: string | undefined;
  /** Set for moderators: the thread's moderation tools are shown. */
  moderatorToken?: string | undefined;
  /** The notifications module's watch control (watch, how to hear, mute). */
  watch?: Child;
  /** The reply form, or what to do instead (sign in, locked, suspended). */
  bottom: Child;
  /** Other threads in the category, newest activity first (this one left out). */
  related?: ThreadListItem[];
  /** What every reader sees alike, already rendered (then `accepted` and `related` are not rendered again). */
  rendered?: ThreadRenderedParts | undefined;
}) {
  // The posts' buttons submit one form for the page (see postActionFormHtml), there only when a post has controls.
  const actionToken = posts.find((p) => p.controls)?.controls?.csrfToken;
  return (
    <article class="thread" aria-labelledby="thread-title">
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <header class="thread-header">
        {rendered ? (
          placeKept(rendered.heading)
        ) : (
          <ThreadHeading thread={thread} category={category} topics={topics} article={article} />
        )}
        {watch ? <div class="thread-watch">{watch}</div> : null}
        {thread.locked ? (
          <Notice kind="warning">This thread is locked: a moderator has closed it to new replies.</Notice>
        ) : null}
        {moderatorToken ? <ModeratorTools thread={thread} categories={categories} csrfToken={moderatorToken} /> : null}
      </header>

      <div class="reading">
        {rendered ? placeKept(rendered.contents) : <ThreadContents accepted={accepted} posts={posts} />}
        <div class="reading-body">
          {rendered ? placeKept(rendered.accepted) : <AcceptedAnswer accepted={accepted} />}

          <section aria-labelledby="posts-title">
            <h2 id="posts-title" class={accepted ? undefined : 'visually-hidden'}>
              {accepted ? 'All posts, in order' : 'Posts'}
            </h2>
            {pageCount > 1 ? (
              <p class="meta">
                Page {page} of {pageCount}
              </p>
            ) : null}
            {actionToken ? raw(postActionFormHtml(threadUrl(thread.id), actionToken)) : null}
            <ol
              class="posts"
              id="posts"
              data-live-url={liveAfter !== undefined ? `${threadUrl(thread.id)}/events?after=${liveAfter}` : undefined}
            >
              {raw(postListHtml(thread, posts))}
            </ol>
            <p id="live-status" class="live-status" role="status" aria-live="polite" />
            <Pagination
              page={page}
              pageCount={pageCount}
              hrefFor={(p) => threadUrl(thread.id, p)}
              label="Pages of this thread"
            />
          </section>
          {bottom}
        </div>
        {rendered ? (
          placeKept(rendered.related)
        ) : (
          <RelatedToThread category={category} article={article} threads={related} />
        )}
      </div>
    </article>
  );
}

/** The thread's badges, title and what it belongs to: the same for every reader. */
export function ThreadHeading({
  thread,
  category,
  topics,
  article,
}: {
  thread: Thread;
  category: Category;
  topics: Map<string, Topic>;
  article: { slug: string; title: string } | undefined;
}) {
  return (
    <>
      <p class="meta">
        <ThreadBadges
          kind={thread.kind}
          answered={thread.acceptedPostId !== null}
          pinned={thread.pinned}
          locked={thread.locked}
        />
        {thread.status !== 'published' ? (
          <span class="badge badge-locked">{thread.status === 'pending' ? 'Awaiting approval' : 'Not public'}</span>
        ) : null}
      </p>
      <h1 id="thread-title">{thread.title}</h1>
      <p class="meta">
        In <a href={categoryUrl(category.slug)}>{category.name}</a> · started <DateText date={thread.createdAt} /> ·{' '}
        {thread.replyCount === 1 ? '1 reply' : `${thread.replyCount} replies`}
        {thread.topicSlugs.length ? (
          <>
            {' '}
            · topics:{' '}
            {thread.topicSlugs.map((s, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={`/topics/${s}`}>{topics.get(s)?.name ?? s}</a>
              </>
            ))}
          </>
        ) : null}
      </p>
      {article ? (
        <p class="meta">
          Discussion of the article <a href={`/articles/${article.slug}`}>{article.title}</a>
        </p>
      ) : null}
    </>
  );
}

/** The "In this thread" list: the accepted answer and the posts of the page. */
export function ThreadContents({ accepted, posts }: { accepted: RenderedPost | undefined; posts: RenderedPost[] }) {
  const contents: ContentsLink[] = [
    ...(accepted
      ? [
          {
            href: `#accepted-${accepted.post.id}`,
            text: `Accepted answer, from ${accepted.post.authorName}`,
            level: 2 as const,
          },
        ]
      : []),
    ...posts.map((p) => ({ href: `#post-${p.post.id}`, text: `#${p.post.number} ${p.post.authorName}` })),
  ];
  return <OnThisPage links={contents} title="In this thread" unit="posts" min={THREAD_CONTENTS_MIN} />;
}

/** The accepted answer above the posts (shown without anyone's controls). */
export function AcceptedAnswer({ accepted }: { accepted: RenderedPost | undefined }) {
  if (!accepted) return null;
  return (
    <section class="accepted-answer" aria-labelledby="accepted-title">
      <h2 id="accepted-title">Accepted answer, from {accepted.post.authorName}</h2>
      <PostItem post={accepted.post} html={accepted.html} accepted idPrefix="accepted" />
    </section>
  );
}

/** The page's posts as list items: a post made once for everybody (`frame`) only gets the reader's controls added. */
function postListHtml(thread: Thread, posts: RenderedPost[]): string {
  let out = '';
  for (const p of posts) {
    const accepted = thread.acceptedPostId === p.post.id;
    // A framed post is kept with its frame (one per set of reader flags): a segment of a member's page. Its frame
    // holds the list item's tags (postFrameHtml's listItem), so neighbouring posts leave no text between them.
    if (p.frame) {
      out += keptText(framedPostHtml(p.frame, p.post, p.controls) as RenderedHtml);
      continue;
    }
    const item = String(
      <PostItem
        post={p.post}
        html={p.html}
        accepted={accepted}
        quotedNumber={p.quotedNumber}
        controls={p.controls}
        content={p.content}
      />,
    );
    out += `<li>${item}</li>`;
  }
  return out;
}

/** Where to go next: the article under discussion and other threads in the category (beside the posts on a wide screen). */
export function RelatedToThread({
  category,
  article,
  threads,
}: {
  category: Category;
  article: { slug: string; title: string } | undefined;
  threads: ThreadListItem[];
}) {
  return (
    <section aria-labelledby="related-title" class="related">
      <h2 id="related-title">Related</h2>
      <ul class="related-list">
        {article ? (
          <li>
            <a href={`/articles/${article.slug}`}>{article.title}</a>
            <span class="related-summary">The article this thread discusses</span>
          </li>
        ) : null}
        {threads.map((t) => (
          <li>
            <a href={threadUrl(t.id)}>{t.title}</a>
            <span class="related-summary">
              {t.replyCount === 1 ? '1 reply' : `${t.replyCount.toLocaleString('en')} replies`} · last activity{' '}
              <DateText date={t.lastPostAt} />
            </span>
          </li>
        ))}
        <li>
          <a href={categoryUrl(category.slug)}>All threads in {category.name}</a>
        </li>
      </ul>
    </section>
  );
}

function ModeratorTools({
  thread,
  categories,
  csrfToken,
}: {
  thread: Thread;
  categories: Category[];
  csrfToken: string;
}) {
  const leaves = categories.filter((c) => !categories.some((k) => k.parentId === c.id));
  return (
    <details class="moderator-tools">
      <summary>Moderator tools</summary>
      <ul class="actions">
        <li>
          <PostButton
            action={`${threadUrl(thread.id)}/lock`}
            csrfToken={csrfToken}
            fields={{ locked: thread.locked ? 'false' : 'true' }}
            label={thread.locked ? 'Unlock the thread' : 'Lock the thread'}
            cls="secondary"
          />
        </li>
        <li>
          <PostButton
            action={`${threadUrl(thread.id)}/pin`}
            csrfToken={csrfToken}
            fields={{ pinned: thread.pinned ? 'false' : 'true' }}
            label={thread.pinned ? 'Unpin the thread' : 'Pin the thread'}
            cls="secondary"
          />
        </li>
      </ul>
      <form method="post" action={`${threadUrl(thread.id)}/move`} class="move-form">
        <CsrfField token={csrfToken} />
        <label for="move-category">Move to category</label>
        <select id="move-category" name="category">
          {leaves.map((c) => (
            <option value={c.slug} selected={c.id === thread.categoryId}>
              {c.name}
            </option>
          ))}
        </select>
        <button type="submit" class="secondary">
          Move the thread
        </button>
      </form>
    </details>
  );
}

/** What replaces the reply form when someone cannot reply. */
export function ReplyInstead({
  reason,
  threadId,
}: {
  reason: 'sign-in' | 'locked' | 'reader' | 'suspended';
  threadId: number;
}) {
  if (reason === 'sign-in') {
    return (
      <p class="reply-instead">
        <a href={`/sign-in?next=${encodeURIComponent(threadUrl(threadId))}`}>Sign in to reply</a> or{' '}
        <a href="/sign-up">create a free account</a>.
      </p>
    );
  }
  if (reason === 'locked') return <p class="reply-instead">This thread is locked, so there is no reply form.</p>;
  if (reason === 'suspended') return <p class="reply-instead">You are suspended: you can still read.</p>;
  return <p class="reply-instead">Readers cannot post. Ask an administrator to make you a member.</p>;
}

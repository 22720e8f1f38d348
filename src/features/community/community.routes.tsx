import { Hono } from 'hono';
import { personal } from '../../platform/cache/personal';
import { publicPage } from '../../platform/cache/public-page';
import { renderPart, shared } from '../../platform/cache/shared';
import { storedHtml } from '../../platform/content/stored-html';
import type { DbOrTx } from '../../platform/db/database';
import type { AppContext, AppEnv } from '../../platform/http/context';
import { csrfTokenFor } from '../../platform/http/security';
import type { Crumb } from '../../platform/ui/components';
import { pageHtml } from '../../platform/ui/render';
import { FilledHoles, renderWithHoles } from '../../platform/ui/segments';
import { draftOffer } from '../drafts';
import { listTopics } from '../library';
import { watchControl } from '../notifications';
import { communityErrors } from './community.errors';
import { articleOf, ctx, idFrom, newIdempotencyKey, pageFrom, renderPosts, viewerOf } from './community.http';
import {
  type Category,
  categoryUrl,
  POSTS_PER_PAGE,
  type PostView,
  THREADS_PER_PAGE,
  type Thread,
  threadUrl,
} from './community.models';
import { communityPolicies } from './community.policies';
import * as repo from './community.repository';
import type { Viewer } from './community.repository';
import { vendorVoiceIn } from './community.vendor';
import { activeSuspension, queueCounts } from './moderation.repository';
import { HistoryPage, ReplyForm } from './views/forms';
import { CategoryPage, ForumIndexPage, UnansweredPage } from './views/forum';
import { PostContent, type PostFrame, postFrameHtml } from './views/parts';
import {
  AcceptedAnswer,
  RelatedToThread,
  ReplyInstead,
  ThreadContents,
  ThreadHeading,
  ThreadPage,
  type ThreadRenderedParts,
} from './views/thread';

/** How many other threads of the category a thread page offers beside its posts. */
const RELATED_THREADS = 5;

export const FORUM_CRUMB: Crumb = { label: 'Forum', href: '/forum' };
const HOME: Crumb = { label: 'Home', href: '/' };

/** Confirmations after a form, by the `notice` in the address (shown only to signed-in people). */
const NOTICES: Record<string, string> = {
  posted: 'Your post is published.',
  pending: 'Your post is waiting for a moderator’s approval. Only you and the moderators can see it until then.',
  edited: 'Your changes are saved. The earlier text is in the post’s edit history.',
  deleted: 'The post is deleted. Moderators can restore it if it was a mistake.',
  flagged: 'Thank you: the moderators will look at the post you flagged.',
  accepted: 'The accepted answer is marked, and shown first in the thread.',
  unaccepted: 'The thread no longer has an accepted answer.',
  moderated: 'Done. The action is recorded in the audit log.',
};

export function categoryCrumbs(category: Category, categories: Category[]): Crumb[] {
  const parent = categories.find((c) => c.id === category.parentId);
  return [
    HOME,
    FORUM_CRUMB,
    ...(parent ? [{ label: parent.name, href: categoryUrl(parent.slug) }] : []),
    { label: category.name, href: categoryUrl(category.slug) },
  ];
}

/** Anonymous readers share one cached rendering (dropped on every public change); signed-in people get their own. */
const respond = publicPage;

export async function loadThread(c: AppContext, raw: string | undefined): Promise<Thread> {
  const { db, actor } = ctx(c);
  const thread = await repo.findThread(db, idFrom(raw, communityErrors.threadNotFound));
  if (!thread || !communityPolicies.seeThread(actor, thread)) throw communityErrors.threadNotFound();
  return thread;
}

/** What a thread page shows a viewer, apart from their own controls: the posts of one page and what surrounds them. */
async function threadParts(db: DbOrTx, thread: Thread, viewer: Viewer, page: number) {
  const total = await repo.countPosts(db, thread.id, viewer);
  const pageCount = Math.max(1, Math.ceil(total / POSTS_PER_PAGE));
  if (page > pageCount) throw communityErrors.threadNotFound();
  const [posts, categories, topics, article, acceptedView, sameCategory] = await Promise.all([
    repo.listPosts(db, thread.id, viewer, { limit: POSTS_PER_PAGE, offset: (page - 1) * POSTS_PER_PAGE }),
    repo.listCategories(db),
    listTopics(db),
    articleOf(db, thread.articleId),
    thread.acceptedPostId && page === 1 ? repo.findPostView(db, thread.acceptedPostId) : Promise.resolve(undefined),
    repo.recentThreadsIn(db, thread.categoryId, thread.id, RELATED_THREADS),
  ]);
  const quoted = posts.map((p) => p.quoteOf).filter((q): q is number => q !== null);
  const quotedNumbers = quoted.length ? await repo.postNumbers(db, quoted) : new Map<number, number>();
  return {
    thread,
    pageCount,
    posts,
    categories,
    topics: new Map(topics.map((t) => [t.slug, t])),
    article,
    acceptedView,
    sameCategory,
    quotedNumbers,
  };
}

/** The accepted answer shown above a page's posts, when it is published. */
function acceptedPost(view: PostView | undefined) {
  return view?.status === 'published' ? { post: view, html: storedHtml(view.bodyHtml, view.body) } : undefined;
}

/** Reading the forum; paths relative to "/forum". */
export function createReadingRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const { db, actor } = ctx(c);
    const [categories, activity, unanswered, queue] = await Promise.all([
      repo.listCategories(db),
      repo.lastActivity(db),
      repo.countUnanswered(db, {}),
      communityPolicies.moderate(actor) ? queueCounts(db) : Promise.resolve(undefined),
    ]);
    return respond(c, () =>
      pageHtml(
        c,
        {
          title: 'Forum',
          description: 'Questions and discussions among interlibrary loan and resource-sharing staff.',
          breadcrumbs: [HOME, { label: 'Forum' }],
        },
        <ForumIndexPage
          categories={categories}
          activity={activity}
          canPost={communityPolicies.post(actor)}
          unanswered={unanswered}
          queue={queue}
        />,
      ),
    );
  });

  routes.get('/unanswered', async (c) => {
    const { db } = ctx(c);
    const page = pageFrom(c.req.query('page'));
    const { items, total } = await repo.listUnanswered(db, {
      limit: THREADS_PER_PAGE,
      offset: (page - 1) * THREADS_PER_PAGE,
    });
    return respond(
      c,
      () =>
        pageHtml(
          c,
          { title: 'Unanswered questions', breadcrumbs: [HOME, FORUM_CRUMB, { label: 'Unanswered questions' }] },
          <UnansweredPage
            threads={items}
            total={total}
            page={page}
            pageCount={Math.max(1, Math.ceil(total / THREADS_PER_PAGE))}
          />,
        ),
      { page: page > 1 ? page : undefined },
    );
  });

  routes.get('/c/:slug', async (c) => {
    const { db, actor } = ctx(c);
    const categories = await repo.listCategories(db);
    const category = categories.find((k) => k.slug === c.req.param('slug'));
    if (!category) throw communityErrors.categoryNotFound();
    const children = categories.filter((k) => k.parentId === category.id);
    const page = pageFrom(c.req.query('page'));
    const [{ items, total }, activity] = await Promise.all([
      repo.listThreads(db, {
        categoryIds: [category.id, ...children.map((k) => k.id)],
        limit: THREADS_PER_PAGE,
        offset: (page - 1) * THREADS_PER_PAGE,
      }),
      repo.lastActivity(db),
    ]);
    const crumbs = categoryCrumbs(category, categories);
    const watch = await watchControl(c, { targetType: 'category', targetId: String(category.id) });
    return respond(
      c,
      () =>
        pageHtml(
          c,
          {
            title: category.name,
            description: category.description,
            breadcrumbs: [...crumbs.slice(0, -1), { label: category.name }],
            links: [
              {
                rel: 'alternate',
                type: 'application/atom+xml',
                href: `${categoryUrl(category.slug)}/feed.atom`,
                title: `${category.name} (ILL Commons forum)`,
              },
            ],
          },
          <CategoryPage
            category={category}
            children={children}
            threads={items}
            total={total}
            page={page}
            pageCount={Math.max(1, Math.ceil(total / THREADS_PER_PAGE))}
            canPost={communityPolicies.post(actor)}
            activity={activity}
            watch={watch}
          />,
        ),
      { page: page > 1 ? page : undefined },
    );
  });

  routes.get('/t/:id', async (c) => {
    const { db, actor, now } = ctx(c);
    const page = pageFrom(c.req.query('page'));
    const threadId = idFrom(c.req.param('id'), communityErrors.threadNotFound);
    const viewer = viewerOf(actor);
    // What anonymous readers see is shared by members too, unless they see more: moderators, and an author
    // whose own post awaits approval (only they see it). Loaded once per public change, not per reader.
    const ownPending =
      viewer.kind === 'member'
        ? await personal(c, `community.own-pending:${threadId}`, () =>
            repo.countOwnPending(db, threadId, viewer.userId),
          )
        : 0;
    const sharedView = viewer.kind === 'public' || (viewer.kind === 'member' && ownPending === 0);
    const part = sharedView
      ? await shared(c, `community.thread:${threadId}:${page}`, async () => {
          const thread = await repo.findThread(db, threadId);
          if (thread?.status !== 'published') return undefined;
          const parts = await threadParts(db, thread, { kind: 'public' }, page);
          const frames = new Map<number, PostFrame>();
          for (const p of parts.posts) {
            const quotedNumber = p.quoteOf ? parts.quotedNumbers.get(p.quoteOf) : undefined;
            const html = storedHtml(p.bodyHtml, p.body);
            const accepted = thread.acceptedPostId === p.id;
            const content = await renderPart(
              <PostContent post={p} html={html} accepted={accepted} quotedNumber={quotedNumber} />,
            );
            frames.set(p.id, postFrameHtml(p, accepted, content, { listItem: true }));
          }
          // The "In this thread" list, the accepted answer and the related threads: alike for every reader too.
          const listed = parts.posts.map((post) => ({ post, html: storedHtml(post.bodyHtml, post.body) }));
          const accepted = acceptedPost(parts.acceptedView);
          const category = parts.categories.find((k) => k.id === thread.categoryId)!;
          const rendered: ThreadRenderedParts = {
            heading: await renderPart(
              <ThreadHeading thread={thread} category={category} topics={parts.topics} article={parts.article} />,
            ),
            contents: await renderPart(<ThreadContents accepted={accepted} posts={listed} />),
            accepted: await renderPart(<AcceptedAnswer accepted={accepted} />),
            related: await renderPart(
              <RelatedToThread category={category} article={parts.article} threads={parts.sameCategory} />,
            ),
          };
          // The reply form as a member sees it with no draft to offer: rendered once, with holes for the member's
          // token, the form's key and the member's id (the autosave's owner), filled for each page.
          const replyForm = renderWithHoles((hole) =>
            String(
              <ReplyForm
                thread={thread}
                values={{}}
                csrfToken={hole('csrf')}
                idempotencyKey={hole('key')}
                draft={{ key: { kind: 'reply', target: String(thread.id) }, ownerId: hole('owner') }}
              />,
            ),
          );
          return { ...parts, frames, rendered, replyForm };
        })
      : undefined;
    // A thread not (or not yet) published, for its author or a moderator: their own view, as it always was.
    const parts = part ?? (await threadParts(db, await loadThread(c, c.req.param('id')), viewer, page));
    const { thread, pageCount, posts, categories, topics, article, acceptedView, sameCategory } = parts;
    const csrfToken = actor ? csrfTokenFor(c) : '';
    const [suspension, helpful] = actor
      ? await Promise.all([
          personal(c, 'community.suspension', async () => (await activeSuspension(db, actor.id, now)) ?? null),
          personal(c, `community.helpful:${thread.id}:${page}`, () =>
            repo.helpfulBy(
              db,
              actor.id,
              posts.map((p) => p.id),
            ),
          ),
        ])
      : [null, new Set<number>()];
    // Kept until any change; a suspension also ends with time.
    const suspended = suspension !== null && suspension.until > now;
    const category = categories.find((k) => k.id === thread.categoryId)!;
    const watch =
      thread.status === 'published'
        ? await watchControl(c, { targetType: 'thread', targetId: String(thread.id), next: threadUrl(thread.id) })
        : undefined;
    const frames = part?.frames;
    const known = { helpful, quotedNumbers: parts.quotedNumbers };
    const rendered = await renderPosts(db, posts, { actor, thread, csrfToken, known });
    if (frames) for (const r of rendered) r.frame = frames.get(r.post.id);
    const accepted = acceptedPost(acceptedView);
    const published = posts.filter((p) => p.status === 'published');
    const liveAfter = page === pageCount && thread.status === 'published' ? (published.at(-1)?.number ?? 0) : undefined;
    const canReply = communityPolicies.post(actor) && !thread.locked && !suspended;
    // The member's saved reply to this thread, offered above the form.
    const draft = canReply ? await draftOffer(c, { kind: 'reply', target: String(thread.id) }) : undefined;
    // A verified representative of this category's system may label the reply as the vendor's response.
    const vendorVoice = canReply
      ? await personal(
          c,
          `community.vendor-voice:${thread.categoryId}`,
          async () => (await vendorVoiceIn(db, actor, thread)) ?? null,
        )
      : null;
    const bottom = canReply ? (
      part && draft && !draft.offer && !draft.restored && !vendorVoice ? (
        <FilledHoles
          html={part.replyForm}
          values={{ csrf: csrfToken, key: newIdempotencyKey(), owner: String(draft.ownerId) }}
        />
      ) : (
        <ReplyForm
          thread={thread}
          values={{}}
          csrfToken={csrfToken}
          idempotencyKey={newIdempotencyKey()}
          draft={draft}
          vendorVoice={vendorVoice ?? undefined}
        />
      )
    ) : (
      <ReplyInstead
        threadId={thread.id}
        reason={!actor ? 'sign-in' : thread.locked ? 'locked' : suspended ? 'suspended' : 'reader'}
      />
    );
    const notice = actor ? NOTICES[c.req.query('notice') ?? ''] : undefined;
    const render = () =>
      pageHtml(
        c,
        {
          title: page > 1 ? `${thread.title} (page ${page})` : thread.title,
          breadcrumbs: [...categoryCrumbs(category, categories), { label: thread.title }],
          scripts: canReply ? ['thread', 'editor'] : ['thread'],
        },
        <ThreadPage
          thread={thread}
          category={category}
          categories={categories}
          topics={topics}
          article={article}
          accepted={accepted}
          posts={rendered}
          page={page}
          pageCount={pageCount}
          liveAfter={liveAfter}
          notice={notice}
          moderatorToken={communityPolicies.moderate(actor) ? csrfToken : undefined}
          watch={watch}
          bottom={bottom}
          related={sameCategory}
          rendered={part?.rendered}
        />,
      );
    return respond(c, render, { page: page > 1 ? page : undefined });
  });

  /** A post's permanent address: the page of its thread that shows it. */
  routes.get('/p/:id', async (c) => {
    const { db, actor } = ctx(c);
    const post = await repo.findPost(db, idFrom(c.req.param('id'), communityErrors.postNotFound));
    if (!post || !communityPolicies.seePost(actor, post)) throw communityErrors.postNotFound();
    const thread = await repo.findThread(db, post.threadId);
    if (!thread || !communityPolicies.seeThread(actor, thread)) throw communityErrors.postNotFound();
    const before = await repo.countPosts(db, post.threadId, viewerOf(actor), { beforeNumber: post.number });
    const page = Math.floor(before / POSTS_PER_PAGE) + 1;
    const notice = c.req.query('notice') ?? '';
    const url = threadUrl(post.threadId, page);
    const query = NOTICES[notice] ? `${url.includes('?') ? '&' : '?'}notice=${notice}` : '';
    return c.redirect(`${url}${query}#post-${post.id}`, 302);
  });

  routes.get('/p/:id/history', async (c) => {
    const { db, actor } = ctx(c);
    const post = await repo.findPostView(db, idFrom(c.req.param('id'), communityErrors.postNotFound));
    if (!post || !communityPolicies.seePost(actor, post)) throw communityErrors.postNotFound();
    const thread = await repo.findThread(db, post.threadId);
    if (!thread || !communityPolicies.seeThread(actor, thread)) throw communityErrors.postNotFound();
    const revisions = await repo.listRevisions(db, post.id);
    return respond(c, () =>
      pageHtml(
        c,
        {
          title: `Edit history of post #${post.number}`,
          breadcrumbs: [
            HOME,
            FORUM_CRUMB,
            { label: thread.title, href: threadUrl(thread.id) },
            { label: 'Edit history' },
          ],
        },
        <HistoryPage
          post={post}
          thread={thread}
          current={storedHtml(post.bodyHtml, post.body)}
          revisions={revisions.map((r) => ({ ...r, html: storedHtml(r.bodyHtml, r.body) }))}
        />,
      ),
    );
  });

  return routes;
}

import type { Child } from 'hono/jsx';
import { DateText, Pagination } from '../../../platform/ui/components';
import { type Category, categoryUrl, threadUrl } from '../community.models';
import type { ThreadListItem } from '../community.repository';
import { plural, ThreadList } from './parts';

type Activity = Map<number, { threadId: number; title: string; at: Date }>;

function CategoryStats({ category, activity }: { category: Category; activity: Activity }) {
  const last = activity.get(category.id);
  return (
    <p class="meta">
      {plural(category.threadCount, 'thread')} · {plural(category.postCount, 'post')}
      {last ? (
        <>
          {' '}
          · last activity <DateText date={last.at} /> in <a href={threadUrl(last.threadId)}>{last.title}</a>
        </>
      ) : (
        ' · no posts yet'
      )}
    </p>
  );
}

export function ForumIndexPage({
  categories,
  activity,
  canPost,
  unanswered,
  queue,
}: {
  categories: Category[];
  activity: Activity;
  canPost: boolean;
  unanswered: number;
  /** For moderators: what waits in the moderation queue. */
  queue?: { flagged: number; pending: number } | undefined;
}) {
  const parents = categories.filter((c) => c.parentId === null);
  return (
    <div>
      <h1>Forum</h1>
      <p class="lead">
        Ask colleagues at other libraries, share what works, and help the next person with the same question.
      </p>
      <ul class="actions">
        {canPost ? (
          <li>
            <a class="button" href="/forum/new">
              Start a thread
            </a>
          </li>
        ) : (
          <li>
            <a href="/sign-in?next=/forum/new">Sign in to start a thread</a>
          </li>
        )}
        <li>
          <a class="button secondary" href="/forum/unanswered">
            Unanswered questions ({unanswered.toLocaleString('en')})
          </a>
        </li>
        {queue ? (
          <li>
            <a class="button secondary" href="/moderation">
              Moderation queue ({plural(queue.flagged, 'flagged post')}, {queue.pending.toLocaleString('en')} awaiting
              approval)
            </a>
          </li>
        ) : null}
      </ul>
      <ul class="category-list">
        {parents.map((p) => {
          const kids = categories.filter((c) => c.parentId === p.id);
          return (
            <li>
              <h2 class="category-title">
                <a href={categoryUrl(p.slug)}>{p.name}</a>
              </h2>
              <p class="category-description">{p.description}</p>
              {kids.length ? (
                <ul class="subcategory-list" aria-label={`${p.name}: sub-categories`}>
                  {kids.map((k) => (
                    <li>
                      <a href={categoryUrl(k.slug)}>{k.name}</a> <CategoryStats category={k} activity={activity} />
                    </li>
                  ))}
                </ul>
              ) : (
                <CategoryStats category={p} activity={activity} />
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function CategoryPage({
  category,
  children,
  threads,
  total,
  page,
  pageCount,
  canPost,
  activity,
  watch,
}: {
  watch?: Child;
  category: Category;
  children: Category[];
  threads: ThreadListItem[];
  total: number;
  page: number;
  pageCount: number;
  canPost: boolean;
  activity: Activity;
}) {
  const feed = `${categoryUrl(category.slug)}/feed.atom`;
  return (
    <div>
      <h1>{category.name}</h1>
      <p class="lead">{category.description}</p>
      {watch ? <div class="thread-watch">{watch}</div> : null}
      <ul class="actions">
        {canPost && children.length === 0 ? (
          <li>
            <a class="button" href={`/forum/new?category=${category.slug}`}>
              Start a thread in {category.name}
            </a>
          </li>
        ) : null}
        <li>
          <a href={feed} class="feed-link">
            Follow this category with a feed reader (Atom)
          </a>
        </li>
      </ul>
      {children.length ? (
        <section aria-labelledby="subcategories-title">
          <h2 id="subcategories-title">Sub-categories</h2>
          <ul class="subcategory-list">
            {children.map((k) => (
              <li>
                <a href={categoryUrl(k.slug)}>{k.name}</a> <CategoryStats category={k} activity={activity} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="threads-title">
        <h2 id="threads-title">
          Threads <span class="count">({total.toLocaleString('en')})</span>
        </h2>
        <ThreadList items={threads} showCategory={children.length > 0} />
        <Pagination
          page={page}
          pageCount={pageCount}
          hrefFor={(p) => (p > 1 ? `${categoryUrl(category.slug)}?page=${p}` : categoryUrl(category.slug))}
          label="Thread pages"
        />
      </section>
    </div>
  );
}

export function UnansweredPage({
  threads,
  total,
  page,
  pageCount,
}: {
  threads: ThreadListItem[];
  total: number;
  page: number;
  pageCount: number;
}) {
  return (
    <div>
      <h1>Unanswered questions</h1>
      <p class="lead">
        Questions nobody has marked as answered yet, those with fewest replies first. {plural(total, 'question')}{' '}
        waiting. Know the answer? A reply helps the asker and everyone who searches later.
      </p>
      <ThreadList items={threads} showCategory />
      <Pagination
        page={page}
        pageCount={pageCount}
        hrefFor={(p) => `/forum/unanswered?page=${p}`}
        label="Question pages"
      />
    </div>
  );
}

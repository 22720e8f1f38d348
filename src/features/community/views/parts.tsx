import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { type RenderedHtml, RenderedPart } from '../../../platform/cache/shared';
import type { SafeHtml } from '../../../platform/content/markdown';
import { Html } from '../../../platform/content/SafeHtml';
import { CsrfField, DateText } from '../../../platform/ui/components';
import { csrfFieldHtml, escapeHtml } from '../../../platform/ui/html-string';
import { profileUrl } from '../community.content';
import { postUrl, type PostView, THREAD_KIND_LABELS, type ThreadKind, threadUrl } from '../community.models';
import { vendorLabel } from '../community.vendor';
import type { ThreadListItem } from '../community.repository';

/** Status in words (never colour alone). */
export function ThreadBadges({
  kind,
  answered,
  pinned,
  locked,
}: {
  kind: ThreadKind;
  answered: boolean;
  pinned: boolean;
  locked: boolean;
}) {
  return (
    <>
      {pinned ? <span class="badge badge-pinned">Pinned</span> : null}
      <span class="badge">{THREAD_KIND_LABELS[kind]}</span>
      {kind === 'question' ? (
        answered ? (
          <span class="badge badge-answered">Answered</span>
        ) : (
          <span class="badge badge-unanswered">Not answered yet</span>
        )
      ) : null}
      {locked ? <span class="badge badge-locked">Locked</span> : null}
    </>
  );
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

export function ThreadList({ items, showCategory = false }: { items: ThreadListItem[]; showCategory?: boolean }) {
  if (items.length === 0) return <p class="empty">No threads here yet.</p>;
  return (
    <ul class="thread-list">
      {items.map((t) => (
        <li>
          <h3 class="thread-list-title">
            <a href={threadUrl(t.id)}>{t.title}</a>
          </h3>
          <p class="meta">
            <ThreadBadges kind={t.kind} answered={t.answered} pinned={t.pinned} locked={t.locked} /> Started by{' '}
            {t.authorName}
            {showCategory ? (
              <>
                {' '}
                in <a href={`/forum/c/${t.categorySlug}`}>{t.categoryName}</a>
              </>
            ) : null}{' '}
            · {plural(t.replyCount, 'reply', 'replies')} · last activity <DateText date={t.lastPostAt} />
          </p>
        </li>
      ))}
    </ul>
  );
}

const STATUS_WORDS: Record<string, string> = {
  pending: 'Awaiting a moderator’s approval: only you and the moderators can see this post.',
  hidden: 'Hidden by a moderator: only moderators can see this post.',
  deleted: 'Deleted: only moderators can see this post, and they can restore it.',
};

export interface PostControls {
  csrfToken: string;
  canEdit: boolean;
  canDelete: boolean;
  canQuote: boolean;
  canReact: boolean;
  reacted: boolean;
  canFlag: boolean;
  canAccept: boolean;
  /** This is the accepted answer and the person may take that back. */
  canUnaccept: boolean;
  moderator: boolean;
}

/** One post. Without `controls` it is the public rendering (also sent to open pages live). */
export function PostItem({
  post,
  html,
  accepted,
  quotedNumber,
  controls,
  idPrefix = 'post',
  content,
}: {
  post: PostView;
  html: SafeHtml;
  accepted: boolean;
  quotedNumber?: number | undefined;
  controls?: PostControls | undefined;
  idPrefix?: string;
  /** PostContent for the same props, rendered once beforehand (the same for every reader). */
  content?: RenderedHtml | undefined;
}) {
  const id = `${idPrefix}-${post.id}`;
  return (
    <article
      class={accepted ? 'post post-accepted' : 'post'}
      id={id}
      aria-labelledby={labelledBy(id, post)}
      data-number={String(post.number)}
    >
      {content ? (
        <RenderedPart html={content} />
      ) : (
        <PostContent post={post} html={html} accepted={accepted} quotedNumber={quotedNumber} idPrefix={idPrefix} />
      )}
      <footer class="post-footer">
        {post.helpfulCount > 0 ? (
          <p class="meta helpful-count">{plural(post.helpfulCount, 'person', 'people')} found this helpful</p>
        ) : null}
        {controls ? raw(postControlsHtml(post, controls)) : <PublicActions post={post} />}
      </footer>
    </article>
  );
}

/** A post is named by its byline, and a vendor's response by its label too ("Vendor response · …"). */
function labelledBy(id: string, post: Pick<PostView, 'vendorName'>): string {
  return post.vendorName ? `${id}-by ${id}-vendor` : `${id}-by`;
}

/**
 * The label of a vendor's response, in words (never colour alone). It stays when the author's verification is later
 * withdrawn: it says what was true when they posted (docs/decisions/030).
 */
export function VendorLabel({ id, vendorName }: { id: string; vendorName: string }) {
  return (
    <p class="vendor-label">
      <span class="badge badge-vendor" id={`${id}-vendor`}>
        {vendorLabel(vendorName)}
      </span>{' '}
      <span class="meta">
        Posted while verified by the hub’s administrators as speaking for {vendorName}, the system’s maker.
      </span>
    </p>
  );
}

/** A post's byline and text: what every reader sees alike. */
export function PostContent({
  post,
  html,
  accepted,
  quotedNumber,
  idPrefix = 'post',
}: {
  post: PostView;
  html: SafeHtml;
  accepted: boolean;
  quotedNumber?: number | undefined;
  idPrefix?: string;
}) {
  const id = `${idPrefix}-${post.id}`;
  return (
    <>
      <header class="post-meta">
        <p class="meta">
          <span id={`${id}-by`}>
            <strong>{post.authorName}</strong>{' '}
            <a href={profileUrl(post.authorUsername)} class="muted">
              @{post.authorUsername}
            </a>
          </span>{' '}
          ·{' '}
          <a href={postUrl(post.id)} aria-label={`Post ${post.number}, link to this post`}>
            #{post.number}
          </a>{' '}
          · <DateText date={post.createdAt} withTime />
          {post.via === 'email' ? ' · by email' : null}
          {post.editedAt ? (
            <>
              {' '}
              · edited <DateText date={post.editedAt} /> (<a href={`${postUrl(post.id)}/history`}>edit history</a>)
            </>
          ) : null}
          {accepted ? <span class="badge badge-answered">Accepted answer</span> : null}
        </p>
        {post.vendorName ? <VendorLabel id={id} vendorName={post.vendorName} /> : null}
        {quotedNumber ? <p class="meta">In reply to post #{quotedNumber}</p> : null}
        {post.status !== 'published' ? (
          <p class="notice notice-warning post-status">{STATUS_WORDS[post.status]}</p>
        ) : null}
      </header>
      <div class="prose post-body">
        <Html html={html} />
      </div>
    </>
  );
}

export function PublicActions({ post }: { post: PostView }) {
  return (
    <ul class="post-actions">
      <li>
        <a href={`${threadUrl(post.threadId)}/reply?quote=${post.id}#reply`}>Quote</a>
      </li>
    </ul>
  );
}

function PostButton({
  action,
  label,
  csrfToken,
  fields = {},
  cls = 'link-button',
}: {
  action: string;
  label: Child;
  csrfToken: string;
  fields?: Record<string, string>;
  cls?: string;
}) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={csrfToken} />
      {Object.entries(fields).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={cls}>
        {label}
      </button>
    </form>
  );
}

/**
 * The one form a thread page's post buttons submit (`postActionFormHtml`): it holds the CSRF field once for the whole
 * page, and each button names its own address (`formaction`) and fields, which works without JavaScript.
 */
export const POST_ACTION_FORM = 'post-action-form';

/** The page's form for the post buttons (hidden: it has nothing to show, its buttons sit in the posts). */
export function postActionFormHtml(action: string, csrfToken: string): string {
  return `<form id="${POST_ACTION_FORM}" method="post" action="${escapeHtml(action)}" hidden>${csrfFieldHtml(csrfToken)}</form>`;
}

/** A post's button for the page's action form: `labelHtml` is markup, the rest is escaped here. */
function postButtonHtml(action: string, labelHtml: string, field?: { name: string; value: string }): string {
  const named = field ? ` name="${escapeHtml(field.name)}" value="${escapeHtml(field.value)}"` : '';
  return `<button type="submit" form="${POST_ACTION_FORM}" formaction="${escapeHtml(action)}"${named} class="link-button">${labelHtml}</button>`;
}

/**
 * A reader's own actions on one post. Built as a string, not JSX: a thread page has one per post for every
 * signed-in reader, while the post's byline and text around them are rendered once for everybody (postFrameHtml).
 * Its buttons submit the page's one action form (postActionFormHtml), so no post carries a form or a CSRF token.
 */
export function postControlsHtml(post: PostView, c: PostControls): string {
  const base = postUrl(post.id);
  const thread = threadUrl(post.threadId);
  const which = `post #${post.number} by ${post.authorName}`;
  const hidden = `<span class="visually-hidden"> ${escapeHtml(which)}</span>`;
  let out = '<ul class="post-actions">';
  if (c.canQuote)
    out += `<li><a href="${escapeHtml(`${thread}/reply?quote=${post.id}#reply`)}">Quote${hidden}</a></li>`;
  if (c.canReact) {
    const label = c.reacted ? 'Helpful (you said so): take it back' : 'Helpful';
    out += `<li>${postButtonHtml(`${base}/helpful`, `${label}${hidden}`)}</li>`;
  }
  if (c.canAccept) {
    const field = { name: 'postId', value: String(post.id) };
    out += `<li>${postButtonHtml(`${thread}/accept`, `Accept this answer${hidden}`, field)}</li>`;
  }
  if (c.canUnaccept) {
    const field = { name: 'postId', value: 'none' };
    out += `<li>${postButtonHtml(`${thread}/accept`, `No longer the accepted answer${hidden}`, field)}</li>`;
  }
  if (c.canEdit) out += `<li><a href="${escapeHtml(`${base}/edit`)}">Edit${hidden}</a></li>`;
  if (c.canDelete) out += `<li>${postButtonHtml(`${base}/delete`, `Delete${hidden}`)}</li>`;
  if (c.canFlag) out += `<li><a href="${escapeHtml(`${base}/flag`)}">Flag${hidden}</a></li>`;
  if (c.moderator) {
    if (post.status === 'pending') out += `<li>${postButtonHtml(`${base}/approve`, `Approve${hidden}`)}</li>`;
    if (post.status === 'published' || post.status === 'pending')
      out += `<li>${postButtonHtml(`${base}/hide`, `Hide${hidden}`)}</li>`;
    if (post.status === 'hidden' || post.status === 'deleted')
      out += `<li>${postButtonHtml(`${base}/restore`, `Restore${hidden}`)}</li>`;
    out += `<li><a href="/moderation/members/${escapeHtml(String(post.authorId))}/suspend">Suspend the author${hidden}</a></li>`;
  }
  return `${out}</ul>`;
}

/** A post as made once for every reader (postFrameHtml), and the whole post with each set of controls asked for. */
export interface PostFrame {
  open: RenderedHtml;
  close: RenderedHtml;
  /** framedPostHtml's results, by controlsKey (-1: no controls): kept as long as the frame, i.e. the shared part. */
  made?: Map<number, string>;
}

const CONTROL_FLAGS = [
  'canEdit',
  'canDelete',
  'canQuote',
  'canReact',
  'reacted',
  'canFlag',
  'canAccept',
  'canUnaccept',
  'moderator',
] as const satisfies readonly (keyof PostControls)[];

/** The controls' flags as a number: postControlsHtml depends on nothing else of them (no token, no reader's name). */
export function controlsKey(c: PostControls): number {
  let key = 0;
  for (let i = 0; i < CONTROL_FLAGS.length; i++) if (c[CONTROL_FLAGS[i]!]) key |= 1 << i;
  return key;
}

/**
 * A whole post of a thread page: its shared frame around the reader's controls (or the public actions). The result
 * depends only on the post and the controls' flags, never on who reads, so it is kept on the frame and reused by
 * every reader with the same flags (a page built for thousands of readers makes each variant once).
 */
export function framedPostHtml(frame: PostFrame, post: PostView, controls: PostControls | undefined): string {
  const key = controls ? controlsKey(controls) : -1;
  let html = frame.made?.get(key);
  if (html === undefined) {
    const inner = controls ? postControlsHtml(post, controls) : String(<PublicActions post={post} />);
    html = `${frame.open}${inner}${frame.close}`;
    frame.made ??= new Map();
    frame.made.set(key, html);
  }
  return html;
}

/**
 * A post without the reader's own controls, as the markup before and after them: the same for every reader, so a
 * thread page makes it once per change. `content` is PostContent for the same post, rendered by renderPart.
 */
export function postFrameHtml(
  post: PostView,
  accepted: boolean,
  content: RenderedHtml,
  { idPrefix = 'post', listItem = false }: { idPrefix?: string; listItem?: boolean } = {},
): PostFrame {
  const id = escapeHtml(`${idPrefix}-${post.id}`);
  const helpful =
    post.helpfulCount > 0
      ? `<p class="meta helpful-count">${escapeHtml(plural(post.helpfulCount, 'person', 'people'))} found this helpful</p>`
      : '';
  const open = `${listItem ? '<li>' : ''}<article class="${accepted ? 'post post-accepted' : 'post'}" id="${id}" aria-labelledby="${escapeHtml(labelledBy(`${idPrefix}-${post.id}`, post))}" data-number="${post.number}">${content}<footer class="post-footer">${helpful}`;
  return {
    open: open as RenderedHtml,
    close: (listItem ? '</footer></article></li>' : '</footer></article>') as RenderedHtml,
  };
}

export function ModeratorPostActions({
  post,
  csrfToken,
  which,
  next,
}: {
  post: Pick<PostView, 'id' | 'status' | 'authorId'>;
  csrfToken: string;
  which: string;
  next?: string;
}) {
  const base = postUrl(post.id);
  const hidden = <span class="visually-hidden"> {which}</span>;
  const fields: Record<string, string> = next ? { next } : {};
  return (
    <>
      {post.status === 'pending' ? (
        <li>
          <PostButton action={`${base}/approve`} csrfToken={csrfToken} fields={fields} label={<>Approve{hidden}</>} />
        </li>
      ) : null}
      {post.status === 'published' || post.status === 'pending' ? (
        <li>
          <PostButton action={`${base}/hide`} csrfToken={csrfToken} fields={fields} label={<>Hide{hidden}</>} />
        </li>
      ) : null}
      {post.status === 'hidden' || post.status === 'deleted' ? (
        <li>
          <PostButton action={`${base}/restore`} csrfToken={csrfToken} fields={fields} label={<>Restore{hidden}</>} />
        </li>
      ) : null}
      <li>
        <a href={`/moderation/members/${post.authorId}/suspend`}>Suspend the author{hidden}</a>
      </li>
    </>
  );
}

export { PostButton };

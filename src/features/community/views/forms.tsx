import type { SafeHtml } from '../../../platform/content/markdown';
import { Html } from '../../../platform/content/SafeHtml';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import {
  CheckboxGroup,
  CsrfField,
  DateText,
  ErrorSummary,
  Notice,
  TextArea,
  TextField,
} from '../../../platform/ui/components';
import { DraftNotice, type DraftView, draftAttributes, SaveDraftButton } from '../../drafts';
import type { Topic } from '../../library';
import {
  type Category,
  FLAG_REASON_LABELS,
  FORUM_LIMITS,
  type PostView,
  THREAD_KIND_LABELS,
  type Thread,
  threadUrl,
} from '../community.models';
import { FLAG_REASONS, THREAD_KINDS } from '../community.models';
import { vendorLabel } from '../community.vendor';

export const FORM_LABELS: Record<string, string> = {
  title: 'Title',
  body: 'Your post',
  category: 'Category',
  kind: 'Kind of thread',
  topicSlugs: 'Topics',
  reason: 'Reason',
  note: 'Note',
  days: 'Days',
};

const MARKDOWN_HINT =
  'Markdown: **bold**, - for a list item, > to quote, [words](https://address) for a link. Mention someone with @username.';

function selected(values: FormValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : v ? [v] : [];
}

/** The body field with a preview beside it: live with JavaScript (the editor script), on "Preview" without. */
export function BodyWithPreview({
  values,
  errors,
  preview,
  label = 'Your post',
  rows = 10,
}: {
  values: FormValues;
  errors?: FieldErrors | undefined;
  preview?: SafeHtml | undefined;
  label?: string;
  rows?: number;
}) {
  return (
    <div class="editor-body">
      <TextArea
        name="body"
        label={label}
        required
        rows={rows}
        maxLength={FORUM_LIMITS.body}
        errors={errors}
        values={values}
        hint={MARKDOWN_HINT}
      />
      <section class="preview" aria-labelledby="preview-title">
        <h2 id="preview-title">Preview</h2>
        <div id="preview-output" class="prose" aria-live="polite">
          {preview ? <Html html={preview} /> : <p class="muted">Select “Preview” to see your post as readers will.</p>}
        </div>
      </section>
    </div>
  );
}

export function IdempotencyField({ value }: { value: string }) {
  return <input type="hidden" name="idempotencyKey" value={value} />;
}

export function NewThreadPage({
  values,
  errors,
  categories,
  topics,
  csrfToken,
  preview,
  idempotencyKey,
  draft,
  similar,
}: {
  values: FormValues;
  errors?: FieldErrors | undefined;
  categories: Category[];
  topics: Topic[];
  csrfToken: string;
  preview?: SafeHtml | undefined;
  idempotencyKey: string;
  draft?: DraftView | undefined;
  /** Threads and articles like the title (shown on preview; the similar-threads script updates them as one types). */
  similar?: SimilarItem[] | undefined;
}) {
  const parents = categories.filter((c) => c.parentId === null);
  const current = typeof values.category === 'string' ? values.category : '';
  const kind = typeof values.kind === 'string' ? values.kind : 'discussion';
  const categoryError = errors?.category;
  return (
    <div class="editor">
      <h1>Start a thread</h1>
      <p class="lead">
        Ask a question or start a discussion. Say what system and kind of library you work with when it matters.
      </p>
      <DraftNotice draft={draft} csrfToken={csrfToken} />
      <ErrorSummary errors={errors} labels={FORM_LABELS} ids={{ kind: 'f-kind-discussion' }} />
      <form
        method="post"
        action="/forum/threads"
        novalidate
        class="editor-form"
        data-preview-url="/preview"
        {...draftAttributes(draft)}
      >
        <CsrfField token={csrfToken} />
        <IdempotencyField value={idempotencyKey} />
        <TextField
          name="title"
          label="Title"
          required
          maxLength={FORUM_LIMITS.title}
          errors={errors}
          values={values}
          hint="A question or a short summary, e.g. “Which lenders accept IFLA vouchers for theses?”"
        />
        <div id="similar-threads" aria-live="polite" data-similar-for="f-title" data-similar-url="/search/similar">
          <SimilarList items={similar ?? []} />
        </div>
        <div class={categoryError ? 'field has-error' : 'field'}>
          <label for="f-category">Category</label>
          {categoryError ? (
            <p class="field-error" id="f-category-error">
              <span class="visually-hidden">Error: </span>
              {categoryError}
            </p>
          ) : null}
          <select
            id="f-category"
            name="category"
            required
            aria-invalid={categoryError ? 'true' : undefined}
            aria-describedby={categoryError ? 'f-category-error' : undefined}
          >
            <option value="">Choose a category</option>
            {parents.map((p) => {
              const kids = categories.filter((c) => c.parentId === p.id);
              return kids.length ? (
                <optgroup label={p.name}>
                  {kids.map((k) => (
                    <option value={k.slug} selected={k.slug === current}>
                      {k.name}
                    </option>
                  ))}
                </optgroup>
              ) : (
                <option value={p.slug} selected={p.slug === current}>
                  {p.name}
                </option>
              );
            })}
          </select>
        </div>
        <fieldset class={errors?.kind ? 'field has-error' : 'field'}>
          <legend>Kind of thread</legend>
          {errors?.kind ? <p class="field-error">{errors.kind}</p> : null}
          {THREAD_KINDS.map((k) => (
            <div class="checkbox">
              <input type="radio" id={`f-kind-${k}`} name="kind" value={k} checked={kind === k} />
              <label for={`f-kind-${k}`}>
                {THREAD_KIND_LABELS[k]}
                <span class="muted">
                  {k === 'question' ? ' — one reply can be marked as the accepted answer' : ' — an open conversation'}
                </span>
              </label>
            </div>
          ))}
        </fieldset>
        <CheckboxGroup
          name="topicSlugs"
          label="Topics"
          hint="Shared with the library, so people who follow a topic see your thread."
          options={topics.map((t) => ({ value: t.slug, label: t.name }))}
          selected={selected(values, 'topicSlugs')}
          errors={errors}
        />
        <BodyWithPreview values={values} errors={errors} preview={preview} rows={14} />
        <div class="form-actions">
          <button type="submit" name="intent" value="preview" class="secondary">
            Preview
          </button>
          <button type="submit" name="intent" value="post">
            Start the thread
          </button>
          <SaveDraftButton draft={draft} />
          <a href="/forum">Cancel</a>
        </div>
      </form>
    </div>
  );
}

/** A thread or article like the one being written. */
export interface SimilarItem {
  title: string;
  url: string;
  label: string;
}

/** "Already answered?": existing threads and articles like the title, so people find answers before asking again. */
export function SimilarList({ items }: { items: SimilarItem[] }) {
  if (items.length === 0) return null;
  return (
    <section class="similar-threads" aria-labelledby="similar-threads-title">
      <h2 id="similar-threads-title">Already answered? Similar threads and articles</h2>
      <ul>
        {items.map((i) => (
          <li>
            <a href={i.url} target="_blank" rel="noopener">
              {i.title}
            </a>{' '}
            <span class="muted">({i.label}, opens in a new tab)</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The reply form, on the thread page and on its own page (quote, preview, errors). */
export function ReplyForm({
  thread,
  values,
  errors,
  csrfToken,
  preview,
  idempotencyKey,
  quoteOf,
  draft,
  vendorVoice,
}: {
  thread: Thread;
  values: FormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string;
  preview?: SafeHtml | undefined;
  idempotencyKey: string;
  quoteOf?: number | undefined;
  /** The member's draft of this reply: offered above the form, kept by "Save as draft" and the autosave. */
  draft?: DraftView | undefined;
  /** Set for a verified representative of the maker of this category's system: they may label the reply. */
  vendorVoice?: { organisation: string } | undefined;
}) {
  return (
    <section class="reply" aria-labelledby="reply-title" id="reply">
      <h2 id="reply-title">Reply to this thread</h2>
      <DraftNotice draft={draft} csrfToken={csrfToken} />
      <ErrorSummary errors={errors} labels={FORM_LABELS} />
      <form
        method="post"
        action={`${threadUrl(thread.id)}/replies`}
        novalidate
        class="editor-form"
        data-preview-url="/preview"
        {...draftAttributes(draft)}
      >
        <CsrfField token={csrfToken} />
        <IdempotencyField value={idempotencyKey} />
        {quoteOf ? <input type="hidden" name="quoteOf" value={String(quoteOf)} /> : null}
        <BodyWithPreview values={values} errors={errors} preview={preview} label="Your reply" />
        {vendorVoice ? <VendorChoice organisation={vendorVoice.organisation} values={values} /> : null}
        <div class="form-actions">
          <button type="submit" name="intent" value="preview" class="secondary">
            Preview
          </button>
          <button type="submit" name="intent" value="post">
            Post reply
          </button>
          <SaveDraftButton draft={draft} />
        </div>
      </form>
    </section>
  );
}

/** The representative's choice to post the reply as their organisation's labelled response (off unless chosen). */
function VendorChoice({ organisation, values }: { organisation: string; values: FormValues }) {
  return (
    <div class="field">
      <div class="checkbox">
        <input
          type="checkbox"
          id="reply-as-vendor"
          name="asVendor"
          value="yes"
          checked={values.asVendor === 'yes'}
          aria-describedby="reply-as-vendor-hint"
        />
        <label for="reply-as-vendor">Post as the vendor’s response from {organisation}</label>
      </div>
      <p class="hint" id="reply-as-vendor-hint">
        The reply is labelled “{vendorLabel(organisation)}”. It sits among the community’s posts and changes none of
        them.
      </p>
    </div>
  );
}

export function EditPostPage({
  post,
  thread,
  values,
  errors,
  csrfToken,
  preview,
}: {
  post: PostView;
  thread: Thread;
  values: FormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string;
  preview?: SafeHtml | undefined;
}) {
  return (
    <div class="editor">
      <h1>Edit your post in “{thread.title}”</h1>
      <p>Your earlier text stays in the post’s edit history, which anyone can read.</p>
      <ErrorSummary errors={errors} labels={FORM_LABELS} />
      <form
        method="post"
        action={`/forum/p/${post.id}/edit`}
        novalidate
        class="editor-form"
        data-preview-url="/preview"
      >
        <CsrfField token={csrfToken} />
        <BodyWithPreview values={values} errors={errors} preview={preview} />
        <div class="form-actions">
          <button type="submit" name="intent" value="preview" class="secondary">
            Preview
          </button>
          <button type="submit" name="intent" value="save">
            Save changes
          </button>
          <a href={`/forum/p/${post.id}`}>Cancel</a>
        </div>
      </form>
    </div>
  );
}

export function FlagPage({
  post,
  thread,
  values,
  errors,
  csrfToken,
}: {
  post: PostView;
  thread: Thread;
  values: FormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string;
}) {
  const reason = typeof values.reason === 'string' ? values.reason : '';
  return (
    <div class="narrow-wide">
      <h1>Flag a post for the moderators</h1>
      <p>
        Post #{post.number} by {post.authorName} in “<a href={`/forum/p/${post.id}`}>{thread.title}</a>”. Only
        moderators see flags and who sent them.
      </p>
      <ErrorSummary errors={errors} labels={FORM_LABELS} ids={{ reason: 'f-reason-spam' }} />
      <form method="post" action={`/forum/p/${post.id}/flag`} novalidate>
        <CsrfField token={csrfToken} />
        <fieldset class={errors?.reason ? 'field has-error' : 'field'}>
          <legend>Why should a moderator look at it?</legend>
          {errors?.reason ? <p class="field-error">{errors.reason}</p> : null}
          {FLAG_REASONS.map((r) => (
            <div class="checkbox">
              <input type="radio" id={`f-reason-${r}`} name="reason" value={r} checked={reason === r} />
              <label for={`f-reason-${r}`}>{FLAG_REASON_LABELS[r]}</label>
            </div>
          ))}
        </fieldset>
        <TextArea
          name="note"
          label="Note"
          rows={3}
          maxLength={FORUM_LIMITS.flagNote}
          errors={errors}
          values={values}
          hint="Anything that helps the moderators decide."
        />
        <div class="form-actions">
          <button type="submit">Send the flag</button>
          <a href={`/forum/p/${post.id}`}>Cancel</a>
        </div>
      </form>
    </div>
  );
}

export function HistoryPage({
  post,
  thread,
  current,
  revisions,
}: {
  post: PostView;
  thread: Thread;
  current: SafeHtml;
  revisions: Array<{ id: number; html: SafeHtml; createdAt: Date; editorName: string }>;
}) {
  return (
    <div>
      <h1>Edit history of post #{post.number}</h1>
      <p>
        By {post.authorName} in “<a href={`/forum/p/${post.id}`}>{thread.title}</a>”. Newest first.
      </p>
      <section aria-labelledby="rev-current" class="revision">
        <h2 id="rev-current">
          Current version
          {post.editedAt ? (
            <>
              , <DateText date={post.editedAt} withTime />
            </>
          ) : null}
        </h2>
        <div class="prose">
          <Html html={current} />
        </div>
      </section>
      {revisions.map((r, i) => (
        <section aria-labelledby={`rev-${r.id}`} class="revision">
          <h2 id={`rev-${r.id}`}>
            {i === revisions.length - 1 ? 'First version' : 'Earlier version'}, <DateText date={r.createdAt} withTime />
          </h2>
          <div class="prose">
            <Html html={r.html} />
          </div>
        </section>
      ))}
      {revisions.length === 0 ? <Notice>This post has not been edited.</Notice> : null}
    </div>
  );
}

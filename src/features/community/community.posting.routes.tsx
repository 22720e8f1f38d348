import { httpErrors } from '../../platform/http/errors';
import { Hono } from 'hono';
import { authorize, hasRole } from '../../platform/authz/policy';
import type { AppContext, AppEnv } from '../../platform/http/context';
import { type FieldErrors, type FormValues, readForm, str, validate } from '../../platform/http/forms';
import { optionalId } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { clearDraft, type DraftKey, type DraftView, draftFor, saveDraftFromForm } from '../drafts';
import { listTopics } from '../library';
import { quoteMarkdown } from './community.content';
import { communityErrors } from './community.errors';
import { ctx, idFrom, newIdempotencyKey, previewOf, signedIn } from './community.http';
import { FORUM_LIMITS, type PostView, postUrl, type Thread, threadUrl } from './community.models';
import { similarTo } from './community.search';
import { communityPolicies } from './community.policies';
import * as repo from './community.repository';
import { categoryCrumbs, FORUM_CRUMB, loadThread } from './community.routes';
import { flagSchema, idempotencyKeyOf, parseThreadForm, replySchema } from './community.schemas';
import * as usecases from './community.usecases';
import { vendorVoiceIn } from './community.vendor';
import { flagPost } from './moderation.usecases';
import { EditPostPage, FlagPage, NewThreadPage, ReplyForm } from './views/forms';

const HOME = { label: 'Home', href: '/' };

const NEW_THREAD_DRAFT: DraftKey = { kind: 'thread_new', target: '' };
const replyDraftKey = (thread: Thread): DraftKey => ({ kind: 'reply', target: String(thread.id) });

/** A re-shown form (errors, preview) keeps its draft controls, without offering the saved draft again. */
function formDraft(c: AppContext, key: DraftKey): DraftView | undefined {
  const { actor } = ctx(c);
  return actor ? { key, ownerId: actor.id } : undefined;
}

async function newThreadPage(
  c: AppContext,
  values: FormValues,
  errors?: FieldErrors,
  preview = false,
  draft: DraftView | undefined = formDraft(c, NEW_THREAD_DRAFT),
  status: 200 | 400 | 409 | 413 | 429 = errors ? 400 : 200,
) {
  const { db, actor } = ctx(c);
  const title = str(values, 'title').trim();
  const [categories, topics, previewHtml, similar] = await Promise.all([
    repo.listCategories(db),
    listTopics(db),
    preview ? previewOf(c, values) : undefined,
    preview && title ? similarTo(db, title, hasRole(actor, 'member') ? 'member' : 'anonymous') : undefined,
  ]);
  return renderPage(
    c,
    {
      title: errors ? 'Start a thread (check the form)' : 'Start a thread',
      breadcrumbs: [HOME, FORUM_CRUMB, { label: 'Start a thread' }],
      scripts: ['editor', 'similar-threads'],
    },
    <NewThreadPage
      values={values}
      errors={errors}
      categories={categories}
      topics={topics}
      csrfToken={csrfTokenFor(c)}
      preview={previewHtml}
      idempotencyKey={idempotencyKeyOf(values) ?? newIdempotencyKey()}
      draft={draft}
      similar={similar}
    />,
    status,
  );
}

async function replyPage(
  c: AppContext,
  thread: Thread,
  values: FormValues,
  options: {
    errors?: FieldErrors;
    preview?: boolean;
    quoteOf?: number;
    draft?: DraftView | undefined;
    status?: 409 | 413 | 429;
  } = {},
) {
  const { db, actor } = ctx(c);
  const [categories, previewHtml, vendorVoice] = await Promise.all([
    repo.listCategories(db),
    options.preview ? previewOf(c, values) : undefined,
    vendorVoiceIn(db, actor, thread),
  ]);
  const category = categories.find((k) => k.id === thread.categoryId)!;
  return renderPage(
    c,
    {
      title: `Reply: ${thread.title}`,
      breadcrumbs: [
        ...categoryCrumbs(category, categories),
        { label: thread.title, href: threadUrl(thread.id) },
        { label: 'Reply' },
      ],
      scripts: ['editor'],
    },
    <div class="editor">
      <h1>Reply to “{thread.title}”</h1>
      <p>
        <a href={threadUrl(thread.id)}>Back to the thread</a>
      </p>
      <ReplyForm
        thread={thread}
        values={values}
        errors={options.errors}
        csrfToken={csrfTokenFor(c)}
        preview={previewHtml}
        idempotencyKey={idempotencyKeyOf(values) ?? newIdempotencyKey()}
        quoteOf={options.quoteOf}
        draft={options.draft ?? formDraft(c, replyDraftKey(thread))}
        vendorVoice={vendorVoice}
      />
    </div>,
    options.status ?? (options.errors ? 400 : 200),
  );
}

function quoteOfFrom(raw: string): number | undefined {
  return optionalId(raw);
}

async function loadPostView(c: AppContext): Promise<{ post: PostView; thread: Thread }> {
  const { db, actor } = ctx(c);
  const post = await repo.findPostView(db, idFrom(c.req.param('id'), communityErrors.postNotFound));
  if (!post || !communityPolicies.seePost(actor, post)) throw communityErrors.postNotFound();
  const thread = await repo.findThread(db, post.threadId);
  if (!thread || !communityPolicies.seeThread(actor, thread)) throw communityErrors.postNotFound();
  return { post, thread };
}

/** Writing in the forum; paths relative to "/forum". */
export function createPostingRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/new', async (c) => {
    const { actor } = ctx(c);
    authorize(actor, communityPolicies.post(actor));
    const draft = await draftFor(c, NEW_THREAD_DRAFT);
    return newThreadPage(
      c,
      draft.fields ?? {
        category: c.req.query('category') ?? '',
        kind: 'discussion',
        // "Ask the community" on the search page fills the title in with what was searched for.
        title: (c.req.query('title') ?? '').trim().slice(0, FORUM_LIMITS.title),
      },
      undefined,
      false,
      draft.view,
    );
  });

  routes.post('/threads', async (c) => {
    const { db, actor, now } = ctx(c);
    authorize(actor, communityPolicies.post(actor));
    const values = await readForm(c);
    if (str(values, 'intent') === 'draft') {
      const form = {
        key: NEW_THREAD_DRAFT,
        title: str(values, 'title').trim() || 'Untitled thread',
        href: '/forum/new',
      };
      return saveDraftFromForm(c, form, values, (message, status) =>
        newThreadPage(c, values, { body: message }, false, undefined, status),
      );
    }
    const topics = new Set((await listTopics(db)).map((t) => t.slug));
    const parsed = parseThreadForm(values, topics);
    if (!parsed.ok) return newThreadPage(c, values, parsed.errors, str(values, 'intent') === 'preview');
    if (str(values, 'intent') === 'preview') return newThreadPage(c, values, undefined, true);
    const result = await usecases.createThread({
      db,
      actor,
      now,
      input: parsed.input,
      idempotencyKey: idempotencyKeyOf(values),
    });
    if (!result.ok) return newThreadPage(c, values, result.errors);
    await clearDraft(c, NEW_THREAD_DRAFT);
    return seeOther(c, `${postUrl(result.post.id)}?notice=${result.post.status === 'pending' ? 'pending' : 'posted'}`);
  });

  routes.get('/t/:id/reply', async (c) => {
    signedIn(c);
    const thread = await loadThread(c, c.req.param('id'));
    const { db, actor } = ctx(c);
    authorize(actor, communityPolicies.post(actor));
    if (thread.locked) throw communityErrors.threadLocked();
    const quoteOf = quoteOfFrom(c.req.query('quote') ?? '');
    const quoted = quoteOf ? await repo.findPostView(db, quoteOf) : undefined;
    const usable = quoted && quoted.threadId === thread.id && quoted.status === 'published' ? quoted : undefined;
    const draft = await draftFor(c, replyDraftKey(thread));
    if (draft.fields)
      return replyPage(c, thread, draft.fields, {
        quoteOf: optionalId(str(draft.fields, 'quoteOf')),
        draft: draft.view,
      });
    return replyPage(
      c,
      thread,
      { body: usable ? quoteMarkdown(usable.authorName, usable.body) : '' },
      { quoteOf: usable?.id, draft: draft.view },
    );
  });

  routes.post('/t/:id/replies', async (c) => {
    signedIn(c);
    const thread = await loadThread(c, c.req.param('id'));
    const { db, actor, now } = ctx(c);
    authorize(actor, communityPolicies.post(actor));
    if (thread.locked) throw communityErrors.threadLocked();
    const values = await readForm(c);
    const quoteOf = quoteOfFrom(str(values, 'quoteOf'));
    if (str(values, 'intent') === 'draft') {
      const draftForm = {
        key: replyDraftKey(thread),
        title: `Reply to “${thread.title}”`,
        href: `${threadUrl(thread.id)}/reply`,
      };
      return saveDraftFromForm(c, draftForm, values, (message, status) =>
        replyPage(c, thread, values, { errors: { body: message }, status, ...(quoteOf ? { quoteOf } : {}) }),
      );
    }
    const form = validate(replySchema, values);
    const preview = str(values, 'intent') === 'preview';
    if (!form.ok)
      return replyPage(c, thread, values, { errors: form.errors, preview, ...(quoteOf ? { quoteOf } : {}) });
    if (preview) return replyPage(c, thread, values, { preview: true, ...(quoteOf ? { quoteOf } : {}) });
    const result = await usecases.replyToThread({
      db,
      actor,
      now,
      threadId: thread.id,
      body: form.data.body,
      quoteOf: quoteOf ?? null,
      idempotencyKey: idempotencyKeyOf(values),
      asVendor: str(values, 'asVendor') === 'yes',
    });
    if (!result.ok) return replyPage(c, thread, values, { errors: result.errors, ...(quoteOf ? { quoteOf } : {}) });
    await clearDraft(c, replyDraftKey(thread));
    return seeOther(c, `${postUrl(result.post.id)}?notice=${result.post.status === 'pending' ? 'pending' : 'posted'}`);
  });

  async function editPage(
    c: AppContext,
    post: PostView,
    thread: Thread,
    values: FormValues,
    errors?: FieldErrors,
    preview = false,
  ) {
    const previewHtml = preview ? await previewOf(c, values) : undefined;
    return renderPage(
      c,
      {
        title: 'Edit your post',
        breadcrumbs: [HOME, FORUM_CRUMB, { label: thread.title, href: threadUrl(thread.id) }, { label: 'Edit post' }],
        scripts: ['editor'],
      },
      <EditPostPage
        post={post}
        thread={thread}
        values={values}
        errors={errors}
        csrfToken={csrfTokenFor(c)}
        preview={previewHtml}
      />,
      errors ? 400 : 200,
    );
  }

  routes.get('/p/:id/edit', async (c) => {
    signedIn(c);
    const { post, thread } = await loadPostView(c);
    const { actor } = ctx(c);
    if (!communityPolicies.editPost(actor, post)) {
      if (!actor) throw httpErrors.signInRequired();
      throw communityErrors.notYourPost();
    }
    return editPage(c, post, thread, { body: post.body });
  });

  routes.post('/p/:id/edit', async (c) => {
    signedIn(c);
    const { post, thread } = await loadPostView(c);
    const { db, actor, now } = ctx(c);
    if (!communityPolicies.editPost(actor, post)) {
      if (!actor) throw httpErrors.signInRequired();
      throw communityErrors.notYourPost();
    }
    const values = await readForm(c);
    const form = validate(replySchema, values);
    const preview = str(values, 'intent') === 'preview';
    if (!form.ok) return editPage(c, post, thread, values, form.errors, preview);
    if (preview) return editPage(c, post, thread, values, undefined, true);
    const result = await usecases.editPost({ db, actor, now, postId: post.id, body: form.data.body });
    if (!result.ok) return editPage(c, post, thread, values, result.errors);
    return seeOther(c, `${postUrl(post.id)}?notice=edited`);
  });

  routes.post('/p/:id/delete', async (c) => {
    signedIn(c);
    const { db, actor, now } = ctx(c);
    const postId = idFrom(c.req.param('id'), communityErrors.postNotFound);
    const { thread } = await usecases.deletePost({ db, actor, now, postId });
    return seeOther(
      c,
      communityPolicies.seeThread(actor, thread) ? `${threadUrl(thread.id)}?notice=deleted` : '/forum',
    );
  });

  routes.post('/p/:id/helpful', async (c) => {
    signedIn(c);
    const { db, actor, now } = ctx(c);
    const postId = idFrom(c.req.param('id'), communityErrors.postNotFound);
    await usecases.toggleHelpful({ db, actor, now, postId });
    return seeOther(c, postUrl(postId));
  });

  routes.post('/t/:id/accept', async (c) => {
    signedIn(c);
    const { db, actor, now } = ctx(c);
    const threadId = idFrom(c.req.param('id'), communityErrors.threadNotFound);
    const values = await readForm(c);
    const raw = str(values, 'postId');
    const postId = raw === 'none' ? null : idFrom(raw, communityErrors.postNotFound);
    const thread = await usecases.acceptAnswer({ db, actor, now, threadId, postId });
    return seeOther(c, `${threadUrl(thread.id)}?notice=${postId ? 'accepted' : 'unaccepted'}`);
  });

  routes.get('/p/:id/flag', async (c) => {
    signedIn(c);
    const { post, thread } = await loadPostView(c);
    const { actor } = ctx(c);
    authorize(actor, communityPolicies.flag(actor, post), 'You cannot flag your own post. Edit or delete it instead.');
    return renderPage(
      c,
      {
        title: 'Flag a post',
        breadcrumbs: [HOME, FORUM_CRUMB, { label: thread.title, href: threadUrl(thread.id) }, { label: 'Flag' }],
      },
      <FlagPage post={post} thread={thread} values={{}} csrfToken={csrfTokenFor(c)} />,
    );
  });

  routes.post('/p/:id/flag', async (c) => {
    signedIn(c);
    const { post, thread } = await loadPostView(c);
    const { db, actor, now } = ctx(c);
    authorize(actor, communityPolicies.flag(actor, post), 'You cannot flag your own post. Edit or delete it instead.');
    const values = await readForm(c);
    const form = validate(flagSchema, values);
    if (!form.ok) {
      return renderPage(
        c,
        {
          title: 'Flag a post (check the form)',
          breadcrumbs: [HOME, FORUM_CRUMB, { label: thread.title, href: threadUrl(thread.id) }, { label: 'Flag' }],
        },
        <FlagPage post={post} thread={thread} values={values} errors={form.errors} csrfToken={csrfTokenFor(c)} />,
        400,
      );
    }
    await flagPost({ db, actor, now, postId: post.id, reason: form.data.reason, note: form.data.note });
    return seeOther(c, `${postUrl(post.id)}?notice=flagged`);
  });

  return routes;
}

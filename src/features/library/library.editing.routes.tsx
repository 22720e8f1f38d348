import { Hono } from 'hono';
import { authorize } from '../../platform/authz/policy';
import { actorOf, type AppContext, type AppEnv } from '../../platform/http/context';
import type { RouteMounts } from '../../platform/http/mounts';
import { AppError } from '../../platform/http/errors';
import { isRenderRefusal, refusalNote } from '../../platform/content/render-off-thread';
import { type FormValues, readForm, str } from '../../platform/http/forms';
import { optionalId } from '../../platform/http/params';
import { clientIp } from '../../platform/http/client-ip';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { type Vocabulary, vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { clearDraft, type DraftKey, type DraftView, draftFor, saveDraftFromForm } from '../drafts';
import { compareContents } from './library.diffs';
import { type ArticleExtension, editGrantFrom } from './library.extensions';
import { libraryErrors } from './library.errors';
import { type Article, contentOf, DEFAULT_LICENCE } from './library.models';
import { libraryPolicies } from './library.policies';
import * as repo from './library.repository';
import { loadArticle } from './library.routes';
import { previewMarkdown } from './library.preview';
import { parseArticleForm } from './library.schemas';
import * as usecases from './library.usecases';
import { ConflictPage } from './views/conflict';
import { EditorPage, valuesFromArticle } from './views/editor';

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now() };
}

async function editor(
  c: AppContext,
  props: {
    mode: 'create' | 'edit';
    article?: Article;
    values: FormValues;
    errors?: Record<string, string>;
    preview?: boolean;
    baseRevision?: number;
    notice?: string;
    draft?: DraftView | undefined;
  },
  status: 200 | 400 | 409 | 413 | 429 | 503 = 200,
) {
  const topics = await repo.listTopics(deps(c).db);
  // The "Preview" button without JavaScript: the same limits and worker as the live preview.
  const preview = props.preview
    ? await previewMarkdown({ ...deps(c), actor: actorOf(c), ip: clientIp(c), body: str(props.values, 'body') })
    : undefined;
  const title = props.mode === 'create' ? 'Write an article' : `Edit: ${props.article?.title}`;
  const crumbs =
    props.mode === 'create'
      ? [{ label: 'Home', href: '/' }, { label: 'Write an article' }]
      : [
          { label: 'Home', href: '/' },
          { label: props.article?.title ?? '', href: `/articles/${props.article?.slug}` },
          { label: 'Edit' },
        ];
  return renderPage(
    c,
    { title, breadcrumbs: crumbs, scripts: ['editor'] },
    <EditorPage
      mode={props.mode}
      {...(props.article ? { article: props.article } : {})}
      values={props.values}
      errors={props.errors}
      topics={topics}
      csrfToken={csrfTokenFor(c)}
      preview={preview}
      {...(props.baseRevision ? { baseRevision: props.baseRevision } : {})}
      notice={props.notice}
      draft={props.draft ?? formDraft(c, props.mode === 'create' ? NEW_ARTICLE_DRAFT : editDraftKey(props.article))}
      vocabulary={await vocabularyOf(c)}
    />,
    status,
  );
}

/**
 * A save refused before anything was written, because the hub could not render the text now (every worker busy:
 * 503) or the member is over the write limit (the use case's, 429): the editor again, with everything typed.
 */
async function saveOrShowAgain<T>(
  c: AppContext,
  save: () => Promise<T>,
  props: Parameters<typeof editor>[1],
): Promise<T | Response> {
  try {
    return await save();
  } catch (error) {
    const limited = error instanceof AppError && error.code === 'http.rate_limited';
    if (!limited && !isRenderRefusal(error)) throw error;
    if (error.details.retryAfterSeconds) c.header('Retry-After', String(error.details.retryAfterSeconds));
    return editor(c, { ...props, errors: { body: refusalNote(error) } }, limited ? 429 : 503);
  }
}

const NEW_ARTICLE_DRAFT: DraftKey = { kind: 'article_new', target: '' };

function editDraftKey(article: Article | undefined): DraftKey {
  return { kind: 'article_edit', target: String(article?.id ?? '') };
}

/** A re-shown form (errors, preview) keeps its draft controls, without offering the saved draft again. */
function formDraft(c: AppContext, key: DraftKey): DraftView | undefined {
  const actor = actorOf(c);
  return actor ? { key, ownerId: actor.id } : undefined;
}

/** "Save as draft" (or the editor script's autosave): keep the text; a refusal shows the form again with it. */
function keepDraft(c: AppContext, props: Parameters<typeof editor>[1]) {
  const article = props.article;
  const form = article
    ? { key: editDraftKey(article), title: `Edit: ${article.title}`, href: `/articles/${article.slug}/edit` }
    : { key: NEW_ARTICLE_DRAFT, title: str(props.values, 'title').trim() || 'Untitled article', href: '/articles/new' };
  return saveDraftFromForm(c, form, props.values, (message, status) =>
    editor(c, { ...props, errors: { body: message } }, status),
  );
}

/** The hub's vocabulary (library types, systems, regions for "where this applies"), read once per process. */
function vocabularyOf(c: AppContext): Promise<Vocabulary> {
  return vocabularyFor(c.get('deps').config.contentDir);
}

async function knownTopics(c: AppContext) {
  return new Set((await repo.listTopics(deps(c).db)).map((t) => t.slug));
}

export function createEditingRoutes({ extensions }: { extensions: ArticleExtension[] }): RouteMounts {
  const articleRoutes = new Hono<AppEnv>();
  const previewRoutes = new Hono<AppEnv>();
  const grantsEdit = editGrantFrom(extensions);
  articleRoutes.get('/new', async (c) => {
    const actor = actorOf(c);
    authorize(actor, libraryPolicies.createArticle(actor));
    const topic = c.req.query('topic');
    const values: FormValues = {
      type: 'guide',
      audience: 'new',
      licence: DEFAULT_LICENCE,
      topicSlugs: topic ? [topic] : [],
    };
    const draft = await draftFor(c, NEW_ARTICLE_DRAFT);
    return editor(c, { mode: 'create', values: draft.fields ?? values, draft: draft.view });
  });

  articleRoutes.post('/', async (c) => {
    const actor = actorOf(c);
    authorize(actor, libraryPolicies.createArticle(actor));
    const values = await readForm(c);
    if (str(values, 'intent') === 'draft') return keepDraft(c, { mode: 'create', values });
    const parsed = parseArticleForm(values, await knownTopics(c), await vocabularyOf(c));
    const preview = str(values, 'intent') === 'preview';
    if (!parsed.ok) return editor(c, { mode: 'create', values, errors: parsed.errors, preview }, 400);
    if (preview) return editor(c, { mode: 'create', values, preview: true });
    const { db, now } = deps(c);
    const result = await saveOrShowAgain(
      c,
      () => usecases.createArticle({ db, actor, now, content: parsed.data.content, message: parsed.data.message }),
      { mode: 'create', values },
    );
    if (result instanceof Response) return result;
    if (!result.ok) return editor(c, { mode: 'create', values, errors: result.errors }, 400);
    await clearDraft(c, NEW_ARTICLE_DRAFT);
    return seeOther(c, `/articles/${result.article.slug}?saved=1`);
  });

  articleRoutes.get('/:slug/edit', async (c) => {
    const article = await loadArticle(c, c.req.param('slug'));
    const actor = actorOf(c);
    const allowed = libraryPolicies.editArticle(
      actor,
      article,
      await grantsEdit(deps(c).db, actor, article, deps(c).now),
    );
    if (article.protected && actor && !allowed) throw libraryErrors.protected();
    // A member who may not edit the page is offered what they may do instead (a suggested edit), not a 403.
    const instead = actor && !allowed ? extensions.map((e) => e.insteadOfEdit?.(c, article)).find(Boolean) : undefined;
    if (instead) return seeOther(c, instead);
    authorize(actor, allowed);
    const draft = await draftFor(c, editDraftKey(article));
    // A restored draft keeps the revision it started from, so a save after someone else's shows the conflict.
    const baseRevision = (draft.fields && optionalId(str(draft.fields, 'baseRevision'))) || article.revision;
    return editor(c, {
      mode: 'edit',
      article,
      values: draft.fields ?? valuesFromArticle(article),
      baseRevision,
      draft: draft.view,
    });
  });

  articleRoutes.post('/:slug', async (c) => {
    const article = await loadArticle(c, c.req.param('slug'));
    const actor = actorOf(c);
    const allowed = libraryPolicies.editArticle(
      actor,
      article,
      await grantsEdit(deps(c).db, actor, article, deps(c).now),
    );
    if (article.protected && actor && !allowed) throw libraryErrors.protected();
    authorize(actor, allowed);
    const values = await readForm(c);
    if (str(values, 'intent') === 'draft')
      return keepDraft(c, {
        mode: 'edit',
        article,
        values,
        baseRevision: optionalId(str(values, 'baseRevision')) ?? article.revision,
      });
    const baseRevision = optionalId(str(values, 'baseRevision'));
    if (baseRevision === undefined) {
      throw new AppError(
        'library.missing_base_revision',
        400,
        'The form did not say which revision it was editing. Open the editor again.',
      );
    }
    const parsed = parseArticleForm(values, await knownTopics(c), await vocabularyOf(c));
    const preview = str(values, 'intent') === 'preview';
    if (!parsed.ok)
      return editor(c, { mode: 'edit', article, values, errors: parsed.errors, preview, baseRevision }, 400);
    if (preview) return editor(c, { mode: 'edit', article, values, preview: true, baseRevision });
    const { db, now } = deps(c);
    const result = await saveOrShowAgain(
      c,
      () =>
        usecases.reviseArticle({
          db,
          actor,
          now,
          slug: article.slug,
          baseRevision,
          content: parsed.data.content,
          message: parsed.data.message,
          grantsEdit,
        }),
      { mode: 'edit', article, values, baseRevision },
    );
    if (result instanceof Response) return result;
    switch (result.status) {
      case 'saved':
        await clearDraft(c, editDraftKey(article));
        return seeOther(c, `/articles/${article.slug}?saved=1`);
      case 'unchanged':
        return editor(
          c,
          { mode: 'edit', article, values, errors: { body: 'You have not changed anything yet.' }, baseRevision },
          400,
        );
      case 'invalid':
        return editor(c, { mode: 'edit', article, values, errors: result.errors, baseRevision }, 400);
      case 'conflict': {
        const latest = contentOf(result.latest);
        const [theirChanges, yourChanges] = await Promise.all([
          result.base ? compareContents(contentOf(result.base), latest) : undefined,
          compareContents(latest, parsed.data.content),
        ]);
        return renderPage(
          c,
          {
            title: `Edit conflict: ${article.title}`,
            breadcrumbs: [
              { label: 'Home', href: '/' },
              { label: article.title, href: `/articles/${article.slug}` },
              { label: 'Edit conflict' },
            ],
          },
          <ConflictPage
            article={result.current}
            latest={result.latest}
            theirChanges={theirChanges}
            yourChanges={yourChanges}
            values={values}
            csrfToken={csrfTokenFor(c)}
            actorId={actor.id}
          />,
          409,
        );
      }
    }
  });

  articleRoutes.post('/:slug/revert', async (c) => {
    const actor = actorOf(c);
    const values = await readForm(c);
    const toRevision = optionalId(str(values, 'revision'));
    const baseRevision = optionalId(str(values, 'baseRevision'));
    if (toRevision === undefined || baseRevision === undefined) throw libraryErrors.revisionNotFound();
    const { db, now } = deps(c);
    const slug = c.req.param('slug');
    const result = await usecases.revertArticle({ db, actor, now, slug, toRevision, baseRevision, grantsEdit });
    if (result.status === 'conflict') {
      throw new AppError(
        'library.revert_conflict',
        409,
        'Someone saved a newer revision while you were reading the history. Look at the history again before restoring.',
        {
          title: 'The article changed',
        },
      );
    }
    if (result.status === 'unchanged') return seeOther(c, `/articles/${slug}/history`);
    return seeOther(c, `/articles/${slug}?saved=1`);
  });

  articleRoutes.post('/:slug/protection', async (c) => {
    const actor = actorOf(c);
    const values = await readForm(c);
    const { db, now } = deps(c);
    const slug = c.req.param('slug');
    await usecases.setArticleProtection({ db, actor, now, slug, value: str(values, 'protected') === 'true' });
    return seeOther(c, `/articles/${slug}`);
  });

  /** Live preview for the editor's script: the same renderer and sanitiser as the article page. */
  previewRoutes.post('/', async (c) => {
    const actor = actorOf(c);
    authorize(actor, libraryPolicies.preview(actor));
    const values = await readForm(c);
    const { db, now } = deps(c);
    const html = await previewMarkdown({ db, actor, ip: clientIp(c), now, body: str(values, 'body') });
    c.header('Cache-Control', 'no-store');
    return c.html(html);
  });
  return { '/articles': articleRoutes, '/preview': previewRoutes };
}

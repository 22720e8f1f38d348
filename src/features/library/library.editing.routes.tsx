import { Hono } from 'hono';
import { authorize } from '../../platform/authz/policy';
import { renderMarkdown } from '../../platform/content/markdown';
import { actorOf, type AppContext, type AppEnv } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { type FormValues, readForm, str } from '../../platform/http/forms';
import { enforce } from '../../platform/http/rate-limit';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { diffArticle } from './diff';
import { type ArticleExtension, editGrantFrom } from './library.extensions';
import { libraryErrors } from './library.errors';
import { ARTICLE_LIMITS, type Article, contentOf, DEFAULT_LICENCE } from './library.models';
import { libraryPolicies } from './library.policies';
import * as repo from './library.repository';
import { loadArticle } from './library.routes';
import { parseArticleForm } from './library.schemas';
import * as usecases from './library.usecases';
import { ConflictPage } from './views/conflict';
import { EditorPage, valuesFromArticle } from './views/editor';


/** Members may post a few articles or revisions a minute: plenty for people, little for scripts. */
const WRITE_RULE = { name: 'library:write', limit: 20, windowSeconds: 60 };

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now() };
}

async function editor(
  c: AppContext,
  props: { mode: 'create' | 'edit'; article?: Article; values: FormValues; errors?: Record<string, string>; preview?: boolean; baseRevision?: number; notice?: string },
  status: 200 | 400 = 200,
) {
  const topics = await repo.listTopics(deps(c).db);
  const title = props.mode === 'create' ? 'Write an article' : `Edit: ${props.article?.title}`;
  const crumbs =
    props.mode === 'create'
      ? [{ label: 'Home', href: '/' }, { label: 'Write an article' }]
      : [{ label: 'Home', href: '/' }, { label: props.article?.title ?? '', href: `/articles/${props.article?.slug}` }, { label: 'Edit' }];
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
      preview={props.preview ? renderMarkdown(str(props.values, 'body')) : undefined}
      {...(props.baseRevision ? { baseRevision: props.baseRevision } : {})}
      notice={props.notice}
    />,
    status,
  );
}

async function knownTopics(c: AppContext) {
  return new Set((await repo.listTopics(deps(c).db)).map((t) => t.slug));
}

export function createEditingRoutes({ extensions }: { extensions: ArticleExtension[] }) {
  const editingRoutes = new Hono<AppEnv>();
  const grantsEdit = editGrantFrom(extensions);
  editingRoutes.get('/articles/new', async (c) => {
    const actor = actorOf(c);
    authorize(actor, libraryPolicies.createArticle(actor));
    const topic = c.req.query('topic');
    const values: FormValues = { type: 'guide', audience: 'new', licence: DEFAULT_LICENCE, topicSlugs: topic ? [topic] : [] };
    return editor(c, { mode: 'create', values });
  });

  editingRoutes.post('/articles', async (c) => {
    const actor = actorOf(c);
    authorize(actor, libraryPolicies.createArticle(actor));
    const values = await readForm(c);
    const parsed = parseArticleForm(values, await knownTopics(c));
    const preview = str(values, 'intent') === 'preview';
    if (!parsed.ok) return editor(c, { mode: 'create', values, errors: parsed.errors, preview }, 400);
    if (preview) return editor(c, { mode: 'create', values, preview: true });
    const { db, now } = deps(c);
    await enforce(db, now, [[WRITE_RULE, String(actor.id)]]);
    const result = await usecases.createArticle({ db, actor, now, content: parsed.data.content, message: parsed.data.message });
    if (!result.ok) return editor(c, { mode: 'create', values, errors: result.errors }, 400);
    return seeOther(c, `/articles/${result.article.slug}?saved=1`);
  });

  editingRoutes.get('/articles/:slug/edit', async (c) => {
    const article = await loadArticle(c, c.req.param('slug'));
    const actor = actorOf(c);
    const allowed = libraryPolicies.editArticle(actor, article, await grantsEdit(deps(c).db, actor, article, deps(c).now));
    if (article.protected && actor && !allowed) throw libraryErrors.protected();
    authorize(actor, allowed);
    return editor(c, { mode: 'edit', article, values: valuesFromArticle(article), baseRevision: article.revision });
  });

  editingRoutes.post('/articles/:slug', async (c) => {
    const article = await loadArticle(c, c.req.param('slug'));
    const actor = actorOf(c);
    const allowed = libraryPolicies.editArticle(actor, article, await grantsEdit(deps(c).db, actor, article, deps(c).now));
    if (article.protected && actor && !allowed) throw libraryErrors.protected();
    authorize(actor, allowed);
    const values = await readForm(c);
    const baseRevision = Number.parseInt(str(values, 'baseRevision'), 10);
    if (!Number.isInteger(baseRevision) || baseRevision < 1) {
      throw new AppError('library.missing_base_revision', 400, 'The form did not say which revision it was editing. Open the editor again.');
    }
    const parsed = parseArticleForm(values, await knownTopics(c));
    const preview = str(values, 'intent') === 'preview';
    if (!parsed.ok) return editor(c, { mode: 'edit', article, values, errors: parsed.errors, preview, baseRevision }, 400);
    if (preview) return editor(c, { mode: 'edit', article, values, preview: true, baseRevision });
    const { db, now } = deps(c);
    await enforce(db, now, [[WRITE_RULE, String(actor.id)]]);
    const result = await usecases.reviseArticle({ db, actor, now, slug: article.slug, baseRevision, content: parsed.data.content, message: parsed.data.message, grantsEdit });
    switch (result.status) {
      case 'saved':
        return seeOther(c, `/articles/${article.slug}?saved=1`);
      case 'unchanged':
        return editor(c, { mode: 'edit', article, values, errors: { body: 'You have not changed anything yet.' }, baseRevision }, 400);
      case 'invalid':
        return editor(c, { mode: 'edit', article, values, errors: result.errors, baseRevision }, 400);
      case 'conflict': {
        const latest = contentOf(result.latest);
        return renderPage(
          c,
          { title: `Edit conflict: ${article.title}`, breadcrumbs: [{ label: 'Home', href: '/' }, { label: article.title, href: `/articles/${article.slug}` }, { label: 'Edit conflict' }] },
          <ConflictPage
            article={result.current}
            latest={result.latest}
            theirChanges={result.base ? diffArticle(contentOf(result.base), latest) : undefined}
            yourChanges={diffArticle(latest, parsed.data.content)}
            values={values}
            csrfToken={csrfTokenFor(c)}
            actorId={actor.id}
          />,
          409,
        );
      }
    }
  });

  editingRoutes.post('/articles/:slug/revert', async (c) => {
    const actor = actorOf(c);
    const values = await readForm(c);
    const toRevision = Number.parseInt(str(values, 'revision'), 10);
    const baseRevision = Number.parseInt(str(values, 'baseRevision'), 10);
    if (!Number.isInteger(toRevision) || !Number.isInteger(baseRevision)) throw libraryErrors.revisionNotFound();
    const { db, now } = deps(c);
    const slug = c.req.param('slug');
    const result = await usecases.revertArticle({ db, actor, now, slug, toRevision, baseRevision, grantsEdit });
    if (result.status === 'conflict') {
      throw new AppError('library.revert_conflict', 409, 'Someone saved a newer revision while you were reading the history. Look at the history again before restoring.', {
        title: 'The article changed',
      });
    }
    if (result.status === 'unchanged') return seeOther(c, `/articles/${slug}/history`);
    return seeOther(c, `/articles/${slug}?saved=1`);
  });

  editingRoutes.post('/articles/:slug/protection', async (c) => {
    const actor = actorOf(c);
    const values = await readForm(c);
    const { db, now } = deps(c);
    const slug = c.req.param('slug');
    await usecases.setArticleProtection({ db, actor, now, slug, value: str(values, 'protected') === 'true' });
    return seeOther(c, `/articles/${slug}`);
  });

  /** Live preview for the editor's script: the same renderer and sanitiser as the article page. */
  editingRoutes.post('/preview', async (c) => {
    const actor = actorOf(c);
    authorize(actor, libraryPolicies.preview(actor));
    const values = await readForm(c);
    const body = str(values, 'body').slice(0, ARTICLE_LIMITS.body);
    c.header('Cache-Control', 'no-store');
    return c.html(renderMarkdown(body));
  });
  return editingRoutes;
}

import { Hono } from 'hono';
import { authorize } from '../../platform/authz/policy';
import { shared } from '../../platform/cache/shared';
import type { AppContext, AppEnv } from '../../platform/http/context';
import { type FieldErrors, type FormValues, readForm, str, validate } from '../../platform/http/forms';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { CsrfField, ErrorSummary } from '../../platform/ui/components';
import { renderPage } from '../../platform/ui/render';
import { type Article, type ArticleExtension, findArticle, listTopics } from '../library';
import { communityErrors } from './community.errors';
import { ctx, newIdempotencyKey, previewOf, signedIn } from './community.http';
import { FORUM_LIMITS, postUrl, threadUrl } from './community.models';
import { communityPolicies } from './community.policies';
import * as repo from './community.repository';
import { idempotencyKeyOf, replySchema } from './community.schemas';
import { topicCategoryMap } from './community.seed';
import { createThread } from './community.usecases';
import { BodyWithPreview, FORM_LABELS, IdempotencyField } from './views/forms';
import { plural } from './views/parts';

export function discussionUrl(slug: string): string {
  return `/forum/discuss/${encodeURIComponent(slug)}`;
}

/**
 * "Discuss this article" on every article. It reads the same for every
 * anonymous reader, and starting or replying to the discussion records a
 * public change, so cached article pages are dropped and show the new count.
 */
export const discussionExtension: ArticleExtension = {
  async actions(c, article) {
    // The same for every reader: kept with the article's shared parts (dropped by every public change).
    const { thread } = await shared(c, `community.article-thread:${article.id}`, async () => ({
      thread: await repo.findThreadByArticle(c.get('deps').database.db, article.id),
    }));
    const open = thread?.status === 'published';
    return (
      <li>
        <a class="button secondary" href={open ? threadUrl(thread.id) : discussionUrl(article.slug)}>
          Discuss this article{open ? ` (${plural(thread.replyCount, 'reply', 'replies')})` : ''}
        </a>
      </li>
    );
  },
};

const categoryMaps = new Map<string, Promise<Map<string, string>>>();

/** Where an article's discussion starts: the first of its topics that a category claims, else Workflows. */
async function categoryFor(c: AppContext, article: Article): Promise<string> {
  const dir = c.get('deps').config.contentDir;
  let map = categoryMaps.get(dir);
  if (!map) {
    map = topicCategoryMap(dir).catch(() => new Map<string, string>());
    categoryMaps.set(dir, map);
  }
  const byTopic = await map;
  const categories = await repo.listCategories(ctx(c).db);
  const leaves = categories.filter((k) => !categories.some((x) => x.parentId === k.id));
  for (const t of article.topicSlugs) {
    const slug = byTopic.get(t);
    if (slug && leaves.some((k) => k.slug === slug)) return slug;
  }
  return leaves.find((k) => k.slug === 'workflows')?.slug ?? leaves[0]?.slug ?? '';
}

function discussionTitle(article: Article): string {
  const title = `Discussion: ${article.title}`;
  return title.length <= FORUM_LIMITS.title ? title : `${title.slice(0, FORUM_LIMITS.title - 1)}…`;
}

async function startPage(c: AppContext, article: Article, values: FormValues, errors?: FieldErrors, preview = false) {
  const { actor } = ctx(c);
  const canPost = communityPolicies.post(actor);
  const previewHtml = canPost && preview ? await previewOf(c, values) : undefined;
  return renderPage(
    c,
    {
      title: `Discuss “${article.title}”`,
      breadcrumbs: [
        { label: 'Home', href: '/' },
        { label: article.title, href: `/articles/${article.slug}` },
        { label: 'Discussion' },
      ],
      scripts: canPost ? ['editor'] : [],
    },
    <div class="editor">
      <h1>Discuss “{article.title}”</h1>
      <p class="lead">
        Nobody has started a discussion of this article yet. Ask a question about it, say how it works at your library,
        or suggest a change.
      </p>
      {canPost ? (
        <>
          <ErrorSummary errors={errors} labels={FORM_LABELS} />
          <form
            method="post"
            action={discussionUrl(article.slug)}
            novalidate
            class="editor-form"
            data-preview-url="/preview"
          >
            <CsrfField token={csrfTokenFor(c)} />
            <IdempotencyField value={idempotencyKeyOf(values) ?? newIdempotencyKey()} />
            <BodyWithPreview values={values} errors={errors} preview={previewHtml} label="Your post" />
            <div class="form-actions">
              <button type="submit" name="intent" value="preview" class="secondary">
                Preview
              </button>
              <button type="submit" name="intent" value="post">
                Start the discussion
              </button>
              <a href={`/articles/${article.slug}`}>Back to the article</a>
            </div>
          </form>
        </>
      ) : (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(discussionUrl(article.slug))}`}>
            Sign in to start the discussion
          </a>
          .
        </p>
      )}
    </div>,
    errors ? 400 : 200,
  );
}

async function loadArticleBySlug(c: AppContext): Promise<Article> {
  const article = await findArticle(ctx(c).db, c.req.param('slug') ?? '');
  if (!article) throw communityErrors.threadNotFound();
  return article;
}

/** An article's discussion thread; paths relative to "/forum". */
export function createDiscussionRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/discuss/:slug', async (c) => {
    const article = await loadArticleBySlug(c);
    const { db, actor } = ctx(c);
    const thread = await repo.findThreadByArticle(db, article.id);
    if (thread) {
      if (!communityPolicies.seeThread(actor, thread)) throw communityErrors.threadNotFound();
      return c.redirect(threadUrl(thread.id), 302);
    }
    return startPage(c, article, {});
  });

  routes.post('/discuss/:slug', async (c) => {
    signedIn(c);
    const article = await loadArticleBySlug(c);
    const { db, actor, now } = ctx(c);
    authorize(actor, communityPolicies.post(actor));
    const existing = await repo.findThreadByArticle(db, article.id);
    if (existing) return seeOther(c, threadUrl(existing.id));
    const values = await readForm(c);
    const form = validate(replySchema, values);
    const preview = str(values, 'intent') === 'preview';
    if (!form.ok) return startPage(c, article, values, form.errors, preview);
    if (preview) return startPage(c, article, values, undefined, true);
    const topics = new Set((await listTopics(db)).map((t) => t.slug));
    const input = {
      title: discussionTitle(article),
      body: form.data.body,
      categorySlug: await categoryFor(c, article),
      kind: 'discussion' as const,
      topicSlugs: article.topicSlugs.filter((t) => topics.has(t)).slice(0, FORUM_LIMITS.topics),
    };
    try {
      const result = await createThread({
        db,
        actor,
        now,
        input,
        idempotencyKey: idempotencyKeyOf(values),
        articleId: article.id,
      });
      if (!result.ok) return startPage(c, article, values, result.errors);
      return seeOther(
        c,
        `${postUrl(result.post.id)}?notice=${result.post.status === 'pending' ? 'pending' : 'posted'}`,
      );
    } catch (error) {
      // Two people started it at the same moment: the unique index kept one thread; join it.
      const raced = await repo.findThreadByArticle(db, article.id);
      if (raced) return seeOther(c, threadUrl(raced.id));
      throw error;
    }
  });

  return routes;
}

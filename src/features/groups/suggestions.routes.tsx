import { Hono } from 'hono';
import { authorize } from '../../platform/authz/policy';
import { isRenderRefusal, refusalNote } from '../../platform/content/render-off-thread';
import { clientIp } from '../../platform/http/client-ip';
import type { AppContext, AppEnv } from '../../platform/http/context';
import { prefixParam, type RouteMounts } from '../../platform/http/mounts';
import { AppError } from '../../platform/http/errors';
import { type FieldErrors, type FormValues, readForm, str, validate } from '../../platform/http/forms';
import { optionalId } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import {
  type Article,
  type ArticleContent,
  compareContents,
  contentOf,
  EditorPage,
  findArticle,
  findRevision,
  libraryPolicies,
  listTopics,
  loadArticle,
  parseArticleForm,
  previewMarkdown,
  valuesFromArticle,
} from '../library';
import { groupErrors } from './groups.errors';
import { deps, idParam, requireActor } from './groups.http';
import { stewardOfArticle } from './groups.article';
import { EDITOR_FALLBACK_DAYS, groupPolicies } from './groups.policies';
import { decisionRights, suggestionDeciders } from './suggestions.deciders';
import * as groupsRepo from './groups.repository';
import { approveSchema, commentSchema, reasonSchema } from './groups.schemas';
import * as repo from './suggestions.repository';
import type { Suggestion } from './suggestions.repository';
import * as usecases from './suggestions.usecases';
import type { SubmitResult } from './suggestions.usecases';
import { MySuggestionsPage, SuggestionConflictPage, SuggestionPage } from './views/suggestions';

const HOME = { label: 'Home', href: '/' };

const NOTICES: Record<string, string> = {
  submitted: 'Your suggestion was sent to the stewards. You will be notified when they decide.',
  updated: 'Your suggestion was updated and waits for a steward again.',
  approved: 'Approved: the change is published, credited to the person who suggested it.',
  changes_requested: 'Your request for changes was sent.',
  declined: 'The suggestion was declined and its author told why.',
  withdrawn: 'The suggestion was withdrawn.',
};

interface EditorProps {
  article: Article;
  groupName?: string | undefined;
  action: string;
  values: FormValues;
  errors?: FieldErrors | undefined;
  preview?: boolean;
  baseRevision: number;
  /** "Propose a fix" from the article page: the same form, worded for a small correction. */
  fix?: boolean;
}

async function suggestEditor(c: AppContext, props: EditorProps, status: 200 | 400 | 503 = 200) {
  const { db, now } = deps(c);
  // The "Preview" button without JavaScript: the library's preview (worker pool, rate limited), like the live one.
  const [topics, preview] = await Promise.all([
    listTopics(db),
    props.preview
      ? previewMarkdown({ db, now, actor: requireActor(c), ip: clientIp(c), body: str(props.values, 'body') })
      : undefined,
  ]);
  const who = props.groupName
    ? `${props.groupName} maintains this page. Your suggestion goes to its stewards, who can approve it, ask for changes or decline it (if they have not decided within ${EDITOR_FALLBACK_DAYS} days, the hub’s editors may); you are notified each time.`
    : 'No group maintains this page yet. Your suggestion goes to the hub’s review queue, where an editor approves it, asks for changes or declines it; you are notified each time.';
  const notice = props.fix
    ? `Correct the typo or the broken link in the text below, say what you fixed, and send it. ${who}`
    : who;
  return renderPage(
    c,
    {
      title: `Suggest an edit: ${props.article.title}`,
      breadcrumbs: [
        HOME,
        { label: props.article.title, href: `/articles/${props.article.slug}` },
        { label: 'Suggest an edit' },
      ],
      scripts: ['editor'],
    },
    <EditorPage
      mode="edit"
      article={props.article}
      values={props.fix && !props.values.message ? { ...props.values, message: 'Fix: ' } : props.values}
      errors={props.errors}
      topics={topics}
      csrfToken={csrfTokenFor(c)}
      preview={preview}
      baseRevision={props.baseRevision}
      notice={notice}
      form={{
        action: props.action,
        heading: props.fix
          ? `Propose a fix to “${props.article.title}”`
          : `Suggest an edit to “${props.article.title}”`,
        submitLabel: props.fix ? 'Send the fix' : 'Send the suggestion',
        messageRequired: true,
      }}
      vocabulary={await vocabularyFor(c.get('deps').config.contentDir)}
    />,
    status,
  );
}

async function readSuggestionForm(c: AppContext) {
  const values = await readForm(c);
  const baseRevision = optionalId(str(values, 'baseRevision'));
  if (baseRevision === undefined) {
    throw new AppError(
      'groups.missing_base_revision',
      400,
      'The form did not say which revision it was based on. Open the editor again.',
    );
  }
  const topics = new Set((await listTopics(deps(c).db)).map((t) => t.slug));
  const parsed = parseArticleForm(values, topics, await vocabularyFor(c.get('deps').config.contentDir));
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  if (!str(values, 'message').trim() && !errors.message)
    errors.message = 'Say what you changed and why: the stewards read this first.';
  return { values, baseRevision, parsed, errors, preview: str(values, 'intent') === 'preview' };
}

async function outcome(
  c: AppContext,
  result: SubmitResult,
  props: EditorProps,
  content: ArticleContent,
  notice: string,
) {
  switch (result.status) {
    case 'saved':
      return seeOther(c, `/suggestions/${result.id}?notice=${notice}`);
    case 'unchanged':
      return suggestEditor(c, { ...props, errors: { body: 'You have not changed anything yet.' } }, 400);
    case 'invalid':
      return suggestEditor(c, { ...props, errors: result.errors }, 400);
    case 'conflict': {
      // Compared in the worker pool (bounded), never on the event loop.
      const [theirChanges, yourChanges] = await Promise.all([
        result.base ? compareContents(contentOf(result.base), contentOf(result.latest)) : undefined,
        compareContents(contentOf(result.latest), content),
      ]);
      return renderPage(
        c,
        {
          title: `Changed meanwhile: ${result.article.title}`,
          breadcrumbs: [
            HOME,
            { label: result.article.title, href: `/articles/${result.article.slug}` },
            { label: 'Changed meanwhile' },
          ],
        },
        <SuggestionConflictPage
          action={props.action}
          title={result.article.title}
          latest={result.latest}
          theirChanges={theirChanges}
          yourChanges={yourChanges}
          values={props.values}
          csrfToken={csrfTokenFor(c)}
        />,
        409,
      );
    }
  }
}

/** The suggestion page: the diff against the revision it was written on, and what changed since (a conflict). */
async function suggestionPage(
  c: AppContext,
  s: Suggestion,
  extra: { values?: FormValues; errors?: FieldErrors; alert?: string } = {},
  status: 200 | 400 | 409 = 200,
) {
  const actor = requireActor(c);
  const { db, now } = deps(c);
  const article = await findArticle(db, s.articleSlug);
  if (!article) throw groupErrors.suggestionNotFound();
  const [base, deciders, comments] = await Promise.all([
    findRevision(db, article.id, s.baseRevision),
    suggestionDeciders(db, s, now),
    repo.listComments(db, s.id),
  ]);
  const baseContent = base ? contentOf(base) : contentOf(article);
  // Both comparisons in the worker pool (bounded in time and size, like the diff page), never on the event loop.
  const [diff, since] = await Promise.all([
    compareContents(baseContent, s.content),
    article.revision !== s.baseRevision ? compareContents(baseContent, contentOf(article)) : undefined,
  ]);
  const { decide, approve } = await decisionRights(db, actor, s, deciders, now);
  const can = {
    decide,
    approve,
    approveBlocked:
      decide && !approve
        ? `You suggested this change, so ${deciders.group ? 'another steward of the group' : 'another editor'} approves it.`
        : undefined,
    change: groupPolicies.changeSuggestion(actor, s),
  };
  const reviewers = deciders.group
    ? {
        groupName: deciders.group.name,
        groupSlug: deciders.group.slug,
        editorsFrom: deciders.editorsFrom,
        editorsNow: deciders.editorsMay,
      }
    : undefined;
  const notice = c.req.query('notice');
  return renderPage(
    c,
    {
      title: `Suggested edit: ${s.articleTitle}`,
      breadcrumbs: [HOME, { label: s.articleTitle, href: `/articles/${s.articleSlug}` }, { label: 'Suggested edit' }],
    },
    <SuggestionPage
      s={s}
      diff={diff}
      since={since}
      latestRevision={article.revision}
      comments={comments}
      can={can}
      reviewers={reviewers}
      values={extra.values ?? {}}
      errors={extra.errors}
      alert={extra.alert}
      csrfToken={csrfTokenFor(c)}
      notice={notice ? NOTICES[notice] : undefined}
    />,
    status,
  );
}

/**
 * A change refused before anything was written because the hub could not
 * render the text now (every worker busy): `again` shows the form once more
 * with everything typed, status 503 and Retry-After.
 */
async function unlessRefused<T>(
  c: AppContext,
  change: () => Promise<T>,
  again: (note: string) => Promise<Response>,
): Promise<T | Response> {
  try {
    return await change();
  } catch (error) {
    if (!isRenderRefusal(error)) throw error;
    if (error.details.retryAfterSeconds) c.header('Retry-After', String(error.details.retryAfterSeconds));
    return again(refusalNote(error));
  }
}

/** The suggestion of the path, if this person may read it (404 otherwise: see readSuggestion). */
async function loadSuggestion(c: AppContext): Promise<Suggestion> {
  const { db, now } = deps(c);
  return usecases.readSuggestion({
    db,
    actor: requireActor(c),
    now,
    id: idParam(c.req.param('id'), groupErrors.suggestionNotFound),
  });
}

export function createSuggestionRoutes(): RouteMounts {
  const suggestRoutes = new Hono<AppEnv>();
  const suggestionRoutes = new Hono<AppEnv>();

  suggestRoutes.get('/', async (c) => {
    const actor = requireActor(c);
    authorize(actor, groupPolicies.suggestEdit(actor));
    const article = await loadArticle(c, prefixParam(c, 'slug'));
    const { db, now } = deps(c);
    const group = await repo.maintainingGroup(db, article.id);
    // On a page no group maintains, someone who may edit it edits it (a steward may still suggest to their group).
    if (!group && libraryPolicies.editArticle(actor, article, await stewardOfArticle(db, actor, article.id, now)))
      return seeOther(c, `/articles/${article.slug}/edit`);
    if (article.protected) throw groupErrors.protectedPage();
    const fix = c.req.query('fix') === '1';
    return suggestEditor(c, {
      article,
      groupName: group?.name,
      action: `/articles/${article.slug}/suggest${fix ? '?fix=1' : ''}`,
      values: valuesFromArticle(article),
      baseRevision: article.revision,
      fix,
    });
  });

  suggestRoutes.post('/', async (c) => {
    const actor = requireActor(c);
    authorize(actor, groupPolicies.suggestEdit(actor));
    const form = await readSuggestionForm(c);
    const article = await loadArticle(c, prefixParam(c, 'slug'));
    const { db, now } = deps(c);
    const group = await repo.maintainingGroup(db, article.id);
    const fix = c.req.query('fix') === '1';
    const props: EditorProps = {
      article,
      groupName: group?.name,
      action: `/articles/${article.slug}/suggest${fix ? '?fix=1' : ''}`,
      values: form.values,
      baseRevision: form.baseRevision,
      fix,
    };
    if (!form.parsed.ok || Object.keys(form.errors).length)
      return suggestEditor(c, { ...props, errors: form.errors, preview: form.preview }, 400);
    if (form.preview) return suggestEditor(c, { ...props, preview: true });
    const { content, message } = form.parsed.data;
    const result = await unlessRefused(
      c,
      () =>
        usecases.submitSuggestion({
          db,
          actor,
          now,
          slug: article.slug,
          baseRevision: form.baseRevision,
          content,
          message,
        }),
      (note) => suggestEditor(c, { ...props, errors: { body: note } }, 503),
    );
    if (result instanceof Response) return result;
    return outcome(c, result, props, content, 'submitted');
  });

  suggestionRoutes.get('/', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    const [mine, groups] = await Promise.all([repo.byProposer(db, actor.id), groupsRepo.groupsOf(db, actor.id, now)]);
    const waiting = [];
    for (const g of groups.filter((g) => groupPolicies.steward(actor, g.role))) {
      const items = await repo.openForGroup(db, g.id);
      if (items.length) waiting.push({ group: g, items });
    }
    // Editors work the hub-wide queue: pages no group maintains, and suggestions stewards left waiting.
    const hubQueue = groupPolicies.workHubQueue(actor)
      ? await repo.openForHubReview(db, now, EDITOR_FALLBACK_DAYS)
      : undefined;
    return renderPage(
      c,
      { title: 'Suggested edits', breadcrumbs: [HOME, { label: 'Suggested edits' }] },
      <MySuggestionsPage mine={mine} waiting={waiting} hubQueue={hubQueue} fallbackDays={EDITOR_FALLBACK_DAYS} />,
    );
  });

  suggestionRoutes.get('/:id', async (c) => {
    requireActor(c);
    return suggestionPage(c, await loadSuggestion(c));
  });

  suggestionRoutes.get('/:id/edit', async (c) => {
    const actor = requireActor(c);
    const s = await loadSuggestion(c);
    authorize(
      actor,
      groupPolicies.changeSuggestion(actor, s),
      'Only the person who suggested it can change an open suggestion.',
    );
    const article = await loadArticle(c, s.articleSlug);
    const group = await repo.maintainingGroup(deps(c).db, article.id);
    return suggestEditor(c, {
      article,
      groupName: group?.name,
      action: `/suggestions/${s.id}`,
      values: { ...valuesFromArticle(s.content), message: s.message },
      baseRevision: s.baseRevision,
    });
  });

  suggestionRoutes.post('/:id', async (c) => {
    const actor = requireActor(c);
    const form = await readSuggestionForm(c);
    const s = await loadSuggestion(c);
    authorize(
      actor,
      groupPolicies.changeSuggestion(actor, s),
      'Only the person who suggested it can change an open suggestion.',
    );
    const article = await loadArticle(c, s.articleSlug);
    const { db, now } = deps(c);
    const group = await repo.maintainingGroup(db, article.id);
    const props: EditorProps = {
      article,
      groupName: group?.name,
      action: `/suggestions/${s.id}`,
      values: form.values,
      baseRevision: form.baseRevision,
    };
    if (!form.parsed.ok || Object.keys(form.errors).length)
      return suggestEditor(c, { ...props, errors: form.errors, preview: form.preview }, 400);
    if (form.preview) return suggestEditor(c, { ...props, preview: true });
    const { content, message } = form.parsed.data;
    const result = await unlessRefused(
      c,
      () => usecases.updateSuggestion({ db, actor, now, id: s.id, baseRevision: form.baseRevision, content, message }),
      (note) => suggestEditor(c, { ...props, errors: { body: note } }, 503),
    );
    if (result instanceof Response) return result;
    return outcome(c, result, props, content, 'updated');
  });

  /** A decision; when someone else decided first, the page says so (409) and nothing is applied. */
  async function decide(
    c: AppContext,
    decision: Parameters<typeof usecases.decideSuggestion>[0]['decision'],
    values: FormValues,
  ) {
    const { db, now } = deps(c);
    const id = idParam(c.req.param('id'), groupErrors.suggestionNotFound);
    // A busy worker pool refuses an approval with the 503 page (the suggestion page itself needs the pool for its comparison).
    const result = await usecases.decideSuggestion({ db, actor: requireActor(c), now, id, decision });
    const fresh = await repo.findSuggestion(db, id);
    if (!fresh) throw groupErrors.suggestionNotFound();
    switch (result.status) {
      case 'already': {
        const who = fresh.status === 'withdrawn' ? fresh.proposerName : (fresh.deciderName ?? 'Someone');
        const what = {
          approved: 'approved',
          declined: 'declined',
          withdrawn: 'withdrew',
          pending: 'reopened',
          changes_requested: 'asked for changes to',
        }[fresh.status];
        return suggestionPage(
          c,
          fresh,
          { alert: `${who} already ${what} this suggestion, so your decision was not applied.` },
          409,
        );
      }
      case 'conflict':
        return suggestionPage(
          c,
          fresh,
          {
            alert:
              'The article changed after this suggestion was written; approving it would overwrite newer text. Ask the proposer to update it.',
          },
          409,
        );
      case 'unchanged':
        return suggestionPage(
          c,
          fresh,
          { alert: 'The article already says exactly what this suggestion proposes. Decline it with a short note.' },
          409,
        );
      case 'invalid':
        return suggestionPage(c, fresh, { values, alert: Object.values(result.errors).join(' ') }, 409);
      default:
        return seeOther(c, `/suggestions/${id}?notice=${result.status}`);
    }
  }

  suggestionRoutes.post('/:id/approve', async (c) => {
    requireActor(c);
    const values = await readForm(c);
    const form = validate(approveSchema, values);
    if (!form.ok) return suggestionPage(c, await loadSuggestion(c), { values, errors: form.errors }, 400);
    return decide(c, { kind: 'approve', note: form.data.note }, values);
  });

  suggestionRoutes.post('/:id/request-changes', async (c) => {
    requireActor(c);
    const values = await readForm(c);
    const form = validate(commentSchema, values);
    if (!form.ok) return suggestionPage(c, await loadSuggestion(c), { values, errors: form.errors }, 400);
    return decide(c, { kind: 'request_changes', comment: form.data.comment }, values);
  });

  suggestionRoutes.post('/:id/decline', async (c) => {
    requireActor(c);
    const values = await readForm(c);
    const form = validate(reasonSchema, values);
    if (!form.ok) return suggestionPage(c, await loadSuggestion(c), { values, errors: form.errors }, 400);
    return decide(c, { kind: 'decline', reason: form.data.reason }, values);
  });

  suggestionRoutes.post('/:id/withdraw', async (c) => {
    requireActor(c);
    return decide(c, { kind: 'withdraw' }, {});
  });

  return { '/articles/:slug/suggest': suggestRoutes, '/suggestions': suggestionRoutes };
}

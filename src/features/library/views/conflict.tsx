import type { FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText } from '../../../platform/ui/components';
import type { ArticleDiff } from '../diff';
import { ARTICLE_LIMITS, type Article, type Revision } from '../library.models';
import { ArticleChanges } from './history';

/**
 * Someone else saved while you were editing. Nothing of yours was saved and
 * nothing is lost: your text is here to copy or to save over theirs on purpose.
 */
export function ConflictPage({
  article,
  latest,
  theirChanges,
  yourChanges,
  values,
  csrfToken,
  actorId,
}: {
  article: Article;
  latest: Revision;
  theirChanges: ArticleDiff | undefined;
  yourChanges: ArticleDiff;
  values: FormValues;
  csrfToken: string;
  actorId: number;
}) {
  const self = latest.authorId === actorId;
  const hidden = Object.entries(values).filter(([k]) => !['_csrf', 'baseRevision', 'intent', 'body'].includes(k));
  return (
    <div class="conflict">
      <h1>
        {self
          ? 'You saved this article in another tab or window'
          : 'Someone else changed this article while you were editing'}
      </h1>
      <div class="notice notice-warning" role="alert">
        <p class="notice-title">Your changes have not been saved yet — and nothing is lost.</p>
        <p>
          {self ? 'You' : latest.authorName} saved revision {latest.number} at{' '}
          <DateText date={latest.createdAt} withTime />
          {latest.message ? <> (“{latest.message}”)</> : null}. Compare the two versions below, then either save your
          version anyway or copy your text and start again from theirs.
        </p>
      </div>

      <ConflictComparison
        theirChanges={theirChanges}
        yourChanges={yourChanges}
        theirsTitle="What they changed"
        yoursTitle="Your version compared with theirs"
      />

      <section aria-labelledby="resolve">
        <h2 id="resolve">Decide what to keep</h2>
        <form method="post" action={`/articles/${article.slug}`} novalidate>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="baseRevision" value={String(article.revision)} />
          {hidden.flatMap(([k, v]) =>
            (Array.isArray(v) ? v : [v]).map((one) => <input type="hidden" name={k} value={one} />),
          )}
          <div class="field">
            <label for="f-body">Your article text</label>
            <p class="hint" id="f-body-hint">
              Edit it here to merge in their changes, or copy it somewhere safe.
            </p>
            <textarea
              id="f-body"
              name="body"
              rows={18}
              class="monospace"
              maxlength={ARTICLE_LIMITS.body}
              aria-describedby="f-body-hint"
            >
              {typeof values.body === 'string' ? values.body : ''}
            </textarea>
          </div>
          <div class="form-actions">
            <button type="submit" name="intent" value="save">
              Save my version as the new revision
            </button>
            <a href={`/articles/${article.slug}/edit`}>Discard my version and edit theirs</a>
          </div>
        </form>
      </section>
    </div>
  );
}

/**
 * The two halves of any "someone saved first" page (an edit, a suggestion):
 * what the other person changed since you started, and your text against theirs.
 */
export function ConflictComparison(props: {
  theirChanges: ArticleDiff | undefined;
  yourChanges: ArticleDiff;
  theirsTitle: string;
  yoursTitle: string;
}) {
  return (
    <>
      <section aria-labelledby="their-changes">
        <h2 id="their-changes">{props.theirsTitle}</h2>
        {props.theirChanges ? (
          <ArticleChanges diff={props.theirChanges} />
        ) : (
          <p>The version you started from is no longer available.</p>
        )}
      </section>
      <section aria-labelledby="your-version">
        <h2 id="your-version">{props.yoursTitle}</h2>
        <ArticleChanges diff={props.yourChanges} />
      </section>
    </>
  );
}

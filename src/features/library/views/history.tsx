import type { SafeHtml } from '../../../platform/content/markdown';
import { Html } from '../../../platform/content/SafeHtml';
import { CsrfField, DateText, Notice } from '../../../platform/ui/components';
import { type ArticleDiff, DIFF_LIMITS, type DiffNote } from '../diff';
import type { Article, Revision } from '../library.models';
import type { RevisionSummary } from '../library.repository';
import { DiffRows } from './diff-rows';

export { DiffRows };

export function HistoryPage({
  article,
  revisions,
  canRevert,
  csrfToken,
}: {
  article: Article;
  revisions: RevisionSummary[];
  canRevert: boolean;
  csrfToken: string;
}) {
  const newest = revisions[0]?.number ?? article.revision;
  return (
    <>
      <h1>History of “{article.title}”</h1>
      <p class="lead">
        Every saved version, newest first. Choose two versions to compare, or open one to read it as it was.
      </p>
      <form method="get" action={`/articles/${article.slug}/diff`} class="history-form">
        <div class="table-wrap" role="region" aria-label="Revisions" tabindex={0}>
          <table class="data-table history">
            <caption class="visually-hidden">Revisions of {article.title}</caption>
            <thead>
              <tr>
                <th scope="col">Revision</th>
                <th scope="col">Compare from</th>
                <th scope="col">Compare to</th>
                <th scope="col">Saved</th>
                <th scope="col">By</th>
                <th scope="col">Change summary</th>
                {canRevert ? <th scope="col">Restore</th> : null}
              </tr>
            </thead>
            <tbody>
              {revisions.map((r, i) => (
                <tr>
                  <th scope="row">
                    <a href={`/articles/${article.slug}/revisions/${r.number}`}>Revision {r.number}</a>
                    {r.number === newest ? <span class="badge">Current</span> : null}
                  </th>
                  <td>
                    <input
                      type="radio"
                      name="from"
                      value={String(r.number)}
                      id={`from-${r.number}`}
                      checked={i === 1 || (revisions.length === 1 && i === 0)}
                    />
                    <label for={`from-${r.number}`} class="visually-hidden">
                      Compare from revision {r.number}
                    </label>
                  </td>
                  <td>
                    <input type="radio" name="to" value={String(r.number)} id={`to-${r.number}`} checked={i === 0} />
                    <label for={`to-${r.number}`} class="visually-hidden">
                      Compare to revision {r.number}
                    </label>
                  </td>
                  <td>
                    <DateText date={r.createdAt} withTime />
                  </td>
                  <td>{r.authorName}</td>
                  <td>
                    {r.message || <span class="muted">No summary</span>}
                    {r.revertedFrom ? <span class="muted"> (restored revision {r.revertedFrom})</span> : null}
                  </td>
                  {canRevert ? (
                    <td>
                      {r.number !== newest ? (
                        <button type="submit" form={`revert-${r.number}`} class="small secondary">
                          Restore revision {r.number}
                        </button>
                      ) : (
                        <span class="muted">Current</span>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {revisions.length > 1 ? <button type="submit">Compare selected revisions</button> : null}
      </form>
      {canRevert
        ? revisions
            .filter((r) => r.number !== newest)
            .map((r) => (
              <form
                method="post"
                action={`/articles/${article.slug}/revert`}
                id={`revert-${r.number}`}
                class="hidden-form"
              >
                <CsrfField token={csrfToken} />
                <input type="hidden" name="revision" value={String(r.number)} />
                <input type="hidden" name="baseRevision" value={String(article.revision)} />
              </form>
            ))
        : null}
      <p>
        <a href={`/articles/${article.slug}`}>Back to the article</a>
      </p>
    </>
  );
}

export function RevisionPage({ article, revision, html }: { article: Article; revision: Revision; html: SafeHtml }) {
  const isCurrent = revision.number === article.revision;
  return (
    <article class="article" aria-labelledby="article-title">
      <Notice
        kind={isCurrent ? 'info' : 'warning'}
        title={isCurrent ? 'This is the current revision' : 'You are reading an old revision'}
      >
        <p>
          Revision {revision.number}, saved <DateText date={revision.createdAt} withTime /> by {revision.authorName}
          {revision.message ? <>: “{revision.message}”</> : null}.{' '}
          {isCurrent ? null : (
            <>
              <a href={`/articles/${article.slug}`}>Read the current version</a> or{' '}
              <a href={`/articles/${article.slug}/diff?from=${revision.number}&to=${article.revision}`}>
                see what has changed since
              </a>
              .
            </>
          )}
        </p>
      </Notice>
      <h1 id="article-title">{revision.title}</h1>
      <p class="lead">{revision.summary}</p>
      <div class="prose">
        <Html html={html} />
      </div>
      <p>
        <a href={`/articles/${article.slug}/history`}>Back to the history</a>
      </p>
    </article>
  );
}

export function FieldChanges({ diff }: { diff: ArticleDiff }) {
  if (diff.fields.length === 0) return null;
  return (
    <div class="table-wrap" role="region" aria-label="Other changes" tabindex={0}>
      <table class="data-table field-changes">
        <caption>Other changes</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {diff.fields.map((f) => (
            <tr>
              <th scope="row">{f.label}</th>
              <td class="pre-wrap">
                <del>{f.before || '(empty)'}</del>
              </td>
              <td class="pre-wrap">
                <ins>{f.after || '(empty)'}</ins>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DiffPage({
  article,
  from,
  to,
  diff,
}: {
  article: Article;
  from: Revision;
  to: Revision;
  diff: ArticleDiff & { rowsHtml?: SafeHtml };
}) {
  return (
    <>
      <h1>Changes to “{article.title}”</h1>
      <p class="lead">
        From <a href={`/articles/${article.slug}/revisions/${from.number}`}>revision {from.number}</a> (
        <DateText date={from.createdAt} />, {from.authorName}) to{' '}
        <a href={`/articles/${article.slug}/revisions/${to.number}`}>revision {to.number}</a> (
        <DateText date={to.createdAt} />, {to.authorName}).
      </p>
      <DiffSummary diff={diff} />
      <FieldChanges diff={diff} />
      <h2>Article text</h2>
      <BodyChanges diff={diff} beforeLabel={`Revision ${from.number}`} afterLabel={`revision ${to.number}`} />
      <p>
        <a href={`/articles/${article.slug}/history`}>Back to the history</a>
      </p>
    </>
  );
}

/** How much differs, announced to screen readers when the comparison appears. */
export function DiffSummary({ diff }: { diff: ArticleDiff }) {
  const lines = (n: number) => `${n} ${n === 1 ? 'line' : 'lines'}`;
  const fields = diff.fields.length
    ? `, and ${diff.fields.length} other ${diff.fields.length === 1 ? 'field' : 'fields'} changed`
    : '';
  return (
    <p role="status">
      {lines(diff.added)} added or changed, {lines(diff.removed)} removed or changed{fields}.
    </p>
  );
}

/** A comparison of two versions of an article: the fields that differ, then the text line by line. */
export function ArticleChanges({ diff }: { diff: ArticleDiff }) {
  return (
    <>
      <FieldChanges diff={diff} />
      <BodyChanges diff={diff} />
    </>
  );
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function noteText(note: DiffNote, beforeLabel: string, afterLabel: string): string {
  switch (note.kind) {
    case 'whole-lines': {
      const reasons = [
        note.long
          ? `${count(note.long, 'line is', 'lines are')} longer than ${DIFF_LIMITS.wordLineChars.toLocaleString('en')} characters`
          : '',
        note.overBudget
          ? `${count(note.overBudget, 'line', 'lines')} came after the comparison reached its limit for word-by-word detail`
          : '',
      ].filter(Boolean);
      return `Some edited lines are shown whole, as removed and added, without the changed words marked: ${reasons.join('; ')}.`;
    }
    case 'unique-lines':
      return 'The revisions differ in too many places for an exact line-by-line comparison, so lines were matched where each appears once in both revisions. A few unchanged lines may be shown as removed and added.';
    case 'sizes-only':
      return `The revisions are too different to compare line by line. ${beforeLabel} has ${count(note.before.lines, 'line')} (${count(note.before.chars, 'character')}); ${afterLabel} has ${count(note.after.lines, 'line')} (${count(note.after.chars, 'character')}).`;
  }
}

/** The text's changes, with a note when limits made the comparison simpler than usual (and why). */
export function BodyChanges({
  diff,
  beforeLabel = 'The earlier version',
  afterLabel = 'the later version',
}: {
  /** With `rowsHtml`, the rows were rendered already (by a worker thread, see diff-task.tsx). */
  diff: ArticleDiff & { rowsHtml?: SafeHtml };
  beforeLabel?: string;
  afterLabel?: string;
}) {
  const notes = diff.notes ?? [];
  const sizesOnly = notes.some((n) => n.kind === 'sizes-only');
  return (
    <>
      {notes.length ? (
        <Notice kind="info" title="This comparison was simplified">
          {notes.map((note) => (
            <p>{noteText(note, beforeLabel, afterLabel)}</p>
          ))}
          <p>Each revision can also be read in full from the history.</p>
        </Notice>
      ) : null}
      {sizesOnly ? null : diff.rowsHtml !== undefined ? <Html html={diff.rowsHtml} /> : <DiffRows rows={diff.body} />}
    </>
  );
}

import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice, TextArea } from '../../../platform/ui/components';
import {
  ARTICLE_LIMITS,
  ArticleChanges,
  type ArticleDiff,
  ConflictComparison,
  DiffSummary,
  type Revision,
} from '../../library';
import { GROUP_LIMITS } from '../groups.models';
import type { Comment, Suggestion } from '../suggestions.repository';
import { PersonLink } from './parts';

export const SUGGESTION_STATUS_LABELS: Record<Suggestion['status'], string> = {
  pending: 'Waiting for a reviewer',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

export interface SuggestionActions {
  approve: boolean;
  /** Why approval is not offered to a steward, in words. */
  approveBlocked?: string | undefined;
  decide: boolean;
  change: boolean;
}

function Decided({ s }: { s: Suggestion }) {
  if (s.status === 'pending') return null;
  if (s.status === 'approved') {
    return (
      <Notice kind="success" title="Approved">
        <p>
          {s.deciderName ?? 'A steward'} approved this suggestion
          {s.decidedAt ? (
            <>
              {' '}
              on <DateText date={s.decidedAt} withTime />
            </>
          ) : null}
          . It became{' '}
          <a href={`/articles/${s.articleSlug}/revisions/${s.resultingRevision}`}>revision {s.resultingRevision}</a>,
          credited to {s.proposerName}; see the <a href={`/articles/${s.articleSlug}/history`}>history</a>.
        </p>
      </Notice>
    );
  }
  const title = SUGGESTION_STATUS_LABELS[s.status];
  return (
    <Notice kind={s.status === 'changes_requested' ? 'info' : 'warning'} title={title}>
      <p>
        {s.status === 'withdrawn'
          ? `${s.proposerName} withdrew it`
          : `${s.deciderName ?? 'A steward'} ${s.status === 'declined' ? 'declined it' : 'asked for changes'}`}
        {s.decidedAt ? (
          <>
            {' '}
            on <DateText date={s.decidedAt} withTime />
          </>
        ) : null}
        {s.decisionNote ? <>: “{s.decisionNote}”</> : '.'}
      </p>
    </Notice>
  );
}

export function SuggestionPage({
  s,
  diff,
  since,
  latestRevision,
  comments,
  can,
  values,
  errors,
  alert,
  csrfToken,
  notice,
  reviewers,
}: {
  /** Who decides: the maintaining group's stewards (and editors from a date), or, when undefined, the hub's editors. */
  reviewers?: { groupName: string; groupSlug: string; editorsFrom: Date | undefined; editorsNow: boolean } | undefined;
  s: Suggestion;
  diff: ArticleDiff;
  /** What changed in the article since the suggestion's base revision (a conflict), if anything. */
  since: ArticleDiff | undefined;
  latestRevision: number;
  comments: Comment[];
  can: SuggestionActions;
  values: FormValues;
  errors?: FieldErrors | undefined;
  /** Shown at the top when the last action could not be done (e.g. someone decided first). */
  alert?: string | undefined;
  csrfToken: string;
  notice?: string | undefined;
}) {
  const open = s.status === 'pending' || s.status === 'changes_requested';
  return (
    <>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {alert ? (
        <div class="error-summary" role="alert" aria-labelledby="alert-title">
          <h2 id="alert-title">Nothing was changed</h2>
          <p>{alert}</p>
        </div>
      ) : null}
      <h1>
        Suggested edit to “<a href={`/articles/${s.articleSlug}`}>{s.articleTitle}</a>”
      </h1>
      <p class="meta">
        <span class="badge">{SUGGESTION_STATUS_LABELS[s.status]}</span> Suggested by{' '}
        <PersonLink username={s.proposerUsername} name={s.proposerName} /> on <DateText date={s.createdAt} withTime />,
        written against revision {s.baseRevision}.
      </p>
      <p class="lead">Change summary: {s.message}</p>
      {open ? (
        <p class="meta reviewers">
          {reviewers ? (
            <>
              Decided by the stewards of <a href={`/groups/${reviewers.groupSlug}`}>{reviewers.groupName}</a>
              {reviewers.editorsFrom ? (
                <>
                  {reviewers.editorsNow
                    ? '; the hub’s editors may decide too since '
                    : ', or by the hub’s editors from '}
                  <DateText date={reviewers.editorsFrom} />
                </>
              ) : (
                ' (it has no steward in office, so the hub’s editors decide)'
              )}
              .
            </>
          ) : (
            'No group maintains this page: the hub’s editors decide, from their review queue.'
          )}
        </p>
      ) : null}
      <Decided s={s} />
      {since && open ? (
        <Notice kind="warning" title="The article has changed since this suggestion was written">
          <p>
            It is now at revision {latestRevision}. Approving would overwrite the newer text, so approval waits until{' '}
            {s.proposerName} updates the suggestion. The changes since revision {s.baseRevision}:
          </p>
          <ArticleChanges diff={since} />
        </Notice>
      ) : null}
      <section aria-labelledby="changes-title">
        <h2 id="changes-title">The suggested changes</h2>
        <DiffSummary diff={diff} />
        <ArticleChanges diff={diff} />
      </section>
      {comments.length ? (
        <section aria-labelledby="comments-title">
          <h2 id="comments-title">Comments</h2>
          <ul class="comments">
            {comments.map((cm) => (
              <li>
                <p class="meta">
                  <PersonLink username={cm.authorUsername} name={cm.authorName} />,{' '}
                  <DateText date={cm.createdAt} withTime />
                </p>
                <p class="pre-wrap">{cm.body}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {open && can.decide ? (
        <section aria-labelledby="decide-title" class="narrow">
          <h2 id="decide-title">Decide</h2>
          <ErrorSummary errors={errors} labels={{ note: 'Note', comment: 'What should change', reason: 'Reason' }} />
          {can.approve && !since ? (
            <form method="post" action={`/suggestions/${s.id}/approve`} novalidate>
              <CsrfField token={csrfToken} />
              <TextArea
                name="note"
                label="Note"
                rows={2}
                maxLength={GROUP_LIMITS.comment}
                errors={errors}
                values={values}
                hint="Shown to the proposer."
              />
              <button type="submit">Approve and publish</button>
            </form>
          ) : (
            <p class="muted">{since ? 'Approval waits for an updated suggestion (see above).' : can.approveBlocked}</p>
          )}
          <form method="post" action={`/suggestions/${s.id}/request-changes`} novalidate>
            <CsrfField token={csrfToken} />
            <TextArea
              name="comment"
              label="What should change"
              required
              rows={3}
              maxLength={GROUP_LIMITS.comment}
              errors={errors}
              values={values}
            />
            <button type="submit" class="secondary">
              Ask for changes
            </button>
          </form>
          <form method="post" action={`/suggestions/${s.id}/decline`} novalidate>
            <CsrfField token={csrfToken} />
            <TextArea
              name="reason"
              label="Reason"
              required
              rows={3}
              maxLength={GROUP_LIMITS.reason}
              errors={errors}
              values={values}
              hint="Why the page should stay as it is."
            />
            <button type="submit" class="secondary">
              Decline
            </button>
          </form>
        </section>
      ) : null}
      {open && can.change ? (
        <ul class="actions" aria-label="Your suggestion">
          <li>
            <a class="button" href={`/suggestions/${s.id}/edit`}>
              Update the suggestion
            </a>
          </li>
          <li>
            <form method="post" action={`/suggestions/${s.id}/withdraw`} class="inline-form">
              <CsrfField token={csrfToken} />
              <button type="submit" class="secondary">
                Withdraw it
              </button>
            </form>
          </li>
        </ul>
      ) : null}
    </>
  );
}

/** The article changed while the suggestion was being written: nothing is lost, the proposer decides. */
export function SuggestionConflictPage({
  action,
  title,
  latest,
  theirChanges,
  yourChanges,
  values,
  csrfToken,
}: {
  action: string;
  title: string;
  latest: Revision;
  theirChanges: ArticleDiff | undefined;
  yourChanges: ArticleDiff;
  values: FormValues;
  csrfToken: string;
}) {
  const hidden = Object.entries(values).filter(([k]) => !['_csrf', 'baseRevision', 'intent', 'body'].includes(k));
  return (
    <div class="conflict">
      <h1>“{title}” changed while you were writing your suggestion</h1>
      <div class="notice notice-warning" role="alert">
        <p class="notice-title">Your suggestion has not been sent yet — and nothing is lost.</p>
        <p>
          {latest.authorName} saved revision {latest.number} at <DateText date={latest.createdAt} withTime />. Compare,
          then send your suggestion on top of the new revision (keep their changes in your text), or copy your text and
          start again.
        </p>
      </div>
      <ConflictComparison
        theirChanges={theirChanges}
        yourChanges={yourChanges}
        theirsTitle="What changed in the article"
        yoursTitle="Your version compared with the current article"
      />
      <section aria-labelledby="resolve">
        <h2 id="resolve">Send it on top of revision {latest.number}</h2>
        <form method="post" action={action} novalidate>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="baseRevision" value={String(latest.number)} />
          {hidden.flatMap(([k, v]) =>
            (Array.isArray(v) ? v : [v]).map((one) => <input type="hidden" name={k} value={one} />),
          )}
          <div class="field">
            <label for="f-body">Your article text</label>
            <p class="hint" id="f-body-hint">
              Merge their changes in here before sending.
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
              Send my suggestion
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}

export function MySuggestionsPage({
  mine,
  waiting,
  hubQueue,
  fallbackDays,
}: {
  mine: Suggestion[];
  waiting: Array<{ group: { slug: string; name: string }; items: Suggestion[] }>;
  /** For editors: suggestions on pages no group maintains, and those stewards have left waiting. */
  hubQueue?: Suggestion[] | undefined;
  fallbackDays: number;
}) {
  return (
    <>
      <h1>Suggested edits</h1>
      {hubQueue ? (
        <section aria-labelledby="hub-queue-title">
          <h2 id="hub-queue-title">Hub review queue</h2>
          <p class="hint">
            Suggestions to pages no group maintains, to pages whose group has no steward, and those a group’s stewards
            have not decided within {fallbackDays} days. Any editor may decide on them.
          </p>
          <SuggestionList items={hubQueue} />
        </section>
      ) : null}
      {waiting.map((w) => (
        <section aria-labelledby={`waiting-${w.group.slug}`}>
          <h2 id={`waiting-${w.group.slug}`}>Waiting for {w.group.name}</h2>
          <SuggestionList items={w.items} />
        </section>
      ))}
      <section aria-labelledby="mine-title">
        <h2 id="mine-title">Your suggestions</h2>
        <SuggestionList items={mine} />
      </section>
    </>
  );
}

function SuggestionList({ items }: { items: Suggestion[] }) {
  if (items.length === 0) return <p class="empty">None.</p>;
  return (
    <ul>
      {items.map((s) => (
        <li>
          <a href={`/suggestions/${s.id}`}>
            {s.articleTitle}: {s.message}
          </a>{' '}
          <span class="muted">
            — {SUGGESTION_STATUS_LABELS[s.status]}, by {s.proposerName}, <DateText date={s.updatedAt} />
          </span>
        </li>
      ))}
    </ul>
  );
}

import type { Article } from '../../library';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice, Select, TextArea } from '../../../platform/ui/components';
import { GROUP_LIMITS, REVIEW_INTERVAL } from '../groups.models';
import type { MaintainedArticle, StewardshipInfo } from '../stewardship.repository';
import type { Suggestion } from '../suggestions.repository';
import type { Claim } from '../claims.repository';
import { GroupClaims } from './claims';
import { DateField, PageReviewCells, PersonLink, ReviewStatus } from './parts';

export function StewardshipPage({
  article,
  current,
  groups,
  values,
  errors,
  canRelease,
  needsApproval = false,
  csrfToken,
}: {
  article: Article;
  current: StewardshipInfo | undefined;
  /** Choosing a group sends a request: an editor (or the page's author) approves it. */
  needsApproval?: boolean;
  /** Groups this person may choose. */
  groups: Array<{ id: number; name: string }>;
  values: FormValues;
  errors?: FieldErrors | undefined;
  canRelease: boolean;
  csrfToken: string;
}) {
  return (
    <div class="narrow">
      <h1>Who maintains “{article.title}”</h1>
      {current ? (
        <p class="lead">
          <a href={`/groups/${current.groupSlug}`}>{current.groupName}</a> maintains this page and reviews it every{' '}
          {current.reviewIntervalMonths} months. To move it to another group, its owners hand it over from the group’s
          page.
        </p>
      ) : (
        <p class="lead">
          A maintaining group reviews the page on a regular cycle: readers see who looks after it and when it was last
          checked, and the group’s stewards can edit it directly.
        </p>
      )}
      {needsApproval ? (
        <Notice title="This sends a request">
          <p>
            {article.origin === 'member'
              ? 'Someone else wrote this page, so its author or an editor approves the request.'
              : 'This page is part of the hub’s own content, so an editor approves the request.'}{' '}
            Until then the group has no rights on the page; you are notified of the decision.
          </p>
        </Notice>
      ) : null}
      <ErrorSummary
        errors={errors}
        labels={{ groupId: 'Group', intervalMonths: 'Review every', lastReviewedOn: 'Last reviewed on' }}
      />
      <form method="post" action={`/articles/${article.slug}/stewardship`} novalidate>
        <CsrfField token={csrfToken} />
        {current ? (
          <input type="hidden" name="groupId" value={String(current.groupId)} />
        ) : (
          <Select
            name="groupId"
            label="Group"
            required
            blank="Choose a group"
            options={groups.map((g) => ({ value: String(g.id), label: g.name }))}
            errors={errors}
            values={values}
            hint="Groups where you are a steward or an owner."
          />
        )}
        <div class={errors?.intervalMonths ? 'field has-error' : 'field'}>
          <label for="f-intervalMonths">Review every (months)</label>
          <p class="hint" id="f-intervalMonths-hint">
            Between {REVIEW_INTERVAL.min} and {REVIEW_INTERVAL.max}. Twelve suits most pages; fast-changing ones may
            want six.
          </p>
          {errors?.intervalMonths ? (
            <p class="field-error" id="f-intervalMonths-error">
              <span class="visually-hidden">Error: </span>
              {errors.intervalMonths}
            </p>
          ) : null}
          <input
            type="number"
            id="f-intervalMonths"
            name="intervalMonths"
            min={REVIEW_INTERVAL.min}
            max={REVIEW_INTERVAL.max}
            required
            value={typeof values.intervalMonths === 'string' ? values.intervalMonths : String(REVIEW_INTERVAL.default)}
            aria-describedby={
              errors?.intervalMonths ? 'f-intervalMonths-hint f-intervalMonths-error' : 'f-intervalMonths-hint'
            }
            aria-invalid={errors?.intervalMonths ? 'true' : undefined}
          />
        </div>
        {current ? null : (
          <DateField
            id="f-lastReviewedOn"
            name="lastReviewedOn"
            label="Last reviewed on"
            value={typeof values.lastReviewedOn === 'string' ? values.lastReviewedOn : ''}
            error={errors?.lastReviewedOn}
            hint="If the group already checked this page (for example on an older wiki), the review cycle starts from that date."
          />
        )}
        <div class="form-actions">
          <button type="submit">
            {current ? 'Save the review interval' : needsApproval ? 'Ask to maintain this page' : 'Maintain this page'}
          </button>
          <a href={`/articles/${article.slug}`}>Back to the article</a>
        </div>
      </form>
      {current && canRelease ? (
        <section aria-labelledby="release-title">
          <h2 id="release-title">Stop maintaining this page</h2>
          <p>The page stays as it is; it simply no longer shows a maintaining group or a review date.</p>
          <form method="post" action={`/articles/${article.slug}/stewardship/release`} class="inline-form">
            <CsrfField token={csrfToken} />
            <button type="submit" class="secondary">
              Stop maintaining it
            </button>
          </form>
        </section>
      ) : null}
    </div>
  );
}

export function ReviewPage({
  article,
  current,
  now,
  values,
  errors,
  next,
  csrfToken,
}: {
  article: Article;
  current: StewardshipInfo;
  now: Date;
  values: FormValues;
  errors?: FieldErrors | undefined;
  next: string;
  csrfToken: string;
}) {
  return (
    <div class="narrow">
      <h1>Review “{article.title}”</h1>
      <p class="lead">
        Read the page as it is now. If it is still right, mark it reviewed: the date and your name are shown to readers,
        and the next review falls due in {current.reviewIntervalMonths} months. If it needs changes,{' '}
        <a href={`/articles/${article.slug}/edit`}>edit it</a> first.
      </p>
      <p>
        Status: <ReviewStatus due={current.nextReviewDue} now={now} lastReviewedAt={current.lastReviewedAt} />
        {current.lastReviewedAt ? (
          <>
            {' '}
            (last reviewed by <PersonLink username={current.reviewerUsername} name={current.reviewerName} />
            {current.reviewNote ? `: “${current.reviewNote}”` : ''})
          </>
        ) : null}
      </p>
      <ErrorSummary errors={errors} labels={{ note: 'Review note' }} />
      <form method="post" action={`/articles/${article.slug}/review`} novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="next" value={next} />
        <TextArea
          name="note"
          label="Review note"
          rows={3}
          maxLength={GROUP_LIMITS.reviewNote}
          errors={errors}
          values={values}
          hint="What you checked, e.g. “Checked the fee tables against the 2026 schedule.”"
        />
        <div class="form-actions">
          <button type="submit">Mark reviewed</button>
          <a href={`/articles/${article.slug}`}>Back to the article</a>
        </div>
      </form>
    </div>
  );
}

export function ReviewQueuePage({
  group,
  queue,
  suggestions,
  claims = [],
  now,
  csrfToken,
  notice,
}: {
  group: { slug: string; name: string };
  queue: MaintainedArticle[];
  suggestions: Suggestion[];
  /** The group's requests to maintain pages, open ones first. */
  claims?: Claim[];
  now: Date;
  csrfToken: string;
  notice?: string | undefined;
}) {
  const back = `/groups/${group.slug}/reviews`;
  return (
    <>
      <h1>Review queue: {group.name}</h1>
      <p class="lead">Pages that are overdue or due within 30 days, and suggested edits waiting for a steward.</p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <section aria-labelledby="due-title">
        <h2 id="due-title">Pages to review ({queue.length})</h2>
        {queue.length === 0 ? (
          <p class="empty">Nothing is due. Every page the group maintains has been reviewed on time.</p>
        ) : (
          <div class="table-wrap" role="region" aria-label="Pages due for review" tabindex={0}>
            <table class="data-table">
              <caption class="visually-hidden">Pages due for review, soonest first</caption>
              <thead>
                <tr>
                  <th scope="col">Page</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last reviewed</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((m) => (
                  <tr>
                    <PageReviewCells page={m} now={now} />
                    <td>
                      {m.lastReviewedAt ? (
                        <>
                          <DateText date={m.lastReviewedAt} /> by {m.reviewerName ?? 'a former member'}
                        </>
                      ) : (
                        <span class="muted">Never</span>
                      )}
                    </td>
                    <td>
                      <form method="post" action={`/articles/${m.slug}/review`} class="inline-form">
                        <CsrfField token={csrfToken} />
                        <input type="hidden" name="next" value={back} />
                        <button type="submit" class="small">
                          Mark reviewed<span class="visually-hidden"> “{m.title}”</span>
                        </button>
                      </form>{' '}
                      <a href={`/articles/${m.slug}/review`}>
                        With a note<span class="visually-hidden"> about “{m.title}”</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="suggestions-title" id="suggestions">
        <h2 id="suggestions-title">Suggested edits waiting ({suggestions.length})</h2>
        {suggestions.length === 0 ? (
          <p class="empty">No suggestions are waiting.</p>
        ) : (
          <ul>
            {suggestions.map((s) => (
              <li>
                <a href={`/suggestions/${s.id}`}>
                  {s.articleTitle}: {s.message}
                </a>{' '}
                <span class="muted">
                  by {s.proposerName}, <DateText date={s.createdAt} />
                  {s.status === 'changes_requested' ? ' · changes requested' : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <GroupClaims claims={claims} />
      <p>
        <a href={`/groups/${group.slug}`}>Back to {group.name}</a>
      </p>
    </>
  );
}

import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice, TextArea } from '../../../platform/ui/components';
import type { Claim, ClaimStatus } from '../claims.repository';
import { GROUP_LIMITS } from '../groups.models';

export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  pending: 'Waiting for approval',
  approved: 'Approved',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  superseded: 'Closed: another group maintains the page',
};

/** Who decides, in words: readers of the request should know whom they are waiting for. */
export function approverText(claim: Pick<Claim, 'articleOrigin' | 'articleAuthorName'>): string {
  return claim.articleOrigin === 'member' && claim.articleAuthorName
    ? `${claim.articleAuthorName} (who wrote the page) or an editor`
    : 'an editor (the page is part of the hub’s own content)';
}

/** The queue of requests to maintain pages: every open one for editors, those on their own pages for authors. */
export function ClaimsQueuePage({
  claims,
  isEditor,
  csrfToken,
  notice,
}: {
  claims: Claim[];
  isEditor: boolean;
  csrfToken: string;
  notice?: string | undefined;
}) {
  return (
    <>
      <h1>Requests to maintain pages</h1>
      <p class="lead">
        A group that wants to maintain a page no group maintains asks first. Until the request is approved, the group
        has no rights on the page.{' '}
        {isEditor
          ? 'As an editor you decide on every request; authors also decide on requests for pages they wrote.'
          : 'You decide on requests for pages you wrote; editors can decide too.'}
      </p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {claims.length === 0 ? (
        <p class="empty">No requests are waiting for you.</p>
      ) : (
        <div class="table-wrap" role="region" aria-label="Requests waiting for a decision" tabindex={0}>
          <table class="data-table">
            <caption class="visually-hidden">Requests waiting for a decision, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Page</th>
                <th scope="col">Group</th>
                <th scope="col">Asked</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {claims.map((c) => (
                <tr>
                  <th scope="row">
                    <a href={`/articles/${c.articleSlug}`}>{c.articleTitle}</a>
                  </th>
                  <td>
                    <a href={`/groups/${c.groupSlug}`}>{c.groupName}</a>
                  </td>
                  <td>
                    by {c.requesterName}, <DateText date={c.createdAt} />
                  </td>
                  <td>
                    <form method="post" action={`/stewardship/claims/${c.id}/approve`} class="inline-form">
                      <CsrfField token={csrfToken} />
                      <input type="hidden" name="next" value="queue" />
                      <button type="submit" class="small">
                        Approve
                        <span class="visually-hidden">
                          {' '}
                          {c.groupName} for “{c.articleTitle}”
                        </span>
                      </button>
                    </form>{' '}
                    <a href={`/stewardship/claims/${c.id}`}>
                      Details or decline<span class="visually-hidden"> for “{c.articleTitle}”</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ClaimPage({
  claim,
  can,
  values,
  errors,
  csrfToken,
  notice,
}: {
  claim: Claim;
  can: { decide: boolean; withdraw: boolean };
  values: FormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string;
  notice?: string | undefined;
}) {
  const open = claim.status === 'pending';
  return (
    <div class="narrow">
      <h1>
        {claim.groupName} asks to maintain “{claim.articleTitle}”
      </h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p>
        Status: <strong>{CLAIM_STATUS_LABELS[claim.status]}</strong>. Asked by {claim.requesterName} on{' '}
        <DateText date={claim.createdAt} />
        {claim.decidedAt ? (
          <>
            ; decided on <DateText date={claim.decidedAt} />
            {claim.deciderName ? ` by ${claim.deciderName}` : ''}
          </>
        ) : null}
        .
      </p>
      {claim.decisionNote ? <p>Note: “{claim.decisionNote}”</p> : null}
      <p>
        If approved, <a href={`/groups/${claim.groupSlug}`}>{claim.groupName}</a> maintains{' '}
        <a href={`/articles/${claim.articleSlug}`}>the page</a>: readers see the group’s name and review date, its
        stewards can edit the page directly, and they review it every {claim.reviewIntervalMonths} months
        {claim.lastReviewedOn ? `, starting from a review on ${claim.lastReviewedOn}` : ''}.
      </p>
      {open ? <p>Who decides: {approverText(claim)}.</p> : null}
      {open && can.decide ? (
        <section aria-labelledby="decide-title">
          <h2 id="decide-title">Your decision</h2>
          <ErrorSummary errors={errors} labels={{ note: 'Note to the group' }} />
          <form method="post" action={`/stewardship/claims/${claim.id}/approve`} novalidate>
            <CsrfField token={csrfToken} />
            <TextArea
              name="note"
              label="Note to the group"
              rows={3}
              maxLength={GROUP_LIMITS.comment}
              errors={errors}
              values={values}
              hint="Optional. The group is told your decision and this note."
            />
            <div class="form-actions">
              <button type="submit">Approve</button>
              <button type="submit" class="secondary" formaction={`/stewardship/claims/${claim.id}/decline`}>
                Decline
              </button>
            </div>
          </form>
        </section>
      ) : null}
      {open && can.withdraw ? (
        <form method="post" action={`/stewardship/claims/${claim.id}/withdraw`} class="inline-form">
          <CsrfField token={csrfToken} />
          <button type="submit" class="secondary">
            Withdraw the request
          </button>
        </form>
      ) : null}
      <p>
        <a href="/stewardship/claims">All requests waiting for you</a>
      </p>
    </div>
  );
}

/** A group's own requests, on its review queue: what is still waiting and what was decided. */
export function GroupClaims({ claims }: { claims: Claim[] }) {
  return (
    <section aria-labelledby="claims-title" id="claims">
      <h2 id="claims-title">
        Requests to maintain pages ({claims.filter((c) => c.status === 'pending').length} waiting)
      </h2>
      {claims.length === 0 ? (
        <p class="empty">The group has not asked to maintain any page.</p>
      ) : (
        <ul>
          {claims.map((c) => (
            <li>
              <a href={`/stewardship/claims/${c.id}`}>{c.articleTitle}</a>{' '}
              <span class="muted">
                — {CLAIM_STATUS_LABELS[c.status]}, asked <DateText date={c.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

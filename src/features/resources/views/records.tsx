import type { FieldErrors } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice, TextArea, TextField } from '../../../platform/ui/components';
import { RECORD_LIMITS, type RecordKind, type RecordRevision } from '../resources.records';

const STATUS_LABELS: Record<RecordRevision['status'], string> = {
  applied: 'Published',
  pending: 'Waiting for review',
  rejected: 'Rejected',
};

/** How the record is kept, and for the maintaining group's stewards and editors: reviews and waiting changes. */
export function RecordUpkeep(props: {
  href: string;
  notice?: string | undefined;
  maintainer: { name: string; url: string } | null;
  reviewDue: string | null;
  reviewOverdue: boolean;
  pending: RecordRevision[];
  can: { edit: boolean; decide: boolean };
  csrfToken: string;
}) {
  return (
    <section aria-labelledby="upkeep-title" class="record-upkeep">
      <h2 id="upkeep-title">Keeping this record</h2>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        Community-maintained
        {props.maintainer ? (
          <>
            {' '}
            by <a href={props.maintainer.url}>{props.maintainer.name}</a>
          </>
        ) : null}
        .{' '}
        {props.reviewDue ? (
          <>
            {props.reviewOverdue ? 'Review was due' : 'Next review due'}{' '}
            <time datetime={props.reviewDue}>{props.reviewDue}</time>.
          </>
        ) : null}
      </p>
      <ul class="actions">
        {props.can.edit ? (
          <li>
            <a href={`${props.href}/edit`}>Correct this record</a>
          </li>
        ) : null}
        <li>
          <a href={`${props.href}/history`}>History of changes</a>
        </li>
      </ul>
      {props.can.decide ? (
        <>
          <form method="post" action={`${props.href}/reviewed`}>
            <CsrfField token={props.csrfToken} />
            <button type="submit">Record a review: every detail checked</button>
          </form>
          <h3>Changes waiting for review</h3>
          {props.pending.length ? (
            <ul>
              {props.pending.map((r) => (
                <li>
                  {r.reviewReason} {r.note ? <>Note: “{r.note}”.</> : null}{' '}
                  <form method="post" action={`${props.href}/changes/${r.id}`} class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <button type="submit" name="decision" value="apply">
                      Apply change {r.id}
                    </button>{' '}
                    <button type="submit" name="decision" value="reject">
                      Reject change {r.id}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          ) : (
            <p>None.</p>
          )}
        </>
      ) : null}
    </section>
  );
}

export function RecordEditView(props: {
  kind: RecordKind;
  title: string;
  href: string;
  revision: number;
  content: string;
  note: string;
  errors?: FieldErrors | undefined;
  csrfToken: string;
}) {
  const values = { content: props.content, note: props.note };
  const what = props.kind === 'resource' ? 'entry' : 'country’s lender records';
  const hint =
    props.kind === 'resource'
      ? 'Keep the address (url) of the resource itself; set last_checked (YYYY-MM-DD) to the day you checked the entry against it.'
      : 'Every lender names its sources (web addresses); set last_verified (YYYY-MM-DD) to the day you checked the record against them. Write “not verified” for a detail you could not check.';
  return (
    <article>
      <h1>Correct {props.title}</h1>
      <p>
        The {what} is kept as YAML, checked by the same rules as the hub’s starter content. A change that removes a
        source (a web address) waits for the maintaining group’s review; other changes show at once.
      </p>
      <form method="post" action={`${props.href}/edit`}>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="revision" value={String(props.revision)} />
        <ErrorSummary errors={props.errors} />
        <TextArea
          name="content"
          label="Record (YAML)"
          hint={hint}
          required
          rows={30}
          maxLength={RECORD_LIMITS.yamlChars}
          values={values}
          errors={props.errors}
          class="code"
        />
        <TextField
          name="note"
          label="What you changed and why"
          maxLength={RECORD_LIMITS.noteChars}
          values={values}
          errors={props.errors}
        />
        <button type="submit">Save change</button>
      </form>
      <p>
        <a href={props.href}>Back without saving</a>
      </p>
    </article>
  );
}

export function RecordHistoryView(props: {
  title: string;
  href: string;
  revisions: Array<RecordRevision & { authorName: string | null }>;
}) {
  return (
    <article>
      <h1>History of {props.title}</h1>
      {props.revisions.length === 0 ? (
        <p class="empty">No changes since the record was loaded from the hub’s starter content.</p>
      ) : (
        <ol class="article-list" reversed>
          {props.revisions.map((r) => (
            <li>
              <p>
                <strong>{STATUS_LABELS[r.status]}</strong>: change {r.id} by {r.authorName ?? 'a former member'},{' '}
                <DateText date={r.createdAt} withTime />.
              </p>
              {r.note ? <p>“{r.note}”</p> : null}
              {r.reviewReason ? <p class="meta break-anywhere">{r.reviewReason}</p> : null}
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href={props.href}>Back to the record</a>
      </p>
    </article>
  );
}

/** Records past their review date, for the content-health pages (the hub's, or one maintaining group's). */
export function RecordReviewsView(props: {
  records: Array<{ title: string; href: string; reviewDue: string | null; lastReviewedAt: Date | null }>;
  group: { slug: string; name: string } | undefined;
}) {
  const back = props.group ? `/groups/${props.group.slug}/health` : '/health';
  return (
    <>
      <h1>Resource and lender records past their review date{props.group ? `: ${props.group.name}` : ''}</h1>
      <p>
        {props.records.length.toLocaleString('en')} in {props.group ? 'what the group maintains' : 'the whole hub'}.
        Check each record against its sources, correct it, then record the review on its page.{' '}
        <a href={back}>Back to content health</a>
      </p>
      {props.records.length === 0 ? (
        <p class="empty">No record is past its review date.</p>
      ) : (
        <ul class="article-list">
          {props.records.map((r) => (
            <li>
              <a href={r.href}>{r.title}</a>
              <p class="meta">
                Review was due {r.reviewDue}
                {r.lastReviewedAt ? (
                  <>
                    ; last reviewed <DateText date={r.lastReviewedAt} />
                  </>
                ) : null}
                .
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

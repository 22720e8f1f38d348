import { DateText } from '../../../platform/ui/components';
import { GROUP_ROLE_LABELS, type GroupRole, REVIEW_STATE_LABELS, type ReviewState, reviewState } from '../groups.models';

/** A person's name linking to their profile (the people feature decides what the profile shows). */
export function PersonLink({ username, name }: { username: string | null | undefined; name: string | null | undefined }) {
  if (!username) return <>{name ?? 'a former member'}</>;
  return <a href={`/people/${encodeURIComponent(username)}`}>{name ?? username}</a>;
}

export function RoleBadge({ role }: { role: GroupRole }) {
  return <span class={`badge badge-role-${role}`}>{GROUP_ROLE_LABELS[role]}</span>;
}

/** Review status in words (never colour alone), with the date it is about. */
export function ReviewStatus({ due, now, lastReviewedAt }: { due: Date; now: Date; lastReviewedAt: Date | null }) {
  const state: ReviewState = reviewState(due, now);
  return (
    <span class={`review-status review-${state}`}>
      <span class="badge">{REVIEW_STATE_LABELS[state]}</span>{' '}
      {state === 'overdue' ? (
        <>
          due <DateText date={due} />
        </>
      ) : state === 'due-soon' ? (
        <>
          due <DateText date={due} />
        </>
      ) : lastReviewedAt ? (
        <>
          <DateText date={lastReviewedAt} />, next due <DateText date={due} />
        </>
      ) : (
        <>
          next due <DateText date={due} />
        </>
      )}
    </span>
  );
}

export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{message}</p>
    </div>
  );
}

/** An optional date (YYYY-MM-DD); browsers show a date picker, and typing works without one. */
export function DateField({ id, name, label, value, error, hint }: { id: string; name: string; label: string; value: string; error?: string | undefined; hint?: string }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>
        {label}
        <span class="optional"> (optional)</span>
      </label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <input type="date" id={id} name={name} value={value} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined} />
    </div>
  );
}

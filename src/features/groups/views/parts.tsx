import { TextField } from '../../../platform/ui/components';
import { DateText } from '../../../platform/ui/components';
import {
  GROUP_ROLE_LABELS,
  type GroupRole,
  REVIEW_STATE_LABELS,
  type ReviewState,
  reviewState,
} from '../groups.models';

/** A person's name linking to their profile (the people feature decides what the profile shows). */
export function PersonLink({
  username,
  name,
}: {
  username: string | null | undefined;
  name: string | null | undefined;
}) {
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
export function DateField({
  id,
  name,
  label,
  value,
  error,
  hint,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
}) {
  return (
    <TextField
      type="date"
      id={id}
      name={name}
      label={label}
      value={value}
      errors={error ? { [name]: error } : undefined}
      {...(hint ? { hint } : {})}
    />
  );
}

/** The first two cells of a row about a maintained page: the page, and where its review stands. */
export function PageReviewCells({
  page,
  now,
}: {
  page: { slug: string; title: string; nextReviewDue: Date; lastReviewedAt: Date | null };
  now: Date;
}) {
  return (
    <>
      <th scope="row">
        <a href={`/articles/${page.slug}`}>{page.title}</a>
      </th>
      <td>
        <ReviewStatus due={page.nextReviewDue} now={now} lastReviewedAt={page.lastReviewedAt} />
      </td>
    </>
  );
}

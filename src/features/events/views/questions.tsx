import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Select, TextArea } from '../../../platform/ui/components';
import { EVENT_LIMITS } from '../events.models';

export interface QuestionView {
  id: number;
  sessionId: number | null;
  authorName: string;
  body: string;
  createdAt: Date;
  votes: number;
  votedByReader: boolean;
  /** The reader may second it (a member, not its author, while questions are open). */
  canSecond: boolean;
  /** The reader may remove it: its author, the event's organisers, moderators. */
  canRemove: boolean;
  mine: boolean;
}

export interface QuestionsProps {
  eventId: number;
  /** The event's sessions, for the form's choice and to group the questions. */
  sessions: Array<{ id: number; title: string }>;
  questions: QuestionView[];
  /** Questions are taken (the event has not started, and is not cancelled). */
  open: boolean;
  cancelled: boolean;
  /** undefined: an anonymous reader; false: a signed-in reader who may not ask (a reader role). */
  canAsk: boolean | undefined;
  csrfToken: string;
  form?: { values: FormValues; errors: FieldErrors } | undefined;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function Question(props: { q: QuestionView; eventId: number; csrfToken: string }) {
  const { q } = props;
  const base = `/events/${props.eventId}/questions/${q.id}`;
  const bodyId = `question-${q.id}-body`;
  return (
    <li id={`question-${q.id}`}>
      <p class="pre-wrap" id={bodyId}>
        {q.body}
      </p>
      <p class="meta">
        Asked by {q.authorName} · <DateText date={q.createdAt} />
        {q.votes > 0 ? ` · ${plural(q.votes, 'other member wants', 'other members want')} to ask this too` : null}
      </p>
      {q.canSecond || q.canRemove ? (
        <ul class="actions">
          {q.canSecond ? (
            <li>
              <form method="post" action={`${base}/second`} class="inline-form">
                <CsrfField token={props.csrfToken} />
                <input type="hidden" name="on" value={q.votedByReader ? 'no' : 'yes'} />
                <button
                  type="submit"
                  class="secondary"
                  aria-pressed={q.votedByReader ? 'true' : 'false'}
                  aria-describedby={bodyId}
                >
                  I want to ask this too
                </button>
              </form>
            </li>
          ) : null}
          {q.canRemove ? (
            <li>
              <form method="post" action={`${base}/remove`} class="inline-form">
                <CsrfField token={props.csrfToken} />
                <button type="submit" class="secondary" aria-describedby={bodyId}>
                  {q.mine ? 'Delete my question' : 'Remove this question'}
                </button>
              </form>
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}

/**
 * "Before: questions for the speakers": what members want asked, most wanted first, grouped by session; the form
 * while questions are open. Plain text only, escaped like every other value.
 */
export function QuestionsBox(props: QuestionsProps) {
  const groups = [
    { key: 'event', title: 'For the whole event', items: props.questions.filter((q) => q.sessionId === null) },
    ...props.sessions.map((s) => ({
      key: `session-${s.id}`,
      title: `For the session “${s.title}”`,
      items: props.questions.filter((q) => q.sessionId === s.id),
    })),
  ].filter((g) => g.items.length > 0);
  const grouped = props.sessions.length > 0;
  const action = `/events/${props.eventId}/questions`;
  return (
    <section aria-labelledby="questions" class="questions">
      <h2 id="questions">Before: questions for the speakers</h2>
      <p>
        {props.open
          ? 'Ask the speakers something before the event, or say you want to ask a question too: the most wanted come first. Asking closes when the event starts.'
          : props.cancelled
            ? 'This event is cancelled: it takes no more questions.'
            : 'Asking closed when the event started. Ask in the discussion thread instead.'}
      </p>
      {groups.length === 0 ? <p class="empty">No questions yet.</p> : null}
      {groups.map((g) =>
        grouped ? (
          <>
            <h3 id={`questions-${g.key}`}>{g.title}</h3>
            <ol class="article-list">
              {g.items.map((q) => (
                <Question q={q} eventId={props.eventId} csrfToken={props.csrfToken} />
              ))}
            </ol>
          </>
        ) : (
          <ol class="article-list">
            {g.items.map((q) => (
              <Question q={q} eventId={props.eventId} csrfToken={props.csrfToken} />
            ))}
          </ol>
        ),
      )}
      {!props.open ? null : props.canAsk === undefined ? (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(`/events/${props.eventId}#questions`)}`}>Sign in</a> to ask the
          speakers a question.
        </p>
      ) : props.canAsk ? (
        <form method="post" action={action} aria-labelledby="ask-question">
          <h3 id="ask-question">Ask a question</h3>
          <CsrfField token={props.csrfToken} />
          <ErrorSummary errors={props.form?.errors} ids={{ body: 'q-body', sessionId: 'q-sessionId' }} />
          {props.sessions.length ? (
            <Select
              name="sessionId"
              id="q-sessionId"
              label="Who is it for?"
              blank="The whole event"
              options={props.sessions.map((s) => ({ value: String(s.id), label: `Session: ${s.title}` }))}
              values={props.form?.values}
              errors={props.form?.errors}
            />
          ) : null}
          <TextArea
            name="body"
            id="q-body"
            label="Your question for the speakers"
            hint="Plain text. Your name is shown with it; you can delete it later."
            rows={3}
            maxLength={EVENT_LIMITS.question}
            values={props.form?.values}
            errors={props.form?.errors}
            required
          />
          <div class="form-actions">
            <button type="submit">Send question</button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

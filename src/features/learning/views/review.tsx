import { CsrfField, Notice } from '../../../platform/ui/components';
import { longDay } from '../learning.models';
import type { ReviewCard } from '../learning.review.repository';

export const REVIEW_URL = '/learning/review';

export interface ReviewPageProps {
  deck: { total: number; due: number; card: ReviewCard | undefined; nextDue: Date | null };
  /** Whether the due card's answer is shown (after "Show answer", a plain link: no script needed). */
  showAnswer: boolean;
  csrfToken: string;
  notice?: string | undefined;
  /** Whether the member's email digest carries "N cards due for review". */
  reminder?: boolean;
}

const RATING_BUTTONS = [
  ['again', 'Again'],
  ['hard', 'Hard'],
  ['good', 'Good'],
  ['easy', 'Easy'],
] as const;

/** The member's review deck: due cards one at a time, the answer on request, then how well they remembered it. */
export function ReviewPageView({ deck, showAnswer, csrfToken, notice, reminder = false }: ReviewPageProps) {
  const card = deck.card;
  return (
    <div class="page narrow">
      <h1>Review deck</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p data-testid="due-count">
        {deck.due === 1 ? '1 card due' : `${deck.due} cards due`} now, of {deck.total} in your deck.
      </p>
      {card ? (
        <section aria-labelledby="card-front" class="panel">
          <h2 id="card-front">{card.front}</h2>
          {showAnswer ? (
            <>
              <h3>Answer</h3>
              <div data-testid="card-back">
                {card.back.split('\n\n').map((p) => (
                  <p>{p}</p>
                ))}
              </div>
              <form method="post" action={`${REVIEW_URL}/${card.id}`} class="inline-form">
                <CsrfField token={csrfToken} />
                <fieldset>
                  <legend>How well did you remember it?</legend>
                  {RATING_BUTTONS.map(([value, label]) => (
                    <button type="submit" name="rating" value={value}>
                      {label}
                    </button>
                  ))}
                </fieldset>
              </form>
            </>
          ) : (
            <form method="get" action={REVIEW_URL}>
              <input type="hidden" name="show" value={String(card.id)} />
              <button type="submit">Show answer</button>
            </form>
          )}
        </section>
      ) : deck.total === 0 ? (
        <p>Your deck is empty. Pass a lesson's quiz to add its questions, or add the glossary's terms.</p>
      ) : (
        <p data-testid="nothing-due">
          Nothing due — next card on{' '}
          {deck.nextDue ? <time datetime={deck.nextDue.toISOString()}>{longDay(deck.nextDue)}</time> : 'no date'}.
        </p>
      )}
      <form method="post" action={`${REVIEW_URL}/glossary`} class="inline-form">
        <CsrfField token={csrfToken} />
        <button type="submit">Add glossary terms to my deck</button>
      </form>
      <section aria-labelledby="reminder" class="panel">
        <h2 id="reminder">Reminder in your email digest</h2>
        <form method="post" action={`${REVIEW_URL}/reminder`}>
          <CsrfField token={csrfToken} />
          <div class="checkbox">
            <input type="checkbox" id="f-reminder" name="reminder" value="on" checked={reminder} />
            <label for="f-reminder">Say in my email digest how many cards are due for review</label>
          </div>
          <p class="hint">
            Off unless you turn it on. The digest goes out at the hour and frequency in your notification settings.
          </p>
          <button type="submit">Save reminder setting</button>
        </form>
      </section>
    </div>
  );
}

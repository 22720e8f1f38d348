import { type Card, createEmptyCard, fsrs, type Grade, Rating } from 'ts-fsrs';
import type { Question } from './learning.models';

/** The four answers a reviewer gives, as the form sends them. */
export const RATINGS = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy } as const;
export type RatingName = keyof typeof RATINGS;
export const isRatingName = (v: unknown): v is RatingName => typeof v === 'string' && Object.hasOwn(RATINGS, v);

/** FSRS with its default parameters; no fuzz, so the same answers on the same days give the same schedule. */
const scheduler = fsrs({ enable_fuzz: false });

/** A card's FSRS state as stored (JSON: dates as ISO strings). */
export type StoredSchedule = Record<string, unknown>;

const toStored = (card: Card): StoredSchedule => ({
  ...card,
  due: card.due.toISOString(),
  last_review: card.last_review?.toISOString() ?? null,
});

function fromStored(s: StoredSchedule): Card {
  const card = { ...s } as unknown as Card & { last_review?: unknown };
  card.due = new Date(String(s.due));
  if (typeof s.last_review === 'string') card.last_review = new Date(s.last_review);
  else delete card.last_review;
  return card;
}

/** A new card, due now. */
export function newSchedule(now: Date): { schedule: StoredSchedule; due: Date } {
  const card = createEmptyCard(now);
  return { schedule: toStored(card), due: card.due };
}

/** The next state of a card rated at `now` (the injected clock, never the wall clock). */
export function rate(stored: StoredSchedule, rating: RatingName, now: Date): { schedule: StoredSchedule; due: Date } {
  const { card } = scheduler.next(fromStored(stored), now, RATINGS[rating] as Grade);
  return { schedule: toStored(card), due: card.due };
}

/** The back of a quiz question's card: the right answer in words, then why. */
export function answerOf(q: Question): string {
  const texts = (ids: string[]) =>
    q.kind === 'single' || q.kind === 'multiple' ? q.options.filter((o) => ids.includes(o.id)).map((o) => o.text) : [];
  const answer =
    q.kind === 'single'
      ? texts([q.correct]).join('')
      : q.kind === 'multiple'
        ? texts(q.correct).join('; ')
        : q.kind === 'short'
          ? (q.accepted[0] ?? '')
          : q.steps.map((s, i) => `${i + 1}. ${s.text}`).join(' ');
  return `${answer}\n\n${q.explanation}`.trim();
}

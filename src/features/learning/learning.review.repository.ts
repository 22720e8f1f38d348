import { and, asc, count, eq, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import type { Lesson } from './learning.models';
import { answerOf, newSchedule, type StoredSchedule } from './learning.review';
import { learningReviewCards } from './learning.table';

export interface ReviewCard {
  id: number;
  userId: number;
  source: string;
  front: string;
  back: string;
  schedule: StoredSchedule;
  due: Date;
}

const columns = {
  id: learningReviewCards.id,
  userId: learningReviewCards.userId,
  source: learningReviewCards.source,
  front: learningReviewCards.front,
  back: learningReviewCards.back,
  schedule: learningReviewCards.schedule,
  due: learningReviewCards.due,
};

export interface NewCard {
  source: string;
  front: string;
  back: string;
  schedule: StoredSchedule;
  due: Date;
}

/** Add cards to a member's deck; a card already there (same source) is left as it is. Returns how many were new. */
export async function addCards(tx: DbOrTx, userId: number, cards: NewCard[], now: Date): Promise<number> {
  if (cards.length === 0) return 0;
  const rows = await tx
    .insert(learningReviewCards)
    .values(cards.map((c) => ({ ...c, userId, createdAt: now })))
    .onConflictDoNothing({ target: [learningReviewCards.userId, learningReviewCards.source] })
    .returning({ id: learningReviewCards.id });
  return rows.length;
}

export async function findCard(db: DbOrTx, id: number): Promise<ReviewCard | undefined> {
  const [row] = await db.select(columns).from(learningReviewCards).where(eq(learningReviewCards.id, id));
  return row;
}

/**
 * The member's deck at `now`: how many cards are due, the one due longest, and when the next later one is. The three
 * figures come from one pass over the member's `(user_id, due)` index entries, the card from a second query that
 * stops at the first entry (bench/learning.ts: a deck of 2,000 cards among 5,000 members).
 */
export async function deckOf(
  db: DbOrTx,
  userId: number,
  now: Date,
): Promise<{ total: number; due: number; card: ReviewCard | undefined; nextDue: Date | null }> {
  const mine = eq(learningReviewCards.userId, userId);
  const at = sql`${now.toISOString()}::timestamptz`;
  const [[figures], [card]] = await Promise.all([
    db
      .select({
        total: count(),
        due: sql<number>`count(*) filter (where ${learningReviewCards.due} <= ${at})`.mapWith(Number),
        nextDue:
          sql<Date | null>`min(${learningReviewCards.due}) filter (where ${learningReviewCards.due} > ${at})`.mapWith(
            learningReviewCards.due,
          ),
      })
      .from(learningReviewCards)
      .where(mine),
    db
      .select(columns)
      .from(learningReviewCards)
      .where(and(mine, lte(learningReviewCards.due, now)))
      .orderBy(asc(learningReviewCards.due), asc(learningReviewCards.id))
      .limit(1),
  ]);
  return { total: figures?.total ?? 0, due: figures?.due ?? 0, card, nextDue: figures?.nextDue ?? null };
}

export async function saveSchedule(tx: DbOrTx, id: number, schedule: StoredSchedule, due: Date): Promise<void> {
  await tx.update(learningReviewCards).set({ schedule, due }).where(eq(learningReviewCards.id, id));
}

export async function cardsOf(db: DbOrTx, userId: number) {
  return db
    .select({ source: learningReviewCards.source, front: learningReviewCards.front, due: learningReviewCards.due })
    .from(learningReviewCards)
    .where(eq(learningReviewCards.userId, userId));
}

export async function deleteCardsOf(tx: DbOrTx, userId: number): Promise<void> {
  await tx.delete(learningReviewCards).where(eq(learningReviewCards.userId, userId));
}

/**
 * Put a passed lesson's quiz questions into the member's deck, one card per question (called inside the
 * transaction that records the pass; a card already there keeps its schedule).
 */
export async function addLessonCards(tx: DbOrTx, userId: number, lesson: Lesson, now: Date): Promise<number> {
  const fresh = newSchedule(now);
  return addCards(
    tx,
    userId,
    lesson.quiz.map((q) => ({ source: `quiz:${lesson.id}/${q.id}`, front: q.prompt, back: answerOf(q), ...fresh })),
    now,
  );
}

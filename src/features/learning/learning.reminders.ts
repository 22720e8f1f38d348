import { and, count, eq, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import type { DigestNoteSource } from '../notifications';
import { learningReviewCards, learningReviewReminders } from './learning.table';

/** Whether the member asked for "N cards due for review" in their digest (off unless they did). */
export async function reminderOn(db: DbOrTx, userId: number): Promise<boolean> {
  const rows = await db
    .select({ userId: learningReviewReminders.userId })
    .from(learningReviewReminders)
    .where(eq(learningReviewReminders.userId, userId));
  return rows.length > 0;
}

export async function setReminder(db: DbOrTx, userId: number, on: boolean, now: Date): Promise<void> {
  if (on) await db.insert(learningReviewReminders).values({ userId, createdAt: now }).onConflictDoNothing();
  else await db.delete(learningReviewReminders).where(eq(learningReviewReminders.userId, userId));
}

export async function deleteReminderOf(db: DbOrTx, userId: number): Promise<void> {
  await setReminder(db, userId, false, new Date(0));
}

async function dueCount(db: DbOrTx, userId: number, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(learningReviewCards)
    .where(and(eq(learningReviewCards.userId, userId), lte(learningReviewCards.due, now)));
  return row?.n ?? 0;
}

/** The digest's review reminder: members who asked for it and have cards due; one line each. */
export const reviewReminderNotes: DigestNoteSource = {
  async recipients(db, now) {
    const rows = await db
      .select({ userId: learningReviewReminders.userId })
      .from(learningReviewReminders)
      .where(
        sql`exists (select 1 from ${learningReviewCards} c where c.user_id = ${learningReviewReminders.userId} and c.due <= ${now.toISOString()})`,
      );
    return rows.map((r) => r.userId);
  },
  async notesFor(db, userId, now) {
    if (!(await reminderOn(db, userId))) return [];
    const due = await dueCount(db, userId, now);
    if (due === 0) return [];
    return [
      {
        section: 'Learning',
        title: due === 1 ? '1 card due for review' : `${due} cards due for review`,
        excerpt: 'Your review deck: a few minutes brings them back. Turn this reminder off on the review page.',
        url: '/learning/review',
      },
    ];
  },
};

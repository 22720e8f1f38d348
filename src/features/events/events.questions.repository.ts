import { and, desc, eq, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { DbOrTx } from '../../platform/db/database';
import { eventQuestions, eventQuestionVotes } from './events.questions.table';

/** A question for the speakers, as its event's page shows it. */
export interface EventQuestion {
  id: number;
  eventId: number;
  /** null: for the whole event. */
  sessionId: number | null;
  /** null: the author's account is gone. */
  userId: number | null;
  authorName: string;
  body: string;
  createdAt: Date;
  /** Members who want to ask it too (the author not counted). */
  votes: number;
  /** Whether the reader is one of them. */
  votedByReader: boolean;
}

/** An event's questions, most wanted first, then newest first (bounded by EVENT_LIMITS.questionsPerEvent). */
export async function questionsOf(db: DbOrTx, eventId: number, readerId: number | null): Promise<EventQuestion[]> {
  const votes = sql<number>`(select count(*)::int from ${eventQuestionVotes} where ${eventQuestionVotes.questionId} = ${eventQuestions.id})`;
  const mine =
    readerId === null
      ? sql<boolean>`false`
      : sql<boolean>`exists (select 1 from ${eventQuestionVotes} where ${eventQuestionVotes.questionId} = ${eventQuestions.id} and ${eventQuestionVotes.userId} = ${readerId})`;
  const rows = await db
    .select({
      id: eventQuestions.id,
      eventId: eventQuestions.eventId,
      sessionId: eventQuestions.sessionId,
      userId: eventQuestions.userId,
      authorName: sql<string>`coalesce(${users.displayName}, 'Former member')`,
      body: eventQuestions.body,
      createdAt: eventQuestions.createdAt,
      votes,
      votedByReader: mine,
    })
    .from(eventQuestions)
    .leftJoin(users, eq(users.id, eventQuestions.userId))
    .where(eq(eventQuestions.eventId, eventId))
    .orderBy(desc(votes), desc(eventQuestions.createdAt), desc(eventQuestions.id));
  return rows.map((r) => ({ ...r, votes: Number(r.votes), votedByReader: Boolean(r.votedByReader) }));
}

export async function findQuestion(db: DbOrTx, eventId: number, questionId: number) {
  const rows = await db
    .select()
    .from(eventQuestions)
    .where(and(eq(eventQuestions.eventId, eventId), eq(eventQuestions.id, questionId)))
    .limit(1);
  return rows[0];
}

export async function countQuestions(db: DbOrTx, eventId: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(eventQuestions)
    .where(eq(eventQuestions.eventId, eventId));
  return Number(rows[0]?.n ?? 0);
}

export async function insertQuestion(
  db: DbOrTx,
  values: { eventId: number; sessionId: number | null; userId: number; body: string; createdAt: Date },
): Promise<number> {
  const rows = await db.insert(eventQuestions).values(values).returning({ id: eventQuestions.id });
  return rows[0]!.id;
}

export async function deleteQuestion(db: DbOrTx, questionId: number): Promise<void> {
  await db.delete(eventQuestions).where(eq(eventQuestions.id, questionId));
}

/** "I want to ask this too" on or off; returns whether anything changed. */
export async function setVote(
  db: DbOrTx,
  values: { questionId: number; userId: number; on: boolean; now: Date },
): Promise<boolean> {
  if (values.on) {
    const rows = await db
      .insert(eventQuestionVotes)
      .values({ questionId: values.questionId, userId: values.userId, createdAt: values.now })
      .onConflictDoNothing()
      .returning({ questionId: eventQuestionVotes.questionId });
    return rows.length > 0;
  }
  const rows = await db
    .delete(eventQuestionVotes)
    .where(and(eq(eventQuestionVotes.questionId, values.questionId), eq(eventQuestionVotes.userId, values.userId)))
    .returning({ questionId: eventQuestionVotes.questionId });
  return rows.length > 0;
}

/** What a person asked and seconded, for "download my data". */
export async function personalQuestionRows(db: DbOrTx, userId: number) {
  const [asked, seconded] = await Promise.all([
    db
      .select({ eventId: eventQuestions.eventId, body: eventQuestions.body, createdAt: eventQuestions.createdAt })
      .from(eventQuestions)
      .where(eq(eventQuestions.userId, userId)),
    db
      .select({ eventId: eventQuestions.eventId, body: eventQuestions.body, createdAt: eventQuestionVotes.createdAt })
      .from(eventQuestionVotes)
      .innerJoin(eventQuestions, eq(eventQuestions.id, eventQuestionVotes.questionId))
      .where(eq(eventQuestionVotes.userId, userId)),
  ]);
  return { asked, seconded };
}

/** Seconding is private to the member: it goes with the account (their questions stay, as a former member's). */
export async function deleteVotesOf(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(eventQuestionVotes).where(eq(eventQuestionVotes.userId, userId));
}
